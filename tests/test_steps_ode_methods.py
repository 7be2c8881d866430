"""Bernoulli, exact (and made exact), homogeneous, Cauchy–Euler, variation of parameters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sympy

from calctutor.notation import to_unicode
from calctutor.steps.model import Solution, Step
from calctutor.steps.ode import ode_solution
from calctutor.steps.ode_domain import interval_prose, positive_set

x = sympy.Symbol("x")
y = sympy.Function("y")
Y = y(x)
C1, C2 = sympy.symbols("C1 C2")


def d(n: int = 1) -> sympy.Expr:
    """The n-th derivative of y(x)."""
    return sympy.Derivative(Y, (x, n))


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step of a tree, depth first."""
    for s in steps:
        yield s
        yield from walk(s.substeps)


def rules(sol: Solution) -> list[str]:
    """Every rule name shown."""
    return [s.rule for s in walk(sol.steps)]


def text(sol: Solution) -> str:
    """Every sentence of the tree, as the terminal shows it."""
    return " ".join(to_unicode(s.text) for s in walk(sol.steps))


def test_bernoulli_sets_aside_y_zero_and_is_verified() -> None:
    sol = ode_solution(sympy.Eq(d() + Y / x, Y**2), Y, x)
    assert sol.complete, sol.note
    assert rules(sol)[:4] == [
        "Bernoulli equation",
        "substitution v = y^(1−n)",
        "linear equation in v",
        "integrating factor",
    ]
    assert "y = 0 is a solution" in text(sol)
    assert sympy.checkodesol(d() + Y / x - Y**2, sympy.Eq(Y, sol.result), Y)[0]
    assert "dsolve" not in rules(sol)


def test_exact_equation_ends_in_an_implicit_form() -> None:
    sol = ode_solution(sympy.Eq((2 * x * Y + Y**2) + (x**2 + 2 * x * Y) * d(), 0), Y, x)
    assert sol.complete, sol.note
    assert isinstance(sol.result, sympy.Eq) and sol.result.rhs == C1
    assert sympy.expand(sol.result.lhs - (x**2 * Y + x * Y**2)) == 0
    assert rules(sol)[:3] == ["exact equation", "potential function", "implicit solution"]


def test_exact_with_an_initial_condition_fixes_the_level() -> None:
    equation = sympy.Eq((2 * x * Y + Y**2) + (x**2 + 2 * x * Y) * d(), 0)
    sol = ode_solution(equation, Y, x, {y(1): 1})
    assert sol.complete and sol.result.rhs == 2


@pytest.mark.parametrize(
    ("equation", "factor"),
    [
        ((3 * x**2 * Y + 2 * x * Y + Y**3) + (x**2 + Y**2) * d(), "μ(x)"),
        (Y + (2 * x - Y * sympy.exp(Y)) * d(), "μ(y)"),
    ],
)
def test_made_exact_by_an_integrating_factor(equation: sympy.Expr, factor: str) -> None:
    sol = ode_solution(sympy.Eq(equation, 0), Y, x)
    assert sol.complete, sol.note
    assert sol.steps[0].rule == "integrating factor" and factor in to_unicode(sol.steps[0].text)
    assert "depends on" in to_unicode(sol.steps[0].text)


def test_homogeneous_substitutes_v_and_keeps_both_branches() -> None:
    sol = ode_solution(sympy.Eq(d(), (x**2 + Y**2) / (x * Y)), Y, x)
    assert sol.complete, sol.note
    assert rules(sol)[:2] == ["homogeneous equation", "substitution y = v x"]
    assert "other branches" in text(sol)


@pytest.mark.parametrize(
    ("equation", "case", "expected"),
    [
        (x**2 * d(2) - 2 * x * d() + 2 * Y, "distinct real roots", C1 * x + C2 * x**2),
        (x**2 * d(2) - 3 * x * d() + 4 * Y, "repeated root", (C1 + C2 * sympy.log(x)) * x**2),
        (
            x**2 * d(2) + x * d() + Y,
            "complex roots",
            C1 * sympy.cos(sympy.log(x)) + C2 * sympy.sin(sympy.log(x)),
        ),
    ],
)
def test_cauchy_euler_in_all_three_cases(equation: sympy.Expr, case: str, expected: object) -> None:
    sol = ode_solution(sympy.Eq(equation, 0), Y, x)
    assert sol.complete, sol.note
    assert rules(sol)[:2] == ["indicial equation", case]
    assert sympy.simplify(sol.result - expected) == 0
    assert "x > 0" in text(sol)


@pytest.mark.parametrize(
    "equation",
    [
        d(2) + Y - sympy.sec(x),
        d(2) + Y - sympy.tan(x),
        d(2) - 2 * d() + Y - sympy.exp(x) / x,
        x**2 * d(2) - 2 * x * d() + 2 * Y - x**3,
    ],
)
def test_variation_of_parameters_where_no_trial_form_fits(equation: sympy.Expr) -> None:
    sol = ode_solution(sympy.Eq(equation, 0), Y, x)
    assert sol.complete, sol.note
    assert "variation of parameters" in rules(sol) and "Wronskian" in rules(sol)
    assert not sol.result.has(sympy.I)


def test_the_integrating_factor_states_its_true_domain() -> None:
    sol = ode_solution(sympy.Eq((2 * x * Y + 3) + (x**2 - 1) * d(), 0), Y, x)
    (factor,) = [s for s in walk(sol.steps) if s.rule == "integrating factor"]
    sentence = to_unicode(factor.text)
    assert "x < −1 or x > 1" in sentence
    assert "e.g. x > 0" not in sentence


@pytest.mark.parametrize(
    "u", [x**2 - 1, x - 2, 1 - x**2, x**2 + 1, (x - 1) * (x - 3) * (x + 2), sympy.exp(x) - 1]
)
def test_the_stated_region_is_where_the_argument_is_positive(u: sympy.Expr) -> None:
    region = positive_set(u, x)
    sentence = to_unicode(interval_prose(region, x))
    for k in range(-40, 41):
        point = sympy.Rational(k, 8)
        inside = region.contains(point) is sympy.true
        assert inside == bool(u.subs(x, point) > 0), (u, point, sentence)


def test_solve_json_writes_an_implicit_answer_whole() -> None:
    import json

    from typer.testing import CliRunner

    from calctutor.cli.app import app

    out = CliRunner().invoke(app, ["solve", "(2x y + y^2) + (x^2 + 2x y) y' = 0", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["result"] == "x**2*y(x) + x*y(x)**2 = C1"
