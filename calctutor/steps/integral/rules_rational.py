"""Rational functions: partial fractions, completing the square, and the quadratic reduction."""

from __future__ import annotations

import sympy

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import (
    Derivation,
    chained,
    differential,
    fmt,
    integral_text,
    leaf,
    node,
    rewritten,
    summed,
)
from calctutor.steps.integral.partial_fractions import partial_fraction_steps
from calctutor.steps.integral.substeps import substitution_steps

PARTIAL_FRACTIONS = "partial fractions"
COMPLETE_SQUARE = "completing the square"
REDUCTION = "reduction formula"
U_SUB = "u-substitution"


def partial_fractions_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """A proper fraction split over the factors of its denominator (after long division)."""
    if f.is_polynomial(x) or not f.is_rational_function(x):
        return None
    g = sympy.apart(f, x)
    # a single term counts too: 1/(u² + 2u + 1) = 1/(u + 1)², a power of a linear factor
    written_out = g != f
    if not written_out:
        g = _biquadratic_split(f, x)
        if g is None:
            return None
    d = ctx.solve(g, x)
    if d is None:
        return None
    shown = partial_fraction_steps(f, x, g, d) if written_out else None
    return shown or rewritten(PARTIAL_FRACTIONS, "Partial fractions", f, x, g, d)


def _biquadratic_split(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """Over a x⁴ + b x² + c, irreducible over the rationals: factor with square roots.

    Real roots r₁, r₂ in x² give A/(x² − r₁) + B/(x² − r₂) (for an even numerator); complex
    ones give a·(x² + p x + q)(x² − p x + q) with q = √(c/a), p = √(2q − b/a).
    """
    numer, denom = sympy.fraction(sympy.cancel(f))
    t = sympy.Dummy("t")
    even = denom.subs(x**2, t)
    if even.has(x) or not numer.is_polynomial(x):
        return None
    dp = sympy.Poly(even, t)
    if dp.degree() != 2:
        return None
    a, b, c = dp.all_coeffs()
    disc = b**2 - 4 * a * c
    if disc.is_negative:
        q = sympy.sqrt(c / a)
        p = sympy.sqrt(2 * q - b / a)
        g = sympy.apart(f, x, extension=[e for e in (p, q) if not e.is_Rational] or None)
        return g if g.is_Add else None
    if not disc.is_positive or numer.subs(x**2, t).has(x):
        return None
    np_ = sympy.Poly(numer.subs(x**2, t), t)
    r1, r2 = (-b + sympy.sqrt(disc)) / (2 * a), (-b - sympy.sqrt(disc)) / (2 * a)
    big_a = np_.as_expr().subs(t, r1) / (a * (r1 - r2))
    big_b = np_.as_expr().subs(t, r2) / (a * (r2 - r1))
    return sympy.Add(
        sympy.radsimp(big_a) / (x**2 - r1), sympy.radsimp(big_b) / (x**2 - r2), evaluate=False
    )


def _quadratic_power(f: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Poly, sympy.Poly, int] | None:
    """(numerator, Q, n) when f = (B x + C)/Q^n with Q quadratic in x."""
    numer, denom = sympy.fraction(sympy.factor_terms(f))
    q, n = denom.as_base_exp()
    if not (n.is_Integer and n > 0 and numer.is_polynomial(x) and q.is_polynomial(x)):
        return None
    qp, numer_p = sympy.Poly(q, x), sympy.Poly(numer, x)
    if qp.degree() != 2 or numer_p.degree() > 1:
        return None
    return numer_p, qp, int(n)


def _square(qp: sympy.Poly, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
    """(a, x + h, k) with Q = a·((x + h)^2 + k)."""
    a, b, c = qp.all_coeffs()
    h = b / (2 * a)
    return a, x + h, sympy.cancel(c / a - h**2)


def _square_text(qp: sympy.Poly, a: sympy.Expr, u: sympy.Expr, k: sympy.Expr) -> str:
    """'Q = a·((x + h)^2 + k)' as text."""
    inner = fmt(sympy.Add(u**2, k, evaluate=False))
    return f"{fmt(qp.as_expr())} = {inner if a == 1 else f'{fmt(a)}·({inner})'}"


def _reciprocal_square(u: sympy.Expr, k: sympy.Expr) -> sympy.Expr:
    """∫ du/(u^2 + k): arctangent, logarithms, or a power."""
    if k == 0:
        return -1 / u
    if k.is_positive:
        return sympy.atan(u / sympy.sqrt(k)) / sympy.sqrt(k)
    m = sympy.sqrt(-k)
    return (sympy.log(u - m) - sympy.log(u + m)) / (2 * m)


def _standard_name(k: sympy.Expr) -> str:
    """The table entry ∫ du/(u^2 + k) falls under: arctangent or partial fractions."""
    if k.is_positive:
        return "inverse tangent rule"
    return PARTIAL_FRACTIONS if k != 0 else "power rule"


def _log_or_power_substitution(
    f: sympy.Expr, x: sympy.Symbol, q: sympy.Expr, n: int, scale: sympy.Expr, ctx: Context
) -> Derivation:
    """∫ c·Q'/Q^n dx with u = Q: ∫ c/u^n du, a logarithm or a power."""
    u = ctx.fresh([f, x])
    in_u = scale / u**n
    power = sympy.log(u) if n == 1 else u ** (1 - n) / (1 - n)
    inner = leaf("log rule" if n == 1 else "power rule", in_u, u, scale * power)
    how = f"Let {fmt(u)} = {fmt(q)}, so d{fmt(u)} = {differential(sympy.diff(q, x), x)}."
    result = scale * (sympy.log(q) if n == 1 else q ** (1 - n) / (1 - n))
    return substitution_steps(U_SUB, f, x, u, q, how, inner, result)


def _split_numerator(
    f: sympy.Expr, x: sympy.Symbol, numer: sympy.Poly, qp: sympy.Poly, n: int, ctx: Context
) -> Derivation | None:
    """(B x + C)/Q^n = (B/2a)·Q'/Q^n + (C − B b/2a)/Q^n: a u-substitution, a constant over Q^n."""
    a, b, _ = qp.all_coeffs()
    big_b, c = numer.all_coeffs()
    q = qp.as_expr()
    scale = big_b / (2 * a)
    first = scale * sympy.diff(q, x) / q**n
    first_d = _log_or_power_substitution(first, x, q, n, scale, ctx)
    rest = c - big_b * b / (2 * a)
    if rest == 0:
        return first_d
    second = rest / q**n
    second_d = _constant_over_quadratic(second, x, rest, qp, n, ctx)
    if second_d is None:
        return None
    g = sympy.Add(first, second, evaluate=False)
    d = summed(g, x, [first_d, second_d])
    why = f"Make the derivative of {fmt(q)} appear in the numerator"
    return rewritten("rewrite", why, f, x, g, d)


def quadratic_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """(B x + C)/(a x^2 + b x + c)^n: split off Q'/Q^n, complete the square, reduce n."""
    found = _quadratic_power(f, x)
    if found is None:
        return None
    numer, qp, n = found
    if len(sympy.factor_list(qp)[1]) > 1 or sympy.factor_list(qp)[1][0][1] > 1:
        return None  # rational roots: partial fractions is the textbook way
    if numer.degree() == 1:
        return _split_numerator(f, x, numer, qp, n, ctx)
    return _constant_over_quadratic(f, x, numer.as_expr(), qp, n, ctx)


def _constant_over_quadratic(
    f: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, qp: sympy.Poly, n: int, ctx: Context
) -> Derivation | None:
    """c/Q^n: complete the square; arctangent or logarithms for n = 1, else reduce n."""
    a, u, k = _square(qp, x)
    if n == 1 or k == 0:
        inner = _reciprocal_square(u, k) / a if n == 1 else (u ** (1 - 2 * n) / (1 - 2 * n)) / a**n
        result = c * inner
        if u == x:
            text = f"{integral_text(f, x)} = {fmt(result)}"
            return node(_standard_name(k), text, f, x, result, simple=True)
        text = (
            f"Complete the square: {_square_text(qp, a, u, k)}. With u = {fmt(u)}, du = d{fmt(x)}:"
            f" {integral_text(f, x)} = {fmt(result)}."
        )
        return node(COMPLETE_SQUARE, text, f, x, result)
    return _reduce_quadratic(f, x, c, qp, n, ctx)


def _reduce_quadratic(
    f: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, qp: sympy.Poly, n: int, ctx: Context
) -> Derivation | None:
    """∫ dx/Q^n = (x + h)/(2k(n−1)·a·Q^(n−1)) + (2n−3)/(2k(n−1)a) ∫ dx/Q^(n−1)."""
    a, u, k = _square(qp, x)
    q = qp.as_expr()
    lower = ctx.solve(1 / q ** (n - 1), x)
    if lower is None:
        return None
    head = sympy.Mul(1 / (2 * k * (n - 1) * a), u, q ** (1 - n))
    factor = sympy.Rational(2 * n - 3, 1) / (2 * k * (n - 1) * a)
    result = c * (head + factor * lower.result)
    square = f"With {_square_text(qp, a, u, k)}, the" if u != x else "The"
    text = (
        f"{square} reduction formula for ∫ du/(u^2 + k)^n gives {integral_text(1 / q**n, x)}"
        f" = {fmt(head)} + {fmt(factor)} · {integral_text(lower.integrand, x)}."
    )
    return chained(REDUCTION, text, f, x, result, lower)
