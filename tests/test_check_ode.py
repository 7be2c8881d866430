"""ode problems: substitution, the number of independent constants, initial conditions."""

from __future__ import annotations

import random

import pytest

from calctutor.check import Verdict, check_now
from calctutor.sets.model import Problem


def ode(equation: str, answer: str, ics: tuple[tuple[str, str], ...] = ()) -> Verdict:
    """Check one solution of an ODE in y(x)."""
    problem = Problem(id="o", kind="ode", equation=equation, func="y", var="x", ics=ics)
    return check_now(problem, answer, random.Random(0))


OSCILLATOR = "y'' + y = 0"


@pytest.mark.parametrize(
    "answer",
    ["y = C1 cos(x) + C2 sin(x)", "A cos x + B sin x", "y = C1 sin(x + C2)", "y(x) = K cos(x - C)"],
)
def test_a_general_solution_is_correct(answer: str) -> None:
    assert ode(OSCILLATOR, answer).verdict == "correct"


def test_a_particular_solution_where_the_general_one_was_asked() -> None:
    verdict = ode(OSCILLATOR, "y = C1 cos(x)")
    assert (verdict.verdict, verdict.notes) == ("incorrect", ("not_general",))
    assert "2 independent arbitrary constants" in verdict.message
    assert ode(OSCILLATOR, "y = C1 cos x + C2 cos x").notes == ("not_general",)
    assert ode(OSCILLATOR, "y = cos x").notes == ("not_general",)


def test_a_function_that_does_not_solve_the_equation() -> None:
    assert ode(OSCILLATOR, "y = C1 e^x + C2 e^(-x)").notes == ("not_a_solution",)


def test_initial_conditions_must_be_applied_and_hold() -> None:
    growth = "y' = 2y"
    ics = (("y(0)", "3"),)
    assert ode(growth, "y = 3e^(2x)", ics).verdict == "correct"
    assert ode(growth, "y = C e^(2x)", ics).notes == ("initial_condition",)
    wrong = ode(growth, "y = e^(2x)", ics)
    assert wrong.notes == ("initial_condition",)
    assert "y(0) = 3" in wrong.message


def test_a_derivative_condition() -> None:
    ics = (("y(0)", "1"), ("y'(0)", "2"))
    assert ode(OSCILLATOR, "cos x + 2 sin x", ics).verdict == "correct"
    verdict = ode(OSCILLATOR, "cos x + sin x", ics)
    assert verdict.notes == ("initial_condition",) and "y'(0) = 2" in verdict.message


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("x^2 + y^2 = C", "correct"),
        ("y^2 = C - x^2", "correct"),
        ("x^2 + y^2 + C = 0", "correct"),
        ("x^2 - y^2 = C", "incorrect"),
        ("x^2 + 2y^2 = C", "incorrect"),
        ("x^2 + y^2 = 5", "incorrect"),  # one curve, not the family
    ],
)
def test_implicit_answers_of_a_first_order_equation(answer: str, verdict: str) -> None:
    assert ode("y' = -x/y", answer).verdict == verdict


@pytest.mark.parametrize(
    ("answer", "verdict", "note"),
    [
        ("x^2 + y^2 = 25", "correct", None),
        ("y^2 = 25 - x^2", "correct", None),
        ("x^2 + y^2 = 24", "incorrect", "initial_condition"),
        ("x^2 + y^2 = C", "incorrect", "initial_condition"),
        ("x^2 - y^2 = -7", "incorrect", "not_a_solution"),
    ],
)
def test_an_initial_condition_fixes_the_constant_of_an_implicit_answer(
    answer: str, verdict: str, note: str | None
) -> None:
    found = ode("y' = -x/y", answer, (("y(3)", "4"),))
    assert found.verdict == verdict
    assert found.notes == ((note,) if note else ())


def test_an_implicit_answer_of_a_second_order_equation_is_refused() -> None:
    found = ode(OSCILLATOR, "y^2 + x^2 = C")
    assert found.verdict == "invalid"
    assert "first-order" in found.message


def test_implicit_logarithms() -> None:
    assert ode("y' = y", "ln|y| = x + C").verdict == "correct"
    assert ode("y' = 2 x y", "ln|y| = x^2 + C").verdict == "correct"
    assert ode("y' = 2 x y", "ln|y| = x + C").verdict == "incorrect"


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("y = (x + C)^2", "correct"),  # solves it where x + C > 0: the textbook answer
        ("y = (C - x)^2", "correct"),  # the same family, where x - C > 0
        ("y = -(x + C)^2", "incorrect"),
        ("y = (x + C)^2 / 4", "incorrect"),
        ("y = x^2", "incorrect"),  # a solution for x > 0, but not general
    ],
)
def test_a_solution_on_an_interval(answer: str, verdict: str) -> None:
    assert ode("y' = 2 sqrt(y)", answer).verdict == verdict


def test_the_message_names_the_interval() -> None:
    found = ode("y' = 2 sqrt(y)", "y = (x + C)^2")
    assert "x + C > 0" in found.message


def test_the_initial_point_must_lie_on_the_interval() -> None:
    ics = (("y(0)", "1"),)
    assert ode("y' = 2 sqrt(y)", "y = (x + 1)^2", ics).verdict == "correct"
    wrong = ode("y' = 2 sqrt(y)", "y = (x - 1)^2", ics)
    assert wrong.notes == ("initial_condition",)
    assert "x − 1 > 0" in wrong.message


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("y = C|x|", "correct"),
        ("y = C|x| + x", "correct"),  # (C sign(x) + 1)·x: K·x on each side of 0
        ("y = C x", "correct"),
        ("y = C|x| + x^2", "incorrect"),
    ],
)
def test_absolute_values_in_a_solution(answer: str, verdict: str) -> None:
    assert ode("y' = y/x", answer).verdict == verdict
