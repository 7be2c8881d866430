"""First-order rules (and y^(n) = f(x)): direct integration, growth, separable, linear."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from calctutor.notation import prose
from calctutor.steps.model import Step
from calctutor.steps.ode_domain import log_domain_note
from calctutor.steps.ode_form import Ode, Worked, absorb_constant, constants, prime_name


def solved_for_top(ode: Ode) -> sympy.Expr | None:
    """f with y^(n) = f when F is linear in the highest derivative y^(n); else None."""
    top = ode.ys[-1]
    coeff = sympy.diff(ode.expr, top)
    if coeff == 0 or coeff.has(top):
        return None
    return sympy.together(-ode.expr.xreplace({top: 0}) / coeff)


@dataclass(frozen=True)
class DirectIntegration:
    """y^(n) = f(x): integrate n times, y = ∫...∫ f + C1 x^(n-1)/(n-1)! + ... + Cn."""

    f: sympy.Expr

    def work(self, ode: Ode) -> Worked | None:
        """Integrate once per order, adding a new constant each time."""
        x, n = ode.var, ode.order
        cs = constants(n)
        cur, steps = self.f, []
        for i, k in enumerate(range(n, 0, -1)):
            anti = sympy.integrate(cur, x)
            if anti.has(sympy.Integral):
                return None
            new = anti + cs[i]
            why = "The right side depends on x only, so i" if i == 0 else "I"
            text = (
                f"{why}ntegrate both sides with respect to x: "
                f"{prime_name(k - 1)} = ∫ ({ode.show(cur)}) dx = {ode.show(new)}"
            )
            before = sympy.Eq(ode.derivative(k), cur)
            after = sympy.Eq(ode.derivative(k - 1), new)
            steps.append(Step("direct integration", text, before, after))
            cur = new
        return Worked(tuple(steps), cur, cs)


@dataclass(frozen=True)
class ExponentialGrowth:
    """y' = k y with k constant: dy/y = k dx, ln|y| = kx + C, y = C1 e^(kx) with C1 = ±e^C."""

    k: sympy.Expr

    def work(self, ode: Ode) -> Worked:
        """Write down C1 e^(kx) and say where it comes from."""
        (c1,) = constants(1)
        result = c1 * sympy.exp(self.k * ode.var)
        kind = "decay" if self.k.is_negative else "growth"
        text = (
            f"y' = k y with k = {self.k}: the rate of change is proportional to y "
            f"(exponential {kind}). Separating, dy/y = {self.k} dx, so ln|y| = "
            f"{ode.show(self.k * ode.var)} + C and y = ±e^C e^({ode.show(self.k * ode.var)}); "
            f"call the constant C1 (C1 = 0 is the equilibrium y = 0): y = {ode.show(result)}"
        )
        step = Step("exponential growth", text, ode.equation, sympy.Eq(ode.func, result))
        return Worked((step,), result, (c1,))


@dataclass(frozen=True)
class Separable:
    """y' = g(x) h(y): ∫ dy/h(y) = ∫ g(x) dx + C, then solve for y where possible."""

    g: sympy.Expr
    h: sympy.Expr

    def work(self, ode: Ode) -> Worked | None:
        """Separate, integrate both sides, solve for y and name the constant C1."""
        x, yv = ode.var, ode.ys[0]
        y = sympy.Symbol("y")
        left = sympy.integrate(1 / self.h, yv)
        right = sympy.integrate(self.g, x)
        if left.has(sympy.Integral) or right.has(sympy.Integral):
            return None
        if left.has(sympy.sin, sympy.cos):
            left = sympy.trigsimp(left)  # sin(y)/cos(y) -> tan(y), which solve() inverts cleanly
        c = sympy.Dummy("C")
        logs = left.has(sympy.log)
        # A logarithm on the left: writing the constant as ln C1 lets exp() swallow it.
        sols = _solve_for(_exponentiated(left, right, c) if logs else sympy.Eq(left, right + c), yv)
        if not sols:
            return None
        (c1,) = constants(1)
        found = sorted((absorb_constant(s, c, c1) for s in sols), key=_minus_last)
        steps = (
            self._separate(ode, y),
            self._integrate(ode, left, right, y),
            self._solve(ode, found, logs),
        )
        return Worked(steps, found[0], (c1,), tuple(found[1:]), _zeros(self.h, yv))

    def _separate(self, ode: Ode, y: sympy.Symbol) -> Step:
        """The separation step, with the constant solutions division by h(y) may lose."""
        g, h = ode.show(self.g), ode.show(self.h)
        text = (
            f"y' = g(x) h(y) with g(x) = {g} and h(y) = {h}: divide by h(y) "
            f"and multiply by dx, so {_dy(ode, self.h)} = ({g}) dx"
        )
        lost = _zeros(self.h, ode.ys[0])
        if lost:
            shown = ", ".join(ode.show(z) for z in lost)
            text += f" (dividing by h(y) sets aside the constant solutions y = {shown})"
        after = sympy.Eq(
            sympy.Integral(1 / self.h.xreplace({ode.ys[0]: y}), y), sympy.Integral(self.g, ode.var)
        )
        return Step("separation of variables", text, ode.equation, after)

    def _integrate(self, ode: Ode, left: sympy.Expr, right: sympy.Expr, y: sympy.Symbol) -> Step:
        """Both antiderivatives, one constant C on the right."""
        c = sympy.Symbol("C")
        absval = (
            " (ln|.| in general: the sign goes into the constant)" if left.has(sympy.log) else ""
        )
        text = (
            f"Integrate both sides: ∫ {_dy(ode, self.h)} = {ode.show(left)}{absval} and "
            f"∫ ({ode.show(self.g)}) dx = {ode.show(right)}, so "
            f"{ode.show(left)} = {ode.show(right + c)}"
        )
        return Step(
            "integrate both sides", text, None, sympy.Eq(left.xreplace({ode.ys[0]: y}), right + c)
        )

    def _solve(self, ode: Ode, found: list[sympy.Expr], logs: bool) -> Step:
        """Solving the implicit relation for y; other branches are named."""
        how = "write C = ln C1, exponentiate" if logs else "write C1 for the arbitrary constant"
        text = f"Solve for y ({how}): y = {ode.show(found[0])}"
        if len(found) > 1:
            text += " (other branches: " + ", ".join(f"y = {ode.show(b)}" for b in found[1:]) + ")"
        return Step("solve for y", text, None, sympy.Eq(ode.func, found[0]))


@dataclass(frozen=True)
class FirstOrderLinear:
    """y' + p(x) y = q(x): with μ = e^(∫p dx), (μ y)' = μ q, so y = (∫ μ q dx + C1) / μ."""

    p: sympy.Expr
    q: sympy.Expr

    def work(self, ode: Ode) -> Worked | None:
        """Standard form, integrating factor, reverse product rule, integrate, divide."""
        x = ode.var
        integral_p = sympy.integrate(self.p, x)
        if integral_p.has(sympy.Integral):
            return None
        mu = sympy.simplify(sympy.exp(integral_p))
        rhs = sympy.powsimp(sympy.expand(mu * self.q))
        anti = sympy.integrate(rhs, x)
        note = ""
        if anti.has(sympy.Integral):
            # No elementary antiderivative: the textbook answer keeps the integral as it stands.
            anti = sympy.Integral(rhs, x)
            note = (
                f"∫ {ode.show(rhs)} dx has no elementary antiderivative; it is left as an integral"
            )
        (c1,) = constants(1)
        result = sympy.powsimp(sympy.expand((anti + c1) / mu))
        steps = (
            self._standard(ode),
            self._factor(ode, integral_p, mu),
            *_linear_tail(ode, mu, rhs, anti + c1, result),
        )
        return Worked(steps, result, (c1,), note=note)

    def _standard(self, ode: Ode) -> Step:
        """The equation in standard form with p and q named."""
        text = (
            f"First-order linear: in standard form y' + p(x) y = q(x) with "
            f"p(x) = {ode.show(self.p)} and q(x) = {ode.show(self.q)}"
        )
        after = sympy.Eq(ode.derivative(1) + self.p * ode.func, self.q)
        return Step("first-order linear", text, ode.equation, after)

    def _factor(self, ode: Ode, integral_p: sympy.Expr, mu: sympy.Expr) -> Step:
        """μ = e^(∫p dx), with the domain caveat when a logarithm appears."""
        power = f"e^({ode.show(integral_p)})"
        same = isinstance(mu, sympy.exp) and mu.args[0] == integral_p
        value = "" if same else f" = {ode.show(mu)}"
        text = f"μ(x) = e^(∫ p dx) = {power}{value} (any antiderivative will do, so no constant)"
        note = log_domain_note(integral_p, ode.var)
        return Step("integrating factor", prose(text, note) if note else text, None, mu)


def _linear_tail(
    ode: Ode, mu: sympy.Expr, rhs: sympy.Expr, anti: sympy.Expr, result: sympy.Expr
) -> tuple[Step, Step, Step]:
    """(μ y)' = μ q, integrate it, divide by μ."""
    x, y = ode.var, ode.func
    reverse = f"Multiply by μ: μ y' + μ p y is (μ y)', so ({ode.show(mu * y)})' = {ode.show(rhs)}"
    return (
        Step("product rule in reverse", reverse, None, sympy.Eq(sympy.Derivative(mu * y, x), rhs)),
        Step(
            "integrate both sides",
            f"{ode.show(mu * y)} = ∫ {ode.show(rhs)} dx = {ode.show(anti)}",
            None,
            sympy.Eq(mu * y, anti),
        ),
        Step(
            "solve for y",
            f"Divide by μ = {ode.show(mu)}: y = {ode.show(result)}",
            None,
            sympy.Eq(y, result),
        ),
    )


def match_direct(ode: Ode) -> DirectIntegration | None:
    """y^(n) = f(x) with no lower derivative of y on the right."""
    f = solved_for_top(ode)
    if f is None or f.has(*ode.ys):
        return None
    return DirectIntegration(f)


def match_first_order(ode: Ode) -> ExponentialGrowth | Separable | FirstOrderLinear | None:
    """Classify y' = f(x, y): growth y' = ky, linear, or separable; None otherwise."""
    f = solved_for_top(ode) if ode.order == 1 else None
    if f is None:
        return None
    x, yv = ode.var, ode.ys[0]
    linear = _linear_parts(f, yv)
    if linear is not None:
        slope, q = linear
        if q == 0:
            return Separable(slope, yv) if slope.has(x) else ExponentialGrowth(slope)
        return FirstOrderLinear(-slope, q)
    parts = sympy.separatevars(f, symbols=[x, yv], dict=True)
    if parts is None:
        return None
    return Separable(parts["coeff"] * parts[x], parts[yv])


def _linear_parts(f: sympy.Expr, yv: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(P, Q) with f = P y + Q when f is linear in y; None otherwise."""
    slope = sympy.cancel(sympy.diff(f, yv))
    if slope.has(yv):
        return None
    return slope, sympy.cancel(f.xreplace({yv: 0}))


def _exponentiated(left: sympy.Expr, right: sympy.Expr, c: sympy.Symbol) -> sympy.Eq:
    """ln u(y) = G(x) + ln c as u(y) = c e^G(x) when the logs combine into one; else as is."""
    combined = sympy.logcombine(left, force=True)
    if isinstance(combined, sympy.log):
        return sympy.Eq(combined.args[0], c * sympy.exp(right))
    return sympy.Eq(left, right + sympy.log(c))


def _solve_for(equation: sympy.Eq, yv: sympy.Symbol) -> list[sympy.Expr]:
    """Explicit solutions y = ... of an implicit relation, or [] when SymPy finds none."""
    try:
        # SymPy's own check of each root can run for minutes; checkodesol verifies later.
        sols = sympy.solve(equation, yv, check=False)
    except (NotImplementedError, ValueError):
        return []
    return [s for s in sols if not s.has(yv)]


def _zeros(h: sympy.Expr, yv: sympy.Symbol) -> tuple[sympy.Expr, ...]:
    """The constant solutions y = c with h(c) = 0, when h is a polynomial in y."""
    if not h.is_polynomial(yv) or not h.has(yv):
        return ()
    return tuple(z for z in sympy.solve(h, yv) if not z.has(yv))


def _minus_last(expr: sympy.Expr) -> tuple[bool, str]:
    """Sort key putting branches without a leading minus first."""
    return (bool(expr.could_extract_minus_sign()), sympy.sstr(expr))


def _dy(ode: Ode, h: sympy.Expr) -> str:
    """dy/h(y) as written on paper: y dy for h = 1/y, dy/(y**2) for h = y**2."""
    top, bottom = sympy.fraction(sympy.together(1 / h))
    return f"({ode.show(top)}) dy" if bottom == 1 else f"dy/({ode.show(h)})"
