"""Hyperbolic powers and products, done with cosh² − sinh² = 1 as a textbook does them."""

from __future__ import annotations

import pytest
import sympy
from sympy import cosh, coth, csch, sech, sinh, tanh

from calctutor.steps.integral import integral_solution, verify_antiderivative
from calctutor.steps.integral.derivation import fmt
from calctutor.steps.model import Solution

x = sympy.Symbol("x")


def _solve(f: sympy.Expr) -> Solution:
    """The rule search alone, checked by differentiation."""
    solution = integral_solution(f, x, budget_seconds=4.0, fallback=False)
    assert solution.complete, f
    assert verify_antiderivative(solution.result, f, x)
    return solution


def _texts(solution: Solution) -> str:
    """All step texts, joined."""
    out, stack = [], list(solution.steps)
    while stack:
        step = stack.pop(0)
        out.append(step.text)
        stack = list(step.substeps) + stack
    return " ".join(out)


@pytest.mark.parametrize(
    ("f", "u", "identity"),
    [
        (sinh(2 * x) ** 3, "cosh(2*x)", "sinh² = cosh² − 1"),
        (sinh(x) ** 4 * cosh(x) ** 3, "sinh(x)", "cosh² = 1 + sinh²"),
        (sinh(x) ** 5 / cosh(x) ** 2, "cosh(x)", "sinh² = cosh² − 1"),
        (tanh(3 * x) ** 2 * sech(3 * x) ** 4, "tanh(3*x)", "sech² = 1 − tanh²"),
        (coth(x) ** 2 * csch(x) ** 4, "coth(x)", "csch² = coth² − 1"),
    ],
)
def test_odd_powers_and_sech_powers_substitute(f: sympy.Expr, u: str, identity: str) -> None:
    """One factor kept for du, the rest turned by the identity, u named."""
    solution = _solve(f)
    text = _texts(solution)
    assert f"Let u = {fmt(sympy.sympify(u, locals={'x': x}))}" in text  # u: a literal of this test
    assert identity in text
    assert not solution.result.has(sympy.exp), "the answer stays in hyperbolic functions"


@pytest.mark.parametrize("f", [cosh(x) ** 2, sinh(3 * x) ** 4, sinh(x) ** 2 * cosh(x) ** 2])
def test_even_powers_halve_the_angle(f: sympy.Expr) -> None:
    """Even powers: sinh² = (cosh 2L − 1)/2, cosh² = (cosh 2L + 1)/2."""
    solution = _solve(f)
    assert "Half-angle identities" in _texts(solution)
    assert not solution.result.has(sympy.exp)


@pytest.mark.parametrize(
    ("f", "identity"),
    [(tanh(x) ** 4, "tanh² = 1 − sech²"), (coth(2 * x) ** 4, "coth² = 1 + csch²")],
)
def test_tanh_and_coth_powers_reduce(f: sympy.Expr, identity: str) -> None:
    """A power of tanh (coth) alone: peel off tanh² = 1 − sech² (coth² = 1 + csch²)."""
    solution = _solve(f)
    assert identity in _texts(solution)


def test_rational_in_cosh_through_exponentials() -> None:
    """1/(1 + cosh x): e^x = u turns it into a rational function with a repeated factor."""
    solution = _solve(1 / (1 + cosh(x)))
    text = _texts(solution)
    assert f"u = {fmt(sympy.exp(-x))}" in text or f"u = {fmt(sympy.exp(x))}" in text
