"""Linear ODEs with constant coefficients: the characteristic equation and superposition."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from calctutor.notation.unicode import inline
from calctutor.steps.model import Step
from calctutor.steps.ode_form import Ode, Worked, constants, prime_name
from calctutor.steps.ode_undetermined import particular
from calctutor.steps.ode_variation import variation_of_parameters

_R = sympy.Symbol("r")
_YH = sympy.Symbol("y_h")


@dataclass(frozen=True)
class RootGroup:
    """A real root α (β = 0) or a complex pair α ± βi (β > 0) of multiplicity m."""

    alpha: sympy.Expr
    beta: sympy.Expr
    mult: int

    @property
    def size(self) -> int:
        """How many independent solutions (and constants) this group brings."""
        return self.mult if self.beta == 0 else 2 * self.mult

    def part(self, x: sympy.Symbol, cs: tuple[sympy.Symbol, ...]) -> sympy.Expr:
        """e^(αx)(C + C x + ...) for a real root, e^(αx)(P(x) cos βx + Q(x) sin βx) for a pair."""
        grow = sympy.exp(self.alpha * x)
        if self.beta == 0:
            return grow * _poly(cs, x)
        wave = _poly(cs[: self.mult], x) * sympy.cos(self.beta * x)
        return grow * (wave + _poly(cs[self.mult :], x) * sympy.sin(self.beta * x))

    def describe(self, ode: Ode) -> str:
        """Which solutions this root contributes, in words."""
        x = ode.var
        powers = [x**j * sympy.exp(self.alpha * x) for j in range(self.mult)]
        how = {1: "", 2: " (a double root)"}.get(self.mult, f" (multiplicity {self.mult})")
        if self.beta == 0:
            return f"r = {ode.show(self.alpha)}{how} gives " + _listed(ode, powers)
        waves = [p * f(self.beta * x) for f in (sympy.cos, sympy.sin) for p in powers]
        return f"r = {self._pair(ode)}{how} gives " + _listed(ode, waves)

    def _pair(self, ode: Ode) -> str:
        """α ± βi as written on paper: ±i, -1 ± 2i, -1/2 ± (sqrt(3)/2)i."""
        beta = "" if self.beta == 1 else ode.show(self.beta)
        beta = beta if self.beta.is_Atom else f"({beta})"
        alpha = "" if self.alpha == 0 else f"{ode.show(self.alpha)} "
        return f"{alpha}±{'' if alpha == '' else ' '}{beta}i"


@dataclass(frozen=True)
class ConstantCoefficient:
    """y^(n) + a_(n-1) y^(n-1) + ... + a_0 y = g(x): y = y_h (from the roots) + y_p."""

    coeffs: tuple[sympy.Expr, ...]
    forcing: sympy.Expr

    def work(self, ode: Ode) -> Worked | None:
        """Characteristic equation, roots, y_h; then undetermined coefficients and superposition."""
        char = sum(a * _R**k for k, a in enumerate(self.coeffs))
        roots = _roots(char, ode.order)
        groups = _groups(roots) if roots is not None else None
        if roots is None or groups is None:
            return None
        cs = constants(ode.order)
        yh = _homogeneous(groups, ode.var, cs)
        homogeneous = self.forcing == 0
        steps = [self._characteristic(ode, char), _case_step(ode, groups, yh, homogeneous)]
        if homogeneous:
            return Worked(tuple(steps), yh, cs)
        found = particular(ode, self.coeffs, roots, self.forcing)
        if found is None and ode.order == 2:
            basis = [sympy.diff(yh, c) for c in cs]
            found = variation_of_parameters(basis[0], basis[1], self.forcing, ode.var)
        if found is None:
            return None
        uc_step, yp = found
        text = f"Superposition: y = y_h + y_p = {ode.show(yh + yp)}"
        steps += [uc_step, Step("superposition", text, None, sympy.Eq(ode.func, yh + yp))]
        return Worked(tuple(steps), yh + yp, cs)

    def _characteristic(self, ode: Ode, char: sympy.Expr) -> Step:
        """Trying y = e^(rx) turns the homogeneous equation into a polynomial in r."""
        lhs = sum(a * ode.derivative(k) for k, a in enumerate(self.coeffs))
        text = (
            f"Homogeneous equation {_linear_text(self.coeffs)} = 0: try y = e^(r x); each "
            f"derivative brings a factor r, giving the characteristic equation "
            f"{inline(char)} = 0"
        )
        subs = (_quadratic(self.coeffs),) if ode.order == 2 else ()
        return Step("characteristic equation", text, sympy.Eq(lhs, 0), sympy.Eq(char, 0), subs)


def match_constant_coefficient(ode: Ode) -> ConstantCoefficient | None:
    """Linear in y, y', ..., y^(n) with coefficients free of x; None otherwise."""
    coeffs = []
    for yk in ode.ys:
        c = sympy.diff(ode.expr, yk)
        if c.has(*ode.ys) or c.has(ode.var):
            return None
        coeffs.append(c)
    lead = coeffs[-1]
    rest = ode.expr.xreplace(dict.fromkeys(ode.ys, 0))
    normed = tuple(sympy.simplify(c / lead) for c in coeffs)
    return ConstantCoefficient(normed, sympy.expand(-rest / lead))


def _quadratic(coeffs: tuple[sympy.Expr, ...]) -> Step:
    """The quadratic formula with the discriminant's sign deciding the case."""
    b, c = coeffs[1], coeffs[0]
    disc = sympy.simplify(b**2 - 4 * c)
    verdict = (
        "positive: two distinct real roots"
        if disc.is_positive
        else "zero: a repeated root"
        if disc.is_zero
        else "negative: a pair of complex roots"
    )
    text = f"r = (-({b}) ± √({disc}))/2; the discriminant b² - 4c = {disc} is {verdict}"
    return Step("quadratic formula", text, None, disc)


def _case_step(ode: Ode, groups: list[RootGroup], yh: sympy.Expr, homogeneous: bool) -> Step:
    """Name the textbook case and write y_h from the roots."""
    real = all(g.beta == 0 for g in groups)
    simple = all(g.mult == 1 for g in groups)
    if real and simple:
        rule = "distinct real roots"
    elif real and len(groups) == 1:
        rule = "repeated root"
    elif not real and simple and len(groups) == 1:
        rule = "complex roots"
    else:
        rule = "characteristic roots"
    parts = "; ".join(g.describe(ode) for g in groups)
    name = "y" if homogeneous else "y_h"
    text = f"{parts}. Their combination is {name} = {ode.show(yh)}"
    return Step(rule, text, None, sympy.Eq(ode.func if homogeneous else _YH, yh))


def _roots(char: sympy.Expr, n: int) -> dict[sympy.Expr, int] | None:
    """All n roots with multiplicities, or None; Cardano forms are no textbook material."""
    try:
        found = sympy.roots(sympy.Poly(char, _R), cubics=False, quartics=False)
    except (sympy.PolynomialError, NotImplementedError):
        return None
    return dict(found) if sum(found.values()) == n else None


def _groups(roots: dict[sympy.Expr, int]) -> list[RootGroup] | None:
    """Real roots and complex pairs (one entry per pair); None if a sign is undecidable."""
    groups = []
    for root, mult in roots.items():
        re, im = (sympy.simplify(p) for p in root.as_real_imag())
        if im.is_zero:
            groups.append(RootGroup(root, sympy.S.Zero, mult))
        elif im.is_positive:
            groups.append(RootGroup(re, im, mult))
        elif not im.is_negative:
            return None
    return sorted(groups, key=_order_key)


def _order_key(group: RootGroup) -> tuple[bool, float, str]:
    """Real roots first, then by size where numeric, then by text."""
    alpha = group.alpha
    size = float(alpha) if alpha.is_number and alpha.is_real else float("inf")
    return (group.beta != 0, size, sympy.sstr(alpha))


def _homogeneous(
    groups: list[RootGroup], x: sympy.Symbol, cs: tuple[sympy.Symbol, ...]
) -> sympy.Expr:
    """y_h: each group's part with its own run of constants C1, C2, ..."""
    total, used = sympy.S.Zero, 0
    for g in groups:
        total += g.part(x, cs[used : used + g.size])
        used += g.size
    return total


def _poly(cs: tuple[sympy.Symbol, ...], x: sympy.Symbol) -> sympy.Expr:
    """C_a + C_b x + C_c x^2 + ... from a run of constants."""
    return sum((c * x**j for j, c in enumerate(cs)), sympy.S.Zero)


def _listed(ode: Ode, funcs: list[sympy.Expr]) -> str:
    """f1, f2 and f3."""
    shown = [ode.show(f) for f in funcs]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _linear_text(coeffs: tuple[sympy.Expr, ...]) -> str:
    """a_n y^(n) + ... + a_0 y with the highest derivative first, as on paper."""
    return inline(sum(a * sympy.Symbol(prime_name(k)) for k, a in enumerate(coeffs)))
