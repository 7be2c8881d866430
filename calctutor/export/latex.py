"""A quiz as a complete LaTeX document: the questions, then the key on a page of its own."""

from __future__ import annotations

from calctutor.export.statement import Piece, statement
from calctutor.quiz.build import Quiz

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.5cm]{geometry}
\setlength{\parindent}{0pt}
"""
SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
}  # fmt: skip
UNICODE = {
    "π": r"$\pi$", "∫": r"$\int$", "∇": r"$\nabla$", "−": "-", "×": r"$\times$",
    "·": r"$\cdot$", "²": r"$^2$", "³": r"$^3$", "√": r"$\surd$", "∂": r"$\partial$",
    "≤": r"$\leq$", "≥": r"$\geq$", "≠": r"$\neq$", "→": r"$\to$", "∞": r"$\infty$",
    "η": r"$\eta$", "α": r"$\alpha$", "β": r"$\beta$", "θ": r"$\theta$", "λ": r"$\lambda$",
}  # fmt: skip


def escape(text: str) -> str:
    """Plain text made safe for LaTeX: special characters escaped, common symbols as math."""
    return "".join(SPECIAL.get(ch, UNICODE.get(ch, ch)) for ch in text)


def _inline(pieces: tuple[Piece, ...]) -> str:
    """Text escaped, math between dollar signs."""
    return "".join(f"${p.text}$" if p.math else escape(p.text) for p in pieces)


def render(quiz: Quiz, key: bool = True) -> str:
    """The quiz as a LaTeX document that compiles with pdflatex."""
    lines = [
        PREAMBLE,
        rf"\title{{{escape(quiz.title)}}}",
        rf"\date{{Seed {quiz.seed}}}",
        r"\begin{document}",
        r"\maketitle",
        r"\begin{enumerate}",
    ]
    lines += [rf"  \item {_inline(statement(item.problem))}" for item in quiz.items]
    lines.append(r"\end{enumerate}")
    if key:
        lines += [r"\newpage", r"\section*{Answer key}", r"\begin{enumerate}"]
        lines += [rf"  \item $\displaystyle {item.key.latex}$" for item in quiz.items]
        lines.append(r"\end{enumerate}")
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"
