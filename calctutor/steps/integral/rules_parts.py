"""Integration by parts: LIATE choice of u, the tabular method, and the cyclic case."""

from __future__ import annotations

import sympy
from sympy import cos, cosh, exp, sin, sinh

from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import (
    Derivation,
    fmt,
    integral_text,
    leaf,
    node,
)
from calctutor.steps.integral.rules_basic import linear_coefficient, table_entry
from calctutor.steps.integral.substeps import parts_steps

PARTS = "integration by parts"
TABULAR = "tabular integration by parts"
CYCLIC = "cyclic integration by parts"

_INVERSE = (
    sympy.log,
    sympy.asin,
    sympy.acos,
    sympy.atan,
    sympy.acot,
    sympy.asec,
    sympy.acsc,
    sympy.asinh,
    sympy.acosh,
    sympy.atanh,
    sympy.acoth,
    sympy.asech,
    sympy.acsch,
)


def _inverse_like(a: sympy.Expr, x: sympy.Symbol) -> bool:
    """a is a polynomial in one logarithm or inverse function, (2 + 3 arcsin x)² say (LIATE)."""
    atoms = {g for g in a.atoms(*_INVERSE) if g.has(x)}
    if len(atoms) != 1:
        return False
    marker = sympy.Dummy("g")
    rest = a.xreplace({atoms.pop(): marker})
    return not rest.has(x) and bool(rest.is_polynomial(marker))


_REPEATABLE = (exp, sin, cos, sinh, cosh)


def _repeatable(dv: sympy.Expr, x: sympy.Symbol) -> bool:
    """dv is e^(ax+b), b^(ax+c), sin, cos, sinh or cosh of a linear argument: integrable forever."""
    if isinstance(dv, _REPEATABLE):
        return linear_coefficient(dv.args[0], x) is not None
    if dv.is_Pow and not dv.base.has(x):
        return linear_coefficient(dv.exp, x) is not None
    return False


def _antiderivative(dv: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """The table antiderivative of c times a repeatable function."""
    c, g = dv.as_independent(x, as_Add=False)
    found = table_entry(g, x)
    assert found is not None
    u, (antiderivative, _) = found
    a = linear_coefficient(u, x)
    assert a is not None
    return c * antiderivative / a


def _table_leaf(g: sympy.Expr, x: sympy.Symbol, result: sympy.Expr) -> Derivation:
    """∫ g dx = result straight from the table, named by its table entry."""
    found = table_entry(g.as_independent(x, as_Add=False)[1], x)
    return leaf(found[1][1] if found is not None else "table integral", g, x, result)


def tabular_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ P(x)·dv, P a polynomial: differentiate P down to 0, integrate dv as often, alternate."""
    factors = sympy.Mul.make_args(f)
    poly = sympy.Mul(*[a for a in factors if a.is_polynomial(x)])
    dv = sympy.Mul(*[a for a in factors if not a.is_polynomial(x)])
    if dv == 1 or not poly.has(x) or not _repeatable(dv, x):
        return None
    degree = sympy.degree(poly, x)
    derivatives = [poly]
    integrals = [_antiderivative(dv, x)]
    while derivatives[-1] != 0 and len(derivatives) <= degree:
        derivatives.append(sympy.diff(derivatives[-1], x))
        integrals.append(_antiderivative(integrals[-1], x))
    terms = [(-1) ** k * d * v for k, (d, v) in enumerate(zip(derivatives, integrals, strict=True))]
    result = sympy.Add(*terms)
    rows = "; ".join(
        f"{'+' if k % 2 == 0 else '−'} {fmt(d)} · {fmt(v)}"
        for k, (d, v) in enumerate(zip(derivatives, integrals, strict=True))
    )
    if degree == 1:
        v_step = _table_leaf(dv, x, integrals[0])
        second = derivatives[1] * integrals[0]
        second_step = _table_leaf(second, x, integrals[1] * derivatives[1])
        return parts_steps(PARTS, f, x, (poly, dv, second), v_step, second_step, result)
    text = (
        f"u = {fmt(poly)} (differentiate until 0), dv = {fmt(dv)} d{fmt(x)} (integrate as often)."
        f" Signs alternate down the table: {rows}. Sum: {fmt(result)}."
    )
    return node(TABULAR, text, f, x, result)


def _exponential_rate(e: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """a with d/dx e = a·e, for e = exp(linear) or b^(linear)."""
    if isinstance(e, exp):
        rate = sympy.diff(e.args[0], x)
    elif e.is_Pow and not e.base.has(x):
        rate = sympy.diff(e.exp, x) * sympy.log(e.base)
    else:
        return None
    return None if rate.has(x) or rate == 0 else rate


def cyclic_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ e^(ax) sin(bx) dx: parts twice brings the integral back, then solve for it."""
    factors = sympy.Mul.make_args(f)
    if len(factors) != 2:
        return None
    for e, s in (factors, factors[::-1]):
        a = _exponential_rate(e, x)
        if a is None or not isinstance(s, (sin, cos)):
            continue
        b = linear_coefficient(s.args[0], x)
        if b is None:
            continue
        other = cos(s.args[0]) if isinstance(s, sin) else sin(s.args[0])
        sign = -1 if isinstance(s, sin) else 1
        result = e * (a * s + sign * b * other) / (a**2 + b**2)
        text = (
            f"Parts with u = {fmt(s)}, dv = {fmt(e)} d{fmt(x)}, then again with u = {fmt(other)}:"
            f" the integral I = {integral_text(f, x)} comes back,"
            f" I = {fmt(e * s / a)} {'−' if sign < 0 else '+'} {fmt(b * e * other / a**2)}"
            f" − {fmt(b**2 / a**2)}·I, so I = {fmt(result)}."
        )
        return node(CYCLIC, text, f, x, result)
    return None


def _choices(f: sympy.Expr, x: sympy.Symbol) -> list[tuple[sympy.Expr, sympy.Expr]]:
    """(u, dv) pairs in LIATE order: logarithms and inverse functions, then polynomials."""
    factors = sympy.Mul.make_args(f)
    inverse = [a for a in factors if _inverse_like(a, x)]
    poly = [a for a in factors if a.has(x) and a.is_polynomial(x)]
    out: list[tuple[sympy.Expr, sympy.Expr]] = []
    for u in inverse:
        out.append((u, f / u))
    if poly and len(poly) < len(factors):
        u = sympy.Mul(*poly)
        out.append((u, f / u))
    return out


def parts_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ u dv = u·v − ∫ v du, u chosen by LIATE."""
    for u, dv in _choices(f, x):
        ctx.check()
        v_step = ctx.solve(dv, x)
        if v_step is None:
            continue
        v = v_step.result
        du = sympy.diff(u, x)
        second = sympy.cancel(v * du) if (v * du).is_rational_function(x) else v * du
        second_step = ctx.solve(second, x)
        if second_step is None:
            continue
        result = u * v - second_step.result
        return parts_steps(PARTS, f, x, (u, dv, second), v_step, second_step, result)
    return None


def _splits(f: sympy.Expr, x: sympy.Symbol) -> list[tuple[sympy.Expr, sympy.Expr]]:
    """Every (u, dv) split of a product into one factor and the rest, plus x^k = x^(k−1)·x."""
    factors = [a for a in sympy.Mul.make_args(f) if a.has(x)]
    out = [(a, f / a) for a in factors] if len(factors) > 1 else []
    for a in factors:
        base, e = a.as_base_exp()
        if base == x and e.is_Integer and e >= 2:
            out.append((x ** (e - 1), f / x ** (e - 1)))
    # A dv straight from the table first: its v costs nothing.
    return sorted(out, key=lambda ud: table_entry(ud[1].as_independent(x)[1], x) is None)


def _parts_cancelling(
    f: sympy.Expr, x: sympy.Symbol, term: sympy.Expr, ctx: Context
) -> Derivation | None:
    """Parts on one term of f; what is left, the other terms minus ∫ v du, must integrate."""
    c, core = term.as_independent(x, as_Add=False)
    rest = f - term
    for u, dv in _choices(core, x) + _splits(core, x):
        ctx.check()
        v_step = ctx.solve(dv, x)
        if v_step is None:
            continue
        v, du = v_step.result, sympy.diff(u, x)
        remainder = sympy.expand(rest - c * v * du)
        if remainder == rest or remainder.has(sympy.Integral):
            continue
        left = ctx.solve(remainder, x, rewrite=True) if remainder != 0 else None
        if remainder != 0 and left is None:
            continue
        result = c * u * v + (left.result if left is not None else 0)
        text = (
            f"Parts on {fmt(term)} with u = {fmt(u)}, dv = {fmt(dv)} d{fmt(x)}"
            f" (du = {fmt(du)} d{fmt(x)}, v = {fmt(v)}): {integral_text(f, x)}"
            f" = {fmt(c * u * v)} + {integral_text(remainder, x)}"
            + (" — the other terms cancel." if remainder == 0 else ".")
        )
        children = [d for d in (v_step, left) if d is not None and not d.simple]
        return node(PARTS, text, f, x, result, children, f"Result: {fmt(result)}.")
    return None


def parts_in_sum_rule(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """∫ (t + r) dx = u·v + ∫ (r − v du) dx: parts on one term can cancel the others."""
    terms = sympy.Add.make_args(f)
    if not f.is_Add or len(terms) > 4:
        return None
    for term in terms:
        d = _parts_cancelling(f, x, term, ctx)
        if d is not None:
            return d
    return None
