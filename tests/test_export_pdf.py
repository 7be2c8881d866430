"""The PDF export: built without TeX, questions then the key on a new page, same bytes."""

from __future__ import annotations

import re

import pytest
from export_sample import sample_quiz

pytest.importorskip("fpdf")
pytest.importorskip("matplotlib")

from calctutor.export import pdf


def pages(data: bytes) -> int:
    """How many pages the PDF has."""
    return len(re.findall(rb"/Type\s*/Page\b", data))


def test_pdf_has_questions_then_the_key_on_its_own_page() -> None:
    quiz = sample_quiz(limit=3)
    data = pdf.render(quiz)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pages(data) == 2
    assert pages(pdf.render(quiz, key=False)) == 1
    assert data == pdf.render(quiz)


def test_what_mathtext_cannot_draw_is_written_as_text() -> None:
    from matplotlib import mathtext

    assert pdf.picture(r"$\left[\begin{matrix}1 & 2\end{matrix}\right]$", mathtext) is None
    drawn = pdf.picture(r"Find $\frac{d}{dx}\left(x^{2}\right)$.", mathtext)
    assert drawn is not None and drawn.width > drawn.height > 0
    hessian = sample_quiz()
    data = pdf.render(type(hessian)("H", 1, ("s",), hessian.items[7:8]))
    assert data.startswith(b"%PDF-")
