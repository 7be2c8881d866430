"""Working checked line by line: the reader's new forms, rules, diagnoses and the verdict."""

from __future__ import annotations

import random

import pytest
import sympy

from calctutor.expr import ParseError
from calctutor.sets.model import Problem
from calctutor.working import WorkingError, check_working, check_working_now, working_lines
from calctutor.working.forms import Segment
from calctutor.working.reading import Between, Names, differential, read_side

x, u = sympy.symbols("x u")
NAMES = Names(("x",), "x", "arbitrary")
DERIVATIVE = Problem(id="d", kind="derivative", expr="x^2 sin(x)", var="x")
PARTS = Problem(id="p", kind="integral", expr="x e^x", var="x")


def read(text: str) -> object:
    """One side read in the context of a problem in x."""
    return read_side(Segment(text, 0), NAMES, text)


def judge(problem: Problem, text: str) -> object:
    """The verdict on a working written as one string."""
    return check_working_now(problem, text.strip().splitlines(), random.Random(0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("∫ x e^x dx", sympy.Integral(x * sympy.exp(x), x)),
        ("∫_0^1 x^2 dx", sympy.Integral(x**2, (x, 0, 1))),
        ("\\int_0^{\\pi} \\sin x \\, dx", sympy.Integral(sympy.sin(x), (x, 0, sympy.pi))),
        ("∫ dx/(1+x^2)", sympy.Integral(1 / (1 + x**2), x)),
        ("d/dx (x² sin x)", sympy.Derivative(x**2 * sympy.sin(x), x, evaluate=False)),
        ("(x^2)'", sympy.Derivative(x**2, x, evaluate=False)),
        ("[x^3/3]_0^1", Between(x**3 / 3, x, 0, 1)),
        ("lim_{x→0} sin(x)/x", sympy.Limit(sympy.sin(x) / x, x, 0, "+-")),
        ("2x dx", 2 * x * differential("x")),
        ("1/2 ∫ e^u du", sympy.Integral(sympy.exp(u), u) / 2),
    ],
)
def test_the_working_forms_are_read_without_evaluating(text: str, expected: object) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("∫ x^2", "differential", 0),
        ("x e^x − ∫ e^x dx + (x", "never closed", 19),
        ("d/dx", "nothing to differentiate", 0),
        ("∫ sin(x dx", "never closed", 5),
        ("2x + import(x)", "not a command", 5),
    ],
)
def test_unreadable_sides_point_at_the_spot(text: str, message: str, position: int) -> None:
    with pytest.raises(ParseError) as raised:
        read(text)
    assert message in raised.value.message
    assert raised.value.position == position


def test_a_right_product_rule_derivation_names_its_rules() -> None:
    verdict = judge(
        DERIVATIVE,
        """
        d/dx (x² sin x) = (x²)' sin x + x² (sin x)'
        = 2x sin x + x² cos x
        """,
    )
    assert verdict.verdict == "correct"
    assert [line.status for line in verdict.lines] == ["rule", "rule"]
    assert verdict.lines[0].rule == "product rule"
    assert "power rule" in verdict.lines[1].rule and "table (sin)" in verdict.lines[1].rule


def test_the_first_wrong_line_is_the_focus_with_the_checker_diagnosis() -> None:
    verdict = judge(
        Problem(id="c", kind="derivative", expr="sin(x^2)", var="x"),
        """
        d/dx sin(x^2) = cos(x^2)
        = cos(x^2)
        """,
    )
    assert verdict.first_error == 1
    assert "chain rule factor" in verdict.lines[0].message
    assert verdict.lines[1].status == "ok"  # judged against the line before it


def test_integration_by_parts_checks_u_dv_du_v_and_the_formula() -> None:
    right = judge(
        PARTS,
        """
        u = x, dv = e^x dx
        du = dx, v = e^x
        ∫ x e^x dx = x e^x − ∫ e^x dx
        = x e^x − e^x + C
        """,
    )
    assert right.verdict == "correct"
    assert right.lines[2].rule == "integration by parts"
    wrong_v = judge(PARTS, "u = x, dv = e^x dx\ndu = dx, v = -e^x")
    assert wrong_v.first_error == 2 and "antiderivative" in wrong_v.lines[1].message
    wrong_sign = judge(PARTS, "∫ x e^x dx = x e^x + ∫ e^x dx\n= x e^x + e^x + C")
    assert wrong_sign.first_error == 1 and "uv − ∫ v du" in wrong_sign.lines[0].message


def test_substitution_checks_du_and_the_new_integral() -> None:
    problem = Problem(id="s", kind="integral", expr="x e^(x^2)", var="x")
    wrong_du = judge(problem, "u = x^2, du = x dx\n∫ x e^{x^2} dx = ∫ e^u du")
    assert wrong_du.first_error == 1
    assert "du is not right" in wrong_du.lines[0].message
    lost_half = judge(problem, "u = x^2, du = 2x dx\n∫ x e^{x^2} dx = ∫ e^u du")
    assert lost_half.first_error == 2
    assert "constant factor" in lost_half.lines[1].message
    right = judge(problem, "u = x^2, du = 2x dx\n∫ x e^{x^2} dx = 1/2 ∫ e^u du\n= e^{x^2}/2 + C")
    assert right.verdict == "correct" and right.lines[1].rule == "substitution"


def test_definite_integrals_by_the_fundamental_theorem() -> None:
    problem = Problem(id="f", kind="definite_integral", expr="x^2", var="x", lower="0", upper="1")
    right = judge(problem, "∫_0^1 x^2 dx = [x^3/3]_0^1\n= 1/3 - 0\n= 1/3")
    assert right.verdict == "correct"
    assert right.lines[0].rule == "fundamental theorem"
    reversed_ends = judge(problem, "∫_0^1 x^2 dx = [x^3/3]_0^1\n= 0 - 1/3")
    assert reversed_ends.first_error == 2 and "F(b) − F(a)" in reversed_ends.lines[1].message


def test_limits_by_lhopital_are_named() -> None:
    problem = Problem(id="l", kind="expression", expected="1")
    verdict = judge(problem, "lim_{x→0} sin(x)/x = lim_{x→0} cos(x)/1\n= 1")
    assert verdict.verdict == "correct"
    assert verdict.lines[0].rule == "L'Hôpital's rule"


def test_ode_lines_are_checked_against_the_equation() -> None:
    problem = Problem(id="o", kind="ode", equation="y' = 2y", func="y", var="x")
    right = judge(problem, "dy/y = 2 dx\n∫ dy/y = ∫ 2 dx\nln|y| = 2x + C\ny = C e^{2x}")
    assert right.verdict == "correct"
    assert right.lines[0].rule == "separation of variables"
    wrong = judge(problem, "dy/y = 2 dx\nln|y| = 2x + C\ny = e^{2x} + C")
    assert wrong.first_error == 3


def test_characteristic_equation_and_roots() -> None:
    problem = Problem(id="c", kind="ode", equation="y'' + 4y = 0", func="y", var="x")
    right = judge(problem, "r^2 + 4 = 0\nr = ±2i\ny = C1 cos(2x) + C2 sin(2x)")
    assert right.verdict == "correct"
    wrong = judge(problem, "r^2 + 4 = 0\nr = ±2\ny = C1 e^{2x} + C2 e^{-2x}")
    assert wrong.first_error == 2


def test_an_unreadable_line_is_reported_and_later_lines_still_read() -> None:
    verdict = judge(DERIVATIVE, "d/dx (x² sin x) = 2x sin x + x² cos(x\n= 2x sin x + x² cos x")
    assert verdict.lines[0].status == "unreadable"
    assert "^" in verdict.lines[0].message
    assert verdict.lines[1].status in ("ok", "rule")
    assert verdict.verdict == "invalid"


def test_a_wrong_final_answer_marks_the_last_line() -> None:
    problem = Problem(id="e", kind="expression", expected="2")
    verdict = judge(problem, "lim_{x→1} (x^2 - 1)/(x - 1) = 2\n= 2")
    assert verdict.verdict == "correct"
    unfinished = judge(DERIVATIVE, "d/dx (x² sin x) = (x²)' sin x + x² (sin x)'")
    assert unfinished.verdict == "incorrect" and unfinished.first_error == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("\n  \n", "empty"),
        ("x\x00y", "not text"),
        ("= x\n" * 10_000, "too long"),
    ],
)
def test_bad_working_is_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(WorkingError, match=message):
        working_lines(text)


def test_working_runs_under_the_worker_limits() -> None:
    verdict = check_working(DERIVATIVE, ["d/dx (x² sin x) = 2x sin x + x² cos x"], timeout=20)
    assert verdict.verdict == "correct"
    with pytest.raises(WorkingError):
        check_working(Problem(id="h", kind="hessian", expr="x^2", vars=("x",)), ["x"])


def test_nothing_typed_is_executed() -> None:
    verdict = judge(DERIVATIVE, "d/dx (x² sin x) = __import__('os').system('true')")
    assert verdict.lines[0].status == "unreadable"


@pytest.mark.parametrize(
    ("problem", "working"),
    [
        (DERIVATIVE, "d/dx (x² sin x) = 2x sin x + x² cos x   (product rule)"),
        (DERIVATIVE, "d/dx (x² sin x) = 2x sin x + x² cos x  # product rule"),
        (DERIVATIVE, "u = x^2, v = sin x\nf'(x) = u'v + uv'\n= 2x sin x + x^2 cos x"),
        (DERIVATIVE, "(d/dx)(x^2 sin x) = 2x sin x + x^2 cos x"),
        (
            Problem(id="c", kind="derivative", expr="sin(x^2)", var="x"),
            "y = sin u, u = x^2\ndy/dx = dy/du · du/dx\n= cos(u) · 2x\n= 2x cos(x^2)",
        ),
        (
            Problem(id="b", kind="definite_integral", expr="x^2", var="x", lower="0", upper="3"),
            "∫_0^3 x^2 dx = x^3/3 |_0^3\n= 9",
        ),
        (
            Problem(id="F", kind="definite_integral", expr="2x", var="x", lower="1", upper="2"),
            "F(x) = x^2\n∫_1^2 2x dx = F(2) − F(1)\n= 3",
        ),
        (
            Problem(
                id="l",
                kind="expression",
                expr="(x^2-1)/(x-1)",
                var="x",
                limit="x -> 1",
                expected="2",
            ),
            "lim_{x→1} (x^2 − 1)/(x − 1) = lim (x + 1)\n= 2",
        ),
        (
            Problem(id="s", kind="integral", expr="x e^(x^2)", var="x"),
            "Substitution:\nu = x^2, then du = 2x dx ⇒ x dx = du/2\n∫ x e^{x^2} dx = ∫ e^u du/2"
            "\n= e^{x^2}/2 + C",
        ),
        (
            Problem(id="a", kind="integral", expr="x sin(x)", var="x"),
            "Let u = x and dv = sin x dx\nThen du = dx and v = -cos x\n"
            "∫ x sin x dx = -x cos x + ∫ cos x dx\n= -x cos x + sin x + C",
        ),
    ],
)
def test_notation_students_use_is_read(problem: Problem, working: str) -> None:
    verdict = judge(problem, working)
    statuses = [(line.status, line.message) for line in verdict.lines]
    assert verdict.verdict == "correct", statuses
    assert all(line.status in ("ok", "rule") for line in verdict.lines), statuses


def test_a_limit_that_is_not_the_problem_is_wrong() -> None:
    problem = Problem(
        id="l", kind="expression", expr="sin(3x)/x", var="x", limit="x -> 0", expected="3"
    )
    verdict = judge(problem, "lim_{x→0} sin(x)/x = 1")
    assert verdict.first_error == 1
