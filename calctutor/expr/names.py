"""The names a student may type, and how a run of letters splits into them."""

from __future__ import annotations

import re
from dataclasses import dataclass

FUNCTIONS: dict[str, str] = {
    "sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot",
    "cosec": "csc", "cotan": "cot",
    "asin": "asin", "acos": "acos", "atan": "atan", "asec": "asec", "acsc": "acsc",
    "acot": "acot", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsec": "asec",
    "arccsc": "acsc", "arccot": "acot",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "sech": "sech", "csch": "csch",
    "coth": "coth", "asinh": "asinh", "acosh": "acosh", "atanh": "atanh", "asech": "asech",
    "acsch": "acsch", "acoth": "acoth", "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh",
    "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "arccoth": "acoth",
    "exp": "exp", "log": "log", "ln": "log", "sqrt": "sqrt", "cbrt": "cbrt",
    "abs": "Abs", "Abs": "Abs", "sign": "sign", "sgn": "sign",
}  # fmt: skip
INVERSES = {
    "sin": "asin", "cos": "acos", "tan": "atan", "sec": "asec", "csc": "acsc", "cot": "acot",
    "sinh": "asinh", "cosh": "acosh", "tanh": "atanh", "coth": "acoth", "sech": "asech",
    "csch": "acsch",
}  # fmt: skip
CONSTANTS = {"e": "E", "E": "E", "pi": "pi", "oo": "oo", "inf": "oo", "infinity": "oo"}
COMMANDS = frozenset(
    [
        "diff",
        "integrate",
        "int",
        "Integral",
        "Derivative",
        "limit",
        "Limit",
        "solve",
        "dsolve",
        "simplify",
        "expand",
        "factor",
        "subs",
        "evalf",
        "eval",
        "exec",
        "lambda",
        "import",
        "open",
        "print",
        "compile",
        "getattr",
        "setattr",
        "globals",
        "locals",
        "vars",
        "sympify",
        "Symbol",
        "Function",
        "summation",
        "Sum",
        "product",
        "series",
        "apart",
        "together",
        "lambdify",
        "os",
        "sys",
        "input",
        "help",
        "dir",
        "type",
        "object",
        "class",
        "def",
        "return",
    ]
)
INTEGRATION_CONSTANT = re.compile(r"^[Cc]$")
ARBITRARY_CONSTANT = re.compile(r"^([Cc]_?\d*|[Kk]_?\d*|A|B)$")


@dataclass(frozen=True)
class Piece:
    """One meaningful piece of a run of letters: a function, constant, symbol or number."""

    kind: str  # "function", "constant", "symbol", "number"
    name: str
    offset: int


def classify(word: str, symbols: frozenset[str]) -> str | None:
    """What a whole word means: "symbol", "function", "constant", or None when it is unknown."""
    if word in symbols:
        return "symbol"
    if word in FUNCTIONS:
        return "function"
    if word in CONSTANTS:
        return "constant"
    return None


def split_word(word: str, symbols: frozenset[str]) -> list[Piece] | None:
    """Split a run of letters into known pieces (``xsin`` is x·sin), or None if it cannot be.

    Longer pieces are preferred, so ``arcsin`` is one function and never a·r·c·s·i·n; among
    splits into the same number of pieces the earliest long match wins.
    """
    best: dict[int, list[Piece] | None] = {len(word): []}
    for start in range(len(word) - 1, -1, -1):
        best[start] = _best_from(word, start, symbols, best)
    return best[0]


def _best_from(
    word: str, start: int, symbols: frozenset[str], best: dict[int, list[Piece] | None]
) -> list[Piece] | None:
    """The split of word[start:] with the fewest pieces, given the splits of every suffix."""
    chosen: list[Piece] | None = None
    for end in range(len(word), start, -1):
        rest = best[end]
        piece = _piece(word[start:end], start, symbols)
        if piece is None or rest is None:
            continue
        if chosen is None or len(rest) + 1 < len(chosen):
            chosen = [piece, *rest]
    return chosen


def _piece(text: str, offset: int, symbols: frozenset[str]) -> Piece | None:
    """A single piece for this text, if it is a known name or a run of digits."""
    if text.isdigit():
        return Piece("number", text, offset)
    kind = classify(text, symbols)
    return None if kind is None else Piece(kind, text, offset)


def first_unknown(word: str, symbols: frozenset[str]) -> tuple[str, int]:
    """The part of an unreadable word to name in the error message, and its offset."""
    i = 0
    while i < len(word):
        ends = [e for e in range(len(word), i, -1) if _piece(word[i:e], i, symbols) is not None]
        if not ends:
            break
        i = ends[0]
    if i == 0 or i >= len(word):
        return word, 0
    if split_word(word[i + 1 :], symbols) is not None:
        return word[i], i
    return word[i:], i
