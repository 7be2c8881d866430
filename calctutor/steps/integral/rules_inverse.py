"""Integrands built on one inverse function: x = sin t, sinh t, tanh t … and exponentials of them.

When every transcendental piece of the integrand is G(a x + b) for one inverse function G
(arcsin, arsinh, artanh …), the substitution t = G(a x + b), that is a x + b = H(t) with H the
forward function, turns it into polynomials in t times trigonometric or hyperbolic functions of
t: the radicals that come with G's derivative become plain functions of t on G's principal
branch (√(1 − sin² t) = cos t because cos t ≥ 0 for t = arcsin u ∈ [−π/2, π/2];
√(cosh² t − 1) = sinh t because t = arcosh u ≥ 0). Exponentials of inverse hyperbolic functions
are algebraic (e^(arsinh u) = u + √(u² + 1)) and are rewritten as such; G(H(u)) = u (artanh of
tanh) is simplified for real u.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy
from sympy import (
    acos,
    acosh,
    acot,
    acoth,
    asin,
    asinh,
    atan,
    atanh,
    cos,
    cosh,
    coth,
    sin,
    sinh,
    sqrt,
    tan,
    tanh,
)

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import Derivation, differential, fmt, rewritten, scaled
from calctutor.steps.integral.rules_basic import linear_coefficient
from calctutor.steps.integral.rules_subst import substitution

INVERSE_SUB = "inverse-function substitution"
ALGEBRAIC_FORM = "algebraic form"


@dataclass(frozen=True)
class _Forward:
    """The forward function of G and the functions of t that are ≥ 0 on G's principal branch."""

    forward: Callable[[sympy.Expr], sympy.Expr]
    nonnegative: tuple[Callable[[sympy.Expr], sympy.Expr], ...]
    branch: str


_FORWARD: dict[type, _Forward] = {
    asin: _Forward(sin, (cos,), "−π/2 ≤ t ≤ π/2, where cos t ≥ 0"),
    acos: _Forward(cos, (sin,), "0 ≤ t ≤ π, where sin t ≥ 0"),
    atan: _Forward(tan, (cos, lambda t: 1 / cos(t)), "−π/2 < t < π/2, where cos t > 0"),
    asinh: _Forward(sinh, (cosh,), "t real, where cosh t > 0"),
    acosh: _Forward(cosh, (sinh,), "t ≥ 0, where sinh t ≥ 0"),
    atanh: _Forward(tanh, (cosh, lambda t: 1 / cosh(t)), "t real, where cosh t > 0"),
}
_ALL_INVERSE: tuple[type, ...] = (asin, acos, atan, acot, asinh, acosh, atanh, acoth)
_ALL_INVERSE += (sympy.asec, sympy.acsc, sympy.asech, sympy.acsch)


def _inverse_atoms(f: sympy.Expr, x: sympy.Symbol) -> set[sympy.Expr]:
    """The inverse-function applications in f that depend on x."""
    return {a for a in f.atoms(*_ALL_INVERSE) if a.has(x)}


def _only_algebraic_besides(f: sympy.Expr, atom: sympy.Expr, x: sympy.Symbol) -> bool:
    """Apart from the atom, f is built from x by arithmetic and rational powers only."""
    marker = sympy.Dummy("g")
    rest = f.xreplace({atom: marker})
    return not any(
        isinstance(a, sympy.Function) or (a.is_Pow and a.exp.has(x))
        for a in sympy.preorder_traversal(rest)
        if a.has(x)
    )


def _parts_is_the_way(f: sympy.Expr, atom: sympy.Expr, x: sympy.Symbol) -> bool:
    """P(x)·(a + b·G): one integration by parts (u = a + b·G) is the textbook way."""
    marker = sympy.Dummy("g")
    p = sympy.expand(f.xreplace({atom: marker}))
    if not p.is_polynomial(marker) or sympy.degree(p, marker) != 1:
        return False
    return all(c.is_polynomial(x) for c in sympy.Poly(p, marker).all_coeffs())


def _pythagorean(g: sympy.Expr, t: sympy.Symbol) -> sympy.Expr:
    """1 − sin² t = cos² t, 1 + sinh² t = cosh² t, 1 − tanh² t = 1/cosh² t … wherever they occur."""

    def one_term(e: sympy.Expr) -> sympy.Expr:
        simpler = sympy.trigsimp(e)
        return e if simpler.is_Add else simpler

    return g.replace(lambda e: e.is_Add and e.has(t) and sympy.count_ops(e) <= 12, one_term)


def _squares_removed(g: sympy.Expr, t: sympy.Symbol, spec: _Forward) -> sympy.Expr:
    """√(h(t)²)^k = h(t)^k for each h that is ≥ 0 on the branch; other roots are left alone."""
    targets = {sympy.simplify(h(t) ** 2): h(t) for h in spec.nonnegative}

    def fix(p: sympy.Expr) -> sympy.Expr:
        base = sympy.simplify(p.base)
        for square, root in targets.items():
            c = sympy.simplify(base / square)
            if not c.has(t) and c.is_positive:
                return sympy.Pow(sympy.sqrt(c) * root, 2 * p.exp)
        return p

    return g.replace(
        lambda p: p.is_Pow and p.exp.is_Rational and p.exp.q == 2 and p.base.has(t), fix
    )


def inverse_substitution_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """t = G(a x + b) for the one inverse function G(a x + b) of an otherwise algebraic f."""
    atoms = _inverse_atoms(f, x)
    if len(atoms) != 1:
        return None
    (atom,) = atoms
    spec = _FORWARD.get(type(atom))
    arg = atom.args[0]
    a = linear_coefficient(arg, x)
    if spec is None or a is None or not _only_algebraic_besides(f, atom, x):
        return None
    if _parts_is_the_way(f, atom, x):
        return None
    # no assumptions on t: with t real SymPy would turn √(sinh² t) into |sinh t|
    t = ctx.fresh([f, x], "t")
    x_of_t = (spec.forward(t) - arg.subs(x, 0)) / a
    dx = sympy.diff(x_of_t, t)
    g = sympy.powsimp(f.xreplace({atom: t}).subs(x, x_of_t) * dx)
    g = _squares_removed(_pythagorean(g, t), t, spec)
    if g.has(x) or sympy.count_ops(g) > 4 * sympy.count_ops(f) + 20:
        return None
    c, rest = g.as_independent(t, as_Add=False)
    inner = ctx.solve(rest, t)
    if inner is None:
        return None
    how = (
        f"Let {fmt(t)} = {fmt(atom)}, so {fmt(arg)} = {fmt(spec.forward(t))}"
        f" ({spec.branch}) and d{fmt(x)} = {differential(dx, t)}."
    )
    # sin 2t, sinh 2t … in products of sin t, cos t …, which go back to x without inverse functions
    ready = replace(scaled(inner, c, g), result=sympy.expand_trig(c * inner.result))
    d = substitution(f, x, t, atom, ready, how, INVERSE_SUB)
    algebraic = _algebraic_exponentials(d.result, x)
    if algebraic == d.result:
        return d
    return replace(d, result=algebraic, step=replace(d.step, after=algebraic))


# e^(G(u)) for the inverse hyperbolic functions, as algebraic functions of u (real u in G's domain).
_EXP_FORMS: dict[type, Callable[[sympy.Expr], sympy.Expr]] = {
    asinh: lambda u: u + sqrt(u**2 + 1),
    acosh: lambda u: u + sqrt(u - 1) * sqrt(u + 1),
    atanh: lambda u: sqrt(1 + u) / sqrt(1 - u),
    acoth: lambda u: sqrt(u + 1) / sqrt(u - 1),
    sympy.asech: lambda u: (1 + sqrt(1 - u) * sqrt(1 + u)) / u,
    sympy.acsch: lambda u: 1 / u + sqrt(1 + 1 / u**2),
}
_FORWARD_INVERSE = {
    (atanh, tanh),
    (acoth, coth),
    (asinh, sinh),
}


def _algebraic_exponentials(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """e^(k·G(u)) = (its algebraic form)^k, for integer and half-integer k."""

    def form(e: sympy.Expr) -> sympy.Expr:
        k, g = e.args[0].as_independent(x, as_Add=False)
        if type(g) not in _EXP_FORMS or not (k * 2).is_Integer:
            return e
        return sympy.Pow(_EXP_FORMS[type(g)](g.args[0]), k)

    return f.replace(lambda e: isinstance(e, sympy.exp) and e.has(x), form)


def _cancelled_compositions(f: sympy.Expr) -> sympy.Expr:
    """artanh(tanh u) = u and the like (real u): the inverse undoes the forward function."""
    return f.replace(
        lambda e: (
            any(isinstance(e, g) and isinstance(e.args[0], h) for g, h in _FORWARD_INVERSE)
            and e.args[0].args[0].is_real is not False
        ),
        lambda e: e.args[0].args[0],
    )


def inverse_rewrite_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """e^(arsinh u) = u + √(u² + 1) and the like; artanh(tanh u) = u."""
    if not f.has(*_ALL_INVERSE):
        return None
    g = _algebraic_exponentials(_cancelled_compositions(f), x)
    if g == f:
        return None
    d = ctx.solve(g, x, rewrite=True)
    if d is None:
        return None
    why = "Exponentials of inverse hyperbolic functions are algebraic: e^(arsinh u) = u + √(u² + 1)"
    if not f.has(sympy.exp):
        why = "An inverse function undoes its forward function (artanh(tanh u) = u for real u)"
    return rewritten(ALGEBRAIC_FORM, why, f, x, g, d)
