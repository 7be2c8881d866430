"""Variation of parameters: y_p = u₁y₁ + u₂y₂ for y'' + p y' + q y = g, any continuous g."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.notation import math, prose
from calctutor.steps.model import Step

_YP = sympy.Symbol("y_p")
_W = sympy.Symbol("W")


def _tidy(expr: Any) -> Any:
    """A shorter form when simplify finds one quickly."""
    if sympy.count_ops(expr) > 60:
        return expr
    return min((expr, sympy.simplify(expr), sympy.trigsimp(expr)), key=sympy.count_ops)


def _real_logs(u: Any, x: sympy.Symbol) -> Any:
    """ln(w) with w ≤ 0 everywhere sampled becomes ln(−w): a constant iπ apart, and u₁, u₂
    are antiderivatives, so a constant changes y_p only by a solution of the homogeneous part."""
    swaps = {}
    for term in u.atoms(sympy.log):
        w = term.args[0]
        values = []
        for k in range(1, 8):
            try:
                values.append(float(sympy.N(w.subs(x, sympy.Rational(k, 7)))))
            except (TypeError, ValueError):
                break
        if values and all(v <= 0 for v in values):
            swaps[term] = sympy.log(-w)
    return u.xreplace(swaps)


def variation_of_parameters(y1: Any, y2: Any, g: Any, x: sympy.Symbol) -> tuple[Step, Any] | None:
    """The step finding y_p from y₁, y₂ and g (the equation in standard form); None if stuck."""
    wronskian = _tidy(y1 * sympy.diff(y2, x) - sympy.diff(y1, x) * y2)
    if wronskian == 0:
        return None
    du1, du2 = _tidy(-y2 * g / wronskian), _tidy(y1 * g / wronskian)
    u1, u2 = sympy.integrate(du1, x), sympy.integrate(du2, x)
    if u1.has(sympy.Integral) or u2.has(sympy.Integral):
        return None
    u1, u2 = _tidy(_real_logs(u1, x)), _tidy(_real_logs(u2, x))
    yp = _tidy(sympy.expand(u1 * y1 + u2 * y2))
    u1s, u2s = sympy.Symbol("u_1"), sympy.Symbol("u_2")
    subs = (
        Step("Wronskian", prose("W = y₁y₂' − y₁'y₂ = ", math(wronskian), " ≠ 0"), None,
             sympy.Eq(_W, wronskian)),
        Step("solve for u₁', u₂'", prose(
            "From u₁'y₁ + u₂'y₂ = 0 and u₁'y₁' + u₂'y₂' = g: u₁' = −y₂g/W = ", math(du1),
            ", u₂' = y₁g/W = ", math(du2)), None, None),
        Step("integrate", prose("u₁ = ", math(sympy.Integral(du1, x)), " = ", math(u1),
                                "; u₂ = ", math(sympy.Integral(du2, x)), " = ", math(u2)),
             None, sympy.Tuple(sympy.Eq(u1s, u1), sympy.Eq(u2s, u2))),
    )  # fmt: skip
    text = prose(
        "The forcing g = ", math(g), " has no trial form, so vary the parameters: y_p = "
        "u₁y₁ + u₂y₂ with y₁ = ", math(y1), ", y₂ = ", math(y2), "; y_p = ", math(yp),
    )  # fmt: skip
    return Step("variation of parameters", text, None, sympy.Eq(_YP, yp), subs), yp
