"""integral problems: any constant, ln|x| or ln x, the constant's policy, named mistakes."""

from __future__ import annotations

import random

import pytest

from calctutor.check import Verdict, check_now
from calctutor.sets.model import Problem


def integral(expr: str, answer: str, *, require_constant: bool = False) -> Verdict:
    """Check one antiderivative of expr dx."""
    problem = Problem(
        id="i", kind="integral", expr=expr, var="x", require_constant=require_constant
    )
    return check_now(problem, answer, random.Random(0))


@pytest.mark.parametrize(
    ("expr", "answer"),
    [
        ("x^2", "x^3/3 + C"),
        ("x^2", "x^3/3 + c"),
        ("x^2", "(x^3 + C)/3"),
        ("x^2", "x^3/3 + 5 + C"),
        ("1/x", "ln|x| + C"),
        ("1/x", "ln(x) + C"),
        ("1/x", "ln(3x) + C"),
        ("x*exp(x)", "(x-1)e^x + C"),
        ("2cos(2x)", "2 sin(x) cos(x) + C"),
        ("tan(x)^2", "tan(x) - x + C"),
        ("1/(x^2 - 9)", "ln|x-3|/6 - ln|x+3|/6 + C"),
        ("1/(x^2 - 9)", "-acoth(x/3)/3 + C"),
        ("2/((2x-3)^2 + 1)", "atan((x-2)/(x-1)) + C"),
    ],
)
def test_any_antiderivative_with_a_constant_is_correct(expr: str, answer: str) -> None:
    verdict = integral(expr, answer)
    assert verdict.verdict == "correct", verdict
    assert "missing_constant" not in verdict.notes


def test_a_missing_constant_is_correct_with_a_reminder() -> None:
    verdict = integral("x^2", "x^3/3")
    assert (verdict.verdict, verdict.notes) == ("correct", ("missing_constant",))
    assert "+ C" in verdict.message


def test_a_missing_constant_is_wrong_when_the_problem_requires_it() -> None:
    verdict = integral("x^2", "x^3/3", require_constant=True)
    assert (verdict.verdict, verdict.notes) == ("incorrect", ("missing_constant",))
    assert integral("x^2", "x^3/3 + 1", require_constant=True).verdict == "incorrect"
    assert integral("x^2", "x^3/3 + C", require_constant=True).verdict == "correct"


def test_a_constant_inside_a_logarithm_counts_as_the_constant() -> None:
    assert integral("1/x", "ln|k x|", require_constant=True).verdict == "correct"


def test_a_constant_times_x_is_wrong() -> None:
    verdict = integral("x^2", "x^3/3 + Cx")
    assert verdict.verdict == "incorrect"
    assert verdict.notes == ("constant_not_added",)
    assert integral("x^2", "C x^3/3").verdict == "incorrect"


def test_an_unusual_constant_is_accepted_with_a_note() -> None:
    verdict = integral("x^2", "x^3/3 + C^3")
    assert (verdict.verdict, verdict.notes) == ("correct", ("unusual_constant",))


@pytest.mark.parametrize(
    ("expr", "answer", "note"),
    [
        ("x^2", "2x + C", "differentiated_instead"),
        ("e^(3x)", "e^(3x) + C", "missing_1_over_k"),
        ("e^(3x)", "3e^(3x) + C", "differentiated_instead"),
        ("e^(3x)", "e^(3x)/9 + C", "constant_factor"),
        ("cos(4x)", "4 sin(4x) + C", "missing_1_over_k"),
        ("sin(2x)", "-cos(2x) + C", "missing_1_over_k"),
        ("sin(x)", "cos(x) + C", "sign_error"),
        ("x^2", "x^3 + C", "constant_factor"),
    ],
)
def test_common_mistakes_are_named(expr: str, answer: str, note: str) -> None:
    verdict = integral(expr, answer)
    assert verdict.verdict == "incorrect"
    assert note in verdict.notes, verdict


def test_a_wrong_antiderivative_says_where_its_derivative_differs() -> None:
    verdict = integral("x^2", "x^3/2 + C")
    assert "the derivative of your answer is" in verdict.message
    assert "the integrand is" in verdict.message


def test_other_names_than_constants_are_refused() -> None:
    verdict = integral("x^2", "x^3/3 + t")
    assert verdict.verdict == "invalid"
    assert "t is not a variable" in verdict.message
