"""Powers and products of hyperbolic functions, the way the trigonometric ones are done.

With cosh² L − sinh² L = 1 in place of sin² + cos² = 1: an odd power of sinh keeps one factor for
d(cosh L) and writes the rest with sinh² = cosh² − 1 (and an odd power of cosh with
cosh² = 1 + sinh²); even powers halve the angle (sinh² L = (cosh 2L − 1)/2,
cosh² L = (cosh 2L + 1)/2); tanh^m·sech^(2k) takes u = tanh L (sech² = 1 − tanh²), and a power of
tanh or coth alone is reduced by tanh² = 1 − sech², coth² = 1 + csch².
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import cosh, coth, csch, sech, sinh, tanh

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import Derivation, differential, fmt, rewritten
from calctutor.steps.integral.rules_basic import linear_coefficient
from calctutor.steps.integral.rules_subst import substitution

IDENTITY = "hyperbolic identity"
_HYPERBOLIC = (sinh, cosh, tanh, coth, sech, csch)
# Each function as sinh^i·cosh^j.
_AS_SINH_COSH = {
    sinh: (1, 0),
    cosh: (0, 1),
    tanh: (1, -1),
    coth: (-1, 1),
    sech: (0, -1),
    csch: (-1, 0),
}


@dataclass(frozen=True)
class HyperbolicMonomial:
    """f = c·sinh(L)^m·cosh(L)^n with L = a·x + b."""

    c: sympy.Expr
    arg: sympy.Expr
    a: sympy.Expr
    m: sympy.Expr
    n: sympy.Expr


def hyperbolic_monomial(f: sympy.Expr, x: sympy.Symbol) -> HyperbolicMonomial | None:
    """f as a constant times integer powers of hyperbolic functions of one linear argument."""
    c, rest = f.as_independent(x, as_Add=False)
    m, n, args = sympy.S.Zero, sympy.S.Zero, set()
    for factor in sympy.Mul.make_args(rest):
        base, e = factor.as_base_exp()
        if not (isinstance(base, _HYPERBOLIC) and e.is_Integer):
            return None
        i, j = _AS_SINH_COSH[type(base)]
        m, n = m + i * e, n + j * e
        args.add(base.args[0])
    if len(args) != 1:
        return None
    arg = args.pop()
    a = linear_coefficient(arg, x)
    return None if a is None else HyperbolicMonomial(c, arg, a, m, n)


def _odd(e: sympy.Expr) -> bool:
    """e is an odd integer."""
    return bool(e.is_Integer and e % 2 == 1)


def _power_sum(g: sympy.Expr) -> sympy.Expr:
    """g multiplied out: a sum of powers of u, integrated term by term."""
    return sympy.expand(g)


def _by_substitution(
    f: sympy.Expr,
    x: sympy.Symbol,
    u_func: sympy.Expr,
    du: sympy.Expr,
    g: sympy.Expr,
    u: sympy.Symbol,
    why: str,
    ctx: Context,
) -> Derivation | None:
    """u = u_func: ∫ g(u) du, then u put back."""
    inner = ctx.solve(_power_sum(g), u)
    if inner is None:
        return None
    how = f"{why} Let {fmt(u)} = {fmt(u_func)}, so d{fmt(u)} = {differential(du, x)}."
    return substitution(f, x, u, u_func, inner, how)


def hyperbolic_odd_power_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """sinh^m cosh^n with m or n odd and positive: keep one factor for du, turn the rest."""
    mono = hyperbolic_monomial(f, x)
    if mono is None or (mono.m == 0 and mono.n == 1) or (mono.m == 1 and mono.n == 0):
        return None  # a table entry
    u = ctx.fresh([f, x])
    c, m, n, a, arg = mono.c, mono.m, mono.n, mono.a, mono.arg
    if _odd(n) and n > 0 and not (_odd(m) and 0 < m < n):
        g = c * u**m * (1 + u**2) ** ((n - 1) / 2) / a
        why = "The power of cosh is odd: keep one cosh for du, the rest by cosh² = 1 + sinh²."
        return _by_substitution(f, x, sinh(arg), a * cosh(arg), g, u, why, ctx)
    if _odd(m) and m > 0:
        g = c * u**n * (u**2 - 1) ** ((m - 1) / 2) / a
        why = "The power of sinh is odd: keep one sinh for du, the rest by sinh² = cosh² − 1."
        return _by_substitution(f, x, cosh(arg), a * sinh(arg), g, u, why, ctx)
    return None


def hyperbolic_tanh_sech_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """tanh^m·sech^(2k): u = tanh L (sech² = 1 − tanh²); coth^m·csch^(2k): u = coth L."""
    mono = hyperbolic_monomial(f, x)
    if mono is None:
        return None
    s = -(mono.m + mono.n)  # sinh^m cosh^n = tanh^m sech^s = coth^n csch^s
    if not (s.is_Integer and s >= 2 and s % 2 == 0) or (0 in (mono.m, mono.n) and s == 2):
        return None
    u, c, a, arg = ctx.fresh([f, x]), mono.c, mono.a, mono.arg
    if mono.m >= 0:
        g = c * u**mono.m * (1 - u**2) ** ((s - 2) / 2) / a
        why = "Keep sech² for du and write the other even power of sech with sech² = 1 − tanh²."
        return _by_substitution(f, x, tanh(arg), a * sech(arg) ** 2, g, u, why, ctx)
    if mono.n >= 0:
        g = -c * u**mono.n * (u**2 - 1) ** ((s - 2) / 2) / a
        why = "Keep csch² for du and write the other even power of csch with csch² = coth² − 1."
        return _by_substitution(f, x, coth(arg), -a * csch(arg) ** 2, g, u, why, ctx)
    return None


def hyperbolic_even_power_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """sinh^m cosh^n with m, n even and ≥ 0: halve the angle."""
    mono = hyperbolic_monomial(f, x)
    if mono is None:
        return None
    m, n = mono.m, mono.n
    if not (m >= 0 and n >= 0 and m % 2 == 0 and n % 2 == 0 and m + n >= 2):
        return None
    double = cosh(2 * mono.arg)
    g = mono.c * ((double - 1) / 2) ** (m / 2) * ((double + 1) / 2) ** (n / 2)
    g = sympy.expand(g)
    why = "Half-angle identities sinh² L = (cosh 2L − 1)/2 and cosh² L = (cosh 2L + 1)/2"
    d = ctx.solve(g, x, rewrite=True)
    return None if d is None else rewritten(IDENTITY, why, f, x, g, d)


def hyperbolic_reduction_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """tanh^m = tanh^(m−2)·(1 − sech²) and coth^m = coth^(m−2)·(1 + csch²), m ≥ 2."""
    c, rest = f.as_independent(x, as_Add=False)
    base, m = rest.as_base_exp()
    if not (isinstance(base, (tanh, coth)) and m.is_Integer and m >= 2):
        return None
    arg = base.args[0]
    if linear_coefficient(arg, x) is None:
        return None
    if isinstance(base, tanh):
        g = c * base ** (m - 2) - c * base ** (m - 2) * sech(arg) ** 2
        why = "Since tanh² = 1 − sech²"
    else:
        g = c * base ** (m - 2) + c * base ** (m - 2) * csch(arg) ** 2
        why = "Since coth² = 1 + csch²"
    d = ctx.solve(g, x, rewrite=True)
    return None if d is None else rewritten(IDENTITY, why, f, x, g, d)
