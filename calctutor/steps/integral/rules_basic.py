"""Linearity and the table of basic integrals, with a linear inner argument folded in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy
from sympy import cos, cosh, cot, coth, csc, csch, exp, log, sec, sech, sin, sinh, tan, tanh

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import (
    Derivation,
    fmt,
    leaf,
    rewritten,
    scaled,
    summed,
)

POWER = "power rule"
LOG = "log rule"
EXP = "exponential rule"
TRIG = "trigonometric integral"
HYPERBOLIC = "hyperbolic integral"

Entry = tuple[sympy.Expr, str]


def linear_coefficient(arg: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """a when arg = a*x + b with a constant and nonzero, else None (read off the tree, no diff)."""
    if arg == x:
        return sympy.S.One
    if arg.is_Mul:
        c, rest = arg.as_independent(x, as_Add=False)
        inner = linear_coefficient(rest, x) if rest != arg else None
        return None if inner is None else c * inner
    if arg.is_Add:
        _, rest = arg.as_independent(x, as_Add=True)
        terms = [linear_coefficient(t, x) for t in sympy.Add.make_args(rest)]
        if not terms or any(t is None for t in terms):
            return None
        a = sympy.Add(*terms)
        return None if a == 0 else a
    return None


def constant_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ c dx = c·x."""
    if f.has(x):
        return None
    return leaf("constant rule", f, x, f * x)


def constant_multiple_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ c·g(x) dx = c ∫ g(x) dx."""
    c, g = f.as_independent(x, as_Add=False)
    if c == 1 or g == 1:
        return None
    d = ctx.solve(g, x, smaller=True)
    return None if d is None else scaled(d, c, f)


def sum_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ (g + h) dx = ∫ g dx + ∫ h dx."""
    if not f.is_Add:
        return None
    parts = []
    for term in sympy.Add.make_args(f):
        d = ctx.solve(term, x, smaller=True)
        if d is None:
            return None
        parts.append(d)
    return summed(f, x, parts)


def polynomial_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """A polynomial not written as a sum of powers: expand it, then the power rule term by term."""
    if f.is_Add or not f.is_polynomial(x):
        return None
    g = sympy.expand(f)
    if g == f:
        return None
    d = ctx.solve(g, x)
    return None if d is None else rewritten("rewrite", "Expand", f, x, g, d)


def _power(base: sympy.Expr, n: sympy.Expr) -> Entry:
    """∫ u^n du."""
    if n == -1:
        return log(base), LOG
    return base ** (n + 1) / (n + 1), POWER


def _pow_entry(f: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, Entry] | None:
    """Table entries for powers: u^n, b^u, sec^2, csc^2, sech^2, csch^2, 1/cos, 1/sin."""
    base, n = f.as_base_exp()
    if not n.has(x) and linear_coefficient(base, x) is not None:
        return base, _power(base, n)
    if not base.has(x) and base.is_positive and linear_coefficient(n, x) is not None:
        return n, (f / log(base), EXP)
    if n.has(x) or not base.args:
        return None
    u = base.args[0]
    squares: dict[tuple[type, int], Entry] = {
        (sec, 2): (tan(u), TRIG),
        (cos, -2): (tan(u), TRIG),
        (csc, 2): (-cot(u), TRIG),
        (sin, -2): (-cot(u), TRIG),
        (cos, -1): (log(sec(u) + tan(u)), TRIG),
        (sin, -1): (-log(csc(u) + cot(u)), TRIG),
        (sech, 2): (tanh(u), HYPERBOLIC),
        (csch, 2): (-coth(u), HYPERBOLIC),
        (cosh, -2): (tanh(u), HYPERBOLIC),
        (sinh, -2): (-coth(u), HYPERBOLIC),
    }
    for (func, power), entry in squares.items():
        if isinstance(base, func) and n == power:
            return u, entry
    return None


_FUNCTIONS: dict[type, Callable[[sympy.Expr], Entry]] = {
    exp: lambda u: (exp(u), EXP),
    sin: lambda u: (-cos(u), TRIG),
    cos: lambda u: (sin(u), TRIG),
    tan: lambda u: (-log(cos(u)), TRIG),
    cot: lambda u: (log(sin(u)), TRIG),
    sec: lambda u: (log(sec(u) + tan(u)), TRIG),
    csc: lambda u: (-log(csc(u) + cot(u)), TRIG),
    sinh: lambda u: (cosh(u), HYPERBOLIC),
    cosh: lambda u: (sinh(u), HYPERBOLIC),
    tanh: lambda u: (log(cosh(u)), HYPERBOLIC),
    coth: lambda u: (log(sinh(u)), HYPERBOLIC),
    sech: lambda u: (2 * sympy.atan(tanh(u / 2)), HYPERBOLIC),
    csch: lambda u: (log(tanh(u / 2)), HYPERBOLIC),
}

_PRODUCTS: tuple[tuple[Any, Any, Callable[[sympy.Expr], Entry]], ...] = (
    (sec, tan, lambda u: (sec(u), TRIG)),
    (csc, cot, lambda u: (-csc(u), TRIG)),
    (sech, tanh, lambda u: (-sech(u), HYPERBOLIC)),
    (csch, coth, lambda u: (-csch(u), HYPERBOLIC)),
)


def _mul_entry(f: sympy.Expr) -> tuple[sympy.Expr, Entry] | None:
    """sec·tan, csc·cot, sech·tanh, csch·coth of one argument."""
    if not f.is_Mul or len(f.args) != 2:
        return None
    first, second = f.args
    for a, b, entry in _PRODUCTS:
        for p, q in ((first, second), (second, first)):
            if isinstance(p, a) and isinstance(q, b) and p.args == q.args:
                inner: sympy.Expr = p.args[0]
                return inner, entry(inner)
    return None


def table_entry(f: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, Entry] | None:
    """(inner argument u, (antiderivative in u, rule)) when f is a basic form of u."""
    if f == x:
        return x, (x**2 / 2, POWER)
    if f.is_Pow:
        return _pow_entry(f, x)
    if f.is_Mul:
        return _mul_entry(f)
    entry = _FUNCTIONS.get(type(f))
    if entry is not None and len(f.args) == 1:
        return f.args[0], entry(f.args[0])
    return None


def table_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """A basic integral, ∫ g(a x + b) dx = G(a x + b)/a."""
    found = table_entry(f, x)
    if found is None:
        return None
    u, (antiderivative, rule) = found
    a = linear_coefficient(u, x)
    if a is None:
        return None
    if a == 1 and (u - x) == 0:
        return leaf(rule, f, x, antiderivative)
    note = f"with u = {fmt(u)}, du = {fmt(a)} d{fmt(x)}" if a != 1 else ""
    return leaf(rule, f, x, antiderivative / a, note)
