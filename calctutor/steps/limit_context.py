"""What every limit rule shares: where x goes, SymPy's value to check against, how to recurse."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import sympy

from calctutor.notation import Prose, math, prose, sign
from calctutor.steps.model import Step

# The result of a limit that does not exist (one-sided limits differ, or f oscillates).
DOES_NOT_EXIST = "does not exist"
# L'Hôpital, rewrites and sub-limits nest at most this deep before the engine gives up.
MAX_DEPTH = 12
TO = sign(" → ", r"\to")


class GiveUp(Exception):
    """No worked rule reaches SymPy's value for this limit."""


@dataclass(frozen=True)
class Found:
    """A limit worked out: the steps shown and the value they reach (or DOES_NOT_EXIST)."""

    steps: tuple[Step, ...]
    value: Any


@dataclass(frozen=True)
class LimitContext:
    """x → point from ``side`` ("+", "-", "+-"); ``cache`` holds SymPy's limits already taken."""

    var: sympy.Symbol
    point: Any
    side: str
    depth: int = 0
    seen: frozenset[Any] = frozenset()
    cache: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def infinite(self) -> bool:
        """True when x → ±∞."""
        return bool(self.point.is_infinite)

    def deeper(self) -> LimitContext:
        """The context one sub-limit further in (GiveUp past MAX_DEPTH)."""
        if self.depth >= MAX_DEPTH:
            raise GiveUp("the limit needs more steps than the engine takes")
        return replace(self, depth=self.depth + 1)

    def rewritten(self, f: Any, g: Any) -> LimitContext:
        """The context for g, a rewrite of f (GiveUp when g went round in a circle)."""
        if g in self.seen or g == f:
            raise GiveUp("the rewrite leads back to an earlier expression")
        return replace(self.deeper(), seen=self.seen | {f})

    def one_side(self, side: str) -> LimitContext:
        """The same approach from one side only, sharing nothing with the two-sided cache."""
        return replace(self, side=side, cache={})

    def limit(self, f: Any) -> sympy.Limit:
        """The unevaluated lim f, as a step's "before"."""
        return sympy.Limit(f, self.var, self.point, self.side)

    def arrow(self) -> Prose:
        """x → 0⁺, x → ∞ as a sentence writes it."""
        marks = {"+": sign("⁺", "^{+}"), "-": sign("⁻", "^{-}")}
        mark = marks.get(self.side, "") if not self.infinite else ""
        return prose(math(self.var), TO, math(self.point), mark)

    def truth(self, f: Any) -> Any:
        """SymPy's limit of f (DOES_NOT_EXIST when sides differ or f oscillates; None: unknown)."""
        key = sympy.sympify(f, strict=True)
        if key not in self.cache:
            self.cache[key] = _sympy_limit(key, self)
        return self.cache[key]

    def blows_up(self, f: Any) -> bool:
        """True when |f| → ∞ (two-sided: → ±∞ from each side, possibly with different signs)."""
        value = self.truth(f)
        if is_infinite(value):
            return True
        if value != DOES_NOT_EXIST or self.side != "+-" or self.infinite:
            return False
        return all(is_infinite(self.one_side(s).truth(f)) for s in ("+", "-"))

    def near(self, rng: random.Random, count: int = 4) -> list[Any]:
        """Sample points near the limit point on the sides that count (to check rewrites)."""
        if self.infinite:
            sign = 1 if self.point == sympy.oo else -1
            return [sympy.Float(sign * rng.uniform(5, 50)) for _ in range(count)]
        signs = [1, -1] if self.side == "+-" else [1 if self.side == "+" else -1]
        return [
            self.point + sympy.Float(signs[i % len(signs)] * rng.uniform(1e-3, 1e-1))
            for i in range(count)
        ]


def _sympy_limit(f: Any, ctx: LimitContext) -> Any:
    """sympy.limit with the failures turned into values: DOES_NOT_EXIST or None."""
    try:
        value = sympy.limit(f, ctx.var, ctx.point, ctx.side)
    except ValueError:
        return DOES_NOT_EXIST if ctx.side == "+-" else None
    except (NotImplementedError, TypeError, RecursionError):
        return None
    if isinstance(value, sympy.AccumBounds) or (value is sympy.zoo and ctx.side == "+-"):
        return DOES_NOT_EXIST
    if value.has(sympy.Limit) or value is sympy.nan:
        return None
    return value


def same_value(a: Any, b: Any) -> bool:
    """True when two limit values agree (numbers, ±∞, or both DOES_NOT_EXIST)."""
    if isinstance(a, str) or isinstance(b, str):
        return bool(a == b)
    if a is None or b is None:
        return False
    if a == b:
        return True
    if a.is_infinite or b.is_infinite:
        return False
    try:
        return bool(sympy.simplify(a - b) == 0)
    except (TypeError, ValueError):
        return False


def is_infinite(value: Any) -> bool:
    """True for ±∞ (and the complex infinity zoo)."""
    return not isinstance(value, str) and value is not None and bool(value.is_infinite)


def is_zero(value: Any) -> bool:
    """True for the exact value 0."""
    return not isinstance(value, str) and value is not None and value == 0


def equal_near(f: Any, g: Any, ctx: LimitContext) -> bool:
    """True when f and g agree at sample points near the limit point (a rewrite's check)."""
    rng = random.Random(0)
    for point in ctx.near(rng):
        try:
            a = complex(sympy.N(f.subs(ctx.var, point), 30))
            b = complex(sympy.N(g.subs(ctx.var, point), 30))
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if abs(a - b) > 1e-8 * max(1.0, abs(a)):
            return False
    return True


def value_text(value: Any) -> Prose:
    """A limit value as a sentence writes it: 3, ∞, −∞, does not exist."""
    if isinstance(value, str):
        return prose(value)
    return prose(math(sympy.oo if value is sympy.zoo else value))


def _grouped(expr: Any, strict: bool = False) -> Prose:
    """expr, bracketed when it is a sum or a fraction (and, under a fraction bar written as /,
    a product), so / and · read unambiguously."""
    plain = isinstance(expr, sympy.Atom | sympy.Function) or (
        isinstance(expr, sympy.Pow) and bool(expr.exp.is_positive)
    )
    fraction = sympy.fraction(expr)[1] != 1
    if isinstance(expr, sympy.Add) or fraction or (strict and not plain):
        return prose("(", math(expr), ")")
    return prose(math(expr))


def over(top: Any, bottom: Any) -> Prose:
    """top/bottom as written, without cancelling: ln(x)/(1/x)."""
    return prose(_grouped(top), "/", _grouped(bottom, strict=True))


def times(left: Any, right: Any) -> Prose:
    """left · right as written: (sin(3x)/(3x)) · 3."""
    return prose(_grouped(left), " · ", _grouped(right))


def tends(expr: Any, value: Any) -> Prose:
    """expr → value."""
    return prose(math(expr), TO, value_text(value))


Recurse = Callable[[Any, LimitContext], Found]
