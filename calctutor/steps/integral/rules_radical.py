"""Roots of quadratics: table forms, perfect squares, and the three trigonometric substitutions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy
from sympy import cos, cot, csc, sec, sin, tan

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import Derivation, differential, fmt, integral_text, node
from calctutor.steps.integral.rules_subst import sin_cos
from calctutor.steps.integral.substeps import trig_substitution_steps
from calctutor.steps.integral.verify import verify_antiderivative

TRIG_SUB = "trigonometric substitution"
PERFECT_SQUARE = "rewrite"


def _half_integer(e: sympy.Expr) -> bool:
    """e is k/2 with k odd."""
    return bool(e.is_Rational and e.q == 2)


def _quadratic(b: sympy.Expr, x: sympy.Symbol) -> sympy.Poly | None:
    """b as a polynomial of degree 2 in x, else None."""
    if not b.is_polynomial(x):
        return None
    p = sympy.Poly(b, x)
    return p if p.degree() == 2 else None


def _radical_base(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """The one quadratic Q with Q^(k/2) in f, when all of f's roots are of that Q."""
    bases = {p.base for p in f.atoms(sympy.Pow) if _half_integer(p.exp) and p.base.has(x)}
    others = [p for p in f.atoms(sympy.Pow) if p.base.has(x) and p.exp.is_Rational and p.exp.q > 2]
    if len(bases) != 1 or others:
        return None
    base = bases.pop()
    return base if _quadratic(base, x) is not None else None


def inverse_trig_form_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ dx/√Q: arcsine when Q opens downward, a logarithm (inverse hyperbolic sine) when upward."""
    base, n = f.as_base_exp()
    qp = _quadratic(base, x)
    if qp is None or n != sympy.Rational(-1, 2):
        return None
    a, b, c = qp.all_coeffs()
    h = b / (2 * a)
    d = sympy.cancel(c - b**2 / (4 * a))
    u = x + h
    if a.is_negative and d.is_positive:
        result = sympy.asin(u * sympy.sqrt(-a / d)) / sympy.sqrt(-a)
        rule = "inverse sine rule"
    elif a.is_positive and d != 0:
        result = sympy.log(sympy.sqrt(a) * u + sympy.sqrt(base)) / sympy.sqrt(a)
        rule = "inverse hyperbolic sine rule" if d.is_positive else "inverse hyperbolic cosine rule"
    else:
        return None
    shape = fmt(sympy.Add(a * u**2, d, evaluate=False))
    square = f" Complete the square: {fmt(base)} = {shape}." if h != 0 else ""
    text = f"{square} {integral_text(f, x)} = {fmt(result)}.".strip()
    return node(rule, text, f, x, result)


@dataclass(frozen=True)
class _Sub:
    """One of the three substitutions: x + h = c·T(θ), √Q = k·S(θ), and the triangle back."""

    name: str
    x_of_theta: sympy.Expr
    dx: sympy.Expr
    root: sympy.Expr
    back: dict[Any, sympy.Expr]
    theta_back: sympy.Expr
    branch: str


def _substitution(qp: sympy.Poly, x: sympy.Symbol, theta: sympy.Symbol) -> _Sub | None:
    """The substitution that fits Q = A(x + h)^2 + D by the signs of A and D."""
    big_a, b, c0 = qp.all_coeffs()
    h = b / (2 * big_a)
    d = sympy.cancel(c0 - b**2 / (4 * big_a))
    u = x + h
    scale = sympy.sqrt(abs(big_a))
    r = sympy.sqrt(qp.as_expr()) / scale  # √(c² ± u²), written with the integrand's root
    if d == 0 or not (big_a.is_number and d.is_number):
        return None
    c = sympy.sqrt(abs(d / big_a))
    if big_a.is_positive and d.is_positive:
        back = {tan: u / c, sec: r / c, cos: c / r, sin: u / r, cot: c / u, csc: r / u}
        return _Sub(
            "tan",
            -h + c * tan(theta),
            c * sec(theta) ** 2,
            scale * c * sec(theta),
            back,
            sympy.atan(u / c),
            "−π/2 < θ < π/2, where sec θ > 0",
        )
    if big_a.is_positive:
        back = {sec: u / c, tan: r / c, cos: c / u, sin: r / u, cot: c / r, csc: u / r}
        return _Sub(
            "sec",
            -h + c * sec(theta),
            c * sec(theta) * tan(theta),
            scale * c * tan(theta),
            back,
            sympy.atan(r / c),
            f"0 ≤ θ < π/2 for {fmt(u)} ≥ {fmt(c)}, where tan θ ≥ 0",
        )
    if d.is_positive:
        back = {sin: u / c, cos: r / c, tan: u / r, sec: c / r, csc: c / u, cot: r / u}
        return _Sub(
            "sin",
            -h + c * sin(theta),
            c * cos(theta),
            scale * c * cos(theta),
            back,
            sympy.asin(u / c),
            "−π/2 ≤ θ ≤ π/2, where cos θ ≥ 0",
        )
    return None


def _in_theta(
    f: sympy.Expr, x: sympy.Symbol, q: sympy.Expr, sub: _Sub, theta: sympy.Symbol
) -> sympy.Expr:
    """The integrand after the substitution, times dx/dθ, with √Q replaced by its trig form."""
    replaced = f.replace(
        lambda e: e.is_Pow and e.exp.is_Rational and _multiple_of(e.base, q, e.exp) is not None,
        lambda e: _power_of_root(_multiple_of(e.base, q, e.exp), sub.root, e.exp),
    )
    replaced = replaced.xreplace({q: sub.root**2, -q: -(sub.root**2)})
    g = replaced.subs(x, sub.x_of_theta) * sub.dx
    return sympy.expand(g)


def _multiple_of(b: sympy.Expr, q: sympy.Expr, e: sympy.Expr) -> sympy.Expr | None:
    """k with b = k·q (k constant), when b^e = (k·q)^e may be taken apart: k = 1 or e an integer."""
    if b == q:
        return sympy.S.One
    if not e.is_Integer or not b.is_Add:
        return None
    k = sympy.cancel(b / q)
    return k if not k.free_symbols else None


def _power_of_root(k: sympy.Expr | None, root: sympy.Expr, e: sympy.Expr) -> sympy.Expr:
    """(k·root²)^e, as root^(2e) when k = 1 so that √Q becomes the trig form itself."""
    assert k is not None
    return root ** (2 * e) if k == 1 else (k * root**2) ** e


def _back(result: sympy.Expr, sub: _Sub, theta: sympy.Symbol) -> sympy.Expr:
    """θ back to x through the reference triangle."""
    expanded = sympy.expand_trig(result)
    kinds = tuple(sub.back)

    def is_trig_of_theta(e: Any) -> bool:
        """sin θ, cos θ ... of the substitution's angle itself."""
        return isinstance(e, kinds) and bool(e.args[0] == theta)

    expanded = expanded.replace(is_trig_of_theta, lambda e: sub.back[type(e)])
    return expanded.xreplace({theta: sub.theta_back})


def trig_substitution_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """√(c²−u²): u = c sin θ; √(c²+u²): u = c tan θ; √(u²−c²): u = c sec θ (u = x + h)."""
    q = _radical_base(f, x)
    if q is None:
        return None
    qp = _quadratic(q, x)
    assert qp is not None
    theta = ctx.theta([f, x])
    sub = _substitution(qp, x, theta)
    if sub is None:
        return None
    g = _in_theta(f, x, q, sub, theta)
    if g.has(x):
        return None
    inner = ctx.solve(g, theta)
    if inner is None:
        return None
    result = _back(inner.result, sub, theta)
    if not verify_antiderivative(result, f, x):
        return None
    how = (
        f"Let {fmt(x)} = {fmt(sub.x_of_theta)} ({sub.branch}), so d{fmt(x)} ="
        f" {differential(sub.dx, theta)} and √({fmt(q)}) = {fmt(sub.root)}."
    )
    return trig_substitution_steps(
        TRIG_SUB, f, x, how, inner, _triangle_text(inner.result, sub, theta, x, result), result
    )


def _triangle_text(
    anti: sympy.Expr, sub: _Sub, theta: sympy.Symbol, x: sympy.Symbol, result: sympy.Expr
) -> str:
    """'θ = arcsin(x/2); from the triangle sin θ = x/2, cos θ = √(4 − x²)/2; so …'."""
    used = [k for k in sub.back if sympy.expand_trig(anti).has(k(theta))]
    ratios = ", ".join(f"{k.__name__} θ = {fmt(sub.back[k])}" for k in used)
    triangle = f"; from the reference triangle {ratios}" if ratios else ""
    return f"θ = {fmt(sub.theta_back)}{triangle}. Back in {fmt(x)}: {fmt(result)}."


def negative_quadratic_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Q < 0 for every real x: Q^(k/2) = i^k·(−Q)^(k/2)."""
    q = _radical_base(f, x)
    if q is None:
        return None
    qp = _quadratic(q, x)
    assert qp is not None
    a, b, c = qp.all_coeffs()
    if not (a.is_negative and (c - b**2 / (4 * a)).is_negative):
        return None
    g = f.replace(
        lambda e: e.is_Pow and e.base == q and e.exp.is_Rational,
        lambda e: sympy.I ** (2 * e.exp) * (-q) ** e.exp,
    )
    d = ctx.solve(g, x)
    if d is None:
        return None
    why = f"{fmt(q)} < 0 for every real {fmt(x)}, so √({fmt(q)}) = i·√({fmt(-q)})"
    return node("rewrite", f"{why}: {fmt(f)} = {fmt(g)}.", f, x, d.result, [d])


def _square_root_of(b: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(g, h) with b = g²·h, g not constant (h keeps what is not a square), or None."""
    for form in (b, sympy.factor(b), sympy.trigsimp(b), sympy.cancel(sin_cos(b))):
        c, factors = sympy.factor_list(form) if form.is_polynomial() else _mul_factors(form)
        g = sympy.Mul(*(p ** (e // 2) for p, e in factors))
        if g.free_symbols:
            return g, c * sympy.Mul(*(p ** (e % 2) for p, e in factors))
    return None


def _mul_factors(form: sympy.Expr) -> tuple[sympy.Expr, list[tuple[sympy.Expr, int]]]:
    """(constant, [(factor, integer exponent)]) of a product."""
    c, rest = (
        form.as_independent(*form.free_symbols, as_Add=False)
        if form.free_symbols
        else (
            form,
            sympy.S.One,
        )
    )
    factors = []
    for p in sympy.Mul.make_args(rest):
        base, e = p.as_base_exp()
        if not e.is_Integer:
            return c, []
        factors.append((base, int(e)))
    return c, factors


def perfect_square_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """√(c·g²) = √c·|g|: on an interval where g keeps its sign, |g| = ε·g with ε = ±1 constant."""
    for p in f.atoms(sympy.Pow):
        if not (p.base.has(x) and _half_integer(p.exp)):
            continue
        found = _square_root_of(p.base)
        if found is None:
            continue
        g, h = found
        eps = sympy.sqrt(p.base) / (sympy.sqrt(h) * g)
        inner = f.xreplace({p: h**p.exp * g ** (2 * p.exp)})
        d = ctx.solve(inner, x)
        if d is None:
            continue
        root = f"|{fmt(g)}|" if h == 1 else f"√({fmt(h)})·|{fmt(g)}|"
        text = (
            f"√({fmt(p.base)}) = {root}, and |{fmt(g)}| = ε·({fmt(g)})"
            f" with ε = {fmt(eps)} = ±1, constant where {fmt(g)} keeps its sign."
            f" So {integral_text(f, x)} = ε·{integral_text(inner, x)}."
        )
        result = eps * d.result
        return node(PERFECT_SQUARE, text, f, x, result, [d], f"Result: {fmt(result)}.")
    return None
