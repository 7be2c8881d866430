"""Indeterminate forms: name the form, then L'Hôpital, a standard limit, or the exponent's log."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.steps.derivative_context import show
from calctutor.steps.limit_context import (
    Found,
    GiveUp,
    LimitContext,
    Recurse,
    equal_near,
    is_infinite,
    is_zero,
    value_text,
)
from calctutor.steps.model import Step

# sin(u)/u → 1 and its cousins: the function, the power of u it behaves like, the limit.
STANDARD = {
    sympy.sin: "sin(u)/u → 1",
    sympy.tan: "tan(u)/u → 1",
    sympy.asin: "arcsin(u)/u → 1",
    sympy.atan: "arctan(u)/u → 1",
    sympy.sinh: "sinh(u)/u → 1",
    sympy.tanh: "tanh(u)/u → 1",
}
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


def _checked(f: Any, ctx: LimitContext) -> str:
    """The sentence that checks the form: both limits, named."""
    n, d = sympy.fraction(f)
    return (
        f"as {ctx.arrow()}, {show(n)} → {value_text(ctx.truth(n))} and {show(d)} → "
        f"{value_text(ctx.truth(d))}: the form {form(f, ctx)}"
    )


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
    shown = show(g) if g == dn / dd else f"({show(dn)})/({show(dd)}) = {show(g)}"
    text = (
        f"Check the form: {_checked(f, ctx)}. L'Hôpital's rule: differentiate the numerator "
        f"and the denominator, lim = lim {shown}"
    )
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


def _standard(factor: Any, ctx: LimitContext) -> tuple[Any, int, Any, str] | None:
    """(u, p, c, name) when factor/u^p → c as u → 0 is a standard limit."""
    base, power = factor.as_base_exp()
    if power != 1:
        return None
    head: Any = base.func
    if head in STANDARD:
        u = base.args[0]
        return (u, 1, sympy.S.One, STANDARD[head]) if _to_zero(u, ctx) else None
    if isinstance(base, sympy.log):
        u = base.args[0] - 1
        return (u, 1, sympy.S.One, "ln(1 + u)/u → 1") if _to_zero(u, ctx) else None
    for sign in (1, -1):
        candidate = sympy.expand(sign * base)
        if isinstance(candidate + 1, sympy.exp):
            u = (candidate + 1).args[0]
            if _to_zero(u, ctx):
                return u, 1, sympy.S(sign), "(e^u - 1)/u → 1"
        if isinstance(1 - candidate, sympy.cos):
            u = (1 - candidate).args[0]
            if _to_zero(u, ctx):
                return u, 2, sympy.Rational(sign, 2), "(1 - cos(u))/u^2 → 1/2"
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
    match: tuple[Any, int, Any, str],
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
    if g == 1:
        text = f"Standard limit {name} with u = {show(u)} → 0 as {ctx.arrow()}"
    else:
        text = (
            f"Standard limit {name}: with u = {show(u)} → 0 as {ctx.arrow()}, write {show(f)} "
            f"= ({show(ratio)})·({show(g)}), and ({show(ratio)}) → {show(value_c)}"
        )
    step = Step("standard limit", text, ctx.limit(f), ctx.limit(value_c * g))
    if g.has(ctx.var):
        return Found((step, *steps), value)
    step = Step("standard limit", text + f", so the limit is {value_text(value)}",
                ctx.limit(f), value)  # fmt: skip
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
        text = (
            f"The form 1^∞: {show(base)} → 1 and |{show(power)}| → ∞. With "
            f"u = {show(u)} → 0, ({show(f)}) = ((1 + u)^(1/u))^({show(inner)}), and "
            f"(1 + u)^(1/u) → e (standard limit), so the limit is e^(lim {show(inner)})"
        )
    elif (is_zero(lb) and is_zero(lp)) or (is_infinite(lb) and is_zero(lp)):
        inner = tidy(power * sympy.log(base))
        name = "0^0" if is_zero(lb) else "∞^0"
        text = (
            f"The form {name}: {show(base)} → {value_text(lb)} and {show(power)} → 0. Write "
            f"{show(f)} = e^({show(inner)}); e^t is continuous, so the limit is e^(lim "
            f"{show(inner)})"
        )
    else:
        return None
    if not inner.has(ctx.var):
        value = sympy.exp(inner)
        text = text.replace(f"e^(lim {show(inner)})", f"e^({show(inner)})")
        return Found((Step("exponential form", text, ctx.limit(f), value),), value)
    rest = recurse(inner, ctx.deeper())
    if isinstance(rest.value, str):
        raise GiveUp("the exponent has no limit")
    value = sympy.exp(rest.value)
    sub = Step("limit of the exponent", f"lim {show(inner)}:", ctx.limit(inner), rest.value,
               rest.steps)  # fmt: skip
    text += f", and lim {show(inner)} = {value_text(rest.value)}: e^({value_text(rest.value)})"
    text += f" = {value_text(value)}" if value != sympy.exp(rest.value, evaluate=False) else ""
    return Found((Step("exponential form", text, ctx.limit(f), value, (sub,)),), value)
