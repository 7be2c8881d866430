"""Reading where a limit's variable goes ("x -> 0+", "x → ∞") and a Taylor problem's centre."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from calctutor.expr import ParseError, parse_expr
from calctutor.sets.model import Problem

ARROW = re.compile(
    r"^\s*(?P<var>[A-Za-z]\w*)\s*(?:->|→|⟶|\bto\b|\bapproaches\b)\s*(?P<point>.+?)\s*"
    r"(?P<side>\^\{?[+-]\}?|[⁺⁻]|(?<=[\w)∞])[+-])?\s*$"
)
SIDES = {"+": "+", "⁺": "+", "-": "-", "⁻": "-"}


@dataclass(frozen=True)
class Approach:
    """x → a from one side ("+", "-") or both ("+-"); a may be ±oo (then the side is implied)."""

    var: Any
    point: Any
    side: str


def _side(mark: str | None) -> str:
    """'+', '-' or '+-' (both sides) from the text after the point: +, -, ⁺, ⁻, ^+, ^{-}."""
    if not mark:
        return "+-"
    return SIDES[mark.strip("^{}")]


def read_approach(text: str, context: Any) -> Approach:
    """The approach written as "x -> 0+", "x → ∞", "x -> -oo" (ParseError otherwise)."""
    import sympy

    match = ARROW.match(text)
    if not match:
        raise ParseError(f"'{text}' does not say where the variable goes: write e.g. x -> 0+")
    name = match.group("var")
    point_text = match.group("point").replace("∞", "oo")
    point = parse_expr(point_text, context)
    if point.free_symbols:
        raise ParseError(f"the limit point {point_text} must be a number or ±oo")
    var = sympy.Symbol(name)
    side = _side(match.group("side"))
    if point in (sympy.oo, sympy.S.NegativeInfinity):
        if side != "+-":
            raise ParseError("a limit at ±∞ has no side: drop the + or -")
        side = "-" if point == sympy.oo else "+"
    return Approach(var, point, side)


def read_limit(problem: Problem, context: Any) -> Approach:
    """The problem's ``limit`` field ("x -> 0+") read in the author's context."""
    if problem.limit is None:
        raise ParseError("the field 'limit' is missing")
    return read_approach(problem.limit, context)


def read_centre(problem: Problem, context: Any) -> tuple[Any, ...]:
    """The Taylor centre: "0", "x = 1", or a point "(0, 0)" for several variables."""
    from dataclasses import replace

    from calctutor.expr import parse_answer

    if problem.about is None:
        raise ParseError("the field 'about' is missing")
    text = problem.about
    names = problem.variables or ("x",)
    if len(names) == 1:
        text = re.sub(rf"^\s*{re.escape(names[0])}\s*=\s*", "", text)
        value = parse_expr(text, context)
        point: tuple[Any, ...] = (value,)
    else:
        value = parse_answer(text, replace(context, expect="vector"))
        point = tuple(value) if isinstance(value, tuple) else (value,)
    if len(point) != len(names) or any(p.free_symbols for p in point):
        raise ParseError(f"about must be a point with {len(names)} number(s)")
    return point
