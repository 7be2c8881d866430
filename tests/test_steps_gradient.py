"""Worked gradients and Hessians: one verified derivative solution per partial."""

from __future__ import annotations

from typing import Any

import pytest
import sympy

from calctutor.steps.gradient import gradient_solution, hessian_solution

x, y, z = sympy.symbols("x y z")
POINTS = [
    {x: sympy.Rational(3, 7), y: sympy.Rational(-5, 3), z: sympy.Rational(2, 5)},
    {x: sympy.Rational(-9, 4), y: sympy.Rational(4, 9), z: sympy.Rational(7, 3)},
    {x: sympy.Rational(11, 5), y: sympy.Rational(13, 6), z: sympy.Rational(-1, 8)},
]


def agree(a: Any, b: Any) -> bool:
    """Whether two expressions agree at every test point."""
    for point in POINTS:
        av = complex(sympy.sympify(a).evalf(25, subs=point))
        bv = complex(sympy.sympify(b).evalf(25, subs=point))
        if abs(av - bv) > 1e-9 * max(1.0, abs(av)):
            return False
    return True


F = x**2 * y + sympy.sin(x * y) + sympy.exp(x * z) / (1 + y**2)


def test_gradient_is_the_tuple_of_partials_in_the_given_order() -> None:
    """∇f in (x, y, z) order, each component equal to diff, one step per partial."""
    sol = gradient_solution(F, (x, y, z))
    assert sol.kind == "gradient"
    assert sol.complete
    assert isinstance(sol.result, tuple)
    assert len(sol.result) == 3
    for component, var in zip(sol.result, (x, y, z), strict=True):
        assert agree(component, sympy.diff(F, var))
    assert [s.rule for s in sol.steps] == ["partial derivative"] * 3
    assert [s.before for s in sol.steps] == [sympy.Derivative(F, v) for v in (x, y, z)]


def test_each_partial_step_holds_the_others_constant_and_carries_its_own_steps() -> None:
    """The partial in y holds x and z constant; the sum rule over all of f is folded into the
    step (it would show the same derivative again), its terms become the sub-steps."""
    sol = gradient_solution(F, (x, y, z))
    step = sol.steps[1]
    assert "Hold x, z constant" in str(step.text)
    assert "sum of the derivatives" in str(step.text)
    assert step.substeps and step.substeps[0].before != step.before
    assert step.after == sympy.Eq(sympy.Symbol("f_y"), sol.result[1])


def test_reordered_variables_reorder_the_gradient() -> None:
    """(y, x) gives (∂f/∂y, ∂f/∂x)."""
    forward = gradient_solution(F, (x, y)).result
    backward = gradient_solution(F, (y, x)).result
    assert backward == (forward[1], forward[0])


def test_a_variable_absent_from_f_has_partial_zero() -> None:
    """f = x^2 in (x, y): ∂f/∂y = 0, one line with no sub-steps (a polynomial)."""
    sol = gradient_solution(x**2, (x, y))
    assert sol.result == (2 * x, 0)
    assert sol.steps[1].substeps == ()


@pytest.mark.parametrize("variables", [(x, y), (x, y, z)])
def test_hessian_equals_sympy_hessian_and_is_symmetric(variables: tuple[Any, ...]) -> None:
    """Every entry equals SymPy's Hessian; only the upper triangle is worked."""
    sol = hessian_solution(F, variables)
    n = len(variables)
    assert sol.kind == "hessian"
    assert sol.complete
    assert isinstance(sol.result, sympy.ImmutableMatrix)
    assert sol.result == sol.result.T
    expected = sympy.hessian(F, variables)
    for i in range(n):
        for j in range(n):
            assert agree(sol.result[i, j], expected[i, j]), (i, j)
    rules = [s.rule for s in sol.steps]
    assert rules.count("partial derivative") == n
    assert rules.count("second partial") == n * (n + 1) // 2


def test_hessian_steps_say_what_is_differentiated() -> None:
    """The (x, y) entry differentiates f_x by y and cites Clairaut's theorem for (y, x)."""
    f = x**3 * y**2
    sol = hessian_solution(f, (x, y))
    entries = [s for s in sol.steps if s.rule == "second partial"]
    assert str(entries[1].text).startswith("Differentiate fₓ by y")
    assert "Clairaut" in str(entries[1].text)
    assert entries[1].after == sympy.Eq(sympy.Symbol("f_xy"), 6 * x**2 * y)
    assert sol.question == f


def _unicode_lines(solution: object) -> list[str]:
    """The solution panel as an 80-column terminal shows it."""
    import io

    from rich.console import Console

    from calctutor.render.steps import solution_panel

    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(solution_panel(solution, "q"))  # type: ignore[arg-type]
    return out.getvalue().splitlines()


@pytest.mark.parametrize("f", [x**2 * y + y**3, x**3 + x * y**2 - 4 * y, x * y + x**2 - 3 * y**2])
def test_a_polynomial_gradient_fits_in_about_15_lines(f: sympy.Expr) -> None:
    lines = _unicode_lines(gradient_solution(f, (x, y)))
    assert len(lines) <= 16, "\n".join(lines)
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize("f", [x**2 * y + y**3, x**3 + y**3 - 3 * x * y, x**2 - 3 * x * y + y**4])
def test_a_two_by_two_hessian_fits_in_about_25_lines(f: sympy.Expr) -> None:
    lines = _unicode_lines(hessian_solution(f, (x, y)))
    assert len(lines) <= 25, "\n".join(lines)
    assert max(len(line) for line in lines) <= 80


def _walk(steps: tuple[Any, ...]) -> list[Any]:
    return [t for s in steps for t in (s, *_walk(s.substeps))]


@pytest.mark.parametrize("f", [F, x**2 * y + sympy.sin(x * y), sympy.exp(x * y) / (1 + x**2)])
def test_no_step_repeats_its_first_sub_step(f: sympy.Expr) -> None:
    for sol in (gradient_solution(f, (x, y)), hessian_solution(f, (x, y))):
        for step in _walk(sol.steps):
            if step.substeps:
                first = step.substeps[0]
                assert (first.before, first.after) != (step.before, step.after)
                assert first.before != step.before


def test_incomplete_partials_make_an_incomplete_gradient() -> None:
    """A partial with no textbook rule (atan2) marks the whole gradient incomplete, with a note."""
    sol = gradient_solution(sympy.atan2(y, x), (x, y))
    assert not sol.complete
    assert "∂f/∂x" in sol.note
    assert agree(sol.result[0], sympy.diff(sympy.atan2(y, x), x))
