"""Rich renderables on a fixed-width console with colours off: steps, verdicts, tables."""

from __future__ import annotations

import io

import sympy
from rich.console import Console

from calctutor.check.verdict import Verdict
from calctutor.render.steps import solution_panel
from calctutor.render.verdict import verdict_view
from calctutor.steps.derivative import derivative_solution
from calctutor.steps.gradient import gradient_solution

x, y = sympy.symbols("x y")


def rendered(renderable: object) -> str:
    """What an 80-column terminal without colour shows."""
    out = io.StringIO()
    Console(file=out, width=80, no_color=True, color_system=None).print(renderable)
    return out.getvalue()


def test_steps_are_numbered_nested_and_fit_80_columns() -> None:
    text = rendered(solution_panel(derivative_solution(x * sympy.sin(x**2), x), "d/dx"))
    assert "1  Product rule" in text
    assert "1.2  Chain rule" in text
    assert "1.2.1" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b[" not in text


def test_the_result_is_pretty_printed() -> None:
    text = rendered(solution_panel(gradient_solution(x**2 * y + y**3, (x, y)), "grad"))
    assert "Result:" in text
    assert "2⋅x⋅y" in text


def test_an_unreadable_answer_gets_a_caret_under_the_spot() -> None:
    verdict = Verdict("invalid", "missing ')'", position=6)
    text = rendered(verdict_view(verdict, "2x cos(x^2"))
    lines = text.splitlines()
    answer_line = next(i for i, line in enumerate(lines) if "2x cos(x^2" in line)
    assert lines[answer_line + 1].index("^") == lines[answer_line].index("(")


def test_a_wrong_answer_shows_how_it_was_read() -> None:
    text = rendered(verdict_view(Verdict("incorrect", "Not quite.", read_as="cos(x^2)"), "cos x²"))
    assert "✗ incorrect" in text and "Read as: cos(x^2)" in text
