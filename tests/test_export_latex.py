"""The LaTeX export compiles with plain pdflatex whatever a teacher types, no line overfull."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import sympy
from export_sample import sample_quiz, stack_quiz
from test_export_markdown import HOSTILE, hostile_quiz

from calctutor.export import latex
from calctutor.export.breaking import pieces
from calctutor.quiz.build import Quiz

needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex")


def compile_log(text: str, folder: Path) -> str:
    """pdflatex's log of the document (the test fails when it does not compile)."""
    (folder / "quiz.tex").write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "quiz.tex"],
        cwd=folder, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    log = (folder / "quiz.log").read_text(encoding="latin-1")
    assert done.returncode == 0, log[-2000:]
    return log


def long_quiz() -> Quiz:
    """A key with a 40-term sum and a matrix of long entries."""
    x, y = sympy.symbols("x y")
    quiz = stack_quiz()
    long_sum = " + ".join(rf"\frac{{x^{{{k}}}}}{{{k}!}}" for k in range(1, 40))
    entry = sympy.latex(sympy.exp(x * y) / (sympy.exp(x) + sympy.exp(y)) ** 2)
    matrix = rf"\left[\begin{{matrix}}{entry} & {entry} & {entry}\\{entry} & {entry} & "
    matrix += rf"{entry}\end{{matrix}}\right]"
    first, second = quiz.items[0], quiz.items[1]
    items = (
        replace(first, key=replace(first.key, latex=long_sum)),
        replace(second, key=replace(second.key, latex=matrix)),
        *quiz.items[2:],
    )
    return replace(quiz, items=items)


def test_the_preamble_has_scalable_fonts_and_the_title_is_escaped() -> None:
    text = latex.render(hostile_quiz())
    assert r"\usepackage{lmodern}" in text
    assert r"\ensuremath{\sigma} \ensuremath{\approx} \ensuremath{\mu}" in text
    assert r"\$5 \& 50\% off\_sale" in text and r"\# Heading?" in text
    assert "<script>" not in text and r"\textless{}script\textgreater{}" in text


def test_a_formula_breaks_after_top_level_signs_only() -> None:
    assert pieces(r"y = C_{1} e^{x} + (x - 1)^{2}") == ["y =", "C_{1} e^{x} +", "(x - 1)^{2}"]
    assert pieces(r"\left(2 x y, x^{2} + 3 y^{2}\right)") == ["(2 x y,", "x^{2} +", "3 y^{2})"]
    assert pieces(r"\int \frac{1}{x \left(x + 1\right)}\, dx") == [
        r"\int \frac{1}{x \left(x + 1\right)}\, dx"
    ]


@needs_pdflatex
@pytest.mark.parametrize(
    "quiz", [hostile_quiz(), long_quiz(), sample_quiz()], ids=["hostile", "long", "sample"]
)
def test_pdflatex_compiles_it_without_overfull_lines(quiz: Quiz, tmp_path: Path) -> None:
    log = compile_log(latex.render(quiz), tmp_path)
    assert "Overfull" not in log
    assert "Unicode character" not in log


@needs_pdflatex
def test_every_character_of_a_hostile_prompt_compiles(tmp_path: Path) -> None:
    quiz = hostile_quiz()
    weird = HOSTILE + " ∑∫√∞ ≤ ≥ ≠ → λ η ∂ ∇ “quotes” – — … € ½ ² ³ ₁ 😀 \\ ~ ^ } {"
    first = quiz.items[0]
    items = (replace(first, problem=replace(first.problem, prompt=weird)), *quiz.items[1:])
    compile_log(latex.render(replace(quiz, title=weird, items=items)), tmp_path)
