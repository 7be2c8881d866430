"""Reading one side of a line of working into SymPy, through the project's safe parser.

The scanner (``calctutor.working.forms``) cuts out the working's own forms; each operand is read
by this module (recursively), the rest of the text by ``calctutor.expr.parse_expr`` with the
placeholders as extra names, and the placeholders are then replaced by unevaluated SymPy objects:
``Derivative``, ``Integral``, ``Limit``, an evaluation ``Between(F, x, a, b)`` for ``[F]_a^b`` and
a differential symbol ``ⅆx``. Nothing is ever evaluated while reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import sympy

from calctutor.expr import ParseContext, ParseError, parse_expr
from calctutor.expr.context import Constants
from calctutor.working.forms import ScanError, Segment, Slot, scan

Between = sympy.Function("Between")
DIFFERENTIAL_PREFIX = "ⅆ"


def differential(name: str) -> Any:
    """The symbol standing for the differential d<name>."""
    return sympy.Symbol(DIFFERENTIAL_PREFIX + name)


def is_differential(symbol: Any) -> bool:
    """True for a differential symbol such as ⅆx."""
    return isinstance(symbol, sympy.Symbol) and symbol.name.startswith(DIFFERENTIAL_PREFIX)


@dataclass(frozen=True)
class Names:
    """What a line may mention: the problem's names, names introduced so far, the ODE's y."""

    variables: tuple[str, ...]
    base: str
    constants: Constants = "none"
    function: str = ""
    last_limit: str = ""
    definitions: tuple[tuple[str, Any], ...] = ()

    def with_names(self, *names: str) -> Names:
        """These names plus more (an integration variable, a substituted u)."""
        extra = tuple(n for n in names if n and n not in self.variables and n != self.function)
        return replace(self, variables=(*self.variables, *extra))

    def context(self, placeholders: tuple[str, ...]) -> ParseContext:
        """The parser's context for a residual text with these placeholders."""
        functions = (self.function,) if self.function else ()
        return ParseContext(
            variables=(*self.variables, *placeholders),
            constants=self.constants,
            functions=functions,
        )


def read_side(segment: Segment, names: Names, line: str) -> Any:
    """One side of a line as SymPy (ParseError, positioned in ``line``, when it cannot be read)."""
    segment = normalized(segment.stripped())
    if not segment.text:
        raise ParseError("something is missing here", segment.offset, line)
    differentials = frozenset((*names.variables, names.function))
    try:
        defined = frozenset(name for name, _ in names.definitions)
        scanned = scan(segment, differentials, names.base, names.last_limit, defined)
    except ScanError as error:
        raise ParseError(error.message, error.position, line) from None
    values = {slot.name: build(slot, names, line) for slot in scanned.slots}
    residual = scanned.text
    try:
        value = parse_expr(residual, names.context(tuple(values)))
    except ParseError as error:
        raise relocate(error, scanned.origin, segment, line) from None
    swap = {sympy.Symbol(name): obj for name, obj in values.items()}
    return value.xreplace(swap) if swap else value


def normalized(segment: Segment) -> Segment:
    """F |_a^b written as [F]_a^b, and (d/dx)(…) as d/dx (…) (positions kept close)."""
    text = re.sub(r"\(\s*(d\s*/\s*d\s*[A-Za-z])\s*\)", r" \1 ", segment.text)
    bar = re.search(r"(?:\\[Bb]ig\s*)?\|\s*(?=_)", text)
    if bar is not None and bar.start() > 0:
        text = f"[{text[: bar.start()]}]{text[bar.end() :]}"
        return Segment(text, segment.offset - 1)
    return Segment(text, segment.offset)


def relocate(error: ParseError, origin: list[int], segment: Segment, line: str) -> ParseError:
    """The parser's error with its position moved from the residual text to the line."""
    if error.position is None:
        return ParseError(error.message, segment.offset, line)
    if error.position < len(origin):
        return ParseError(error.message, origin[error.position], line)
    return ParseError(error.message, segment.offset + len(segment.text), line)


def build(slot: Slot, names: Names, line: str) -> Any:
    """The SymPy object for one form."""
    var = sympy.Symbol(slot.var) if slot.var else None
    if slot.kind == "differential":
        return differential(slot.var)
    if slot.kind == "leibniz":
        return leibniz(slot, names)
    if slot.kind == "call":
        assert slot.body is not None
        argument = read_side(slot.body, names, line)
        body = dict(names.definitions)[slot.function]
        return body.xreplace({sympy.Symbol(names.base): argument})
    inner = names.with_names(slot.var)
    assert slot.body is not None
    if slot.kind == "integral":
        body = read_side(slot.body, inner, line)
        if slot.lower is None:
            return sympy.Integral(body, var)
        lower, upper = bounds(slot, names, line)
        return sympy.Integral(body, (var, lower, upper))
    if slot.kind == "derivative":
        body = read_side(slot.body, inner, line)
        return sympy.Derivative(body, (var, slot.order), evaluate=False)
    if slot.kind == "limit":
        body = read_side(slot.body, inner, line)
        assert slot.lower is not None
        point = read_side(slot.lower, names, line)
        return sympy.Limit(body, var, point, slot.direction)
    body = read_side(slot.body, names, line)
    lower, upper = bounds(slot, names, line)
    return Between(body, sympy.Symbol(evaluation_variable(body, names)), lower, upper)


def bounds(slot: Slot, names: Names, line: str) -> tuple[Any, Any]:
    """The lower and upper limits of an integral or an evaluation."""
    assert slot.lower is not None and slot.upper is not None
    return read_side(slot.lower, names, line), read_side(slot.upper, names, line)


def leibniz(slot: Slot, names: Names) -> Any:
    """dy/dx: y' of the ODE's unknown, or the derivative of a named quantity such as u."""
    var = sympy.Symbol(slot.var)
    if slot.function == names.function:
        return sympy.Derivative(sympy.Function(slot.function)(var), var)
    return sympy.Derivative(sympy.Symbol(slot.function), (var, slot.order), evaluate=False)


def evaluation_variable(body: Any, names: Names) -> str:
    """The variable of [F]_a^b: a name introduced in the working if F uses one, else the base."""
    free = {s.name for s in body.free_symbols}
    introduced = [n for n in reversed(names.variables) if n in free and n != names.base]
    if names.base in free or not introduced:
        return names.base
    return introduced[0]
