"""Labels of pictures (text and math parts) written for the terminal and for matplotlib."""

from __future__ import annotations

from typing import Any

from calctutor.optimization.pictures import Label


def label_text(label: Label) -> str:
    """The label in unicode, as the terminal shows it."""
    return "".join(part if isinstance(part, str) else _unicode(part) for part in label)


def label_mathtext(label: Label) -> str:
    """The label for matplotlib: text as it is, math parts as mathtext between dollars."""
    return "".join(
        _escape(part) if isinstance(part, str) else f"${_latex(part)}$" for part in label
    )


def _escape(text: str) -> str:
    """Text that mathtext leaves alone (a lone $ would start maths)."""
    return text.replace("$", r"\$")


def _unicode(value: Any) -> str:
    """One math part in inline unicode."""
    import sympy

    return str(sympy.pretty(value, use_unicode=True, wrap_line=False))


def _latex(value: Any) -> str:
    """One math part in LaTeX that mathtext can set."""
    import sympy

    return str(sympy.latex(value))
