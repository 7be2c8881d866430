"""Indeterminate forms: name the form, then L'Hôpital, a standard limit, or the exponent's log."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.notation import Prose, math, prose
from calctutor.steps.limit_context import (
    Found,
    GiveUp,
    LimitContext,
    Recurse,
    equal_near,
    is_infinite,
    is_zero,
    over,
    tends,
    times,
    value_text,
)
from calctutor.steps.model import Step

# sin(u)/u → 1 and its cousins, as u → 0.
STANDARD = (sympy.sin, sympy.tan, sympy.asin, sympy.atan, sympy.sinh, sympy.tanh)
_U = sympy.Symbol("u")


def _named(pattern: Any, value: Any) -> Prose:
    """The standard limit as written: sin(u)/u → 1."""
    return tends(pattern, value)


SIMPLIFY_OPS = 40


def form(f: Any, ctx: LimitContext) -> str | None:
    """The indeterminate form of the quotient n/d ("0/0", "∞/∞"), or None."""
    n, d = sympy.fraction(f)
    if not d.has(ctx.var):
        return None
    top, bottom = ctx.truth(n), ctx.truth(d)
    if is_zero(top) and is_zero(bottom):
        return "0/0"
    if is_infinite(top) and is_infinite(bottom):
        return "∞/∞"
    return None


def _checked(f: Any, ctx: LimitContext) -> Prose:
    """The sentence that checks the form: both limits, named."""
    n, d = sympy.fraction(f)
    return prose(
        "as ", ctx.arrow(), ", ", tends(n, ctx.truth(n)), " and ", tends(d, ctx.truth(d)),
        f": the form {form(f, ctx)}",
    )  # fmt: skip


def tidy(expr: Any) -> Any:
    """The shortest of expr, its cancelled form and (when small) its simplified form."""
    candidates = [expr, sympy.cancel(sympy.together(expr))]
    if sympy.count_ops(expr) <= SIMPLIFY_OPS:
        candidates.append(sympy.simplify(expr))
    return min(candidates, key=sympy.count_ops)


def lhopital(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """0/0 or ∞/∞ checked first, then lim n/d = lim n'/d'."""
    name = form(f, ctx)
    if name is None:
        return None
    n, d = sympy.fraction(f)
    dn, dd = sympy.diff(n, ctx.var), sympy.diff(d, ctx.var)
    if dd == 0:
        return None
    g = tidy(dn / dd)
    shown = prose(math(g)) if g == dn / dd else prose(over(dn, dd), " = ", math(g))
    text = prose(
        "Check the form: ", _checked(f, ctx), ". L'Hôpital's rule: differentiate the numerator "
        "and the denominator, lim = lim ", shown,
    )  # fmt: skip
    rest = recurse(g, ctx.deeper())
    step = Step("L'Hôpital's rule", text, ctx.limit(f), ctx.limit(g))
    return Found((step, *rest.steps), rest.value)


def standard_limit(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """0/0 with a factor sin(u), e^u − 1, ln(1 + u), 1 − cos(u) where u → 0: split it off."""
    if form(f, ctx) != "0/0":
        return None
    n, d = sympy.fraction(f)
    for factor, upstairs in [(a, True) for a in sympy.Mul.make_args(n)] + [
        (b, False) for b in sympy.Mul.make_args(d)
    ]:
        match = _standard(factor, ctx)
        if match is not None:
            return _split(f, ctx, recurse, factor, upstairs, match)
    return None


def _standard(factor: Any, ctx: LimitContext) -> tuple[Any, int, Any, Prose] | None:
    """(u, p, c, name) when factor/u^p → c as u → 0 is a standard limit."""
    base, power = factor.as_base_exp()
    if power != 1:
        return None
    head: Any = base.func
    if head in STANDARD:
        u = base.args[0]
        name = _named(head(_U) / _U, 1)
        return (u, 1, sympy.S.One, name) if _to_zero(u, ctx) else None
    if isinstance(base, sympy.log):
        u = base.args[0] - 1
        name = _named(sympy.log(1 + _U) / _U, 1)
        return (u, 1, sympy.S.One, name) if _to_zero(u, ctx) else None
    for sign in (1, -1):
        candidate = sympy.expand(sign * base)
        if isinstance(candidate + 1, sympy.exp):
            u = (candidate + 1).args[0]
            if _to_zero(u, ctx):
                return u, 1, sympy.S(sign), _named((sympy.exp(_U) - 1) / _U, 1)
        if isinstance(1 - candidate, sympy.cos):
            u = (1 - candidate).args[0]
            if _to_zero(u, ctx):
                name = _named((1 - sympy.cos(_U)) / _U**2, sympy.Rational(1, 2))
                return u, 2, sympy.Rational(sign, 2), name
    return None


def _to_zero(u: Any, ctx: LimitContext) -> bool:
    """True when u depends on x and → 0."""
    return bool(u.has(ctx.var)) and is_zero(ctx.truth(u))


def _split(
    f: Any,
    ctx: LimitContext,
    recurse: Recurse,
    factor: Any,
    upstairs: bool,
    match: tuple[Any, int, Any, Prose],
) -> Found | None:
    """f = (factor/u^p)^(±1) · g: the standard limit times the limit of what is left."""
    u, p, c, name = match
    ratio = factor / u**p if upstairs else u**p / factor
    g = tidy(f / ratio)
    if not equal_near(f, ratio * g, ctx):
        return None
    value_c = c if upstairs else 1 / c
    if g.has(ctx.var):
        rest = recurse(g, ctx.deeper())
        steps, value = rest.steps, value_c * rest.value
    else:
        steps, value = (), value_c * g
    with_u = prose(" with ", math(sympy.Eq(_U, u)), " → 0 as ", ctx.arrow())
    if g == 1:
        text = prose("Standard limit ", name, with_u)
    else:
        text = prose(
            "Standard limit ", name, ":", with_u, ", write ", math(f), " = ", times(ratio, g),
            ", and ", tends(ratio, value_c),
        )  # fmt: skip
    step = Step("standard limit", text, ctx.limit(f), ctx.limit(value_c * g))
    if g.has(ctx.var):
        return Found((step, *steps), value)
    text = prose(text, ", so the limit is ", value_text(value))
    step = Step("standard limit", text, ctx.limit(f), value)
    return Found((step,), value)


def exponent_form(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """1^∞ by (1 + u)^(1/u) → e; 0^0 and ∞^0 through the logarithm e^(v ln b)."""
    base, power = (f.args[0], sympy.S.One) if isinstance(f, sympy.exp) else f.as_base_exp()
    if isinstance(f, sympy.exp) or not power.has(ctx.var) or not base.has(ctx.var):
        return None
    lb, lp = ctx.truth(base), ctx.truth(power)
    if lb == 1 and ctx.blows_up(power):
        u = tidy(base - 1)
        inner = tidy(u * power)
        standard = sympy.Pow(1 + _U, 1 / _U, evaluate=False)
        nested = sympy.Pow(standard, inner, evaluate=False)
        text = prose(
            "The form 1^∞: ", tends(base, 1), " and ", tends(sympy.Abs(power), sympy.oo),
            ". With ", math(sympy.Eq(_U, u)), " → 0, ", math(f), " = ", math(nested), ", and ",
            tends(standard, sympy.E), " (standard limit), so the limit is e to the limit of ",
            math(inner),
        )  # fmt: skip
    elif (is_zero(lb) and is_zero(lp)) or (is_infinite(lb) and is_zero(lp)):
        inner = tidy(power * sympy.log(base))
        name = "0^0" if is_zero(lb) else "∞^0"
        text = prose(
            f"The form {name}: ", tends(base, lb), " and ", tends(power, 0), ". Write ", math(f),
            " = ", math(sympy.exp(inner, evaluate=False)), "; eᵗ is continuous, so the limit is "
            "e to the limit of ", math(inner),
        )  # fmt: skip
    else:
        return None
    if not inner.has(ctx.var):
        value = sympy.exp(inner)
        text = prose(text, " = ", math(value))
        return Found((Step("exponential form", text, ctx.limit(f), value),), value)
    rest = recurse(inner, ctx.deeper())
    if isinstance(rest.value, str):
        raise GiveUp("the exponent has no limit")
    value = sympy.exp(rest.value)
    sub = Step("limit of the exponent", prose(math(inner), ":"), ctx.limit(inner), rest.value,
               rest.steps)  # fmt: skip
    text = prose(text, ", which is ", value_text(rest.value), ": the limit is ", math(value))
    return Found((Step("exponential form", text, ctx.limit(f), value, (sub,)),), value)
