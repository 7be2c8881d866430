"""Cauchy–Euler equations a x² y'' + b x y' + c y = g(x) on x > 0: try y = xᵐ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.notation import math, prose
from calctutor.steps.model import Step
from calctutor.steps.ode_form import Ode, Worked, constants
from calctutor.steps.ode_variation import variation_of_parameters

_M = sympy.Symbol("m")


@dataclass(frozen=True)
class CauchyEuler:
    """a x² y'' + b x y' + c y = g: the indicial equation a m(m−1) + b m + c = 0 picks y_h."""

    a: Any
    b: Any
    c: Any
    forcing: Any

    def work(self, ode: Ode) -> Worked | None:
        """Indicial equation, its roots' case, then variation of parameters for g ≠ 0."""
        x = ode.var
        indicial = sympy.expand(self.a * _M * (_M - 1) + self.b * _M + self.c)
        roots = sympy.roots(sympy.Poly(indicial, _M))
        if sum(roots.values()) != 2:
            return None
        c1, c2 = constants(2)
        case = _case(roots, x)
        if case is None:
            return None
        rule, y1, y2, words = case
        yh = c1 * y1 + c2 * y2
        steps = [self._indicial(ode, indicial), Step(rule, prose(words, "; y_h = ", math(yh)),
                                                     None, sympy.Eq(ode.func, yh))]  # fmt: skip
        if self.forcing == 0:
            return Worked(tuple(steps), yh, (c1, c2))
        g = sympy.simplify(self.forcing / (self.a * x**2))
        found = variation_of_parameters(y1, y2, g, x)
        if found is None:
            return None
        step, yp = found
        total = yh + yp
        steps += [step, Step("superposition", prose("y = y_h + y_p = ", math(total)), None,
                             sympy.Eq(ode.func, total))]  # fmt: skip
        return Worked(tuple(steps), total, (c1, c2))

    def _indicial(self, ode: Ode, indicial: Any) -> Step:
        """y = xᵐ turns every term into a multiple of xᵐ."""
        text = prose(
            "Cauchy–Euler equation (the power of x matches the order of each derivative); on "
            "x > 0 try y = xᵐ: y' = m xᵐ⁻¹, y'' = m(m − 1) xᵐ⁻², and every term becomes a "
            "multiple of xᵐ, giving the indicial equation ", math(sympy.Eq(indicial, 0)),
        )  # fmt: skip
        return Step("indicial equation", text, ode.equation, sympy.Eq(indicial, 0))


def _case(roots: dict[Any, int], x: sympy.Symbol) -> tuple[str, Any, Any, Any] | None:
    """(rule, y₁, y₂, sentence) for distinct real, repeated or complex roots."""
    listed = list(roots)
    if len(listed) == 1:
        m = listed[0]
        words = prose("m = ", math(m), " is a double root: y₁ = ", math(x**m),
                      ", y₂ = ", math(x**m * sympy.log(x)))  # fmt: skip
        return "repeated root", x**m, x**m * sympy.log(x), words
    m1, m2 = listed
    if m1.is_real and m2.is_real:
        m1, m2 = sorted((m1, m2), key=lambda r: float(r))
        words = prose("distinct real roots m = ", math(m1), ", ", math(m2), ": y₁ = ",
                      math(x**m1), ", y₂ = ", math(x**m2))  # fmt: skip
        return "distinct real roots", x**m1, x**m2, words
    alpha, beta = sympy.re(m1), abs(sympy.im(m1))
    if beta == 0:
        return None
    y1 = x**alpha * sympy.cos(beta * sympy.log(x))
    y2 = x**alpha * sympy.sin(beta * sympy.log(x))
    words = prose("complex roots m = ", math(alpha), " ± ", math(beta), "i: xᵐ = x^α e^(±iβ ln x)"
                  " gives y₁ = ", math(y1), ", y₂ = ", math(y2))  # fmt: skip
    return "complex roots", y1, y2, words


def match_cauchy_euler(ode: Ode) -> CauchyEuler | None:
    """Second order with coefficients a x², b x, c (constants a ≠ 0, b, c); None otherwise."""
    if ode.order != 2:
        return None
    x = ode.var
    coefficients = []
    for k, yk in enumerate(ode.ys):
        c = sympy.simplify(sympy.diff(ode.expr, yk) / x**k)
        if c.has(*ode.ys) or c.has(x):
            return None
        coefficients.append(c)
    c, b, a = coefficients
    if a == 0 or (b == 0 and c == 0):
        return None
    forcing = sympy.expand(-ode.expr.xreplace(dict.fromkeys(ode.ys, 0)))
    return CauchyEuler(a, b, c, forcing)
