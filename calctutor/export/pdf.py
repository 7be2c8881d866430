"""A quiz as a PDF without TeX: fpdf2 lays out the pages, matplotlib's mathtext draws the math.

Both come with the optional ``pdf`` extra. Prose is real PDF text in DejaVu Sans (the font
matplotlib ships, so any Unicode in a prompt prints), and so is simple math — ``x³ sin x``,
``y″ + y = 0`` in calctutor's unicode notation — so a quiz's text can be selected and searched.
A formula that needs typesetting (fractions, integrals, roots, matrices) is a mathtext picture
set on the text's baseline with its unicode form as invisible text over it, so it is searchable
too. Lines wrap inside the margins: a formula too wide for a line goes on its own line, shrinks
to fit (never below ``MIN_SCALE``), or is broken at its top-level ``+ - = ,``; what still cannot
be placed is written as unicode text, never as code syntax. The document has a /Title and its
real creation date (pass ``created``; fixed dates make reproducible builds).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calctutor.export.breaking import split_top
from calctutor.export.statement import Piece, statement
from calctutor.quiz.build import Quiz, QuizItem

DPI = 200
FONT_SIZE = 11
MARGIN = 20.0  # millimetres
INDENT = 10.0
# LaTeX that mathtext must draw (a fraction, an integral sign with limits, a root, a matrix)
TYPESET = re.compile(r"\\(?:d?frac|int|sum|prod|lim|sqrt|begin|binom)(?![A-Za-z])")
# where unicode math may end a line: after a top-level sign or comma and its space
UNICODE_BREAK = re.compile(r"(?<=[+−=,]) ")
MM_PER_INCH = 25.4
MIN_SCALE = 0.7  # smaller formulas are hard to read on paper
ASCENT, DESCENT, LINE_GAP = 4.2, 1.8, 1.2  # a text line's room around its baseline, mm
MATH_GAP = 1.0  # between the parts of a broken formula, mm
AXIS = 1.0  # the math axis (the minus sign's height) above the baseline at 11 pt, mm
CELL_GAP, ROW_GAP, BRACKET = 4.0, 2.0, 1.2  # matrix spacing and bracket tick, mm
MATRIX = re.compile(r"\\left\[\\begin\{matrix\}(.*)\\end\{matrix\}\\right\]", re.DOTALL)


class PdfUnavailable(RuntimeError):
    """fpdf2 or matplotlib is missing (``pip install 'calctutor[pdf]'``)."""


class _Unplaceable(Exception):
    """A formula cannot be drawn readably inside the margins."""


@dataclass(frozen=True)
class Picture:
    """A PNG of a formula and its size on the page in mm; ``latex`` lets it be broken up."""

    data: bytes
    width: float
    height: float
    descent: float = 0.0  # how far it reaches below the baseline
    latex: str = ""
    plain: str = ""  # the formula in unicode, written invisibly over the picture

    @property
    def ascent(self) -> float:
        """Height above the baseline, mm."""
        return self.height - self.descent

    def scaled(self, scale: float) -> Picture:
        """The same picture drawn smaller."""
        return replace(self, width=self.width * scale, height=self.height * scale,
                       descent=self.descent * scale)  # fmt: skip

    def draw(self, pdf: Any, x: float, baseline: float) -> None:
        """The picture with its baseline at ``baseline``, its unicode text hidden over it."""
        pdf.image(io.BytesIO(self.data), x, baseline - self.ascent, self.width, self.height)
        _hidden_text(pdf, x, baseline, self.plain)


@dataclass(frozen=True)
class Word:
    """Prose set in the text font, never scaled."""

    text: str
    width: float
    ascent: float = ASCENT
    descent: float = DESCENT

    def scaled(self, scale: float) -> Word:
        """Text keeps its size."""
        return self

    def draw(self, pdf: Any, x: float, baseline: float) -> None:
        """The word with its baseline at ``baseline``."""
        pdf.text(x, baseline, self.text)


@dataclass(frozen=True)
class Grid:
    """A matrix: rows of cell formulas between square brackets, centred on the math axis."""

    rows: tuple[tuple[Picture, ...], ...]
    scale: float = 1.0
    plain: str = ""

    def _columns(self) -> list[float]:
        """Each column's width, mm."""
        return [max(row[i].width for row in self.rows) for i in range(len(self.rows[0]))]

    def _heights(self) -> list[tuple[float, float]]:
        """Each row's ascent and descent, mm."""
        return [(max(c.ascent for c in row), max(c.descent for c in row)) for row in self.rows]

    @property
    def width(self) -> float:
        """Width with brackets and gaps, mm."""
        columns = self._columns()
        return sum(columns) + CELL_GAP * (len(columns) + 1) * self.scale

    def _total(self) -> float:
        """Height from the top to the bottom bracket end, mm."""
        rows = self._heights()
        return sum(a + d for a, d in rows) + ROW_GAP * (len(rows) + 1) * self.scale

    @property
    def ascent(self) -> float:
        """Height above the baseline, mm."""
        return self._total() / 2 + AXIS

    @property
    def descent(self) -> float:
        """Depth below the baseline, mm."""
        return self._total() / 2 - AXIS

    def scaled(self, scale: float) -> Grid:
        """The same matrix drawn smaller."""
        rows = tuple(tuple(c.scaled(scale) for c in row) for row in self.rows)
        return Grid(rows, self.scale * scale, self.plain)

    def draw(self, pdf: Any, x: float, baseline: float) -> None:
        """Brackets, then each cell centred in its column."""
        top, gap, row_gap = baseline - self.ascent, CELL_GAP * self.scale, ROW_GAP * self.scale
        self._brackets(pdf, x, top)
        _hidden_text(pdf, x, baseline, self.plain)
        y = top + row_gap
        for row, (ascent, descent) in zip(self.rows, self._heights(), strict=True):
            left = x + gap
            for cell, column in zip(row, self._columns(), strict=True):
                cell.draw(pdf, left + (column - cell.width) / 2, y + ascent)
                left += column + gap
            y += ascent + descent + row_gap

    def _brackets(self, pdf: Any, x: float, top: float) -> None:
        """``[`` and ``]`` as thin lines."""
        bottom, right, tick = top + self._total(), x + self.width, BRACKET * self.scale
        pdf.set_line_width(0.25)
        for edge, inward in ((x + 0.5, tick), (right - 0.5, -tick)):
            pdf.line(edge, top, edge, bottom)
            pdf.line(edge, top, edge + inward, top)
            pdf.line(edge, bottom, edge + inward, bottom)


def _hidden_text(pdf: Any, x: float, baseline: float, text: str) -> None:
    """Text that is not painted but is found by search, selection and pdftotext."""
    if not text:
        return
    from fpdf.enums import TextMode

    pdf.text_mode = TextMode.INVISIBLE
    pdf.text(x, baseline, text)
    pdf.text_mode = TextMode.FILL


Box = Word | Picture | Grid
Unit = tuple[Box, ...]  # boxes that stay on one line
Flow = list[tuple[float, Unit]]  # each unit with the space before it when on the same line
Line = list[tuple[float, Box]]  # each box with its offset from the line's start


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


def picture(source: str, mathtext: Any) -> Picture | None:
    """The text drawn by mathtext, or None when mathtext cannot read it.

    The raster parser draws exactly the box it measured (``math_to_image`` measures at 72 dpi
    and draws at ``DPI``, which can cut off the last glyphs).
    """
    from matplotlib.font_manager import FontProperties
    from PIL import Image

    font = FontProperties(family="DejaVu Sans", size=FONT_SIZE)
    try:
        drawn = mathtext.MathTextParser("agg").parse(source, dpi=DPI, prop=font)
    except (ValueError, RuntimeError):
        return None
    buffer = io.BytesIO()
    Image.fromarray(255 - drawn.image, "L").save(buffer, format="PNG")
    height, width = drawn.image.shape
    mm = MM_PER_INCH / DPI
    return Picture(buffer.getvalue(), width * mm, height * mm, drawn.depth * mm)


def _math(latex: str, mathtext: Any, plain: str = "") -> Picture:
    """One formula's picture, which remembers its LaTeX and its unicode."""
    drawn = picture(_display(latex), mathtext)
    if drawn is None:
        raise _Unplaceable(latex)
    return replace(drawn, latex=latex, plain=plain)


def _formula(latex: str, mathtext: Any, plain: str = "") -> Picture | Grid:
    """A formula's picture, or a matrix's grid of pictures (mathtext has no ``matrix``)."""
    matrix = MATRIX.fullmatch(latex.strip())
    if matrix is None:
        return _math(latex, mathtext, plain)
    lines = split_top(matrix.group(1), re.compile(r"\\\\"))
    rows = [split_top(row, re.compile("&")) for row in lines]
    cells = [[c.removesuffix("&").removesuffix(r"\\").strip() for c in row] for row in rows]
    cells = [row for row in cells if row != [""]]
    if len({len(row) for row in cells}) != 1:
        raise _Unplaceable(latex)
    return Grid(tuple(tuple(_math(c, mathtext) for c in row) for row in cells), plain=plain)


def _words(pdf: Any, text: str, room: float) -> Iterator[tuple[float | None, Word]]:
    """Each word of prose with the space before it (None: none, it joins what comes before).

    A word wider than the line (a long name) is cut into pieces that each fit.
    """
    space = pdf.get_string_width(" ")
    for match in re.finditer(r"(\s*)(\S+)", text):
        glue: float | None = space if match.group(1) else None
        for piece in _cut(pdf, match.group(2), room):
            yield glue, Word(piece, pdf.get_string_width(piece))
            glue = 0.0


def _cut(pdf: Any, word: str, room: float) -> list[str]:
    """The word in pieces no wider than ``room`` (one piece when it fits)."""
    if pdf.get_string_width(word) <= room:
        return [word]
    pieces = [""]
    for char in word:
        if pieces[-1] and pdf.get_string_width(pieces[-1] + char) > room:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _flow(pdf: Any, pieces: tuple[Piece, ...], room: float, mathtext: Any) -> Flow:
    """Prose and math as units; a formula sticks to the prose it touches (``f(x).``)."""
    flow: Flow = []
    glue_next: float | None = None
    for piece in pieces:
        if piece.math and as_text(piece):
            for index, chunk in enumerate(UNICODE_BREAK.split(piece.plain)):
                glue = glue_next if index == 0 else pdf.get_string_width(" ")
                for number, part in enumerate(_cut(pdf, chunk, room)):
                    _append(flow, glue if number == 0 else 0.0, Word(part, _width(pdf, part)))
            glue_next = None
            continue
        if piece.math:
            _append(flow, glue_next, _formula(piece.text, mathtext, piece.plain))
            glue_next = None
            continue
        for glue, word in _words(pdf, piece.text, room):
            _append(flow, glue, word)
        glue_next = pdf.get_string_width(" ") if piece.text[-1:].isspace() else None
    return [part for glue, unit in flow for part in _fit(glue, unit, room, mathtext)]


def as_text(piece: Piece) -> bool:
    """True when a math piece is simple enough to set as unicode text (it has a unicode form
    and nothing that needs typesetting)."""
    return bool(piece.plain) and TYPESET.search(piece.text) is None


def _width(pdf: Any, text: str) -> float:
    """The width of text in the current font, mm."""
    return float(pdf.get_string_width(text))


def _append(flow: Flow, glue: float | None, box: Box) -> None:
    """A box as a new unit after ``glue``, or joined to the last unit when ``glue`` is None."""
    if flow and glue is None:
        flow[-1] = (flow[-1][0], (*flow[-1][1], box))
    else:
        flow.append((glue or 0.0, (box,)))


def _fit(glue: float, unit: Unit, room: float, mathtext: Any) -> Flow:
    """The unit as it fits in ``room``: as it is, shrunk, or with its formula broken."""
    try:
        return _shrunk(glue, unit, room)
    except _Unplaceable:
        return _broken(glue, unit, room, mathtext)


def _shrunk(glue: float, unit: Unit, room: float) -> Flow:
    """The unit, its math shrunk to fit if it must be (never below ``MIN_SCALE``)."""
    width = sum(b.width for b in unit)
    text = sum(b.width for b in unit if isinstance(b, Word))
    if width <= room:
        return [(glue, unit)]
    if text < width and (room - text) / (width - text) >= MIN_SCALE:
        return [(glue, tuple(b.scaled((room - text) / (width - text)) for b in unit))]
    raise _Unplaceable("too wide")


def _broken(glue: float, unit: Unit, room: float, mathtext: Any) -> Flow:
    """The unit with its one formula broken after top-level ``+ - = ,`` into parts that fit."""
    at = [i for i, b in enumerate(unit) if isinstance(b, Picture)]
    box = unit[at[0]] if len(at) == 1 else None
    if not isinstance(box, Picture):
        raise _Unplaceable("no single formula to break")
    texts = split_top(box.latex, re.compile(r" [-+=] |, "))
    if len(texts) == 1:
        raise _Unplaceable(box.latex)
    parts = [_formula(p, mathtext, box.plain if i == 0 else "") for i, p in enumerate(texts)]
    first, last = (*unit[: at[0]], parts[0]), (parts[-1], *unit[at[0] + 1 :])
    units = [first, *[(p,) for p in parts[1:-1]], last]
    return [p for i, u in enumerate(units) for p in _shrunk(MATH_GAP if i else glue, u, room)]


def _lines(flow: Flow, room: float) -> list[Line]:
    """Greedy line filling: a unit goes to the next line when it does not fit on this one."""
    lines: list[Line] = []
    line: Line = []
    x = 0.0
    for glue, unit in flow:
        width = sum(b.width for b in unit)
        if line and x + glue + width > room + 1e-6:
            lines.append(line)
            line, x = [], 0.0
        elif line:
            x += glue
        for box in unit:
            line.append((x, box))
            x += box.width
    return [*lines, line] if line else lines


def _fonts(pdf: Any) -> None:
    """DejaVu Sans (regular and bold) from matplotlib's own data folder."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))


class _Writer:
    """Places numbered entries (prose and math, or plain text when that cannot fit) down pages."""

    def __init__(self, fpdf_class: Any, mathtext: Any, title: str, created: datetime) -> None:
        """A new A4 document with its title and creation date."""
        self.pdf = fpdf_class(format="A4", unit="mm")
        self.mathtext = mathtext
        self.pdf.set_creation_date(created)
        self.pdf.set_title(title)
        self.pdf.set_creator("calctutor")
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(False)
        _fonts(self.pdf)
        self.pdf.add_page()

    def heading(self, text: str, size: int) -> None:
        """A bold heading line."""
        self.pdf.set_font("DejaVu", "B", size)
        self.pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(4)

    def line(self, text: str) -> None:
        """A paragraph of plain text."""
        self.entry(None, (Piece(text),), indent=0.0)
        self.pdf.ln(2)

    def entry(self, number: int | None, pieces: tuple[Piece, ...], indent: float = INDENT) -> None:
        """``number.`` and the pieces wrapped in the column; when a formula cannot be placed
        readably, the pieces as unicode text."""
        self.pdf.set_font("DejaVu", "", FONT_SIZE)
        room = self.pdf.w - 2 * MARGIN - indent
        try:
            flow = _flow(self.pdf, pieces, room, self.mathtext)
        except _Unplaceable:
            flow = _flow(self.pdf, _as_unicode(pieces), room, None)
        self._place(number, _lines(flow, room), MARGIN + indent)
        self.pdf.ln(3)

    def _place(self, number: int | None, lines: list[Line], left: float) -> None:
        """The lines down the page, kept on one page when they fit one."""
        heights = [_extent(line) for line in lines]
        total = sum(a + d + LINE_GAP for a, d in heights)
        if self.pdf.get_y() + total > self.pdf.h - MARGIN and total < self.pdf.h - 2 * MARGIN:
            self.pdf.add_page()
        for index, (line, (ascent, descent)) in enumerate(zip(lines, heights, strict=True)):
            if self.pdf.get_y() + ascent + descent > self.pdf.h - MARGIN:
                self.pdf.add_page()
            baseline = self.pdf.get_y() + ascent
            if index == 0 and number is not None:
                self.pdf.text(MARGIN, baseline, f"{number}.")
            for x, box in line:
                box.draw(self.pdf, left + x, baseline)
            self.pdf.set_y(baseline + descent + LINE_GAP)

    def new_page(self) -> None:
        """Start a new page."""
        self.pdf.add_page()

    def bytes(self) -> bytes:
        """The finished document."""
        return bytes(self.pdf.output())


def _extent(line: Line) -> tuple[float, float]:
    """How far a line reaches above and below its baseline, at least a text line's room."""
    return max(ASCENT, *(b.ascent for _, b in line)), max(DESCENT, *(b.descent for _, b in line))


def _as_unicode(pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """The pieces as one text, every formula in its unicode form."""
    return (Piece("".join((p.plain or p.text) if p.math else p.text for p in pieces)),)


def key_piece(item: QuizItem) -> Piece:
    """The key's formula: its LaTeX and its unicode form (calctutor's notation)."""
    return Piece(item.key.latex, True, key_unicode(item))


def key_unicode(item: QuizItem) -> str:
    """The key in textbook unicode, read back from its answer-box text."""
    from calctutor.check.common import read_answer
    from calctutor.notation.unicode import inline

    if item.problem.kind == "critical_points":
        return _points_unicode(item)
    if item.key.numbers is not None:  # decimals as computed, not read back as fractions
        return item.key.answer
    from calctutor.sets.reading import read_expected

    try:
        value = read_answer(item.problem, item.key.answer)
    except ValueError:
        try:  # the author's expected value, as the set wrote it
            value = read_expected(item.problem)
        except ValueError:
            return item.key.answer
    return str(inline(value))


def _points_unicode(item: QuizItem) -> str:
    """Critical points with their kinds: (0, 0) saddle, (1, 1) min."""
    from calctutor.export.stack_points import read_key
    from calctutor.notation.unicode import inline

    points, labels = read_key(item)
    if not points:
        return "none"
    shown = [inline(p[0]) if len(p) == 1 else inline(tuple(p)) for p in points]
    return ", ".join(f"{p} {k}" if k else p for p, k in zip(shown, labels, strict=True))


def render(quiz: Quiz, key: bool = True, created: datetime | None = None) -> bytes:
    """The quiz as PDF bytes: the questions, then the key on a new page.

    ``created`` is the creation date written into the file (default: now).
    """
    fpdf_class, mathtext = _modules()
    writer = _Writer(fpdf_class, mathtext, quiz.title, created or datetime.now(UTC))
    writer.heading(quiz.title, 16)
    writer.line(f"Seed {quiz.seed} · sets: {', '.join(quiz.sets)}")
    for item in quiz.items:
        writer.entry(item.number, statement(item.problem))
    if key:
        writer.new_page()
        writer.heading("Answer key", 14)
        for item in quiz.items:
            writer.entry(item.number, (key_piece(item),))
    return writer.bytes()
