"""Messages that are true, that name the real cause, and that never give a value answer away."""

from __future__ import annotations

import random

import pytest
import sympy

from calctutor.check import Verdict, check_now
from calctutor.check.optimization import check_optimizer_step
from calctutor.sets.catalog import open_set
from calctutor.sets.model import Problem

x, y = sympy.symbols("x y")


def check(answer: str, **fields: object) -> Verdict:
    """Check an answer to an ad hoc problem."""
    problem = Problem(id="p", **fields)  # type: ignore[arg-type]
    return check_now(problem, answer, random.Random(0))


def test_values_shown_are_computed_without_round_off() -> None:
    # at 30 digits the cancellation leaves garbage such as -102760446; the true value is 3
    answer = "3x + (x+10^20)^2 - x^2 - 2*10^20*x - 10^40"
    verdict = check(answer, kind="derivative", expr="x^2", var="x")
    assert verdict.verdict == "incorrect"
    assert "your answer gives 3, the derivative is 2" in verdict.message


def test_the_factor_of_an_absolute_value_is_its_sign() -> None:
    verdict = check("3|x|^2", kind="derivative", expr="|x|^3", var="x")
    assert "= sgn(x)" in verdict.message
    assert "re(" not in verdict.message and "Derivative" not in verdict.message


def test_an_unknown_name_is_the_cause_not_the_shape() -> None:
    verdict = check("y = A cos(x + φ)", kind="ode", equation="y'' + y = 0", func="y", var="x")
    assert verdict.verdict == "invalid"
    assert "φ is not a variable" in verdict.message
    assert "equation" not in verdict.message
    assert verdict.position == 14


def test_adam_messages_use_the_problems_own_betas() -> None:
    def first_step(beta1: float, beta2: float, answer: tuple[object, ...]) -> Verdict:
        options = {"betas": (beta1, beta2)}
        return check_optimizer_step(
            x**2 + y**2, (x, y), "adam", 0.1, (1, 1), answer, options=options
        )

    # without bias correction the first step is lr * (1 - b1) / sqrt(1 - b2)
    # without bias correction the first step is lr * (1 - b1) / sqrt(1 - b2) = 0.1 * 0.5 / 0.1
    half = sympy.Rational(1, 2)
    verdict = first_step(0.5, 0.99, (half, half))
    assert verdict.notes[0] == "no_bias_correction"
    assert "multiplies m by 2 and v by 100" in verdict.message


def test_coordinates_off_in_plain_english() -> None:
    verdict = check_optimizer_step(
        x**2 + y**2, (x, y), "gd", sympy.Rational(1, 10), (1, 1), (sympy.Integer(1), 0)
    )
    # the point is (0.8, 0.8): x is too big, y too small
    assert verdict.message == (
        "Not quite: the x-coordinate is too big and the y-coordinate is too small."
    )
    assert verdict.expected == "(0.8, 0.8)"


def test_a_limit_answered_wrong_does_not_give_the_value_away() -> None:
    problem = open_set("limits").find("lim-1")
    assert problem is not None
    verdict = check_now(problem, "1", random.Random(0))
    assert verdict.verdict == "incorrect"
    assert "3" not in verdict.message
    assert "too small" in verdict.message
    assert verdict.expected == "3"
    assert verdict.to_json()["expected"] == "3"


def test_a_definite_integral_answered_wrong_does_not_give_the_value_away() -> None:
    fields = {"kind": "definite_integral", "expr": "1/(1+x^2)", "var": "x"}
    verdict = check("2", lower="0", upper="oo", **fields)
    assert verdict.verdict == "incorrect"
    assert "1.57" not in verdict.message and "pi" not in verdict.message
    assert "too big" in verdict.message
    assert verdict.expected == "π/2"


@pytest.mark.parametrize(
    ("answer", "verdict", "reason"),
    [
        ("3.1416", "correct", "rounded"),
        ("3.1415", "correct", "truncated"),
        ("3.14159", "correct", "rounded"),
        ("3.14160", "incorrect", "last digit is wrong"),
        ("3.142", "correct", "rounded"),
        ("3.14", "incorrect", "at least 4 significant digits"),
        ("3.1417", "incorrect", "too big"),
    ],
)
def test_decimals_for_a_definite_integral(answer: str, verdict: str, reason: str) -> None:
    fields = {"kind": "definite_integral", "expr": "4/(1+x^2)", "var": "x"}
    found = check(answer, lower="0", upper="1", **fields)
    assert found.verdict == verdict
    assert reason in found.message
    if verdict == "incorrect":
        assert "3.14159" not in found.message


def test_a_tolerance_set_by_the_problem() -> None:
    fields = {"kind": "definite_integral", "expr": "4/(1+x^2)", "var": "x", "lower": "0"}
    loose = (("absolute", "0.01"),)
    assert check("3.14", upper="1", tolerance=loose, **fields).is_correct
    assert not check("3.13", upper="1", tolerance=loose, **fields).is_correct
    relative = (("relative", "0.001"),)
    assert check("3.139", upper="1", tolerance=relative, **fields).is_correct
    assert not check("3.13", upper="1", tolerance=relative, **fields).is_correct


def test_a_tolerance_is_said_in_the_prompt_and_validated() -> None:
    from calctutor.sets.loader import ProblemError, problem_from_mapping
    from calctutor.sets.prompts import prompt_for

    data = {"id": "t", "kind": "definite_integral", "expr": "x", "var": "x", "lower": 0}
    problem = problem_from_mapping({**data, "upper": 1, "tolerance": {"absolute": 0.01}})
    assert "within 0.01 of the exact value are accepted" in prompt_for(problem)
    for bad in ({"absolute": -1}, {"near": 1}, 0.01, {"relative": "much"}):
        with pytest.raises(ProblemError, match="tolerance"):
            problem_from_mapping({**data, "upper": 1, "tolerance": bad})
    with pytest.raises(ProblemError, match="tolerance"):
        problem_from_mapping({"id": "d", "kind": "derivative", "expr": "x", "var": "x",
                              "tolerance": {"absolute": 1}})  # fmt: skip


@pytest.mark.parametrize(
    "answer",
    ["[[2xy, x^2 + 3y^2]]", "[[2xy], [x^2 + 3y^2]]", "(2xy, x^2 + 3y^2)", "⟨2xy, x^2 + 3y^2⟩"],
)
def test_a_gradient_in_any_reasonable_shape(answer: str) -> None:
    assert check(answer, kind="gradient", expr="x^2 y + y^3", vars=("x", "y")).is_correct


def test_a_matrix_for_a_gradient_names_the_shape_expected() -> None:
    verdict = check("[[2xy, 1], [x^2, 2]]", kind="gradient", expr="x^2 y + y^3", vars=("x", "y"))
    assert verdict.verdict == "invalid"
    assert "expected a vector of 2 components" in verdict.message
    assert "2×2 matrix" in verdict.message


def test_an_optimizer_point_as_a_row() -> None:
    fields = {"kind": "optimizer_step", "expr": "x^2 + y^2", "vars": ("x", "y"), "method": "gd"}
    assert check("[[0.8, 0.8]]", lr="0.1", start="(1, 1)", **fields).is_correct


def test_the_drill_shows_the_answer_only_when_the_tries_are_over() -> None:
    from rich.console import Console

    from calctutor.practice.drill import ShowVerdict
    from calctutor.render.drill import feedback_view

    verdict = Verdict("incorrect", "Your value is too small.", read_as="1", expected="3")

    def shown(tries_left: int) -> str:
        console = Console(width=80, no_color=True, record=True)
        console.print(feedback_view(ShowVerdict(verdict, "1", tries_left)))
        return console.export_text()

    assert "The answer" not in shown(2)
    assert "The answer: 3" in shown(0)
