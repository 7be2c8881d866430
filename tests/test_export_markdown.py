"""The Markdown and LaTeX exports: questions, then the key; math delimited; text escaped."""

from __future__ import annotations

import re

from export_sample import sample_quiz

from calctutor.export import latex, markdown
from calctutor.export.statement import Piece, statement
from calctutor.sets.model import Problem


def test_markdown_numbers_questions_then_the_key() -> None:
    text = markdown.render(sample_quiz())
    head, _, key = text.partition("## Answer key")
    assert text.startswith("# Sample quiz\n")
    assert re.findall(r"^(\d+)\. ", head, re.MULTILINE) == [str(n) for n in range(1, 10)]
    assert re.findall(r"^(\d+)\. ", key, re.MULTILINE) == [str(n) for n in range(1, 10)]
    assert r"$\frac{d}{dx}\left(x^{3} \sin{\left(x \right)}\right)$" in head
    assert r"$\sin{\left(x^{2} \right)} + C$" in key
    for line in text.splitlines():
        assert line.count("$") % 2 == 0, line


def test_markdown_escapes_author_text_and_can_leave_out_the_key() -> None:
    text = markdown.render(sample_quiz(), key=False)
    assert "## Answer key" not in text
    assert r"(50% off\_sale)" in text


def test_latex_is_a_complete_document_with_the_key_on_its_own_page() -> None:
    text = latex.render(sample_quiz())
    assert text.startswith(r"\documentclass")
    assert text.rstrip().endswith(r"\end{document}")
    body = text[text.index(r"\begin{document}") :]
    assert body.index(r"\newpage") < body.index(r"\section*{Answer key}")
    assert body.count(r"\item") == 18
    assert r"Cost \& profit (50\% off\_sale)" in body
    assert text.count("{") == text.count("}")
    assert "\\begin{matrix}" in body


def test_latex_without_key() -> None:
    text = latex.render(sample_quiz(), key=False)
    assert "Answer key" not in text and text.count(r"\item") == 9


def test_an_expression_problem_never_shows_its_expected_answer() -> None:
    problem = Problem(id="l", kind="expression", expected="1/2", prompt="Find lim (x->oo) of f.")
    assert statement(problem) == (Piece("Find lim (x->oo) of f."),)
    ode = Problem(id="o", kind="ode", equation="y' = 2*y", func="y", var="x", prompt="Solve:")
    assert statement(ode) == (Piece("Solve: "), Piece("y' = 2 y", True))
