"""Definite and improper integrals: the fundamental theorem, limits, and divergence."""

from __future__ import annotations

import pytest
import sympy
from sympy import exp, oo, pi, sin, sqrt

from calctutor.steps.integral import definite_integral_solution

x = sympy.Symbol("x")


def _rules(solution: sympy.Basic) -> list[str]:
    """The top-level rule names of a solution."""
    return [s.rule for s in solution.steps]


@pytest.mark.parametrize(
    ("f", "a", "b", "value", "rule"),
    [
        (x**2, 0, 1, sympy.Rational(1, 3), "fundamental theorem of calculus"),
        (sin(x), 0, pi, 2, "fundamental theorem of calculus"),
        (1 / x, -2, -1, -sympy.log(2), "fundamental theorem of calculus"),
        (exp(-x), 0, oo, 1, "limit at infinity"),
        (1 / x**2, 1, oo, 1, "limit at infinity"),
        (1 / (1 + x**2), -oo, oo, pi, "limit at infinity"),
        (1 / sqrt(x), 0, 1, 2, "improper integral"),
        (sympy.log(x), 0, 1, -1, "improper integral"),
    ],
)
def test_convergent(
    f: sympy.Expr, a: sympy.Expr, b: sympy.Expr, value: sympy.Expr, rule: str
) -> None:
    """Exact values, with the antiderivative as the first step and the right evaluation rule."""
    solution = definite_integral_solution(f, x, a, b)
    assert solution.kind == "definite_integral"
    assert sympy.simplify(solution.result - value) == 0
    assert solution.note != "diverges"
    assert solution.steps[0].rule == "antiderivative"
    assert solution.steps[0].substeps, "the antiderivative's own steps are kept"
    assert rule in _rules(solution)


@pytest.mark.parametrize(
    ("f", "a", "b", "result"),
    [
        (1 / x**2, -1, 1, oo),
        (1 / x, 1, oo, oo),
        (sympy.tan(x), 0, pi, sympy.nan),
        (sin(x), 0, oo, sympy.nan),
    ],
)
def test_divergent(f: sympy.Expr, a: sympy.Expr, b: sympy.Expr, result: sympy.Expr) -> None:
    """∫₋₁¹ dx/x² diverges (not −2): the discontinuity is found and the limit is infinite."""
    solution = definite_integral_solution(f, x, a, b)
    assert solution.note == "diverges"
    assert solution.result == result or (result is sympy.nan and solution.result is sympy.nan)
    assert _rules(solution)[-1] == "diverges"


def test_symbolic_bound() -> None:
    """∫₀ᵗ x dx = t²/2: a symbolic bound is substituted, not searched for singularities."""
    t = sympy.Symbol("t")
    solution = definite_integral_solution(x, x, 0, t)
    assert sympy.simplify(solution.result - t**2 / 2) == 0


def test_discontinuity_is_reported() -> None:
    """The split point of ∫₋₁¹ dx/x² is named."""
    solution = definite_integral_solution(1 / x**2, x, -1, 1)
    step = next(s for s in solution.steps if s.rule == "discontinuity")
    assert "x = 0" in step.text


def test_jump_of_the_antiderivative_is_handled() -> None:
    """The Weierstrass antiderivative jumps at π though the integrand is smooth: limits fix it."""
    f = 1 / (3 * sin(x) - 4 * sympy.cos(x) + 10)
    solution = definite_integral_solution(f, x, 0, 2 * pi)
    numeric = sympy.Integral(f, (x, 0, 2 * pi)).evalf(15)
    assert abs(float(solution.result) - float(numeric)) < 1e-9
    assert solution.complete
