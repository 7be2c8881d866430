"""Safe parsing of typed math into SymPy: tokens are vetted before any SymPy object is built.

Raw text never reaches ``eval``, ``sympify`` or ``parse_expr``: the tokenizer accepts only the
answer box's alphabet, every name is checked against the functions, constants and the problem's
variables, and the parser builds SymPy objects itself, with bounded sizes.
"""

from __future__ import annotations

import itertools
from typing import Any

from calctutor.expr import shapes
from calctutor.expr.context import ParseContext
from calctutor.expr.errors import ParseError
from calctutor.expr.names import COMMANDS, CONSTANTS, FUNCTIONS, GREEK_LETTERS
from calctutor.expr.parser import Parser
from calctutor.expr.runs import is_single_name, run_names
from calctutor.expr.tokens import NAME, tokenize

# Words of a request that never read as a product of letters on the command line.
WORDS = frozenset(
    [
        "of",
        "as",
        "at",
        "to",
        "in",
        "on",
        "is",
        "it",
        "by",
        "for",
        "and",
        "the",
        "from",
        "with",
        "wrt",
        "respect",
        "over",
        "find",
        "then",
    ]
)

__all__ = [
    "ParseContext",
    "ParseError",
    "canonical_name",
    "decimal_literals",
    "names_used",
    "parse_answer",
    "parse_expr",
]

READERS = {
    "expression": shapes.scalar,
    "vector": shapes.vector,
    "matrix": shapes.matrix,
    "points": shapes.points,
    "equation": shapes.equation,
}


def parse_expr(text: str, context: ParseContext | None = None) -> Any:
    """Read one scalar expression, or raise ParseError saying what and where."""
    return _run(text, context or ParseContext(), shapes.scalar)


def parse_answer(text: str, context: ParseContext | None = None) -> Any:
    """Read an answer of the shape the context expects (expression, vector, matrix, …)."""
    context = context or ParseContext()
    if context.expect == "any":
        return _run(text, context, _any)
    return _run(text, context, READERS[context.expect])


def decimal_literals(text: str) -> tuple[str, ...]:
    """The decimal numbers typed in an answer (for judging how many digits were given)."""
    try:
        tokens = tokenize(text)
    except ParseError:
        return ()
    return tuple(t.text for t in tokens if t.kind == "num" and "." in t.text)


def canonical_name(text: str) -> str:
    """A declared name in its one spelling (θ₀, theta_0 and θ0 are all ``theta0``), or ParseError.

    A name is letters with at most one index; it may not be a function, constant or command,
    except a Greek letter (σ declared as a variable is that variable, not the logistic function).
    """
    stripped = text.strip() if isinstance(text, str) else ""
    try:
        tokens = tokenize(stripped)
    except ParseError:
        tokens = []
    name = tokens[0].text if len(tokens) == 2 and tokens[0].kind == "name" else ""
    reserved = name in FUNCTIONS or name in CONSTANTS or name in COMMANDS
    if not is_single_name(name) or (reserved and name not in GREEK_LETTERS):
        raise ParseError(
            f"'{text}' is not a valid name: use letters with an optional index, as x, w1 or θ₀"
        )
    return name


def names_used(text: str, known: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The symbol names a text uses, in order of appearance: how the command line declares them.

    Any letter may be a symbol there, so a run of letters adds each of its names (``xy`` adds
    x and y: in ``e^(xy)`` with variable x, y is a constant and xy is x·y). Two kinds of run add
    none: one followed by ``(`` that is not a known function (``f(x)`` names an unknown
    function), and a word of English such as "of" or "to", which in a request is a slip of the
    phrasing, not o·f. ``known`` names (the variables) come first.
    """
    try:
        tokens = tokenize(text.strip())
    except ParseError:
        return ()
    found: list[str] = list(known)
    for token, after in itertools.pairwise(tokens):
        if token.kind == "name" and token.text.lower() not in WORDS and token.text not in known:
            found += run_names(token.text, after.kind == "op" and after.text == "(")
    return tuple(n for n in dict.fromkeys(found) if n not in known or n in _all(tokens))


def _all(tokens: list[Any]) -> set[str]:
    """Every name of every run, for telling which known names the text uses."""
    return {n for t in tokens if t.kind == "name" for n in run_names(t.text, False)} | {
        t.text for t in tokens if t.kind == "name"
    }


def _any(parser: Parser) -> Any:
    """An equation, a single expression, or a vector, whichever the text is."""
    start = parser.index
    try:
        return shapes.equation(parser)
    except ParseError as equation_error:
        parser.index, parser.depth, parser.abs_depth = start, 0, 0
        try:
            return shapes.vector(parser)
        except ParseError as vector_error:
            # the reading that got further names the real cause (an unknown name after "=")
            raise max(vector_error, equation_error, key=_reach) from None


def _reach(error: ParseError) -> int:
    """How far into the text the reading got before this error."""
    return -1 if error.position is None else error.position


def _command_before(text: str, error: ParseError, context: ParseContext) -> ParseError:
    """Prefer "not a command" when code such as ``lambda: 1`` broke the tokenizer."""
    end = len(text) if error.position is None else error.position
    allowed = context.symbol_names()
    for match in NAME.finditer(text, 0, end):
        if match.group() in COMMANDS and match.group() not in allowed:
            message = f"the answer must be an expression, not a command ('{match.group()}')"
            return ParseError(message, match.start(), text)
    return error


def _run(text: str, context: ParseContext, reader: Any) -> Any:
    """Tokenize and parse, turning any internal failure into a ParseError."""
    if not isinstance(text, str):
        raise ParseError("the answer must be text")
    stripped = text.strip()
    if not stripped:
        raise ParseError("the answer is empty", None, text)
    try:
        tokens = tokenize(stripped)
    except ParseError as error:
        raise _command_before(stripped, error, context) from None
    parser = Parser(stripped, tokens, context)
    try:
        return reader(parser)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("the answer is nested too deeply", None, stripped) from None
    except (ValueError, TypeError, ArithmeticError, AttributeError) as error:
        raise ParseError(f"that cannot be read: {error}", None, stripped) from None
