"""``solve --latex`` and ``--markdown``: pdflatex compiles them, CommonMark keeps their maths."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from test_export_latex import compile_log

from calctutor.export.solution import solution_latex, solution_markdown
from calctutor.sets.model import Problem
from calctutor.steps.solve import solve_problem

TITLE = "σ ≈ μ: 50% & #1 $5 a_b ^ ~ \\ {x} <b>"
WIDE = " + ".join(f"{k}*x^{k}*sin({k}*x)" for k in range(1, 14))
PROBLEMS = [
    Problem(id="wide", kind="derivative", expr=WIDE, var="x"),
    Problem(id="parts", kind="integral", expr="x^2*exp(3*x)", var="x"),
    Problem(id="ode", kind="ode", equation="y'' - 3y' + 2y = exp(3x)", func="y", var="x"),
    Problem(id="hess", kind="hessian", expr="exp(x*y) + x^3*y^2", vars=("x", "y")),
]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex")
@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_pdflatex_compiles_a_worked_solution(problem: Problem, tmp_path: Path) -> None:
    log = compile_log(solution_latex(solve_problem(problem), TITLE), tmp_path)
    assert "Overfull" not in log


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_markdown_maths_survives_a_viewer_without_a_math_extension(problem: Problem) -> None:
    from markdown_it import MarkdownIt

    text = solution_markdown(solve_problem(problem), TITLE)
    page = MarkdownIt("commonmark").render(text)
    assert "<b>" not in page and "&lt;b&gt;" in page
    written = re.findall(r"(?<!\\)\$+(.+?)(?<!\\)\$+", text)
    shown = re.findall(r"(?<!\\)\$+(.+?)(?<!\\)\$+", html.unescape(page))
    assert written == shown and written
