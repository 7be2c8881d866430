"""A quiz as a complete LaTeX document: the questions, then the key on a page of its own.

It compiles with plain pdflatex whatever a teacher types: titles and prompts are escaped by
calctutor's notation (σ, ≈, %, &, # and the rest become commands pdflatex knows). Latin Modern
gives scalable Type 1 fonts. A formula is set in pieces a line may end between (after a
top-level ``+ - = ,``), and a piece wider than the line — a matrix, one long fraction — is
scaled down to the line's width, so nothing runs into the margin.
"""

from __future__ import annotations

from calctutor.export.breaking import pieces
from calctutor.export.statement import Piece, statement
from calctutor.quiz.build import Quiz

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage[margin=2.5cm]{geometry}
\setlength{\parindent}{0pt}
\setlength{\emergencystretch}{3em}
\newsavebox{\formulabox}
% a piece of a formula at its size, or scaled down to the line when it is wider
\newcommand{\fitline}[1]{\sbox{\formulabox}{#1}%
  \ifdim\wd\formulabox>\linewidth\resizebox{\linewidth}{!}{\usebox{\formulabox}}%
  \else\usebox{\formulabox}\fi}
"""


def escape(text: str) -> str:
    """A teacher's text made safe for pdflatex (calctutor's notation does the escaping)."""
    from calctutor.notation.latex import escape_text

    return escape_text(text)


def formula(latex: str, display: bool = False) -> str:
    """Math in pieces a line may end between, each no wider than the line."""
    style = r"\displaystyle " if display else ""
    parts = pieces(latex)
    if len(parts) == 1:
        return rf"\fitline{{${style}{latex}$}}"
    # a binary sign at the end of a piece keeps its spacing with an empty atom after it
    boxed = [rf"\fitline{{${style}{part}{{}}$}}" for part in parts[:-1]]
    return " ".join([*boxed, rf"\fitline{{${style}{parts[-1]}$}}"])


def _inline(pieces_: tuple[Piece, ...]) -> str:
    """Text escaped, math in breakable pieces."""
    return "".join(formula(p.text) if p.math else escape(p.text) for p in pieces_)


def render(quiz: Quiz, key: bool = True) -> str:
    """The quiz as a LaTeX document that compiles with pdflatex."""
    lines = [
        PREAMBLE,
        rf"\title{{{escape(quiz.title)}}}",
        rf"\date{{Seed {quiz.seed}}}",
        r"\author{}",
        r"\begin{document}",
        r"\maketitle",
        r"\raggedright",  # a line may end early between formula pieces
        r"\begin{enumerate}",
    ]
    lines += [rf"  \item {_inline(statement(item.problem))}" for item in quiz.items]
    lines.append(r"\end{enumerate}")
    if key:
        lines += [r"\newpage", r"\section*{Answer key}", r"\begin{enumerate}"]
        lines += [rf"  \item {formula(item.key.latex, display=True)}" for item in quiz.items]
        lines.append(r"\end{enumerate}")
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"
