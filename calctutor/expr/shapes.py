"""The shapes of a whole answer: one expression, a vector, a matrix, points, an equation."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.expr.errors import ParseError
from calctutor.expr.parser import PRIME_MESSAGE, Parser
from calctutor.expr.tokens import Token

CLOSERS = {"(": ")", "[": "]", "<": ">", "{": "}"}


def finish(parser: Parser) -> None:
    """Insist that every token was used, explaining what is left over."""
    token = parser.peek()
    if token.kind == "end":
        return
    if token.kind == "op" and token.text == ",":
        raise parser.fail("expected a single expression, not a list", token)
    if token.kind == "op" and token.text == "=":
        raise parser.fail("expected an expression, not an equation", token)
    if token.kind == "op" and token.text in (")", "]", "}", ">"):
        raise parser.fail(f"unexpected '{token.text}': no bracket before it is left open", token)
    if token.text == "'":
        raise parser.fail(PRIME_MESSAGE, token)
    raise parser.fail(f"unexpected '{token.text}'", token)


def scalar(parser: Parser) -> Any:
    """One expression using every token."""
    value = parser.expression()
    finish(parser)
    return value


def equation(parser: Parser) -> Any:
    """An expression, or an equation ``left = right``."""
    left = parser.expression()
    if parser.at("="):
        parser.advance()
        right = parser.expression()
        finish(parser)
        return sympy.Eq(left, right, evaluate=False)
    finish(parser)
    return left


def items(parser: Parser, closer: str | None) -> list[Any]:
    """Comma-separated expressions up to ``closer`` (or the end when None)."""
    values = [parser.expression()]
    while parser.at(","):
        parser.advance()
        values.append(parser.expression())
    if closer is not None:
        expect_closer(parser, closer)
    return values


def expect_closer(parser: Parser, closer: str) -> None:
    """Consume ``closer`` or fail pointing at what came instead."""
    if parser.at(closer):
        parser.advance()
        return
    token = parser.peek()
    if token.kind == "end":
        raise parser.fail(f"missing '{closer}': the list is never closed", token)
    raise parser.fail(f"expected ',' or '{closer}' here", token)


def bracketed(parser: Parser) -> tuple[Token, str] | None:
    """The opening bracket at the current token and its closer, if there is one."""
    token = parser.peek()
    if token.kind == "op" and token.text in CLOSERS:
        return token, CLOSERS[token.text]
    return None


def vector(parser: Parser) -> tuple[Any, ...]:
    """(a, b), [a, b], <a, b>, ⟨a, b⟩ or a bare a, b."""
    start = parser.index
    opening = bracketed(parser)
    first_error: ParseError | None = None
    if opening is not None:
        parser.advance()
        try:
            values = items(parser, opening[1])
            if parser.peek().kind == "end":
                return tuple(values)
        except ParseError as error:
            first_error = error
        parser.index, parser.depth, parser.abs_depth = start, 0, 0
    try:
        values = items(parser, None)
        finish(parser)
    except ParseError as error:
        raise (first_error or error) from None
    return tuple(values)


def matrix(parser: Parser) -> Any:
    """[[a, b], [c, d]] (or with round brackets), rows of equal length."""
    opening = bracketed(parser)
    if opening is None:
        raise parser.fail("expected a matrix such as [[a, b], [c, d]]")
    parser.advance()
    rows = [row(parser)]
    while parser.at(","):
        parser.advance()
        rows.append(row(parser))
    expect_closer(parser, opening[1])
    finish(parser)
    if len({len(r) for r in rows}) != 1:
        raise parser.fail("every row of a matrix must have the same number of entries", opening[0])
    return sympy.ImmutableMatrix(rows)


def row(parser: Parser) -> list[Any]:
    """One bracketed row of a matrix."""
    opening = bracketed(parser)
    if opening is None:
        raise parser.fail("expected a row such as [a, b]")
    parser.advance()
    return items(parser, opening[1])


def points(parser: Parser) -> tuple[tuple[Any, ...], ...]:
    """A list of points: (0, 0), (1, 1) — or numbers for one variable: -1, 1."""
    token = parser.peek()
    if token.kind == "name" and token.text.lower() in ("none", "empty"):
        parser.advance()
        finish(parser)
        return ()
    found = [point(parser)]
    while parser.at(","):
        parser.advance()
        found.append(point(parser))
    finish(parser)
    return tuple(found)


def point(parser: Parser) -> tuple[Any, ...]:
    """One point: a bracketed tuple, or a single number."""
    opening = bracketed(parser)
    if opening is not None and opening[0].text != "{":
        start = parser.index
        parser.advance()
        values = items(parser, opening[1])
        if len(values) > 1 or parser.peek().kind == "end" or parser.at(","):
            return tuple(values)
        parser.index = start
    return (parser.expression(),)
