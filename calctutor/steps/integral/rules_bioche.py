"""Rational functions of sin and cos: Bioche's rules pick u = cos, sin or tan, else t = tan(x/2)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import cos, cot, csc, sec, sin, tan

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import Derivation, fmt
from calctutor.steps.integral.rules_basic import linear_coefficient
from calctutor.steps.integral.rules_subst import U_SUB, substitution

WEIERSTRASS = "Weierstrass substitution"
_S, _C = sympy.Dummy("s"), sympy.Dummy("c")


@dataclass(frozen=True)
class _TrigRational:
    """f = R(sin L, cos L) with R rational, L = a·x + b."""

    arg: sympy.Expr
    a: sympy.Expr
    r: sympy.Expr


def _as_rational(f: sympy.Expr, x: sympy.Symbol) -> _TrigRational | None:
    """R(s, c) with f = R(sin L, cos L), when all trig functions share one linear argument L."""
    atoms = [a for a in f.atoms(sympy.Function) if a.has(x)]
    if not atoms or any(not isinstance(a, (sin, cos, tan, cot, sec, csc)) for a in atoms):
        return None
    args = {a.args[0] for a in atoms}
    if len(args) != 1:
        return None
    arg = args.pop()
    a = linear_coefficient(arg, x)
    if a is None:
        return None
    s, c = _S, _C
    table = {
        sin(arg): s,
        cos(arg): c,
        tan(arg): s / c,
        cot(arg): c / s,
        sec(arg): 1 / c,
        csc(arg): s**-1,
    }
    r = f.xreplace(table)
    if r.has(x) or not r.is_rational_function(s, c):
        return None
    return _TrigRational(arg, a, sympy.cancel(r))


def _zero(e: sympy.Expr) -> bool:
    """e cancels to zero."""
    return bool(sympy.cancel(e) == 0)


def _bioche(tr: _TrigRational, u: sympy.Symbol) -> tuple[type, sympy.Expr, str] | None:
    """(function of L to call u, integrand in u, why) by Bioche's invariance tests."""
    r, s, c, a = tr.r, _S, _C, tr.a
    root = sympy.sqrt(1 - u**2)
    if _zero(r.xreplace({s: -s}) + r):
        g = -sympy.cancel(r / s).xreplace({c: u}).subs(s, root) / a
        return cos, g, "f(x) dx is unchanged under x → −x (Bioche), so"
    if _zero(r.xreplace({c: -c}) + r):
        g = sympy.cancel(r / c).xreplace({s: u}).subs(c, root) / a
        return sin, g, "f(x) dx is unchanged under x → π − x (Bioche), so"
    if _zero(r.xreplace({s: -s, c: -c}) - r):
        cu = 1 / sympy.sqrt(1 + u**2)
        g = r.xreplace({s: u * c}).subs(c, cu) / (a * (1 + u**2))
        return tan, g, "f(x) dx is unchanged under x → π + x (Bioche), so"
    return None


def bioche_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """A rational function of sin and cos: u = cos, sin or tan when f dx has the symmetry."""
    tr = _as_rational(f, x)
    if tr is None:
        return None
    u = ctx.fresh([f, x])
    found = _bioche(tr, u)
    if found is None:
        return None
    func, g, why = found
    g = sympy.cancel(sympy.together(g))
    if g.has(x) or not g.is_rational_function(u):
        return None
    inner = ctx.solve(g, u)
    if inner is None:
        return None
    u_func = func(tr.arg)
    how = f"{why} let {fmt(u)} = {fmt(u_func)}."
    return substitution(f, x, u, u_func, inner, how, U_SUB)


def weierstrass_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """t = tan(L/2): sin L = 2t/(1+t²), cos L = (1−t²)/(1+t²), dx = 2 dt/(a(1+t²))."""
    tr = _as_rational(f, x)
    if tr is None:
        return None
    t = ctx.fresh([f, x], prefer="t")
    one = 1 + t**2
    g = tr.r.xreplace({_S: 2 * t / one, _C: (1 - t**2) / one}) * 2 / (tr.a * one)
    g = sympy.cancel(g)
    inner = ctx.solve(g, t)
    if inner is None:
        return None
    t_func = tan(tr.arg / 2)
    how = (
        f"Let {fmt(t)} = {fmt(t_func)}: sin = 2{fmt(t)}/(1 + {fmt(t)}^2),"
        f" cos = (1 − {fmt(t)}^2)/(1 + {fmt(t)}^2), d{fmt(x)} = {fmt(2 / (tr.a * one))} d{fmt(t)}."
    )
    return substitution(f, x, t, t_func, inner, how, WEIERSTRASS)
