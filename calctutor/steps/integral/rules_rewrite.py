"""Rewrite, then retry: expand, identities in sin and cos, hyperbolic via exponentials.

Each rewrite spends one unit of the search's rewrite budget, so chains of rewrites stay short.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import cos, cot, csc, sec, sin, tan

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import Derivation, rewritten
from calctutor.steps.integral.rules_subst import sin_cos

Rewrite = Callable[[sympy.Expr, sympy.Symbol], sympy.Expr | None]


def _retry(
    f: sympy.Expr, x: sympy.Symbol, ctx: Context, g: sympy.Expr | None, rule: str, why: str
) -> Derivation | None:
    """Integrate the rewritten g (when it differs from f) and show the rewrite as a step."""
    if g is None or g == f or g == 0:
        return None
    d = ctx.solve(g, x, rewrite=True)
    return None if d is None else rewritten(rule, why, f, x, g, d)


def _has_sum_factor(f: sympy.Expr) -> bool:
    """f is a product or power with a sum inside, something expand can open."""
    if f.is_Pow:
        return bool(f.base.is_Add and f.exp.is_Integer and f.exp > 0)
    return bool(f.is_Mul and any(a.is_Add or (a.is_Pow and a.base.is_Add) for a in f.args))


def expand_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Multiply out products and powers of sums, then integrate term by term."""
    if not _has_sum_factor(f):
        return None
    g = expand_numerator(f)
    if not g.is_Add:
        return None
    return _retry(f, x, ctx, g, "rewrite", "Expand")


def expand_numerator(f: sympy.Expr) -> sympy.Expr:
    """f multiplied out, the denominator left as it is: (x+1)e^x/(x−1)² = x e^x/(x−1)² + ..."""
    hidden = {p: sympy.Dummy() for p in f.atoms(sympy.Pow) if p.exp.is_negative}
    return sympy.expand(f.xreplace(hidden)).xreplace({d: p for p, d in hidden.items()})


def sin_cos_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Write tan, cot, sec, csc with sin and cos, and cancel."""
    if not f.has(tan, cot, sec, csc):
        return None
    g = sympy.cancel(sin_cos(f))
    return _retry(f, x, ctx, g, "trigonometric identity", "In sines and cosines")


def trigsimp_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Simplify with the trigonometric identities (sin² + cos² = 1, double angles ...)."""
    if not f.has(sin, cos, tan, cot, sec, csc):
        return None
    g = sympy.trigsimp(f)
    return _retry(f, x, ctx, g, "trigonometric identity", "Simplify with trig identities")


def double_angle_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Multiple angles written with the single angle: sin 2x = 2 sin x cos x ..."""
    args = {a.args[0] for a in f.atoms(sin, cos, tan, cot, sec, csc)}
    if len(args) < 2:
        return None
    g = sympy.cancel(sin_cos(sympy.expand_trig(f)))
    return _retry(f, x, ctx, g, "trigonometric identity", "Expand the multiple angles")


_HYPERBOLIC = (sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch)


def hyperbolic_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Hyperbolic functions by their definitions, e.g. cosh x = (e^x + e^(−x))/2."""
    if not f.has(*_HYPERBOLIC):
        return None
    g = sympy.powsimp(sympy.expand(f.rewrite(sympy.exp)))
    return _retry(f, x, ctx, g, "rewrite", "Hyperbolic functions via exponentials")


def cancel_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Put over one denominator and cancel common factors."""
    g = sympy.cancel(f)
    if sympy.count_ops(g) >= sympy.count_ops(f):
        return None
    return _retry(f, x, ctx, g, "rewrite", "Simplify the fraction")


def _log_power(e: sympy.Expr) -> bool:
    """e is b^log(g) with b constant."""
    return bool(e.is_Pow and isinstance(e.exp, sympy.log) and not e.base.free_symbols)


def log_exponent_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """b^(log g) = g^(log b): a power of g instead of an exponential of a logarithm."""
    if not f.has(sympy.log):
        return None
    g = f.replace(_log_power, lambda e: e.exp.args[0] ** sympy.log(e.base))
    return _retry(f, x, ctx, g, "rewrite", "Since b^(ln g) = e^(ln b·ln g) = g^(ln b)")


def factor_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Take a common factor out of a sum: x·a + x·b = x·(a + b), ready for parts."""
    if not f.is_Add:
        return None
    g = sympy.factor_terms(f)
    if not g.is_Mul or g.as_independent(x, as_Add=False)[1].is_Add:
        return None
    return _retry(f, x, ctx, g, "rewrite", "Factor out the common factor")


def rational_factor_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """R(x)·T(x) with R a proper rational function: split R into partial fractions, expand."""
    if not f.is_Mul:
        return None
    factors = sympy.Mul.make_args(f)
    r = sympy.Mul(*[a for a in factors if a.is_rational_function(x)])
    rest = sympy.Mul(*[a for a in factors if not a.is_rational_function(x)])
    if rest == 1 or not r.has(x) or r.is_polynomial(x):
        return None
    g = expand_numerator(sympy.apart(r, x) * rest)
    return _retry(f, x, ctx, g, "partial fractions", "Split the rational factor")
