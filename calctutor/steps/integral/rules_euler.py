"""Euler's substitutions: R(x, √(a x² + b x + c)) becomes a rational function of t.

First substitution (a > 0): √Q = t − √a·x, so x = (t² − c)/(b + 2√a·t).
Second substitution (c > 0): √Q = x·t + √c, so x = (2√c·t − b)/(a − t²).
Each makes x, dx and √Q rational in t; partial fractions finish the job and t goes back as
t = √Q + √a·x (first) or t = (√Q − √c)/x (second). The result is verified by differentiation,
so a branch on which an identity fails is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import Derivation, differential, fmt
from calctutor.steps.integral.rules_radical import _quadratic, _radical_base
from calctutor.steps.integral.rules_subst import substitution
from calctutor.steps.integral.verify import verify_antiderivative

EULER = "Euler substitution"
_MAX_DEGREE = 12


@dataclass(frozen=True)
class _Euler:
    """One Euler substitution: x and √Q in t, and t in x."""

    name: str
    relation: sympy.Expr
    x_of_t: sympy.Expr
    root_of_t: sympy.Expr
    t_of_x: sympy.Expr


def _choices(q: sympy.Expr, x: sympy.Symbol, t: sympy.Symbol) -> list[_Euler]:
    """The Euler substitutions that apply to Q = a x² + b x + c (a > 0, then c > 0)."""
    poly = _quadratic(q, x)
    assert poly is not None
    a, b, c = poly.all_coeffs()
    out = []
    if a.is_positive:
        ra = sympy.sqrt(a)
        x_of_t = (t**2 - c) / (b + 2 * ra * t)
        out.append(_Euler("first", t - ra * x, x_of_t, t - ra * x_of_t, sympy.sqrt(q) + ra * x))
    if c.is_positive:
        rc = sympy.sqrt(c)
        x_of_t = (2 * rc * t - b) / (a - t**2)
        out.append(_Euler("second", x * t + rc, x_of_t, x_of_t * t + rc, (sympy.sqrt(q) - rc) / x))
    return out


def _in_t(
    f: sympy.Expr, x: sympy.Symbol, q: sympy.Expr, sub: _Euler, t: sympy.Symbol
) -> sympy.Expr:
    """f dx written in t: every √Q^k as the rational root_of_t^k."""
    root = sympy.cancel(sub.root_of_t)
    replaced = f.replace(
        lambda e: e.is_Pow and e.base == q and e.exp.is_Rational and e.exp.q == 2,
        lambda e: root ** (2 * e.exp),
    )
    return sympy.cancel(replaced.subs(x, sub.x_of_t) * sympy.diff(sub.x_of_t, t))


def _root_in_a_sum(f: sympy.Expr, q: sympy.Expr) -> bool:
    """√Q is added to something (x + √(x² + 1)), not only multiplied."""
    return any(
        e.is_Add and any(p.is_Pow and p.base == q for p in sympy.preorder_traversal(e))
        for e in sympy.preorder_traversal(f)
        if e != q
    )


def euler_substitution_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """R(x, √Q) rational in t after one of Euler's substitutions."""
    q = _radical_base(f, x)
    if q is None or not f.xreplace({sympy.sqrt(q): sympy.Dummy()}).is_rational_function(x):
        return None
    if not _root_in_a_sum(f, q):
        return None  # a product with √Q^k is the trigonometric substitution's case
    t = ctx.fresh([f, x], "t")
    for sub in _choices(q, x, t):
        ctx.check()
        g = _in_t(f, x, q, sub, t)
        if g.has(x) or not g.is_rational_function(t):
            continue
        numer, denom = sympy.fraction(g)
        if sympy.degree(numer, t) + sympy.degree(denom, t) > _MAX_DEGREE:
            continue
        inner = ctx.solve(g, t)
        if inner is None:
            continue
        how = (
            f"Euler's {sub.name} substitution: let √({fmt(q)}) = {fmt(sub.relation)}"
            f" with {fmt(t)} = {fmt(sub.t_of_x)}, so {fmt(x)} = {fmt(sub.x_of_t)} and"
            f" d{fmt(x)} = {differential(sympy.factor(sympy.diff(sub.x_of_t, t)), t)}."
        )
        d = substitution(f, x, t, sub.t_of_x, inner, how, EULER)
        if verify_antiderivative(d.result, f, x):
            return d
    return None
