"""Bernoulli equations y' + p(x) y = q(x) yⁿ (n ≠ 0, 1): v = y^(1−n) makes them linear."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.notation import math, prose
from calctutor.steps.model import Step
from calctutor.steps.ode_first import solved_for_top
from calctutor.steps.ode_form import Ode, Worked, constants
from calctutor.steps.ode_linear_tools import solve_linear


@dataclass(frozen=True)
class Bernoulli:
    """y' + p y = q yⁿ: divide by yⁿ, put v = y^(1−n), solve v' + (1−n) p v = (1−n) q."""

    p: Any
    q: Any
    n: Any

    def work(self, ode: Ode) -> Worked | None:
        """Name the form, substitute, solve the linear equation in v, go back to y."""
        x, y = ode.var, ode.func
        v = sympy.Function("v")(x)
        (c1,) = constants(1)
        k = 1 - self.n
        linear = solve_linear(v, x, sympy.simplify(k * self.p), sympy.simplify(k * self.q), c1)
        if linear is None:
            return None
        inner_steps, v_result = linear
        result = sympy.simplify(v_result ** (1 / k))
        if isinstance(result, sympy.Piecewise) or result.has(sympy.I):
            return None
        lost = (sympy.S.Zero,) if self.n.is_positive else ()
        root = sympy.Rational(1, 1) / k
        branches = (-result,) if root.is_Rational and root.q % 2 == 0 else ()
        other = (" (and the other branch ", math(sympy.Eq(y, -result)), ")") if branches else ()
        steps = (
            self._form(ode, lost),
            self._substitute(ode, v),
            Step(
                "linear equation in v",
                prose("Solve the linear equation for ", math(v), ":"),
                None,
                sympy.Eq(v, v_result),
                tuple(inner_steps),
            ),
            Step(
                "back-substitute",
                prose(
                    "Since ",
                    math(sympy.Eq(v, y**k)),
                    ": ",
                    math(sympy.Eq(y, result)),
                    *other,
                ),
                None,
                sympy.Eq(y, result),
            ),
        )
        return Worked(steps, result, (c1,), branches, lost)

    def _form(self, ode: Ode, lost: tuple[Any, ...]) -> Step:
        """The standard form and n; y = 0 solves it when n > 0 and is set aside."""
        y = ode.func
        standard = sympy.Eq(sympy.Derivative(y, ode.var) + self.p * y, self.q * y**self.n)
        text = prose(
            "Bernoulli equation ", math(standard), " with n = ", math(self.n),
            " (y' + p(x) y = q(x) yⁿ, n ≠ 0, 1)",
        )  # fmt: skip
        if lost:
            text = prose(text, "; y = 0 is a solution, set aside when we divide by yⁿ")
        return Step("Bernoulli equation", text, ode.equation, standard)

    def _substitute(self, ode: Ode, v: Any) -> Step:
        """v = y^(1−n), v' = (1−n) y^(−n) y', and the linear equation in v."""
        x, y, k = ode.var, ode.func, 1 - self.n
        linear = sympy.Eq(sympy.Derivative(v, x) + sympy.simplify(k * self.p) * v,
                          sympy.simplify(k * self.q))  # fmt: skip
        text = prose(
            "Divide by ", math(y**self.n), " and put ", math(sympy.Eq(v, y**k)), ", so ",
            math(sympy.Eq(sympy.Derivative(v, x), k * y ** (-self.n) * sympy.Derivative(y, x))),
            ": the equation becomes linear, ", math(linear),
        )  # fmt: skip
        return Step("substitution v = y^(1−n)", text, None, linear)


def match_bernoulli(ode: Ode) -> Bernoulli | None:
    """y' = A(x) y + B(x) yⁿ with n ≠ 0, 1 a constant; None otherwise."""
    f = solved_for_top(ode) if ode.order == 1 else None
    if f is None:
        return None
    yv, x = ode.ys[0], ode.var
    parts: dict[Any, Any] = {}
    for term in sympy.Add.make_args(sympy.expand(f)):
        coefficient, power = _power_of(term, yv)
        if coefficient is None or coefficient.has(yv):
            return None
        parts[power] = parts.get(power, 0) + coefficient
    others = [n for n in parts if n != 1]
    if len(others) != 1 or others[0] == 0 or not others[0].is_number:
        return None
    n = others[0]
    p, q = -parts.get(1, sympy.S.Zero), parts[n]
    if p.has(yv) or q.has(yv) or (not q.has(x) and q == 0):
        return None
    return Bernoulli(p, q, n)


def _power_of(term: Any, yv: Any) -> tuple[Any, Any]:
    """(c, k) with term = c·y^k (k a number), or (None, None)."""
    coefficient, rest = term.as_independent(yv, as_Add=False)
    if rest == 1:
        return coefficient, sympy.S.Zero
    base, power = rest.as_base_exp()
    if base != yv or not power.is_number:
        return None, None
    return coefficient, power
