"""Where a LaTeX formula may be broken across lines: after a top-level ``+ - = ,``.

"Top level" is outside every brace group and every ``\\left … \\right`` pair, where a break
changes no meaning. A formula wrapped whole in ``\\left( … \\right)`` (a vector, a point) is
opened up first, so its commas become places to break.
"""

from __future__ import annotations

import re

NESTING = {"{": 1, r"\left": 1, "(": 1, "[": 1, "}": -1, r"\right": -1, ")": -1, "]": -1}
# \left and \right, other commands whole (so "\," is not a comma), brackets, break points
TOKENS = re.compile(
    r"\\left(?![A-Za-z])|\\right(?![A-Za-z])|\\[A-Za-z]+|\\.|[{}()\[\]]| [-+=] |, |&"
)
BREAKS = re.compile(r" [-+=] |, ")
WRAPPED = re.compile(r"\\left\((.*)\\right\)", re.DOTALL)


def split_top(text: str, separators: re.Pattern[str] = BREAKS) -> list[str]:
    """``text`` cut after each top-level match of ``separators``, each part stripped."""
    parts, depth, start = [], 0, 0
    for match in TOKENS.finditer(text):
        token = match.group()
        depth += NESTING.get(token, 0)
        if depth == 0 and separators.fullmatch(token):
            parts.append(text[start : match.end()].strip())
            start = match.end()
    return [*parts, text[start:].strip()]


def _wrapped_whole(latex: str) -> str | None:
    """The inside of ``\\left( … \\right)`` when that pair encloses the whole formula."""
    found = WRAPPED.fullmatch(latex.strip())
    if found is None:
        return None
    inside = found.group(1)
    depth = 0
    for match in TOKENS.finditer(inside):
        depth += NESTING.get(match.group(), 0)
        if depth < 0:  # the first \left( closes before the end: not one pair
            return None
    return inside if depth == 0 else None


def pieces(latex: str) -> list[str]:
    """The formula in the pieces a line may end between (one piece when it cannot break)."""
    inside = _wrapped_whole(latex)
    if inside is None:
        return split_top(latex)
    parts = split_top(inside)
    parts[0], parts[-1] = "(" + parts[0], parts[-1] + ")"
    return parts
