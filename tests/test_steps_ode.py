"""Tests for the worked ODE solutions: one per rule, initial conditions, verification, fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from calctutor.steps import ode as ode_module
from calctutor.steps.model import Solution, Step
from calctutor.steps.ode import ode_solution
from calctutor.steps.ode_form import Worked

x = sympy.Symbol("x")
y = sympy.Function("y")
Y = y(x)
C1, C2, C3, C4 = sympy.symbols("C1 C2 C3 C4")


def d(n: int = 1) -> sympy.Expr:
    """The n-th derivative of y(x)."""
    return sympy.Derivative(Y, (x, n))


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step of a tree, depth first."""
    for s in steps:
        yield s
        yield from walk(s.substeps)


def rules(sol: Solution) -> list[str]:
    """All rule names shown in a solution."""
    return [s.rule for s in walk(sol.steps)]


def text(sol: Solution) -> str:
    """All step texts of a solution, joined."""
    return "\n".join(s.sentence for s in walk(sol.steps))


def solves(equation: Any, result: sympy.Expr) -> bool:
    """Independent check: y = result satisfies the equation."""
    return sympy.checkodesol(equation, sympy.Eq(Y, result), Y)[0] is True


def n_constants(result: sympy.Expr) -> int:
    """How many of C1..C4 occur in result."""
    return len(result.free_symbols & {C1, C2, C3, C4})


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Symbolic equality of two closed forms."""
    return bool(sympy.simplify(a - b) == 0)


def test_separable_fires_and_names_the_lost_equilibrium() -> None:
    eq = sympy.Eq(d(), x * Y**2)
    sol = ode_solution(eq, Y, x)
    assert sol.kind == "ode" and sol.complete
    assert rules(sol)[:3] == ["separation of variables", "integrate both sides", "solve for y"]
    assert "y = 0" in text(sol)
    assert solves(eq, sol.result) and n_constants(sol.result) == 1


def test_separable_logarithm_absorbs_the_constant() -> None:
    eq = sympy.Eq(d(), Y * (1 - Y))
    sol = ode_solution(eq, Y, x)
    assert sol.complete and "separation of variables" in rules(sol)
    assert solves(eq, sol.result) and n_constants(sol.result) == 1
    assert not sol.result.has(sympy.log)


def test_exponential_growth() -> None:
    eq = sympy.Eq(d(), 2 * Y)
    sol = ode_solution(eq, Y, x)
    assert rules(sol)[0] == "exponential growth"
    assert same(sol.result, C1 * sympy.exp(2 * x))
    assert solves(eq, sol.result)


def test_exponential_decay_says_decay() -> None:
    sol = ode_solution(sympy.Eq(d(), -3 * Y), Y, x, {y(0): 5})
    assert "decay" in text(sol)
    assert same(sol.result, 5 * sympy.exp(-3 * x))


def test_first_order_linear_names_the_integrating_factor() -> None:
    eq = sympy.Eq(d() + Y / x, x**2)
    sol = ode_solution(eq, Y, x)
    assert sol.complete
    factor = next(s for s in walk(sol.steps) if s.rule == "integrating factor")
    assert factor.after == x
    assert "x > 0" in factor.text
    assert "product rule in reverse" in rules(sol)
    assert same(sol.result, x**3 / 4 + C1 / x)
    assert solves(eq, sol.result)


def test_first_order_linear_with_initial_condition() -> None:
    eq = sympy.Eq(d() + 2 * Y, sympy.exp(x))
    sol = ode_solution(eq, Y, x, {y(0): 1})
    assert sol.complete and "integrating factor" in rules(sol)
    assert same(sol.result, sympy.exp(x) / 3 + 2 * sympy.exp(-2 * x) / 3)


@pytest.mark.parametrize(
    ("rhs", "order"),
    [(sympy.cos(x), 1), (x, 2), (sympy.exp(2 * x), 3)],
)
def test_direct_integration(rhs: sympy.Expr, order: int) -> None:
    eq = sympy.Eq(d(order), rhs)
    sol = ode_solution(eq, Y, x)
    assert rules(sol).count("direct integration") == order
    assert solves(eq, sol.result) and n_constants(sol.result) == order


def test_distinct_real_roots() -> None:
    eq = sympy.Eq(d(2) - d() - 2 * Y, 0)
    sol = ode_solution(eq, Y, x)
    assert rules(sol)[:3] == ["characteristic equation", "quadratic formula", "distinct real roots"]
    assert "r² − r − 2 = 0" in text(sol)
    assert "r = −1" in text(sol) and "r = 2" in text(sol)
    assert same(sol.result, C1 * sympy.exp(-x) + C2 * sympy.exp(2 * x))


def test_repeated_root() -> None:
    eq = sympy.Eq(d(2) - 2 * d() + Y, 0)
    sol = ode_solution(eq, Y, x)
    assert "repeated root" in rules(sol)
    assert "double root" in text(sol)
    assert same(sol.result, (C1 + C2 * x) * sympy.exp(x))
    assert solves(eq, sol.result)


def test_complex_roots() -> None:
    eq = sympy.Eq(d(2) + 2 * d() + 5 * Y, 0)
    sol = ode_solution(eq, Y, x)
    assert "complex roots" in rules(sol)
    assert "−1 ± 2i" in text(sol)
    expected = sympy.exp(-x) * (C1 * sympy.cos(2 * x) + C2 * sympy.sin(2 * x))
    assert same(sol.result, expected)


def test_higher_order_constant_coefficients() -> None:
    eq = sympy.Eq(d(4) + 2 * d(2) + Y, 0)
    sol = ode_solution(eq, Y, x)
    assert sol.complete and "characteristic roots" in rules(sol)
    assert solves(eq, sol.result) and n_constants(sol.result) == 4


def test_initial_conditions_give_cosine() -> None:
    eq = sympy.Eq(d(2) + Y, 0)
    ics = {y(0): 1, sympy.Subs(d(), x, 0): 0}
    sol = ode_solution(eq, Y, x, ics)
    assert sol.complete
    assert same(sol.result, sympy.cos(x))
    ic = next(s for s in sol.steps if s.rule == "initial conditions")
    assert [s.rule for s in ic.substeps] == [
        "differentiate",
        "substitute",
        "substitute",
        "solve for the constants",
        "particular solution",
    ]
    assert "C1 = 1" in ic.text + text(sol) and "C2 = 0" in text(sol)


def test_initial_conditions_from_diff_subs() -> None:
    """The key y'(0) written as y(x).diff(x).subs(x, 0) works as well."""
    eq = sympy.Eq(d(2) + 4 * Y, 0)
    sol = ode_solution(eq, Y, x, {y(0): 0, Y.diff(x).subs(x, 0): 2})
    assert same(sol.result, sympy.sin(2 * x))


def test_one_condition_leaves_one_constant() -> None:
    sol = ode_solution(sympy.Eq(d(2) + Y, 0), Y, x, {y(0): 3})
    assert sol.complete and n_constants(sol.result) == 1
    assert sol.result.subs(x, 0) == 3


@pytest.mark.parametrize(("value", "sign"), [(2, 1), (-2, -1)])
def test_separable_initial_condition_picks_the_branch(value: int, sign: int) -> None:
    sol = ode_solution(sympy.Eq(d(), x / Y), Y, x, {y(0): value})
    assert sol.complete
    assert same(sol.result, sign * sympy.sqrt(x**2 + 4))


def test_initial_condition_on_the_equilibrium() -> None:
    sol = ode_solution(sympy.Eq(d(), x * Y**2), Y, x, {y(0): 0})
    assert sol.complete and sol.result == 0
    assert "constant solution" in text(sol)


def test_resonance_multiplies_by_x() -> None:
    eq = sympy.Eq(d(2) + Y, sympy.sin(x))
    sol = ode_solution(eq, Y, x)
    assert sol.complete
    names = rules(sol)
    for rule in ("undetermined coefficients", "trial solution", "resonance", "superposition"):
        assert rule in names
    assert "multiplicity 1" in text(sol)
    assert same(sol.result, C1 * sympy.cos(x) + C2 * sympy.sin(x) - x * sympy.cos(x) / 2)


def test_double_resonance_multiplies_by_x_squared() -> None:
    eq = sympy.Eq(d(2) - 2 * d() + Y, sympy.exp(x))
    sol = ode_solution(eq, Y, x)
    assert "x^2" in text(sol)
    assert solves(eq, sol.result)


@pytest.mark.parametrize(
    "forcing",
    [
        3 * x**2 + 1,
        sympy.exp(3 * x),
        sympy.cos(2 * x),
        x * sympy.exp(-x) + sympy.sin(x),
        sympy.exp(x) * sympy.sin(2 * x),
        sympy.sinh(x),
        sympy.sin(x) ** 2,
    ],
)
def test_undetermined_coefficients(forcing: sympy.Expr) -> None:
    eq = sympy.Eq(d(2) + 3 * d() + 2 * Y, forcing)
    sol = ode_solution(eq, Y, x)
    assert sol.complete, sol.note
    assert "undetermined coefficients" in rules(sol)
    assert solves(eq, sol.result) and n_constants(sol.result) == 2


@pytest.mark.parametrize(
    "eq",
    [
        sympy.Eq(d(), x * Y),
        sympy.Eq(d(), 3 - 2 * Y),
        sympy.Eq(d(2), x),
        sympy.Eq(d(2) + 9 * Y, x),
        sympy.Eq(d(3) - Y, 0),
        sympy.Eq(d(4) + 2 * d(2) + Y, 0),
    ],
)
def test_general_solution_has_as_many_constants_as_the_order(eq: sympy.Eq) -> None:
    sol = ode_solution(eq, Y, x)
    order = max(len(v.variables) for v in eq.atoms(sympy.Derivative))
    assert sol.complete
    assert n_constants(sol.result) == order
    assert solves(eq, sol.result)


def test_non_elementary_integral_is_kept_and_anchored_at_the_condition() -> None:
    eq = sympy.Eq(d() + sympy.tan(x) * Y, x)
    general = ode_solution(eq, Y, x)
    assert general.complete and general.result.has(sympy.Integral)
    assert "no elementary antiderivative" in general.note
    particular = ode_solution(eq, Y, x, {y(0): 1})
    assert particular.complete
    (integral,) = particular.result.atoms(sympy.Integral)
    assert integral.limits[0][1:] == (0, x)


def test_logistic_initial_condition_is_tidied() -> None:
    sol = ode_solution(sympy.Eq(d(), Y * (1 - Y)), Y, x, {y(0): sympy.Rational(1, 2)})
    assert sol.complete
    assert same(sol.result, 1 / (1 + sympy.exp(-x)))
    assert sympy.count_ops(sol.result) <= sympy.count_ops(sympy.exp(x) / (sympy.exp(x) + 1))


def test_trig_power_forcing_is_rewritten_first() -> None:
    sol = ode_solution(sympy.Eq(d(2) + Y, sympy.sin(x) ** 2), Y, x)
    assert sol.complete and "rewrite the forcing" in rules(sol)
    assert "cos(2x)" in text(sol)


def test_fallback_to_dsolve_is_marked_incomplete() -> None:
    eq = sympy.Eq(x**2 * d(2) + x * d() + (x**2 - 1) * Y, 0)  # Bessel: no textbook rule
    sol = ode_solution(eq, Y, x)
    assert not sol.complete
    assert "dsolve" in sol.note and rules(sol) == ["dsolve"]
    assert solves(eq, sol.result)


def test_failed_verification_marks_incomplete(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = Worked((Step("made up", "not a solution"),), C1 * sympy.exp(x), (C1,))
    monkeypatch.setattr(ode_module, "_textbook", lambda ode: wrong)
    sol = ode_solution(sympy.Eq(d(), 2 * Y), Y, x)
    assert not sol.complete
    assert "checkodesol" in sol.note
    assert "check" not in rules(sol)


def test_verified_solution_ends_with_a_check_step() -> None:
    sol = ode_solution(sympy.Eq(d(2) + Y, 0), Y, x)
    assert sol.steps[-1].rule == "check"


def test_plain_expression_means_equal_to_zero() -> None:
    sol = ode_solution(d(2) + 3 * d(), Y, x)
    assert same(sol.result, C1 * sympy.exp(-3 * x) + C2)


@pytest.mark.parametrize(
    ("equation", "ics"),
    [
        (sympy.Eq(Y, x), None),
        (sympy.Eq(sympy.Derivative(y(2 * x), x), 1), None),
        (sympy.Eq(d(), Y), {sympy.Symbol("a"): 1}),
    ],
)
def test_bad_input_raises_value_error(equation: Any, ics: dict[Any, Any] | None) -> None:
    with pytest.raises(ValueError):
        ode_solution(equation, Y, x, ics)


def test_steps_serialise_to_json() -> None:
    sol = ode_solution(sympy.Eq(d(2) + Y, sympy.sin(x)), Y, x, {y(0): 0, sympy.Subs(d(), x, 0): 0})
    data = json.dumps([s.to_json() for s in sol.steps])
    assert "undetermined coefficients" in data
    assert sol.step_count() >= 10


_FORCING = [sympy.S.Zero, x, sympy.exp(x), sympy.cos(x), x * sympy.exp(-x), sympy.sin(2 * x)]


@settings(max_examples=15, deadline=None)
@given(
    st.integers(-3, 3),
    st.integers(-3, 3),
    st.sampled_from(_FORCING),
)
def test_constant_coefficient_second_order_always_verifies(
    b: int, c: int, forcing: sympy.Expr
) -> None:
    eq = sympy.Eq(d(2) + b * d() + c * Y, forcing)
    sol = ode_solution(eq, Y, x)
    assert sol.complete, sol.note
    assert solves(eq, sol.result) and n_constants(sol.result) == 2
