"""Trigonometric integrals: powers of sin·cos, tan·sec, cot·csc, reduction formulas, identities."""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import cos, cot, csc, sec, sin, tan
from sympy.simplify.fu import TR8

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import (
    Derivation,
    chained,
    differential,
    fmt,
    integral_text,
    node,
    rewritten,
)
from calctutor.steps.integral.rules_basic import linear_coefficient
from calctutor.steps.integral.rules_subst import substitution

IDENTITY = "trigonometric identity"
REDUCTION = "reduction formula"
_TRIG = (sin, cos, tan, cot, sec, csc)
# Each function as sin^i·cos^j.
_AS_SIN_COS = {sin: (1, 0), cos: (0, 1), tan: (1, -1), cot: (-1, 1), sec: (0, -1), csc: (-1, 0)}


@dataclass(frozen=True)
class Monomial:
    """f = sin(L)^m · cos(L)^n (after tan = sin/cos ...), L = a·x + b, with the names used."""

    arg: sympy.Expr
    a: sympy.Expr
    m: sympy.Expr
    n: sympy.Expr
    names: frozenset[type]


def monomial(f: sympy.Expr, x: sympy.Symbol) -> Monomial | None:
    """f as a product of rational powers of trig functions of one linear argument, or None."""
    m, n = sympy.S.Zero, sympy.S.Zero
    args, names = set(), set()
    for factor in sympy.Mul.make_args(f):
        base, e = factor.as_base_exp()
        if not (isinstance(base, _TRIG) and e.is_Rational):
            return None
        i, j = _AS_SIN_COS[type(base)]
        m, n = m + i * e, n + j * e
        args.add(base.args[0])
        names.add(type(base))
    if len(args) != 1:
        return None
    arg = args.pop()
    a = linear_coefficient(arg, x)
    return None if a is None else Monomial(arg, a, m, n, frozenset(names))


def _odd(e: sympy.Expr) -> bool:
    """e is an odd integer."""
    return bool(e.is_Integer and e % 2 == 1)


def _even(e: sympy.Expr) -> bool:
    """e is an even integer."""
    return bool(e.is_Integer and e % 2 == 0)


def _substitute(
    f: sympy.Expr,
    x: sympy.Symbol,
    mono: Monomial,
    func: type,
    g_of_u: sympy.Expr,
    u: sympy.Symbol,
    why: str,
    ctx: Context,
) -> Derivation | None:
    """u = func(L): integrate g(u) (already divided by du/dx), and put u back."""
    inner = ctx.solve(_power_sum(g_of_u, u), u)
    if inner is None:
        return None
    u_func = func(mono.arg)
    du = sympy.diff(u_func, x)
    if func is tan:
        du = mono.a * sec(mono.arg) ** 2
    elif func is cot:
        du = -mono.a * csc(mono.arg) ** 2
    elif func is sec:
        du = mono.a * sec(mono.arg) * tan(mono.arg)
    elif func is csc:
        du = -mono.a * csc(mono.arg) * cot(mono.arg)
    how = f"{why} Let {fmt(u)} = {fmt(u_func)}, so d{fmt(u)} = {differential(du, x)}."
    return substitution(f, x, u, u_func, inner, how)


def _power_sum(g: sympy.Expr, u: sympy.Symbol) -> sympy.Expr:
    """g expanded when that makes it a sum of powers c·u^r (roots allowed), else g as it is."""
    expanded = sympy.expand(g)
    for term in sympy.Add.make_args(expanded):
        _, rest = term.as_independent(u, as_Add=False)
        if not (rest == 1 or rest == u or (rest.is_Pow and rest.base == u)):
            return g
    return expanded


def _odd_why(odd: str, other: str, power: sympy.Expr, arg: sympy.Expr) -> str:
    """Why the substitution works: one factor is kept for du, the rest turned by sin² + cos² = 1."""
    if power == 1:
        return (
            f"The {odd}({fmt(arg)}) factor is (up to sign) the derivative of {other}({fmt(arg)})."
        )
    return (
        f"The power of {odd} is odd: keep one {odd}({fmt(arg)}) for du and write the rest with"
        f" {odd}² = 1 − {other}²."
    )


def odd_power_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """An odd power of cos (or sin): save one factor, turn the rest with cos² = 1 − sin²."""
    mono = monomial(f, x)
    if mono is None:
        return None
    u = ctx.fresh([f, x])
    m, n, a = mono.m, mono.n, mono.a
    if _odd(n) and n > 0 and not (_odd(m) and 0 < m < n):
        g = u**m * (1 - u**2) ** ((n - 1) / 2) / a
        why = _odd_why("cos", "sin", n, mono.arg)
        return _substitute(f, x, mono, sin, g, u, why, ctx)
    if _odd(m) and m > 0:
        g = -(u**n) * (1 - u**2) ** ((m - 1) / 2) / a
        why = _odd_why("sin", "cos", m, mono.arg)
        return _substitute(f, x, mono, cos, g, u, why, ctx)
    return None


def _powers(first: str, m: sympy.Expr, second: str, k: sympy.Expr) -> str:
    """'tan^m·sec^k', leaving out a zeroth power."""
    parts = [f"{name}^{fmt(e)}" for name, e in ((first, m), (second, k)) if e != 0]
    return "·".join(parts)


def tan_sec_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """tan^m·sec^k with k even: u = tan; cot^m·csc^k with k even: u = cot (k = −(m + n) ≥ 2)."""
    mono = monomial(f, x)
    if mono is None:
        return None
    k = -(mono.m + mono.n)
    if not (_even(k) and k >= 2):
        return None
    u = ctx.fresh([f, x])
    if mono.n < 0 and not (mono.m < 0 and csc in mono.names):
        g = u**mono.m * (1 + u**2) ** ((k - 2) / 2) / mono.a
        why = f"{_powers('tan', mono.m, 'sec', k)}: keep sec², use sec² = 1 + tan²."
        return _substitute(f, x, mono, tan, g, u, why, ctx)
    g = -(u**mono.n) * (1 + u**2) ** ((k - 2) / 2) / mono.a
    why = f"{_powers('cot', mono.n, 'csc', k)}: keep csc², use csc² = 1 + cot²."
    return _substitute(f, x, mono, cot, g, u, why, ctx)


def sec_reduction_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ sec^n = sec^(n−2)·tan/(n−1) + (n−2)/(n−1) ∫ sec^(n−2) (and csc alike), n odd ≥ 3."""
    mono = monomial(f, x)
    if mono is None or not (mono.m == 0 or mono.n == 0):
        return None
    n = -(mono.m + mono.n)
    if not (_odd(n) and n >= 3):
        return None
    L, a = mono.arg, mono.a
    if mono.m == 0:
        lower_f, head = sec(L) ** (n - 2), sec(L) ** (n - 2) * tan(L) / (a * (n - 1))
        name = "sec"
    else:
        lower_f, head = csc(L) ** (n - 2), -(csc(L) ** (n - 2)) * cot(L) / (a * (n - 1))
        name = "csc"
    lower = ctx.solve(lower_f, x)
    if lower is None:
        return None
    factor = sympy.Rational(n - 2, n - 1)
    result = head + factor * lower.result
    text = (
        f"Reduction formula for ∫ {name}^n: {integral_text(f, x)} = {fmt(head)}"
        f" + {fmt(factor)} · {integral_text(lower_f, x)}."
    )
    return chained(REDUCTION, text, f, x, result, lower)


def tan_reduction_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ tan^n = tan^(n−1)/(n−1) − ∫ tan^(n−2) (and cot alike), from tan² = sec² − 1."""
    if not (f.is_Pow and isinstance(f.base, (tan, cot)) and f.exp.is_Integer and f.exp >= 2):
        return None
    L = f.base.args[0]
    a = linear_coefficient(L, x)
    if a is None:
        return None
    n = int(f.exp)
    sign = 1 if isinstance(f.base, tan) else -1
    head = sign * f.base ** (n - 1) / (a * (n - 1))
    lower_f = f.base ** (n - 2)
    lower = ctx.solve(lower_f, x)
    if lower is None:
        return None
    result = head - lower.result
    text = f"Reduction formula: {integral_text(f, x)} = {fmt(head)} − {integral_text(lower_f, x)}."
    return chained(REDUCTION, text, f, x, result, lower)


def pythagorean_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """An even power of sin beside another power of cos: sin² = 1 − cos², then term by term."""
    mono = monomial(f, x)
    if mono is None:
        return None
    s, c = sin(mono.arg), cos(mono.arg)
    if _even(mono.m) and mono.m > 0 and mono.n < 0:
        g = sympy.expand((1 - c**2) ** (mono.m / 2) * c**mono.n)
        why = "Use sin² = 1 − cos²"
    elif _even(mono.n) and mono.n > 0 and mono.m < 0:
        g = sympy.expand((1 - s**2) ** (mono.n / 2) * s**mono.m)
        why = "Use cos² = 1 − sin²"
    else:
        return None
    d = ctx.solve(g, x)
    return None if d is None else rewritten(IDENTITY, why, f, x, g, d)


def _is_sin_cos_product(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """f is a product of positive integer powers of sin and cos of linear arguments."""
    for factor in sympy.Mul.make_args(f):
        base, e = factor.as_base_exp()
        if not (isinstance(base, (sin, cos)) and e.is_Integer and e > 0):
            return False
        if linear_coefficient(base.args[0], x) is None:
            return False
    return bool(f.is_Mul or f.is_Pow)


def linearize(f: sympy.Expr) -> sympy.Expr:
    """Products and powers of sin and cos as a sum of sines and cosines of multiple angles."""
    for _ in range(8):
        g = sympy.expand(TR8(f))
        if g == f:
            break
        f = g
    return f


def product_to_sum_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Products and even powers of sin and cos: product-to-sum and power-reduction identities."""
    if not _is_sin_cos_product(f, x):
        return None
    g = linearize(f)
    if g == f:
        return None
    d = ctx.solve(g, x)
    why = "Product-to-sum and power-reduction identities"
    return None if d is None else rewritten(IDENTITY, why, f, x, g, d)


def _term(t: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, Monomial] | None:
    """(c, monomial) for a term c·sin^m·cos^n."""
    c, core = t.as_independent(x, as_Add=False)
    mono = monomial(core, x)
    return None if mono is None else (c, mono)


def power_pair_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """A·cos^p + B·cos^(p−2) with A/p = −B/(p−1) is (A/p)·d/dx[sin·cos^(p−1)] (sin alike)."""
    terms = sympy.Add.make_args(f)
    if len(terms) != 2:
        return None
    found = [t for t in (_term(term, x) for term in terms) if t is not None]
    if len(found) != 2:
        return None
    (c1, m1), (c2, m2) = sorted(found, key=lambda t: -(t[1].m + t[1].n))
    if m1.arg != m2.arg:
        return None
    L, a = m1.arg, m1.a
    if m1.m == 0 and m2.m == 0 and m1.n - m2.n == 2:
        p, head, func = m1.n, sin(L) * cos(L) ** (m1.n - 1), cos
    elif m1.n == 0 and m2.n == 0 and m1.m - m2.m == 2:
        p, head, func = m1.m, -cos(L) * sin(L) ** (m1.m - 1), sin
    else:
        return None
    if p in (0, 1) or sympy.cancel(c1 / p + c2 / (p - 1)) != 0:
        return None
    result = c1 / (p * a) * head
    derivative = sympy.Add(p * func(L) ** p, -(p - 1) * func(L) ** (p - 2), evaluate=False)
    text = (
        f"With sin² + cos² = 1, d/d{fmt(x)} [{fmt(head)}] = {fmt(a)}·({fmt(derivative)}),"
        f" and the integrand is {fmt(c1 / p)} times that: {integral_text(f, x)} = {fmt(result)}."
    )
    return node(REDUCTION, text, f, x, result)
