"""The Markdown and LaTeX exports: questions, then the key; math delimited; text escaped."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from export_sample import sample_quiz

from calctutor.export import latex, markdown
from calctutor.export.statement import Piece, statement
from calctutor.quiz.build import Quiz
from calctutor.sets.model import Problem

HOSTILE = "<script>alert(1)</script> *bold* [link](x) $5 & 50% off_sale σ ≈ μ"


def hostile_quiz() -> Quiz:
    """The sample quiz with a teacher's title and prompt full of markup and specials."""
    quiz = sample_quiz()
    first = quiz.items[0]
    problem = replace(first.problem, prompt="# Heading? " + HOSTILE)
    items = (replace(first, problem=problem), *quiz.items[1:])
    return replace(quiz, title="1. " + HOSTILE, items=items)


def maths(text: str) -> list[str]:
    """Every $…$ span of a text, in order."""
    return re.findall(r"(?<!\\)\$(.+?)(?<!\\)\$", text)


def test_markdown_numbers_questions_then_the_key() -> None:
    text = markdown.render(sample_quiz())
    head, _, key = text.partition("## Answer key")
    assert text.startswith("# Sample quiz\n")
    assert re.findall(r"^(\d+)\. ", head, re.MULTILINE) == [str(n) for n in range(1, 10)]
    assert re.findall(r"^(\d+)\. ", key, re.MULTILINE) == [str(n) for n in range(1, 10)]
    assert r"$\frac{d}{dx}\left(x^{3} \sin {x}\right)$" in head
    assert r"$\sin{\left(x^{2} \right)} + C$" in key
    for line in text.splitlines():
        assert line.replace(r"\$", "").count("$") % 2 == 0, line


def test_markdown_escapes_author_text_and_can_leave_out_the_key() -> None:
    text = markdown.render(sample_quiz(), key=False)
    assert "## Answer key" not in text
    assert r"(50% off\_sale)" in text


def test_commonmark_shows_a_hostile_title_and_prompt_as_text() -> None:
    from markdown_it import MarkdownIt

    text = markdown.render(hostile_quiz())
    page = MarkdownIt("commonmark").render(text)
    assert "<script>" not in page and "<em>" not in page and "<a " not in page
    assert page.count("<h1>") == 1 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<ol>" in page  # the questions, but not the title, are a list
    assert page.index("<h1>") < page.index("<ol")


def test_maths_reads_the_same_with_and_without_a_math_extension() -> None:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    text = markdown.render(sample_quiz())
    written = maths(text)
    assert any(r"\begin{matrix}" in m for m in written)
    assert not any("\\\\" in m or r"\," in m for m in written)
    plain = MarkdownIt("commonmark").render(text)  # a viewer that leaves $…$ to MathJax
    assert maths(html.unescape(plain)) == written
    parser = MarkdownIt("commonmark").use(dollarmath_plugin)
    tokens = [t for b in parser.parse(text) for t in (b.children or [])]
    assert [t.content for t in tokens if t.type == "math_inline"] == written


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
