"""Exact equations M dx + N dy = 0 (M_y = N_x), and those made exact by μ(x) or μ(y).

The answer is the potential F(x, y) = C, left implicit unless F is linear in y.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.notation import math, prose
from calctutor.steps.model import Step
from calctutor.steps.ode_form import Ode, Worked, constants

_Y = sympy.Symbol("y")


@dataclass(frozen=True)
class Exact:
    """M(x, y) + N(x, y) y' = 0 with M_y = N_x once multiplied by ``mu`` (1 when already exact)."""

    m: Any
    n: Any
    mu: Any
    reason: Any

    def work(self, ode: Ode) -> Worked | None:
        """Check exactness, find the potential F, write F = C (solved for y when linear in y)."""
        x, y = ode.var, _Y
        m, n = sympy.simplify(self.mu * self.m), sympy.simplify(self.mu * self.n)
        along_x = sympy.integrate(m, x)
        rest = sympy.simplify(n - sympy.diff(along_x, y))
        if along_x.has(sympy.Integral) or rest.has(x):
            return None
        g = sympy.integrate(rest, y)
        if g.has(sympy.Integral):
            return None
        potential = sympy.expand(along_x + g)
        (c1,) = constants(1)
        steps = [*self._exactness(ode, m, n), self._potential(along_x, rest, g, potential)]
        implicit = sympy.Eq(potential, c1)
        linear = not sympy.diff(potential, y, 2).has(y) and sympy.diff(potential, y, 2) == 0
        explicit = self._explicit(potential, c1) if linear else None
        as_func = {y: ode.func}
        if explicit is None:
            text = prose(
                "The solutions are the level curves of F: ", math(implicit),
                " (left implicit: solving for y would need a choice of branch)",
            )  # fmt: skip
            steps.append(Step("implicit solution", text, None, implicit.xreplace(as_func)))
            return Worked(tuple(steps), implicit.xreplace(as_func), (c1,))
        text = prose(math(implicit), ", which is linear in y: ", math(sympy.Eq(y, explicit)))
        steps.append(
            Step("solve for y", text, None, sympy.Eq(ode.func, explicit.xreplace(as_func)))
        )
        return Worked(tuple(steps), explicit.xreplace(as_func), (c1,))

    def _exactness(self, ode: Ode, m: Any, n: Any) -> list[Step]:
        """M and N, their cross partials equal (after μ when one was needed)."""
        y = _Y
        steps = []
        if self.mu != 1:
            steps.append(Step("integrating factor", self.reason, None, self.mu))
        text = prose(
            "M = ", math(m), ", N = ", math(n), ": ∂M/∂y = ", math(sympy.diff(m, y)),
            " = ∂N/∂x, so the equation M dx + N dy = 0 is exact",
        )  # fmt: skip
        steps.append(Step("exact equation", text, ode.equation, None))
        return steps

    def _potential(self, along_x: Any, rest: Any, g: Any, potential: Any) -> Step:
        """F = ∫ M dx + g(y), g' = N − ∂/∂y ∫ M dx."""
        text = prose(
            "Find F with F_x = M and F_y = N: F = ∫ M dx = ", math(along_x),
            " + g(y); F_y = N gives g'(y) = ", math(rest), ", so g(y) = ", math(g),
            " and F = ", math(potential),
        )  # fmt: skip
        return Step("potential function", text, None, potential)

    def _explicit(self, potential: Any, c1: Any) -> Any:
        """y from F = C when F is linear in y, else None."""
        found = sympy.solve(sympy.Eq(potential, c1), _Y)
        return sympy.simplify(found[0]) if len(found) == 1 else None


def match_exact(ode: Ode) -> Exact | None:
    """M + N y' = 0 exact as written, or made exact by μ(x) or μ(y); None otherwise."""
    if ode.order != 1:
        return None
    top, yv = ode.ys[1], ode.ys[0]
    n = sympy.diff(ode.expr, top)
    if n.has(top) or n == 0:
        return None
    m = ode.expr.xreplace({top: 0})
    m, n = (sympy.together(e).xreplace({yv: _Y}) for e in (m, n))
    x = ode.var
    gap = sympy.simplify(sympy.diff(m, _Y) - sympy.diff(n, x))
    if gap == 0:
        return Exact(m, n, sympy.S.One, prose("exact as written"))
    return _by_x(m, n, gap, x) or _by_y(m, n, gap, x)


def _by_x(m: Any, n: Any, gap: Any, x: sympy.Symbol) -> Exact | None:
    """μ(x) = e^(∫ (M_y − N_x)/N dx) when that ratio depends on x only."""
    ratio = sympy.simplify(gap / n)
    if ratio.has(_Y):
        return None
    mu = sympy.simplify(sympy.exp(sympy.integrate(ratio, x)))
    reason = prose(
        "Not exact: M_y − N_x = ", math(gap), ", but (M_y − N_x)/N = ", math(ratio),
        " depends on x only, so μ(x) = ", math(sympy.exp(sympy.Integral(ratio, x))), " = ",
        math(mu), " makes it exact",
    )  # fmt: skip
    return Exact(m, n, mu, reason) if not mu.has(sympy.Integral) else None


def _by_y(m: Any, n: Any, gap: Any, x: sympy.Symbol) -> Exact | None:
    """μ(y) = e^(∫ (N_x − M_y)/M dy) when that ratio depends on y only."""
    ratio = sympy.simplify(-gap / m)
    if ratio.has(x):
        return None
    mu = sympy.simplify(sympy.exp(sympy.integrate(ratio, _Y)))
    reason = prose(
        "Not exact: M_y − N_x = ", math(gap), ", but (N_x − M_y)/M = ", math(ratio),
        " depends on y only, so μ(y) = ", math(sympy.exp(sympy.Integral(ratio, _Y))), " = ",
        math(mu), " makes it exact",
    )  # fmt: skip
    return Exact(m, n, mu, reason) if not mu.has(sympy.Integral) else None
