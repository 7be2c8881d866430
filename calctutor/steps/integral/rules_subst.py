"""Substitutions: u = g(x) with g'(x) in the integrand, roots of a linear term, exponentials."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import reduce

import sympy
from sympy.integrals.manualintegrate import manual_diff, manual_subs

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import (
    Derivation,
    differential,
    fmt,
    leaf,
    scaled,
)
from calctutor.steps.integral.rules_basic import linear_coefficient
from calctutor.steps.integral.substeps import substitution_steps
from calctutor.steps.integral.verify import verify_antiderivative

U_SUB = "u-substitution"
_MAX_CANDIDATES = 4
_THOROUGH_OPS = 24


def back_substitute(result: sympy.Expr, u: sympy.Symbol, u_func: sympy.Expr) -> sympy.Expr:
    """R(u) with u = g(x) put back; log(1/g) becomes -log(g) as SymPy's URule does."""
    if u_func.is_Pow and u_func.exp == -1:
        result = result.subs(sympy.log(u), -sympy.log(u_func.base))
    return result.subs(u, u_func)


def substitution(
    f: sympy.Expr,
    x: sympy.Symbol,
    u: sympy.Symbol,
    u_func: sympy.Expr,
    inner: Derivation,
    how: str,
    rule: str = U_SUB,
) -> Derivation:
    """The displayed substitution: u and du, the integral in u, its antiderivative, back to x."""
    result = back_substitute(inner.result, u, u_func).replace(
        lambda e: isinstance(e, sympy.log) and isinstance(e.args[0], sympy.exp),
        lambda e: e.args[0].args[0],
    )
    return substitution_steps(rule, f, x, u, u_func, how, inner, result)


def _solve_in_u(c: sympy.Expr, g: sympy.Expr, u: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ c·g(u) du, the constant kept outside."""
    inner = ctx.solve(g, u)
    return None if inner is None else scaled(inner, c, c * g)


def _simpler_rational(g: sympy.Expr, u: sympy.Symbol, f: sympy.Expr, x: sympy.Symbol) -> bool:
    """A substitution into a rational function must give a shorter rational function."""
    if not g.is_rational_function(u):
        return False
    return sympy.count_ops(g) < sympy.count_ops(f) or _degree(g, u) < _degree(f, x)


def _degree(f: sympy.Expr, x: sympy.Symbol) -> int:
    """The degree of a rational function: its numerator's plus its denominator's."""
    numer, denom = sympy.fraction(sympy.cancel(f))
    return int(sympy.degree(numer, x) + sympy.degree(denom, x))


def _radicals(f: sympy.Expr) -> int:
    """How many distinct fractional powers f holds (a substitution should not add any)."""
    return sum(1 for p in f.atoms(sympy.Pow) if p.exp.is_Rational and not p.exp.is_Integer)


def _candidates(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """Inner functions worth trying as u: functions, their arguments, powers and their bases.

    For a rational function only the denominator's factors and powers of x are worth it: the
    substitution must turn Q'/Q^n into u^(-n) (anything else is partial fractions' job).
    """
    if f.is_rational_function(x):
        denom = sympy.fraction(sympy.factor_terms(f))[1]
        pieces = [b for p in sympy.Mul.make_args(denom) for b in (p, p.as_base_exp()[0])]
        pieces += [p for p in f.atoms(sympy.Pow) if p.base == x and p.exp.is_Integer and p.exp > 1]
        pieces += _powers_in_polynomial(denom, x)
        return [p for p in dict.fromkeys(pieces) if p.has(x) and linear_coefficient(p, x) is None]
    found: dict[sympy.Expr, None] = {}
    for e in sympy.preorder_traversal(f):
        if isinstance(e, sympy.Function) or e.is_Pow:
            inner = [e, e.args[0]] if isinstance(e, sympy.Function) else [e, e.base]
            for c in inner:
                if c.has(x) and c != x and linear_coefficient(c, x) is None:
                    found[c] = None
    found.pop(f, None)
    for power in _powers_of_x(f, x):
        found.setdefault(power, None)
    return list(found)


def _powers_in_polynomial(p: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """x^d for the divisors d ≥ 2 of the gcd of p's exponents: x³/(x⁸ + 1) wants u = x⁴."""
    if not p.is_polynomial(x) or p.is_Number:
        return []
    exponents = [m[0] for m in sympy.Poly(sympy.expand(p), x).monoms() if m[0] > 0]
    if not exponents:
        return []
    common = int(reduce(sympy.igcd, exponents))
    return [x**d for d in sympy.divisors(common) if d >= 2]


def _powers_of_x(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """x^d for the divisors d ≥ 2 of the common exponent of x inside roots and functions.

    Chebyshev's first case: x^m·(a + b·x^n)^p with (m + 1)/n an integer is rational in u = x^n;
    x/√(x⁴ + 4) wants u = x², which is nowhere in the integrand as it stands.
    """
    inner = [
        p.exp
        for e in f.atoms(sympy.Pow, sympy.Function)
        if not (e.is_Pow and e.base == x)
        for p in sympy.preorder_traversal(e)
        if p.is_Pow and p.base == x and p.exp.is_Integer
    ]
    if not inner:
        return []
    common = abs(int(reduce(sympy.igcd, [int(e) for e in inner])))
    return [x**d for d in sympy.divisors(common) if d >= 2]


def _in_terms_of_u(
    f: sympy.Expr, x: sympy.Symbol, u: sympy.Symbol, u_func: sympy.Expr, thorough: bool
) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(c, g) with f dx = c·g(u) du for u = u_func(x), or None when x does not cancel.

    The quick pass only substitutes; the thorough one also cancels (slow, so it runs only when
    no candidate passed the quick way).
    """
    du = manual_diff(u_func, x)
    if du == 0:
        return None
    ratio = f / du
    g = manual_subs(ratio, u_func, u)
    if g.has(x) and type(u_func) in _PARTNER:
        g = _pythagorean(g, u_func, u)
    # Measured on the Rubi corpus: cancelling helps only small ratios, and costs the most.
    thorough = thorough and sympy.count_ops(ratio) <= _THOROUGH_OPS
    if thorough and g.has(x):
        g = safe_cancel(manual_subs(ratio, u_func, u))
    if thorough and g.has(x):
        g = manual_subs(sympy.factor_terms(safe_cancel(ratio)), u_func, u)
    if thorough and g.has(x) and f.has(sympy.tan, sympy.cot, sympy.sec, sympy.csc):
        g = manual_subs(safe_cancel(sin_cos(ratio)), sin_cos(u_func), u)
    if g.has(x) or not g.has(u):
        return None
    if g.is_rational_function(u):
        g = sympy.cancel(g)
    c, rest = g.as_independent(u, as_Add=False)
    return c, rest


# The function whose even powers follow from u = f(L), and what its square is in terms of u.
_PARTNER: dict[type, tuple[type, Callable[[sympy.Expr], sympy.Expr]]] = {
    sympy.sin: (sympy.cos, lambda u: 1 - u**2),
    sympy.cos: (sympy.sin, lambda u: 1 - u**2),
    sympy.tan: (sympy.sec, lambda u: 1 + u**2),
    sympy.cot: (sympy.csc, lambda u: 1 + u**2),
    sympy.sec: (sympy.tan, lambda u: u**2 - 1),
    sympy.csc: (sympy.cot, lambda u: u**2 - 1),
}


def _pythagorean(g: sympy.Expr, u_func: sympy.Expr, u: sympy.Symbol) -> sympy.Expr:
    """Even powers of u_func's partner rewritten in u: with u = csc L, cot² L = u² − 1."""
    partner, square = _PARTNER[type(u_func)]
    target = partner(u_func.args[0])
    return g.replace(
        lambda e: e.is_Pow and e.base == target and e.exp.is_Integer and e.exp % 2 == 0,
        lambda e: square(u) ** (e.exp // 2),
    )


def safe_cancel(e: sympy.Expr) -> sympy.Expr:
    """cancel with functions held fixed (plain cancel would rewrite log(3x) as log 3 + log x)."""
    hidden = {a: sympy.Dummy() for a in e.atoms(sympy.Function)}
    return sympy.cancel(e.xreplace(hidden)).xreplace({d: a for a, d in hidden.items()})


def sin_cos(f: sympy.Expr) -> sympy.Expr:
    """tan, cot, sec and csc written with sin and cos."""
    return f.replace(
        lambda e: isinstance(e, (sympy.tan, sympy.cot, sympy.sec, sympy.csc)),
        lambda e: {
            sympy.tan: sympy.sin(e.args[0]) / sympy.cos(e.args[0]),
            sympy.cot: sympy.cos(e.args[0]) / sympy.sin(e.args[0]),
            sympy.sec: 1 / sympy.cos(e.args[0]),
            sympy.csc: 1 / sympy.sin(e.args[0]),
        }[type(e)],
    )


def _substitutions(
    f: sympy.Expr, x: sympy.Symbol, u: sympy.Symbol, ctx: Context, thorough: bool
) -> list[tuple[sympy.Expr, sympy.Expr, sympy.Expr]]:
    """(u_func, c, g) for each candidate that works, simplest g first."""
    rational = f.is_rational_function(x)
    found = []
    for u_func in _candidates(f, x):
        ctx.check()
        cg = _in_terms_of_u(f, x, u, u_func, thorough)
        if cg is None or _radicals(cg[1]) > _radicals(f):
            continue
        if not rational or _simpler_rational(cg[1], u, f, x):
            found.append((u_func, *cg))
    return sorted(found, key=lambda item: sympy.count_ops(item[2]))


def u_substitution_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ h(g(x)) g'(x) dx = ∫ h(u) du with u = g(x)."""
    u = ctx.fresh([f, x])
    found = _substitutions(f, x, u, ctx, thorough=False) or _substitutions(
        f, x, u, ctx, thorough=True
    )
    for u_func, c, g in found[:_MAX_CANDIDATES]:
        ctx.check()
        inner = _solve_in_u(c, g, u, ctx)
        if inner is not None:
            du = manual_diff(u_func, x)
            how = f"Let {fmt(u)} = {fmt(u_func)}, so d{fmt(u)} = {differential(du, x)}."
            return substitution(f, x, u, u_func, inner, how)
    return None


def _linear_radicals(f: sympy.Expr, x: sympy.Symbol) -> dict[sympy.Expr, int]:
    """Each base (a x + b) or (a x + b)/(c x + d) of a root in f, with the lcm of its orders."""
    found: dict[sympy.Expr, int] = {}
    for p in f.atoms(sympy.Pow):
        fractional = p.exp.is_Rational and not p.exp.is_Integer
        if fractional and p.base.has(x) and _inverse(p.base, x, sympy.Dummy()) is not None:
            found[p.base] = int(sympy.ilcm(found.get(p.base, 1), p.exp.q))
    return found


def _inverse(base: sympy.Expr, x: sympy.Symbol, w: sympy.Expr) -> sympy.Expr | None:
    """x with base(x) = w, for base linear (a x + b) or linear-fractional ((a x + b)/(c x + d))."""
    numer, denom = sympy.fraction(sympy.together(base))
    a, c = linear_coefficient(numer, x), linear_coefficient(denom, x)
    if a is not None and not denom.has(x):
        return (w * denom - numer.subs(x, 0)) / a
    if a is None or c is None:
        return None
    b, d = numer.subs(x, 0), denom.subs(x, 0)
    return (d * w - b) / (a - c * w)


def root_substitution_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """Roots of a linear term a x + b: u = (a x + b)^(1/q); other roots become roots in u."""
    for base, q in _linear_radicals(f, x).items():
        ctx.check()
        d = _root_substitution(f, x, base, q, ctx)
        if d is not None:
            return d
    return None


def _root_substitution(
    f: sympy.Expr, x: sympy.Symbol, base: sympy.Expr, q: int, ctx: Context
) -> Derivation | None:
    """u = base^(1/q): x = (u^q − b)/a (or the linear-fractional inverse), dx rational in u."""
    u = ctx.fresh([f, x], positive=True)
    x_of_u = _inverse(base, x, u**q)
    assert x_of_u is not None
    replaced = f.replace(
        lambda e: e.is_Pow and e.base == base and e.exp.is_Rational,
        lambda e: u ** (e.exp * q),
    )
    dx = sympy.factor(sympy.diff(x_of_u, u))
    g = sympy.together(replaced.subs(x, x_of_u) * dx)
    if g.has(x):
        return None
    c, rest = g.as_independent(u, as_Add=False)
    inner = _solve_in_u(c, rest, u, ctx)
    if inner is None:
        return None
    u_func = base ** sympy.Rational(1, q)
    how = (
        f"Let {fmt(u)} = {fmt(u_func)}, so {fmt(x)} = {fmt(x_of_u)}"
        f" and d{fmt(x)} = {differential(dx, u)}."
    )
    return substitution(f, x, u, u_func, inner, how)


def _exponential_atoms(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """The exponentials b^(k x + c) in f, or None when x also appears elsewhere."""
    atoms = [
        e
        for e in f.atoms(sympy.exp, sympy.Pow)
        if (isinstance(e, sympy.exp) or not e.base.has(x)) and e.has(x)
    ]
    marker = sympy.Dummy("m")
    if not atoms or f.xreplace(dict.fromkeys(atoms, marker)).has(x):
        return None
    return atoms


def _rate(atom: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """k·log(b) for b^(k x + c), the growth rate of the exponential."""
    base, exponent = (sympy.E, atom.args[0]) if isinstance(atom, sympy.exp) else atom.as_base_exp()
    k = linear_coefficient(exponent, x)
    return None if k is None else sympy.expand_log(k * sympy.log(base), force=True)


def exponential_substitution_rule(
    f: sympy.Expr, x: sympy.Symbol, ctx: Context
) -> Derivation | None:
    """f rational in exponentials b^(k x): u = e^(c x), a common power, makes it rational in u."""
    atoms = _exponential_atoms(f, x)
    if atoms is None:
        return None
    found = [_rate(a, x) for a in atoms]
    rates = [r for r in found if r is not None]
    if len(rates) != len(found):
        return None
    ratios = [sympy.cancel(r / rates[0]) for r in rates]
    if not all(r.is_Rational for r in ratios):
        return None
    unit = sympy.Rational(
        reduce(sympy.igcd, [int(r.p) for r in ratios]),
        reduce(sympy.ilcm, [int(r.q) for r in ratios]),
    )
    c = rates[0] * unit
    u = ctx.fresh([f, x], positive=True)
    table = {
        a: _offset(a, x) * u ** (ratio / unit)
        for a, r, ratio in zip(atoms, rates, ratios, strict=True)
    }
    g = sympy.together(f.xreplace(table) / (c * u))
    if g.has(x):
        return None
    k, rest = g.as_independent(u, as_Add=False)
    inner = _solve_in_u(k, rest, u, ctx)
    if inner is None:
        return None
    u_func = _display_exponential(c, atoms, x)
    how = f"Let {fmt(u)} = {fmt(u_func)}, so d{fmt(u)} = {differential(c * u, x)}."
    return substitution(f, x, u, u_func, inner, how)


def _offset(atom: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """b^c for b^(k x + c): the constant factor of an exponential."""
    base, exponent = (sympy.E, atom.args[0]) if isinstance(atom, sympy.exp) else atom.as_base_exp()
    return base ** exponent.subs(x, 0)


def _display_exponential(c: sympy.Expr, atoms: list[sympy.Expr], x: sympy.Symbol) -> sympy.Expr:
    """e^(c x) written as b^(m x) with a base b of the integrand, m = 1 preferred."""
    found: list[tuple[bool, sympy.Expr]] = []
    for a in atoms:
        base = sympy.E if isinstance(a, sympy.exp) else a.base
        m = sympy.cancel(c / sympy.expand_log(sympy.log(base), force=True))
        if m.is_Rational:
            found.append((m != 1, sympy.exp(m * x) if base == sympy.E else base ** (m * x)))
    return min(found, key=lambda item: item[0])[1] if found else sympy.exp(c * x)


def _nearly_zero(e: sympy.Expr, x: sympy.Symbol) -> bool:
    """A cheap first look: e vanishes at two fixed points (verification proper follows)."""
    for point in (sympy.Float("0.3719"), sympy.Float("1.7283")):
        try:
            if abs(complex(e.evalf(15, subs={x: point}))) > 1e-9:
                return False
        except (TypeError, ValueError):
            return False
    return True


def log_derivative_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """f = P'/P for P a product of powers ±1 of f's denominator factors: ∫ f dx = log P."""
    denom = sympy.fraction(sympy.factor_terms(f))[1]
    factors = [a for a in sympy.Mul.make_args(denom) if a.has(x)]
    if not 2 <= len(factors) <= 3 or f.is_rational_function(x):
        return None
    for signs in itertools.product((1, -1), repeat=len(factors)):
        ctx.check()
        p = sympy.Mul(*(a**s for a, s in zip(factors, signs, strict=True)))
        if _nearly_zero(sympy.diff(p, x) / p - f, x) and verify_antiderivative(sympy.log(p), f, x):
            u = ctx.fresh([f, x])
            inner = leaf("log rule", 1 / u, u, sympy.log(u))
            how = (
                f"The integrand is the derivative of {fmt(p)} divided by {fmt(p)}:"
                f" let {fmt(u)} = {fmt(p)}, so d{fmt(u)} = {differential(sympy.diff(p, x), x)}."
            )
            return substitution(f, x, u, p, inner, how)
    return None
