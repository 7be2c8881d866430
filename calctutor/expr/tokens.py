"""Tokenizer for typed math: plain text, unicode and a basic LaTeX subset, with positions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from calctutor.expr.errors import ParseError
from calctutor.expr.names import GREEK_LETTERS

MAX_LENGTH = 1000
MAX_EXPONENT_DIGITS = 3

SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4",
    "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}  # fmt: skip
OPERATOR_ALIASES = {
    "−": "-", "–": "-", "·": "*", "⋅": "*", "×": "*", "∗": "*", "÷": "/",
    "⟨": "<", "⟩": ">", "〈": "<", "〉": ">", "π": "pi", "∞": "oo", "√": "sqrt",
}  # fmt: skip
LATEX_COMMANDS = {
    "cdot": "*", "times": "*", "div": "/", "left": "", "right": "", "pi": "pi",
    "infty": "oo", "frac": "\\frac", "dfrac": "\\frac", "tfrac": "\\frac",
    "sqrt": "\\sqrt", "ln": "ln", "log": "log", "exp": "exp", "mathrm": "", "operatorname": "",
    "sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sinh": "sinh", "cosh": "cosh",
    "tanh": "tanh", "coth": "coth", "varphi": "phi", "vartheta": "theta",
    "varepsilon": "epsilon", **{name: name for name in GREEK_LETTERS},
}  # fmt: skip
GREEK = {glyph: name for name, glyph in GREEK_LETTERS.items()} | {
    "ϑ": "theta",
    "ϕ": "phi",
    "ϵ": "epsilon",
}
SUBSCRIPTS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4",
              "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9"}  # fmt: skip
NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE]([+-]?[0-9]+)(?![A-Za-z_]))?")
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# An index after "_": digits, one letter, or either in braces (x_1, x_{12}, x_i, x_{i}).
INDEX = re.compile(r"_(?:([0-9]+)|([A-Za-z])(?![0-9])|\{\s*(?:([0-9]+)|([A-Za-z]))\s*\})")
OPERATOR_NAME = re.compile(r"\\(?:operatorname|mathrm)\s*\{\s*([A-Za-z]+)\s*\}")
LATEX = re.compile(r"\\([A-Za-z]+|[,;:! ]|\{|\})")
SINGLE = set("+-*/^()[]{},|!='<>")
COMMENT_SIGNS = ("#", "//", "%")
DIGITS = "0123456789"


@dataclass(frozen=True)
class Token:
    """One token: its kind (num, name, op, frac, sqrt, sup, end), its text, its position.

    A name's text is its canonical spelling (θ₀ is ``theta0``); ``exact`` is False when that
    differs from what was typed, so positions inside the name do not map onto the text.
    """

    kind: str
    text: str
    pos: int
    exact: bool = True


def tokenize(text: str) -> list[Token]:
    """Split typed math into tokens, refusing anything outside the answer box's alphabet."""
    if len(text) > MAX_LENGTH:
        raise ParseError(
            f"the answer is too long ({len(text)} characters; at most {MAX_LENGTH})", None, text
        )
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        i = _next_token(text, i, tokens)
    tokens.append(Token("end", "", len(text)))
    return tokens


def _next_token(text: str, i: int, out: list[Token]) -> int:
    """Read one token at position i into out; return the position after it."""
    ch = text[i]
    if ch.isspace():
        return i + 1
    if text.startswith(COMMENT_SIGNS, i):
        raise ParseError("the answer must be an expression, not a command or comment", i, text)
    if ch == "*" and text.startswith("**", i):
        out.append(Token("op", "^", i))
        return i + 2
    if ch in DIGITS or (ch == "." and i + 1 < len(text) and text[i + 1] in DIGITS):
        return _number(text, i, out)
    if (ch.isascii() and ch.isalpha()) or ch in GREEK:
        return _run(text, i, i, "", out)
    if ch == "\\":
        return _latex(text, i, out)
    return _symbol(text, i, out)


def _number(text: str, i: int, out: list[Token]) -> int:
    """Read a decimal number, with an optional bounded scientific exponent."""
    match = NUMBER.match(text, i)
    assert match is not None
    exponent = match.group(2)
    if exponent is not None and len(exponent.lstrip("+-")) > MAX_EXPONENT_DIGITS:
        raise ParseError("that number's exponent is too large", i, text)
    out.append(Token("num", match.group(), i))
    return match.end()


def _latex(text: str, i: int, out: list[Token]) -> int:
    """Translate a LaTeX command into the token it stands for."""
    named = OPERATOR_NAME.match(text, i)
    if named is not None:
        out.append(Token("name", named.group(1), i))
        return named.end()
    match = LATEX.match(text, i)
    if match is None:
        raise ParseError("unexpected '\\'", i, text)
    name = match.group(1)
    if name in "{}":
        out.append(Token("op", "(" if name == "{" else ")", i))
    elif name in GREEK_LETTERS or LATEX_COMMANDS.get(name, "") in GREEK_LETTERS:
        return _run(text, match.end(), i, LATEX_COMMANDS[name], out)
    elif name in LATEX_COMMANDS:
        _latex_command(LATEX_COMMANDS[name], i, out)
    elif not name.strip(",;:! "):
        pass  # LaTeX spacing commands
    else:
        raise ParseError(f"the LaTeX command \\{name} is not supported here", i, text)
    return match.end()


def _latex_command(meaning: str, i: int, out: list[Token]) -> None:
    """Append the token for a known LaTeX command (nothing for \\left, \\right, \\mathrm)."""
    if meaning == "\\frac":
        out.append(Token("frac", meaning, i))
    elif meaning == "\\sqrt":
        out.append(Token("name", "sqrt", i))
    elif meaning in ("*", "/"):
        out.append(Token("op", meaning, i))
    elif meaning:
        out.append(Token("name", meaning, i))


def _symbol(text: str, i: int, out: list[Token]) -> int:
    """Read an operator, bracket, superscript run or unicode alias."""
    ch = text[i]
    if ch in SUPERSCRIPTS:
        j = i
        while j < len(text) and text[j] in SUPERSCRIPTS:
            j += 1
        out.append(Token("sup", "".join(SUPERSCRIPTS[c] for c in text[i:j]), i))
        return j
    alias = OPERATOR_ALIASES.get(ch)
    if alias is not None:
        kind = "name" if alias[0].isalpha() else "op"
        out.append(Token(kind, alias, i))
        return i + 1
    if ch in SINGLE:
        out.append(Token("op", ch, i))
        return i + 1
    if ch in '"`;$@&?~':
        raise ParseError(
            f"unexpected character {ch!r}: the answer must be a mathematical expression", i, text
        )
    raise ParseError(f"unexpected character {ch!r}", i, text)


def _run(text: str, i: int, start: int, prefix: str, out: list[Token]) -> int:
    """Read a run of letters with indices (w1x1, θ₀, x_{12}) as one name token."""
    parts = [prefix]
    while i < len(text):
        ch = text[i]
        if (ch.isascii() and ch.isalpha()) or ch in GREEK:
            parts.append(GREEK.get(ch, ch))
            i += 1
        elif ch in DIGITS or ch in SUBSCRIPTS:
            i = _digits(text, i, parts)
        elif ch == "_" and "".join(parts):
            i = _underscore_index(text, i, parts)
        else:
            break
    name = "".join(parts)
    out.append(Token("name", name, start, exact=text[start:i] == name))
    return i


def _digits(text: str, i: int, parts: list[str]) -> int:
    """A plain or subscript index right after a letter: the 1 of w1 or w₁."""
    while i < len(text) and (text[i] in DIGITS or text[i] in SUBSCRIPTS):
        parts.append(SUBSCRIPTS.get(text[i], text[i]))
        i += 1
    return i


def _underscore_index(text: str, i: int, parts: list[str]) -> int:
    """The index after _: digits (x_1, x_{12}) or one letter (x_i)."""
    match = INDEX.match(text, i)
    if match is None:
        raise ParseError("after _ an index must follow, such as x_1, x_{12} or x_i", i, text)
    digits = match.group(1) or match.group(3)
    parts.append(digits if digits else "_" + (match.group(2) or match.group(4)))
    return match.end()
