"""A quiz as Markdown: numbered questions with ``$…$`` math, then the answer key."""

from __future__ import annotations

from calctutor.export.statement import Piece, statement
from calctutor.quiz.build import Quiz


def _inline(pieces: tuple[Piece, ...]) -> str:
    """Text as it is, math between single dollar signs."""
    return "".join(f"${p.text}$" if p.math else _escape(p.text) for p in pieces)


def _escape(text: str) -> str:
    """Text with the characters Markdown would treat as markup escaped."""
    for char in ("\\", "*", "_", "`", "$"):
        text = text.replace(char, "\\" + char)
    return text


def render(quiz: Quiz, key: bool = True) -> str:
    """The quiz as a Markdown document."""
    lines = [f"# {_escape(quiz.title)}", "", f"Seed {quiz.seed} · sets: {', '.join(quiz.sets)}", ""]
    for item in quiz.items:
        lines += [f"{item.number}. {_inline(statement(item.problem))}", ""]
    if key:
        lines += ["## Answer key", ""]
        for item in quiz.items:
            lines += [f"{item.number}. ${item.key.latex}$", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
