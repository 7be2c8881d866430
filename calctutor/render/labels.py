"""Labels of pictures (text and math parts) written for the terminal and for matplotlib."""

from __future__ import annotations

from typing import Any

from calctutor.optimization.pictures import Label


def label_text(label: Label) -> str:
    """The label in unicode, as the terminal shows it (ln, x², arctan, subscripts)."""
    from calctutor.notation.unicode import inline

    return "".join(part if isinstance(part, str) else inline(part) for part in label)


def label_mathtext(label: Label) -> str:
    """The label for matplotlib: text as it is, math parts as mathtext between dollars."""
    return "".join(_escape(p) if isinstance(p, str) else f"${_latex(p)}$" for p in label)


def _escape(text: str) -> str:
    """Text that mathtext leaves alone (a lone $ would start maths)."""
    return text.replace("$", r"\$")


def _latex(value: Any) -> str:
    """One math part in the textbook's LaTeX, which mathtext sets."""
    from calctutor.notation.latex import latex_math

    return latex_math(value)
