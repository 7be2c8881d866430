"""How calctutor writes mathematics for people: Prose (text and math parts) and its writers.

The core says things as ``prose("Let ", math(u), " = ", math(inner), ".")``; the edges write it
with ``to_unicode`` (terminal), ``to_latex``, ``to_markdown`` or ``to_html`` (MathJax).
"""

from calctutor.notation.prose import Math, Prose, Sign, as_prose, join, math, prose, sign
from calctutor.notation.writers import to_html, to_latex, to_markdown, to_unicode

__all__ = [
    "Math",
    "Prose",
    "Sign",
    "as_prose",
    "join",
    "math",
    "prose",
    "sign",
    "to_html",
    "to_latex",
    "to_markdown",
    "to_unicode",
]
