"""The PDF export: built without TeX, questions then the key on a new page, same bytes.

Layout checks: prose is real text, every line stays inside the margins, no formula is shrunk
below a readable size, and a matrix answer is typeset rather than written out as text.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sympy
from export_sample import key_for, sample_quiz

pytest.importorskip("fpdf")
pytest.importorskip("matplotlib")

from calctutor.export import pdf
from calctutor.quiz.build import Quiz, QuizItem
from calctutor.sets.model import Problem
from calctutor.sets.prompts import prompt_for

x = sympy.Symbol("x")
CREATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
TAYLOR = "Find the Taylor polynomial of degree 3 of sin(x)·exp(x) about x = 0."
LONG_PROMPT = (
    "Find the Hessian (in the order w, b) of the logistic loss of one positive example with "
    "x = 1, then say in words why all four of its entries are equal, and what that means for "
    "the curvature of the loss along the direction w = b: "
)
WIDE = sum((k + 1) * x**k * sympy.sin(k * x) for k in range(1, 13))
POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def pages(data: bytes) -> int:
    """How many pages the PDF has."""
    return len(re.findall(rb"/Type\s*/Page\b", data))


def quiz_of(*cases: tuple[Problem, Any]) -> Quiz:
    """A quiz of the given problems with their results."""
    items = tuple(
        QuizItem(n, "s", "topic-s", problem, "", prompt_for(problem), key_for(problem, result))
        for n, (problem, result) in enumerate(cases, start=1)
    )
    return Quiz("Layout quiz", 1, ("s",), items)


def hard_quiz() -> Quiz:
    """Prose that must wrap, a formula wider than the page, a matrix key, an unbreakable one."""
    taylor = Problem(id="t", kind="expression", expected="x + x^2 + x^3/3", vars=("x",),
                     prompt=TAYLOR)  # fmt: skip
    long = Problem(id="l", kind="derivative", expr=str(WIDE), var="x", prompt=LONG_PROMPT)
    unbreakable = Problem(id="u", kind="derivative", expr=f"({WIDE})/(1 + x^2)", var="x")
    hessian = sample_quiz().items[7]
    return quiz_of(
        (taylor, x + x**2 + x**3 / 3),
        (long, sympy.diff(WIDE, x)),
        (hessian.problem, sympy.ImmutableMatrix([[2 * x, 2 * x], [2 * x, 0]])),
        (unbreakable, sympy.diff(WIDE / (1 + x**2), x)),
    )


class Recording:
    """Wraps fpdf2's FPDF, noting every text and picture drawn: its right edge and its scale."""

    @staticmethod
    def make() -> Any:
        """An FPDF subclass that records into ``drawn`` (a list per document)."""
        from fpdf import FPDF

        class RecordingFPDF(FPDF):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.drawn: list[tuple[str, float, float, str]] = []

            def text(self, x: float, y: float, text: str = "") -> Any:
                self.drawn.append(("text", x + self.get_string_width(text), 1.0, text))
                return super().text(x, y, text)

            def multi_cell(self, *args: Any, **kw: Any) -> Any:
                width, text = args[0], args[2] if len(args) > 2 else kw.get("text", "")
                right = self.w - self.r_margin if width == 0 else self.get_x() + width
                self.drawn.append(("text", right, 1.0, text))
                return super().multi_cell(*args, **kw)

            def image(self, *args: Any, **kw: Any) -> Any:
                name, x, _, w = args[:4]  # every caller here passes them by position
                pixels = struct.unpack(">I", name.getvalue()[16:20])[0]
                scale = w / (pixels / pdf.DPI * pdf.MM_PER_INCH)
                self.drawn.append(("image", x + w, scale, ""))
                return super().image(*args, **kw)

        return RecordingFPDF


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every document built during the test, for its ``drawn`` list."""
    made: list[Any] = []
    _, mathtext = pdf._modules()
    recording = Recording.make()

    def factory(*args: Any, **kwargs: Any) -> Any:
        made.append(recording(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(pdf, "_modules", lambda: (factory, mathtext))
    return made


def pdf_text(data: bytes, tmp_path: Path, page: int) -> str:
    """One page's text as pdftotext reads it, on one line."""
    path = tmp_path / "q.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_pdf_has_questions_then_the_key_on_its_own_page() -> None:
    quiz = sample_quiz(limit=3)
    data = pdf.render(quiz)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pages(data) == 2
    assert pages(pdf.render(quiz, key=False)) == 1
    assert pdf.render(quiz, created=CREATED) == pdf.render(quiz, created=CREATED)


def test_mathtext_pictures_and_what_it_cannot_draw() -> None:
    from matplotlib import mathtext

    assert pdf.picture(r"$\left[\begin{matrix}1 & 2\end{matrix}\right]$", mathtext) is None
    drawn = pdf.picture(r"Find $\dfrac{d}{dx}\left(x^{2}\right)$.", mathtext)
    assert drawn is not None and drawn.width > drawn.height > drawn.descent > 0


def test_every_line_stays_inside_the_margins_at_a_readable_size(recorded: list[Any]) -> None:
    quiz = hard_quiz()
    data = pdf.render(quiz, created=CREATED)
    assert data == pdf.render(quiz, created=CREATED)
    (document, _) = recorded
    right = document.w - pdf.MARGIN + 0.01
    assert all(edge <= right for _, edge, _, _ in document.drawn)
    scales = [scale for kind, _, scale, _ in document.drawn if kind == "image"]
    assert min(scales) >= pdf.MIN_SCALE - 1e-9
    assert len(scales) >= 4  # the matrix's cells are pictures


def test_a_formula_too_wide_to_shrink_is_broken_or_written_as_text(recorded: list[Any]) -> None:
    pdf.render(hard_quiz())
    texts = [text for kind, _, _, text in recorded[0].drawn if kind == "text"]
    # The long prompt's sum is simple maths: unicode text, broken after its + signs.
    before = " ".join(texts[: texts.index("3.")])
    assert "13x¹² sin(12x) +" in before
    # The quotient cannot be broken: it is written as unicode text, never as code syntax.
    after = " ".join(texts[texts.index("4.") :])
    assert "sin(12x)" in after and "/(x² + 1)" in after
    assert not any("*" in t or "^" in t for t in texts)


@POPPLER
def test_pdftotext_finds_the_prompts_and_the_key(tmp_path: Path) -> None:
    data = pdf.render(sample_quiz())
    questions, key = pdf_text(data, tmp_path, 1), pdf_text(data, tmp_path, 2)
    assert "Find the gradient of f(x, y) = x²y + y³." in questions
    assert "Cost & profit (50% off_sale): how fast does f change? f(x) = x²" in questions
    assert "Find the general solution of y″ + y = 0." in questions
    assert "∫ 2x cos(x²) dx" in questions  # a typeset integral, searchable all the same
    assert "sin(x²) + C" in key and "y = C₁ sin x + C₂ cos x" in key
    assert "(0.8, 1.6)" in key and "[2y, 2x; 2x, 0]" in key and "(0, 0) saddle" in key


def test_the_title_and_a_real_creation_date() -> None:
    fixed = pdf.render(sample_quiz(), created=CREATED)
    assert b"/Title (Sample quiz)" in fixed or b"/Title <" in fixed
    assert b"/CreationDate (D:20260102030405" in fixed
    now = pdf.render(sample_quiz())
    assert f"/CreationDate (D:{datetime.now(UTC):%Y%m%d}".encode() in now


@POPPLER
def test_prose_is_real_text_that_is_not_cut_off(tmp_path: Path) -> None:
    words = pdf_text(pdf.render(hard_quiz(), key=False), tmp_path, 1)
    assert TAYLOR in words
    assert "along the direction w = b:" in words


@POPPLER
def test_a_matrix_answer_is_typeset_not_written_as_text(tmp_path: Path) -> None:
    hessian = sample_quiz().items[7].problem
    matrix = sympy.ImmutableMatrix([[sympy.exp(x) / (1 + sympy.exp(x)) ** 2, x], [x, 0]])
    key = pdf_text(pdf.render(quiz_of((hessian, matrix))), tmp_path, 2)
    assert "Answer key" in key
    assert "[[" not in key and "exp(" not in key


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_no_ink_beyond_the_right_margin(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "q.pdf"
    path.write_bytes(pdf.render(hard_quiz()))
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "p")], check=True)
    for png in sorted(tmp_path.glob("p-*.png")):
        image = Image.open(io.BytesIO(png.read_bytes())).convert("L")
        ink = image.point(lambda v: 255 if v < 200 else 0).getbbox()
        assert ink is not None
        limit = image.width * (1 - pdf.MARGIN / 210)
        assert ink[2] <= limit + 1, png.name
