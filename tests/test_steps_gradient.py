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
    """The partial in y says x and z are constant; its substeps are a full derivative tree."""
    sol = gradient_solution(F, (x, y, z))
    step = sol.steps[1]
    assert "Treat x, z as constant" in step.text
    assert step.substeps
    assert step.substeps[0].rule == "sum rule"
    assert step.after == sol.result[1]


def test_reordered_variables_reorder_the_gradient() -> None:
    """(y, x) gives (∂f/∂y, ∂f/∂x)."""
    forward = gradient_solution(F, (x, y)).result
    backward = gradient_solution(F, (y, x)).result
    assert backward == (forward[1], forward[0])


def test_a_variable_absent_from_f_has_partial_zero() -> None:
    """f = x^2 in (x, y): ∂f/∂y = 0 by the constant rule."""
    sol = gradient_solution(x**2, (x, y))
    assert sol.result == (2 * x, 0)
    assert sol.steps[1].substeps[0].rule == "constant rule"


@pytest.mark.parametrize("variables", [(x, y), (x, y, z)])
def test_hessian_equals_sympy_hessian_and_is_symmetric(variables: tuple[Any, ...]) -> None:
    """Every entry equals SymPy's Hessian; the lower triangle is taken by symmetry."""
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
    assert rules.count("second partial derivative") == n * (n + 1) // 2
    assert rules.count("symmetry of mixed partials") == n * (n - 1) // 2


def test_hessian_steps_say_what_is_differentiated() -> None:
    """The (x, y) entry differentiates ∂f/∂x by y; the (y, x) entry cites Clairaut's theorem."""
    f = x**3 * y**2
    sol = hessian_solution(f, (x, y))
    entries = [s for s in sol.steps if s.rule != "partial derivative"]
    assert entries[1].text == "Differentiate ∂f/∂x = 3*x^2*y^2 with respect to y."
    assert entries[1].after == 6 * x**2 * y
    assert "Clairaut" in entries[2].text
    assert entries[2].after == 6 * x**2 * y
    assert sol.question == sympy.ImmutableMatrix(
        [
            [sympy.Derivative(f, x, x), sympy.Derivative(f, x, y)],
            [sympy.Derivative(f, y, x), sympy.Derivative(f, y, y)],
        ]
    )


def test_incomplete_partials_make_an_incomplete_gradient() -> None:
    """A partial with no textbook rule (atan2) marks the whole gradient incomplete, with a note."""
    sol = gradient_solution(sympy.atan2(y, x), (x, y))
    assert not sol.complete
    assert "∂f/∂x" in sol.note
    assert agree(sol.result[0], sympy.diff(sympy.atan2(y, x), x))
