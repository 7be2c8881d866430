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


def test_an_implicit_answer_is_refused() -> None:
    assert ode("y' = -x/y", "y^2 = C - x^2").verdict == "invalid"
