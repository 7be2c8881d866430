"""Splitting a line of working into clauses and sides, and recognising what kind of line it is.

``= …`` continues the previous right-hand side; ``u = x^2, du = 2x dx`` holds two clauses (a
comma or semicolon outside brackets separates clauses when each has an ``=``); each clause is a
chain of sides ``A = B = C``. The left side alone tells a definition (``u = …``), a differential
(``du = …``), a label (``f'(x) = …``, ``I = …``) or a constant's value (``A = 1/3``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calctutor.working.forms import Segment, top_level_split, variable_name

LEAD = re.compile(
    r"^\s*(?:⇒|⟹|=>|->|→|∴|so\b|then\b|hence\b|therefore\b|let\b|set\b|put\b|with\b"
    r"|(?:the\s+)?answer(?:\s+is|:)|ans:)\s*",
    re.I,
)
COMMENT = re.compile(
    r"\s*(?:#|//|--\s).*$"
    r"|\s*[(\[]\s*(?:by|using|from|via)?\s*[A-Za-zô'’ -]*"
    r"(?:rule|parts|substitution|hôpital|hopital|l'h|ftc|theorem|linearity|table|identity"
    r"|fractions|separat\w*|factor\w*|algebra|simplif\w*|expand\w*)[A-Za-zô'’ -]*[)\]]\s*$",
    re.I,
)
NAME = re.compile(r"^(?:\\theta|\\mu|\\phi|[A-Za-zθμφλ])(?:_?[0-9])?$")
DIFFERENTIAL = re.compile(r"^d(\\theta|[A-Za-zθ])$")
CONSTANT = re.compile(r"^(?:[ABK]|[Cc]_?[0-9]?|[Kk]_?[0-9])$")
DERIVATIVE_LABEL = re.compile(r"^([fgyFhs])\s*('+)\s*(\(\s*[a-z]\s*\))?$|^d([fgys])\s*/\s*d[a-z]$")
PARTS = re.compile(r"(?<![A-Za-z])dv\s*=|by parts", re.I)
AND = re.compile(r"\s+and\s+(?=[^=]*=)")
REMARK = re.compile(r"^\s*[A-Za-z][A-Za-z'’ ,-]*:\s*$")
FUNCTION_LABEL = re.compile(r"^([fgyFhI])\s*(\(\s*[a-z]\s*\))?$")


@dataclass(frozen=True)
class Clause:
    """One statement of a line: its sides, and whether it continues the previous right side."""

    sides: tuple[Segment, ...]
    continuing: bool
    whole: Segment

    @property
    def left(self) -> str:
        """The text of the first side."""
        return self.sides[0].text.strip()


def clauses(text: str) -> list[Clause]:
    """The clauses of one line (see the module docstring)."""
    text = strip_comment(text).replace("=>", "⇒ ").replace("⟹", "⇒")
    text = AND.sub(", ", text)  # u = x and dv = sin x dx: two statements
    if REMARK.match(text):
        return []
    lead = LEAD.match(text)
    start = lead.end() if lead else 0
    body = Segment(text[start:], start)
    stripped = body.stripped()
    continuing = stripped.text.startswith("=") and not stripped.text.startswith("=>")
    if continuing:
        stripped = Segment(stripped.text[1:], stripped.offset + 1)
    parts = [_unlead(stripped.cut(a, b)) for a, b in top_level_split(stripped.text, "⇒")]
    parts = [p for p in parts if p.text.strip()]
    split = [_unlead(p.cut(a, b)) for p in parts for a, b in top_level_split(p.text, ",;")]
    if all(_has_equals(p.text) for p in split):
        parts = split
    found = []
    for i, part in enumerate(parts):
        sides = tuple(part.cut(a, b) for a, b in top_level_split(part.text, "="))
        found.append(Clause(sides, continuing and i == 0, part))
    return found


def strip_comment(text: str) -> str:
    """The line without a trailing remark: # …, // …, (product rule), [by parts]."""
    match = COMMENT.search(text)
    return text[: match.start()] if match and match.start() > 0 else text


def _unlead(part: Segment) -> Segment:
    """A clause without its leading word (then du = …, so y = …)."""
    lead = LEAD.match(part.text)
    return part.cut(lead.end(), len(part.text)) if lead and lead.end() else part


def _has_equals(text: str) -> bool:
    """True when the text has an '=' outside brackets."""
    return len(top_level_split(text, "=")) > 1


def declared_name(clause: Clause) -> str | None:
    """u for ``u = x^2`` (a name on its own on the left), else None."""
    if len(clause.sides) < 2 or clause.continuing:
        return None
    left = clause.left
    return (
        variable_name(left).replace("μ", "mu").replace("\\mu", "mu") if NAME.match(left) else None
    )


def differential_name(clause: Clause) -> str | None:
    """u for ``du = 2x dx``, else None."""
    if len(clause.sides) < 2 or clause.continuing:
        return None
    match = DIFFERENTIAL.match(clause.left)
    return variable_name(match.group(1)) if match else None


def label(clause: Clause, base: str, taken: set[str]) -> str | None:
    """'derivative' for f'(x) = …, dy/dx = …; 'function' for f(x) = …, y = …, I = …."""
    if len(clause.sides) < 2 or clause.continuing:
        return None
    left = clause.left
    match = DERIVATIVE_LABEL.match(left)
    if match and (match.group(1) or match.group(4)) not in taken | {base}:
        return "derivative"
    match = FUNCTION_LABEL.match(left)
    if (
        match
        and match.group(1) not in taken | {base}
        and (match.group(2) or match.group(1) in "yI")
    ):
        return "function"
    return None


def defined_function(clause: Clause) -> str | None:
    """F for ``F(x) = …`` (a function defined in the working), else None."""
    if len(clause.sides) < 2 or clause.continuing:
        return None
    match = re.match(r"^([A-Za-z])\s*\(\s*[a-z]\s*\)$", clause.left)
    return match.group(1) if match else None


def is_constant_name(name: str) -> bool:
    """A, B, K, C1 …: unknown constants (of partial fractions, of an ODE)."""
    return CONSTANT.match(name) is not None
