"""Homogeneous equations y' = F(y/x): y = v x turns them into a separable equation in v."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.notation import join, math, prose
from calctutor.steps.model import Step
from calctutor.steps.ode_first import solved_for_top
from calctutor.steps.ode_form import Ode, Worked, absorb_constant, constants

_V = sympy.Symbol("v")
_Y = sympy.Symbol("y")


@dataclass(frozen=True)
class Homogeneous:
    """y' = F(y/x): v = y/x, x v' = F(v) − v, ∫ dv/(F(v) − v) = ln|x| + C."""

    big_f: Any
    positive: bool = False

    def work(self, ode: Ode) -> Worked | None:
        """Substitute, separate, integrate, go back to y (explicit when solve finds it)."""
        x = ode.var
        gap = sympy.simplify(self.big_f - _V)
        if gap == 0:
            return None
        left = sympy.integrate(sympy.simplify(1 / gap), _V)
        if left.has(sympy.Integral):
            return None
        c = sympy.Symbol("C")
        (c1,) = constants(1)
        relation = sympy.Eq(left.xreplace({_V: _Y / x}), sympy.log(x) + c)
        steps = [self._form(ode), self._substitute(ode, gap), self._integrate(x, left, c, relation)]
        try:
            found = sympy.solve(relation, _Y)
        except (NotImplementedError, ValueError):
            found = []
        explicit = [absorb_constant(sympy.simplify(s), c, c1) for s in found if not s.has(_Y)]
        if not explicit:
            implicit = relation.xreplace({c: c1, _Y: ode.func})
            return Worked((*steps, _implicit_step(implicit)), implicit, (c1,))
        explicit.sort(key=lambda e: (bool(e.could_extract_minus_sign()), sympy.sstr(e)))
        text = prose("Solve for y: ", math(sympy.Eq(_Y, explicit[0])))
        if len(explicit) > 1:
            others = join([math(sympy.Eq(_Y, b)) for b in explicit[1:]])
            text = prose(text, " (other branches: ", others, ")")
        as_func = {_Y: ode.func}
        steps.append(Step("solve for y", text, None, sympy.Eq(ode.func, explicit[0])))
        branches = tuple(b.xreplace(as_func) for b in explicit[1:])
        return Worked(tuple(steps), explicit[0].xreplace(as_func), (c1,), branches)

    def _form(self, ode: Ode) -> Step:
        """y' = F(y/x), the right side unchanged by x, y → tx, ty."""
        where = " (taking x > 0, so that √(x²) = x)" if self.positive else ""
        text = prose(
            "Homogeneous: the right side does not change when x, y become tx, ty, so it is a "
            f"function of v = y/x{where}: F(v) = ", math(self.big_f),
        )  # fmt: skip
        return Step("homogeneous equation", text, ode.equation, self.big_f)

    def _substitute(self, ode: Ode, gap: Any) -> Step:
        """y = v x, y' = v + x v', then separate (noting v with F(v) = v)."""
        x = ode.var
        separated = sympy.Eq(sympy.Integral(1 / gap, _V), sympy.Integral(1 / x, x))
        text = prose(
            "Put y = v x, so y' = v + x v' and x v' = F(v) − v = ", math(gap),
            "; separate: ", math(separated),
        )  # fmt: skip
        lost = [r for r in sympy.solve(sympy.numer(sympy.together(gap)), _V) if r.is_real]
        if lost:
            lines = [prose(math(sympy.Eq(_Y, r * x)), " ") for r in lost]
            text = prose(text, " (dividing by F(v) − v sets aside the solutions ", *lines, ")")
        return Step("substitution y = v x", text, None, separated)

    def _integrate(self, x: Any, left: Any, c: Any, relation: Any) -> Step:
        """∫ dv/(F(v) − v) = ln|x| + C, then v = y/x."""
        text = prose(
            "Integrate: ", math(sympy.Eq(left, sympy.log(sympy.Abs(x)) + c)),
            " (ln|x| = ln x for x > 0); with v = y/x: ", math(relation),
        )  # fmt: skip
        return Step("integrate both sides", text, None, relation)


def _implicit_step(implicit: Any) -> Step:
    """The final relation when y cannot be isolated."""
    return Step("implicit solution", prose("The solution, left implicit: ", math(implicit)),
                None, implicit)  # fmt: skip


def match_homogeneous(ode: Ode) -> Homogeneous | None:
    """y' = f(x, y) with f(tx, ty) = f(x, y) and y in it; None otherwise."""
    f = solved_for_top(ode) if ode.order == 1 else None
    if f is None or not f.has(ode.ys[0]) or not f.has(ode.var):
        return None
    x, yv, t = ode.var, ode.ys[0], sympy.Dummy("t", positive=True)
    scaled = f.xreplace({x: t * x, yv: t * yv})
    if sympy.simplify(scaled - f) != 0:
        return None
    big_f = sympy.simplify(f.xreplace({yv: _V * x}))
    if not big_f.has(x):
        return Homogeneous(big_f)
    xp = sympy.Symbol(str(x), positive=True)
    big_f = sympy.simplify(f.xreplace({x: xp}).xreplace({yv: _V * xp}))
    return None if big_f.has(xp) else Homogeneous(big_f, positive=True)
