"""Limits without an indeterminate form: substitution, the limit laws, c/0, sides, oscillation."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.notation import Prose, join, math, prose
from calctutor.steps.limit_context import (
    DOES_NOT_EXIST,
    Found,
    LimitContext,
    Recurse,
    is_infinite,
    is_zero,
    same_value,
    tends,
    value_text,
)
from calctutor.steps.model import Step

BOUNDED = (sympy.sin, sympy.cos)
# Functions with jumps: "continuous, so substitute" would be false for them.
JUMPS = (sympy.floor, sympy.ceiling, sympy.sign, sympy.frac, sympy.Heaviside, sympy.Piecewise)
_K = sympy.Symbol("k", positive=True)


def constant(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """The limit of a constant is that constant."""
    if f.has(ctx.var):
        return None
    text = prose(math(f), " does not depend on ", math(ctx.var), ", so its limit is itself")
    return Found((Step("constant", text, ctx.limit(f), f),), f)


def substitution(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """Direct substitution: f is continuous at a finite point, so lim f = f(a)."""
    if ctx.infinite or not f.has(ctx.var) or f.has(*JUMPS):
        return None
    value = _substituted(f, ctx)
    if value is None or not same_value(value, ctx.truth(f)):
        return None
    at = math(sympy.Eq(ctx.var, ctx.point))
    text = prose(
        math(f), " is continuous at ", at, " (built from continuous functions, defined there), "
        "so substitute ", at, ": the limit is ", math(value),
    )  # fmt: skip
    return Found((Step("direct substitution", text, ctx.limit(f), value),), value)


def _substituted(f: Any, ctx: LimitContext) -> Any:
    """f(a) when it is a finite real number and every power in f is defined near a, else None."""
    if not all(_power_defined(p, ctx) for p in f.atoms(sympy.Pow)):
        return None
    try:
        value = sympy.simplify(f.subs(ctx.var, ctx.point))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or not value.is_real:
        return None
    return value


def _power_defined(power: Any, ctx: LimitContext) -> bool:
    """False for 0^0 or 0^(negative), and for a root of 0 approached from both sides."""
    base = power.base.subs(ctx.var, ctx.point)
    if base != 0:
        return True
    if power.exp.has(ctx.var) or not power.exp.is_positive:
        return False
    return bool(power.exp.is_integer) or ctx.side != "+-"


def at_infinity(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """x → ±∞ with no indeterminate form: every part has a limit and they combine."""
    if not ctx.infinite or not f.has(ctx.var):
        return None
    try:
        value = f.subs(ctx.var, ctx.point)
    except (TypeError, ValueError):
        return None
    if not isinstance(value, sympy.Expr) or value.has(sympy.nan, sympy.AccumBounds, sympy.zoo):
        return None
    if not same_value(value, ctx.truth(f)):
        return None
    small = prose(" (", tends(1 / ctx.var**_K, 0), ")") if _has_reciprocal(f, ctx.var) else ""
    text = prose(
        "As ", ctx.arrow(), ", each part of ", math(f), " has a limit", small,
        " and they combine without an indeterminate form: the limit is ", value_text(value),
    )  # fmt: skip
    return Found((Step("limit laws", text, ctx.limit(f), value),), value)


def _has_reciprocal(f: Any, x: sympy.Symbol) -> bool:
    """True when f holds a negative power of x."""
    return any(p.base == x and p.exp.is_negative for p in f.atoms(sympy.Pow))


def sides(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """Two-sided at a finite point with different one-sided limits: the limit does not exist."""
    if ctx.side != "+-" or ctx.infinite or ctx.truth(f) != DOES_NOT_EXIST:
        return None
    right, left = ctx.one_side("+"), ctx.one_side("-")
    if right.truth(f) is None or left.truth(f) is None or right.truth(f) == left.truth(f):
        return None
    found = [recurse(f, side.deeper()) for side in (left, right)]
    values = [value_text(x.value) for x in found]
    text = prose(
        "The one-sided limits differ: from the left ", values[0], ", from the right ", values[1],
        ", so the two-sided limit does not exist",
    )  # fmt: skip
    subs = tuple(
        Step(f"{name} limit", prose("As ", side.arrow(), ":"), side.limit(f), x.value, x.steps)
        for name, side, x in (("left-hand", left, found[0]), ("right-hand", right, found[1]))
    )
    return Found((Step("one-sided limits", text, ctx.limit(f), None, subs),), DOES_NOT_EXIST)


def infinite_quotient(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """c/0 with c ≠ 0 from one side: the quotient grows without bound, its sign from the signs."""
    n, d = sympy.fraction(f)
    top, bottom = ctx.truth(n), ctx.truth(d)
    if not d.has(ctx.var) or not is_zero(bottom) or is_zero(top) or is_infinite(top):
        return None
    value = ctx.truth(f)
    if not is_infinite(value) or top is None or isinstance(top, str):
        return None
    sign = "positive" if (value == sympy.oo) == bool(top > 0) else "negative"
    text = prose(
        "The numerator → ", math(top), " ≠ 0 while the denominator ", tends(d, 0), " through ",
        sign, " values as ", ctx.arrow(), ", so the quotient grows without bound: ",
        value_text(value),
    )  # fmt: skip
    return Found((Step("infinite limit", text, ctx.limit(f), value),), value)


def oscillation(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """sin(w) or cos(w) with w → ±∞ (times a factor with a nonzero limit): no limit."""
    if ctx.truth(f) != DOES_NOT_EXIST:
        return None
    wave = _bounded_wave(f, ctx)
    if wave is None:
        return None
    rest = sympy.cancel(f / wave)
    limit_rest = ctx.truth(rest)
    if rest.has(ctx.var) and (is_zero(limit_rest) or not _finite(limit_rest)):
        return None
    w = wave.args[0]
    text = prose(
        "As ", ctx.arrow(), ", ", tends(sympy.Abs(w), sympy.oo), ", and ", math(wave),
        " keeps running through every value between −1 and 1 (it equals 1 and −1 at points "
        "arbitrarily close to the limit point), so ", math(f), " oscillates and has no limit",
    )  # fmt: skip
    return Found((Step("oscillation", text, ctx.limit(f), None),), DOES_NOT_EXIST)


def _bounded_wave(f: Any, ctx: LimitContext) -> Any:
    """The factor sin(w) or cos(w) of f whose argument w → ±∞, or None."""
    for factor in sympy.Mul.make_args(f):
        if isinstance(factor, BOUNDED) and ctx.blows_up(factor.args[0]):
            return factor
    return None


def _finite(value: Any) -> bool:
    """True for a finite number (not ±∞, not DOES_NOT_EXIST, not unknown)."""
    return value is not None and not isinstance(value, str) and not value.is_infinite


def squeeze(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """g · sin(w) with g → 0 and |sin(w)| ≤ 1: -|g| ≤ f ≤ |g| squeezes f to 0."""
    wave = _bounded_wave(f, ctx)
    if wave is None:
        return None
    g = sympy.cancel(f / wave)
    if not is_zero(ctx.truth(g)) or not is_zero(ctx.truth(f)):
        return None
    inner = recurse(g, ctx.deeper())
    bound = sympy.Abs(g)
    text = prose(
        math(sympy.Le(sympy.Abs(wave), 1)), ", so ", math(-bound), " ≤ ", math(f), " ≤ ",
        math(bound), "; both bounds → 0 as ", ctx.arrow(), " (", tends(g, 0),
        "), so by the squeeze theorem the limit is 0",
    )  # fmt: skip
    simple = len(inner.steps) == 1 and not inner.steps[0].substeps
    subs = () if simple else (Step("bound", prose(tends(g, 0), ":"), ctx.limit(g), 0, inner.steps),)
    return Found((Step("squeeze theorem", text, ctx.limit(f), 0, subs),), 0)


def laws(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """Sum, product, quotient, power and continuous-function laws: the parts' limits combine."""
    parts = _parts(f)
    if parts is None:
        return None
    values: list[Any] = []
    subs: list[Step] = []
    plain: list[Prose] = []
    for part in parts:
        if not part.has(ctx.var):
            values.append(part)
            continue
        found = recurse(part, ctx.deeper())
        if not _finite(found.value) and not is_infinite(found.value):
            return None
        values.append(found.value)
        if len(found.steps) == 1 and not found.steps[0].substeps:
            plain.append(tends(part, found.value))
        else:
            subs.append(Step("limit of a part", prose(math(part), ":"), ctx.limit(part),
                             found.value, found.steps))  # fmt: skip
    value = _combine(f, values)
    if value is None or not same_value(value, ctx.truth(f)):
        return None
    listed = prose(" (", join(plain), ")") if plain else ""
    text = prose(_law_name(f), listed, ": the limit is ", value_text(value))
    return Found((Step("limit laws", text, ctx.limit(f), value, tuple(subs)),), value)


def _parts(f: Any) -> tuple[Any, ...] | None:
    """The parts a limit law splits f into, or None for a symbol or a constant."""
    if isinstance(f, sympy.Add | sympy.Mul | sympy.Function):
        return tuple(f.args)
    if isinstance(f, sympy.Pow):
        return (f.base, f.exp)
    return None


def _combine(f: Any, values: list[Any]) -> Any:
    """f's head applied to the parts' limits, in extended arithmetic (None if undefined)."""
    try:
        value = f.func(*values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if value.has(sympy.nan, sympy.zoo, sympy.AccumBounds):
        return None
    return value


def _law_name(f: Any) -> Prose | str:
    """Which limit law splits f."""
    if isinstance(f, sympy.Add):
        return "The limit of a sum is the sum of the limits"
    if isinstance(f, sympy.Mul):
        return "The limit of a product is the product of the limits"
    if isinstance(f, sympy.Pow):
        return "The limit of a power is the power of the limits"
    return prose(math(f.func(sympy.Symbol("u"))), " is continuous in u, so the limit goes inside")
