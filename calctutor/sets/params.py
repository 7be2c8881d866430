"""Template parameters: the generators randint/choice/nonzero and the ``where`` conditions.

The generator text is read by the small parser here, never evaluated; each side of a condition
is read by ``calctutor.expr``. Every value a parameter can take is listed up front (at most
1,000 of them), so drawing is ``rng.choice`` and validation can try every combination.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.expr import ParseContext, ParseError, names_used, parse_expr
from calctutor.sets.spelling import suggest

GENERATORS = ("randint", "choice", "nonzero")
MAX_VALUES = 1000  # values one parameter may take: keeps exponents and sizes sane
MAX_MAGNITUDE = 10**6
OPERATORS = re.compile(r"!=|==|<=|>=|≠|≤|≥|<|>|=")
INTEGER = re.compile(r"^\s*[-+−]?\s*\d+\s*$")
CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$", re.DOTALL)


@dataclass(frozen=True)
class Param:
    """One parameter: its name, its generator and the finite list of values it can take."""

    name: str
    generator: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Condition:
    """A chain of comparisons such as ``0 < a*b <= 20``; holds when every link holds."""

    text: str
    sides: tuple[Any, ...]
    operators: tuple[str, ...]

    def holds(self, values: Mapping[Any, Any]) -> bool:
        """True when every comparison is true for these values."""
        sides = [sympy.sympify(s, strict=True).xreplace(values) for s in self.sides]
        pairs = itertools.pairwise(sides)
        return all(compare(op, a, b) for op, (a, b) in zip(self.operators, pairs, strict=True))


# --- generators ----------------------------------------------------------------------------


def split_arguments(text: str) -> list[str]:
    """The comma-separated arguments of a call, respecting brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    return [*parts, current.strip()] if current.strip() or parts else []


def _integer(text: str) -> int:
    """A whole number written in the text, or ValueError."""
    if not INTEGER.match(text):
        raise ValueError(f"'{text}' is not a whole number")
    value = int(text.replace("−", "-").replace(" ", ""))
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{value} is too large (at most {MAX_MAGNITUDE} in size)")
    return value


def _range(name: str, args: list[str]) -> range:
    """The bounds of randint/nonzero as an inclusive range."""
    if len(args) != 2:
        raise ValueError(f"{name} needs two whole numbers, for example {name}(2, 9)")
    low, high = _integer(args[0]), _integer(args[1])
    if low > high:
        raise ValueError(f"{name}({low}, {high}): the lower bound is above the upper bound")
    if high - low + 1 > MAX_VALUES:
        raise ValueError(f"{name}({low}, {high}) has too many values (at most {MAX_VALUES})")
    return range(low, high + 1)


def _number(text: str) -> Any:
    """A constant value (1/2, -3, pi, sqrt(2)) read by the safe parser."""
    try:
        value = parse_expr(text, ParseContext(variables=()))
    except ParseError as error:
        raise ValueError(f"'{text}' cannot be read: {error.message}") from None
    if value.free_symbols or not value.is_number or value.has(sympy.zoo, sympy.nan, sympy.oo):
        raise ValueError(f"'{text}' is not a number")
    return value


def parse_generator(name: str, text: str) -> Param:
    """The parameter ``name: text``, or ValueError saying what is wrong with the text."""
    match = CALL.match(text)
    if match is None:
        try:
            return Param(name, "value", (_number(text),))
        except ValueError:
            expected = "randint(a, b), choice(v1, v2, ...), nonzero(a, b) or a number"
            raise ValueError(f"expected {expected}, not '{text}'") from None
    generator, args = match.group(1), split_arguments(match.group(2))
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator '{generator}'{suggest(generator, GENERATORS)}")
    if generator == "choice":
        if not args or not all(args):
            raise ValueError("choice needs at least one value, for example choice(1, 3, 5)")
        return Param(name, generator, tuple(_number(a) for a in args))
    values = [v for v in _range(generator, args) if generator == "randint" or v != 0]
    if not values:
        raise ValueError(f"{generator}({args[0]}, {args[1]}) has no value other than 0")
    return Param(name, generator, tuple(sympy.Integer(v) for v in values))


# --- conditions ----------------------------------------------------------------------------


def _split_comparison(text: str) -> tuple[list[str], list[str]]:
    """The sides and operators of a comparison chain, splitting outside brackets only."""
    sides, operators, depth, start, i = [], [], 0, 0, 0
    while i < len(text):
        depth += text[i] in "([{"
        depth -= text[i] in ")]}"
        match = OPERATORS.match(text, i) if depth == 0 else None
        if match is None:
            i += 1
            continue
        sides.append(text[start:i])
        operators.append(match.group())
        start = i = match.end()
    return [*sides, text[start:]], operators


def parse_condition(text: str, names: Collection[str]) -> Condition:
    """A condition on the parameters, or ValueError saying why it cannot be read."""
    sides, operators = _split_comparison(text)
    if not operators:
        raise ValueError(f"'{text}' has no comparison (use ==, !=, <, <=, > or >=)")
    context = ParseContext(variables=tuple(names))
    parsed = []
    for side in sides:
        if not side.strip():
            raise ValueError(f"'{text}': a comparison is missing an expression on one side")
        unknown = [n for n in names_used(side, tuple(names)) if n not in names]
        if unknown:
            raise ValueError(f"'{text}': {', '.join(unknown)} is not a parameter")
        try:
            value = parse_expr(side, context)
        except ParseError as error:
            raise ValueError(f"'{text}': {error.message}") from None
        unknown = sorted(s.name for s in value.free_symbols if s.name not in names)
        if unknown:
            raise ValueError(f"'{text}': {', '.join(unknown)} is not a parameter")
        parsed.append(value)
    canonical = tuple({"≠": "!=", "≤": "<=", "≥": ">=", "=": "=="}.get(o, o) for o in operators)
    return Condition(text, tuple(parsed), canonical)


def _sign(difference: Any) -> int | None:
    """-1, 0 or 1 for a real number; None when it is not real or cannot be decided."""
    value = complex(sympy.N(difference, 30))
    scale = max(1.0, abs(value))
    if abs(value.imag) > 1e-12 * scale:
        return None
    if abs(value.real) <= 1e-12 * scale:
        return 0 if difference.is_zero is not False else (1 if value.real > 0 else -1)
    return 1 if value.real > 0 else -1


def compare(operator: str, left: Any, right: Any) -> bool:
    """left OPERATOR right for numbers; False when they are not comparable real numbers."""
    difference = sympy.sympify(left - right, strict=True)
    if not difference.is_number or difference.has(sympy.zoo, sympy.nan):
        return False
    sign = _sign(difference)
    if sign is None:
        return operator == "!="
    return {"==": sign == 0, "!=": sign != 0, "<": sign < 0, "<=": sign <= 0}.get(
        operator, sign > 0 if operator == ">" else sign >= 0
    )
