"""The first-order linear solve v' + P v = Q by an integrating factor, as reusable steps."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.notation import math, prose
from calctutor.steps.model import Step
from calctutor.steps.ode_domain import log_domain_note


def solve_linear(
    v: Any, x: sympy.Symbol, p: Any, q: Any, c1: sympy.Symbol
) -> tuple[list[Step], Any] | None:
    """Steps for v' + p v = q (v a function of x) and v = (∫ μ q dx + C1)/μ; None if stuck."""
    integral_p = sympy.integrate(p, x)
    if integral_p.has(sympy.Integral):
        return None
    mu = sympy.simplify(sympy.exp(integral_p))
    rhs = sympy.powsimp(sympy.expand(mu * q))
    anti = sympy.integrate(rhs, x)
    if anti.has(sympy.Integral):
        return None
    result = sympy.powsimp(sympy.expand((anti + c1) / mu))
    note = log_domain_note(integral_p, x)
    factor = prose(
        "Integrating factor μ = ",
        math(sympy.exp(sympy.Integral(p, x))),
        " = ",
        math(mu),
        note or "",
    )
    steps = [
        Step("integrating factor", factor, None, mu),
        Step(
            "product rule in reverse",
            prose("Multiply by μ: ", math(sympy.Eq(sympy.Derivative(mu * v, x), rhs))),
            None,
            sympy.Eq(sympy.Derivative(mu * v, x), rhs),
        ),
        Step(
            "integrate both sides",
            prose(math(sympy.Eq(mu * v, anti + c1)), ", so ", math(sympy.Eq(v, result))),
            None,
            sympy.Eq(v, result),
        ),
    ]
    return steps, result
