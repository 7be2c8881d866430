"""Reading a PyTorch-style call such as ``Adam(lr=0.1, betas=(0.9, 0.99), amsgrad=True)``.

The text is tokenized and checked against a tiny grammar; nothing is ever evaluated::

    call   := NAME "(" [arg ("," arg)*] [","] ")"
    arg    := [NAME "="] value
    value  := number | True | False | "(" value ("," value)* [","] ")"
    number := ["+" | "-"] digits with an optional fraction and exponent

A mistake raises ``ParseError`` with the position of the offending character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from calctutor.expr.errors import ParseError

MAX_LENGTH = 500
_TOKEN = re.compile(
    r"\s*(?:(?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z_0-9.]*)"
    r"|(?P<punct>[(),=]))"
)


@dataclass(frozen=True)
class Token:
    """One token: its kind (number, name, punct, end), text and position in the input."""

    kind: str
    text: str
    position: int


@dataclass(frozen=True)
class Call:
    """A parsed call: the name, the positional values and the keyword values, in order."""

    name: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]


def tokenize(text: str) -> list[Token]:
    """The tokens of the text, ending with an ``end`` token."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the specification is longer than {MAX_LENGTH} characters")
    tokens, at = [], 0
    while text[at:].strip():
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:
            where = at + len(text[at:]) - len(text[at:].lstrip())
            raise ParseError(f"unexpected character '{text[where]}'", where, text)
        kind = next(k for k, v in match.groupdict().items() if v is not None)
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        at = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Reader:
    """A cursor over the tokens with the grammar's rules as methods."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.at = 0

    def peek(self) -> Token:
        """The current token."""
        return self.tokens[self.at]

    def take(self, kind: str, text: str | None = None, what: str = "") -> Token:
        """Consume a token of this kind (and text), or fail pointing at it."""
        token = self.peek()
        if token.kind != kind or (text is not None and token.text != text):
            found = "the end" if token.kind == "end" else f"'{token.text}'"
            raise ParseError(f"expected {what or repr(text)} here, found {found}", token.position,
                             self.text)  # fmt: skip
        self.at += 1
        return token

    def value(self) -> Any:
        """A number, True/False, or a parenthesised tuple of values."""
        token = self.peek()
        if token.kind == "number":
            self.at += 1
            return float(token.text) if _is_float(token.text) else int(token.text)
        if token.kind == "name" and token.text in ("True", "False"):
            self.at += 1
            return token.text == "True"
        if token.kind == "punct" and token.text == "(":
            return self.group()
        self.take("number", what="a number, True, False or a tuple")
        raise AssertionError("unreachable")

    def group(self) -> tuple[Any, ...]:
        """``( value, value, ... )``."""
        self.take("punct", "(")
        items = [self.value()]
        while self.peek().text == ",":
            self.at += 1
            if self.peek().text == ")":
                break
            items.append(self.value())
        self.take("punct", ")", "',' or ')'")
        return tuple(items)

    def call(self) -> Call:
        """``Name(arg, ..., key=value, ...)`` and nothing after it."""
        name = self.take("name", what="a name such as Adam or StepLR").text
        self.take("punct", "(", "'('")
        args: list[Any] = []
        kwargs: list[tuple[str, Any]] = []
        while self.peek().text != ")":
            self._argument(args, kwargs)
            if self.peek().text != ",":
                break
            self.at += 1
        self.take("punct", ")", "',' or ')'")
        self.take("end", what="the end of the specification")
        return Call(name, tuple(args), tuple(kwargs))

    def _argument(self, args: list[Any], kwargs: list[tuple[str, Any]]) -> None:
        """One argument, by keyword or by position (positional ones come first)."""
        token = self.peek()
        following = self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else token
        if token.kind == "name" and following.text == "=":
            self.at += 2
            if any(key == token.text for key, _ in kwargs):
                raise ParseError(f"{token.text} is given twice", token.position, self.text)
            kwargs.append((token.text, self.value()))
            return
        if kwargs:
            raise ParseError("a positional argument cannot follow a keyword argument",
                             token.position, self.text)  # fmt: skip
        args.append(self.value())


def _is_float(text: str) -> bool:
    """True when a number token has a fraction or an exponent."""
    return any(c in text for c in ".eE")


def parse_call(text: str) -> Call:
    """The call in the text, checked token by token (never evaluated)."""
    return _Reader(text).call()


def bind(call: Call, positional: tuple[str, ...], what: str) -> dict[str, Any]:
    """The call's arguments by name: positional ones take the names in ``positional``."""
    if len(call.args) > len(positional):
        raise ParseError(
            f"{what} takes at most {len(positional)} positional argument(s) "
            f"({', '.join(positional)}); name the others, e.g. eps=1e-8"
        )
    values = dict(zip(positional, call.args, strict=False))
    for key, value in call.kwargs:
        if key in values:
            raise ParseError(f"{key} is given both by position and by name")
        values[key] = value
    return values
