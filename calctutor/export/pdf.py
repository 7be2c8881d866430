"""A quiz as a PDF without TeX: fpdf2 lays out the pages, matplotlib's mathtext draws the math.

Both come with the optional ``pdf`` extra. Each question (text with its math) and each key
answer is drawn by mathtext as one picture; what mathtext cannot draw (a matrix) is written as
plain answer text instead. The text font is the DejaVu Sans that matplotlib ships, so any
Unicode in a prompt prints. The same quiz always gives the same bytes.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calctutor.export.statement import Piece, statement
from calctutor.quiz import Quiz

DPI = 200
FONT_SIZE = 11
MARGIN = 20.0  # millimetres
INDENT = 10.0
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
MM_PER_INCH = 25.4


class PdfUnavailable(RuntimeError):
    """fpdf2 or matplotlib is missing (``pip install 'calctutor[pdf]'``)."""


@dataclass(frozen=True)
class Picture:
    """A PNG and its size in millimetres."""

    data: bytes
    width: float
    height: float


def _modules() -> tuple[Any, Any]:
    """fpdf2's FPDF class and matplotlib's mathtext, or PdfUnavailable."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from fpdf import FPDF
        from matplotlib import mathtext
    except ImportError:
        raise PdfUnavailable("the pdf format needs fpdf2 and matplotlib: "
                             "pip install 'calctutor[pdf]'") from None  # fmt: skip
    return FPDF, mathtext


def _display(latex: str) -> str:
    """Math for mathtext, with fractions at full size (mathtext sets \\frac small inline)."""
    return "$" + latex.replace(r"\frac{", r"\dfrac{") + "$"


def _mathtext_source(pieces: tuple[Piece, ...]) -> str:
    """Text and math for mathtext: math between dollars, dollar signs in text escaped."""
    return "".join(_display(p.text) if p.math else p.text.replace("$", r"\$") for p in pieces)


def picture(source: str, mathtext: Any) -> Picture | None:
    """The text drawn by mathtext, or None when mathtext cannot read it."""
    from matplotlib.font_manager import FontProperties

    buffer = io.BytesIO()
    try:
        font = FontProperties(family="DejaVu Sans", size=FONT_SIZE)
        mathtext.math_to_image(source, buffer, dpi=DPI, format="png", prop=font)
    except (ValueError, RuntimeError):
        return None
    data = buffer.getvalue()
    width, height = struct.unpack(">II", data[16:24])  # the PNG header's IHDR size
    return Picture(data, width / DPI * MM_PER_INCH, height / DPI * MM_PER_INCH)


def _fonts(pdf: Any) -> None:
    """DejaVu Sans (regular and bold) from matplotlib's own data folder."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))


class _Writer:
    """Places numbered entries (a picture, or text when there is none) down the pages."""

    def __init__(self, fpdf_class: Any, mathtext: Any) -> None:
        """A new A4 document."""
        self.pdf = fpdf_class(format="A4", unit="mm")
        self.mathtext = mathtext
        self.pdf.set_creation_date(FIXED_DATE)
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(False)
        _fonts(self.pdf)
        self.pdf.add_page()

    def heading(self, text: str, size: int) -> None:
        """A bold heading line."""
        self.pdf.set_font("DejaVu", "B", size)
        self.pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(4)

    def line(self, text: str) -> None:
        """A line of plain text."""
        self.pdf.set_font("DejaVu", "", FONT_SIZE)
        self.pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def entry(self, number: int, source: str, fallback: str) -> None:
        """``number.`` and the drawn source, or the fallback text when it cannot be drawn."""
        drawn = picture(source, self.mathtext)
        room = self.pdf.w - 2 * MARGIN - INDENT
        scale = 1.0 if drawn is None else min(1.0, room / drawn.width)
        height = 7.0 if drawn is None else max(drawn.height * scale, 6.0)
        if self.pdf.get_y() + height > self.pdf.h - MARGIN:
            self.pdf.add_page()
        top = self.pdf.get_y()
        self.pdf.set_font("DejaVu", "", FONT_SIZE)
        self.pdf.text(MARGIN, top + 4.5, f"{number}.")
        if drawn is None:
            self.pdf.set_xy(MARGIN + INDENT, top)
            self.pdf.multi_cell(room, 6, fallback, new_x="LMARGIN", new_y="NEXT")
        else:
            w, h = drawn.width * scale, drawn.height * scale
            self.pdf.image(io.BytesIO(drawn.data), MARGIN + INDENT, top, w, h)
            self.pdf.set_y(top + height)
        self.pdf.ln(4)

    def new_page(self) -> None:
        """Start a new page."""
        self.pdf.add_page()

    def bytes(self) -> bytes:
        """The finished document."""
        return bytes(self.pdf.output())


def render(quiz: Quiz, key: bool = True) -> bytes:
    """The quiz as PDF bytes: the questions, then the key on a new page."""
    fpdf_class, mathtext = _modules()
    writer = _Writer(fpdf_class, mathtext)
    writer.heading(quiz.title, 16)
    writer.line(f"Seed {quiz.seed} · sets: {', '.join(quiz.sets)}")
    for item in quiz.items:
        pieces = statement(item.problem)
        writer.entry(item.number, _mathtext_source(pieces), item.prompt)
    if key:
        writer.new_page()
        writer.heading("Answer key", 14)
        for item in quiz.items:
            writer.entry(item.number, _display(item.key.latex), item.key.answer)
    return writer.bytes()
