"""Prose written out for each surface: the terminal's unicode, LaTeX, Markdown and HTML.

Every writer also takes plain text (the old step sentences during the move to Prose) and escapes
it for its surface, so nothing a teacher typed can break a document or become markup.
"""

from __future__ import annotations

import html
import re

from calctutor.notation.prose import Math, Prose, Sign

Writable = Prose | str


def _parts(value: Writable) -> tuple[str | Math | Sign, ...]:
    return value.parts if isinstance(value, Prose) else (value,)


def to_unicode(value: Writable) -> str:
    """Plain unicode as the terminal shows it: 'The derivative of ln|x| is 1/x.'"""
    return str(value)


def _latex_of(part: Math | Sign) -> str:
    """A math part's LaTeX, without delimiters."""
    from calctutor.notation.latex import latex_math

    return part.latex if isinstance(part, Sign) else latex_math(part.value)


def to_latex(value: Writable) -> str:
    """LaTeX: maths in \\( \\) (display maths in \\[ \\]), text escaped for pdflatex."""
    from calctutor.notation.latex import escape_text

    out = []
    for part in _parts(value):
        if isinstance(part, str):
            out.append(escape_text(part))
        elif isinstance(part, Math) and part.display:
            out.append(rf"\[ {_latex_of(part)} \]")
        else:
            out.append(rf"\( {_latex_of(part)} \)")
    return "".join(out)


# ASCII punctuation CommonMark could read as markup; a backslash makes each literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$&!])")
_LINE_START = re.compile(r"(\A|\n)([ \t]*)([-+=]|\d+[.)])")
_NEW_LINE = re.compile(r"(\n)([ \t]*)([-+=]|\d+[.)])")


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Text that CommonMark renders literally: no emphasis, links, raw HTML or list markers.

    ``line_start`` says whether the text begins a line (then a leading '-' or '1.' is escaped).
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    starts = _LINE_START if line_start else _NEW_LINE
    return starts.sub(lambda m: m.group(1) + m.group(2) + _escape_marker(m.group(3)), text)


def _escape_marker(marker: str) -> str:
    """'-' → '\\-', '3.' → '3\\.' so a line never starts a list or a heading underline."""
    return marker[:-1] + "\\" + marker[-1]


def to_markdown(value: Writable) -> str:
    """Markdown: maths in $…$ (display maths in $$…$$), text escaped for CommonMark."""
    out = []
    for number, part in enumerate(_parts(value)):
        if isinstance(part, str):
            out.append(escape_markdown(part, line_start=number == 0))
        elif isinstance(part, Math) and part.display:
            out.append(f"$${_latex_of(part)}$$")
        else:
            out.append(f"${_latex_of(part)}$")
    return "".join(out)


def to_html(value: Writable) -> str:
    """HTML for MathJax (Anki, Moodle): maths in \\( \\), text HTML-escaped."""
    out = []
    for part in _parts(value):
        if isinstance(part, str):
            out.append(html.escape(part, quote=False))
        elif isinstance(part, Math) and part.display:
            out.append(rf"\[ {html.escape(_latex_of(part), quote=False)} \]")
        else:
            out.append(rf"\( {html.escape(_latex_of(part), quote=False)} \)")
    return "".join(out)
