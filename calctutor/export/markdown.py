"""A quiz as Markdown: numbered questions with ``$…$`` math, then the answer key.

The text is CommonMark-safe: a teacher's title or prompt is escaped (no emphasis, links or raw
HTML), and the maths is written so that it reads the same whether the viewer has a math
extension (which takes ``$…$`` verbatim) or not (which applies CommonMark's backslash escapes
before MathJax or KaTeX sees the page): no ``\\\\``, ``\\,`` or ``\\{`` — which a plain viewer
would turn into ``\\``, ``,`` and ``{`` — and no ``<`` that could open an HTML tag.
"""

from __future__ import annotations

from calctutor.export.statement import Piece, statement
from calctutor.quiz.build import Quiz

# backslash pairs CommonMark unescapes, and characters it reads as markup, in maths
SAFE_MATH = (
    ("\\\\", r"\cr "), (r"\,", r"\thinspace "), (r"\;", r"\thickspace "),
    (r"\:", r"\medspace "), (r"\!", r"\negthinspace "), (r"\{", r"\lbrace "),
    (r"\}", r"\rbrace "), (r"\|", r"\Vert "), ("<", r"\lt "), (">", r"\gt "),
)  # fmt: skip


def safe_math(latex: str) -> str:
    """LaTeX math that survives CommonMark's escapes (the same commands, spelled with letters)."""
    out, index = [], 0
    while index < len(latex):
        for found, spelled in SAFE_MATH:
            if latex.startswith(found, index):
                out.append(spelled)
                index += len(found)
                break
        else:
            # any other backslash command is copied whole, so \left( is not read as \l
            if latex[index] == "\\" and index + 1 < len(latex):
                out.append(latex[index : index + 2])
                index += 2
            else:
                out.append(latex[index])
                index += 1
    return "".join(out).replace("  ", " ")


def _math(latex: str) -> str:
    """Inline math."""
    return f"${safe_math(latex).strip()}$"


def _text(text: str, line_start: bool = False) -> str:
    """A teacher's text, escaped for CommonMark."""
    from calctutor.notation.writers import escape_markdown

    return escape_markdown(text, line_start=line_start)


def _inline(pieces: tuple[Piece, ...]) -> str:
    """Text escaped, math between single dollar signs."""
    return "".join(_math(p.text) if p.math else _text(p.text) for p in pieces)


def render(quiz: Quiz, key: bool = True) -> str:
    """The quiz as a Markdown document."""
    sets = _text(", ".join(quiz.sets))
    lines = [f"# {_text(quiz.title)}", "", f"Seed {quiz.seed} · sets: {sets}", ""]
    for item in quiz.items:
        lines += [f"{item.number}. {_inline(statement(item.problem))}", ""]
    if key:
        lines += ["## Answer key", ""]
        for item in quiz.items:
            lines += [f"{item.number}. {_math(item.key.latex)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
