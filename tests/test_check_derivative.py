"""derivative problems: equivalent forms, exactness, and each common mistake named."""

from __future__ import annotations

import random

import pytest

from calctutor.check import Verdict, check_now
from calctutor.sets.model import Problem


def derivative(expr: str, answer: str, var: str = "x") -> Verdict:
    """Check one answer to d/dvar expr."""
    problem = Problem(id="d", kind="derivative", expr=expr, var=var)
    return check_now(problem, answer, random.Random(0))


@pytest.mark.parametrize(
    ("expr", "answer"),
    [
        ("sin(x^2)", "2x cos(x^2)"),
        ("sin(x^2)", "2*x*cos(x**2)"),
        ("sin(x^2)", "cos(x²)·2x"),
        ("x^x", "x^x (ln x + 1)"),
        ("x^x", "e^(x ln x)(1 + log(x))"),
        ("x^2 sin(x)", "x(2sin(x) + x cos(x))"),
        ("x^2", "2.0x"),
        ("sqrt(x)", "0.5x^(-0.5)"),
        ("tan(x)", "sec(x)^2"),
        ("tan(x)", "1 + tan^2(x)"),
        ("|x|", "x/|x|"),
    ],
)
def test_equivalent_forms_are_correct(expr: str, answer: str) -> None:
    verdict = derivative(expr, answer)
    assert verdict.verdict == "correct", verdict


def test_the_variable_may_have_any_name() -> None:
    assert derivative("t^3", "3t^2", var="t").verdict == "correct"
    assert derivative("t^3", "3x^2", var="t").verdict == "invalid"


def test_a_tiny_constant_is_not_rounding() -> None:
    verdict = derivative("x^2", "2x + 0.000001")
    assert verdict.verdict == "incorrect"
    assert "2.000001" in verdict.message and "1/1000000" in verdict.read_as


def test_a_wrong_answer_shows_how_it_was_read_and_where_it_differs() -> None:
    verdict = derivative("x^2 + x", "3x")
    assert verdict.verdict == "incorrect"
    assert verdict.read_as == "3x"
    assert "At x = 1 your answer gives 3, the derivative is 3" not in verdict.message
    assert "At x = 2 your answer gives 6, the derivative is 5." in verdict.message


@pytest.mark.parametrize(
    ("expr", "answer", "note"),
    [
        ("sin(x^2)", "cos(x^2)", "chain_rule_factor"),
        ("e^(3x)", "e^(3x)", "chain_rule_factor"),
        ("(x^2 + 1)^5", "5(x^2 + 1)^4", "chain_rule_factor"),
        ("x^2 sin(x)", "2x cos(x)", "product_rule"),
        ("sin(x)/x", "(sin(x) - x cos(x))/x^2", "quotient_rule_reversed"),
        ("x^5", "5x^5", "power_rule"),
        ("x^5", "4x^4", "power_rule"),
        ("x^5", "5x^3", "power_rule"),
        ("cos(x)", "sin(x)", "sign_error"),
        ("cos(3x)", "3 sin(3x)", "sign_error"),
        ("sin(x^2)", "4x cos(x^2)", "constant_factor"),
        ("x^5", "x^6/6", "integrated_instead"),
        ("x^3 + x", "-3x^2 - 1", "sign_error"),
    ],
)
def test_common_mistakes_are_named(expr: str, answer: str, note: str) -> None:
    verdict = derivative(expr, answer)
    assert verdict.verdict == "incorrect"
    assert note in verdict.notes, verdict


def test_the_chain_rule_message_names_the_inner_derivative() -> None:
    verdict = derivative("sin(x^2) + x", "cos(x^2) + 1")
    assert "chain_rule_factor" in verdict.notes
    assert "d/dx(x²) = 2x" in verdict.message


@pytest.mark.parametrize("answer", ["", "2x cos(x^2", "t", "C", "diff(sin(x^2), x)", "x,"])
def test_unreadable_answers_are_invalid_with_a_reason(answer: str) -> None:
    verdict = derivative("sin(x^2)", answer)
    assert verdict.verdict == "invalid"
    assert verdict.message.startswith("Your answer could not be read:")


def test_a_partial_derivative_uses_the_other_variables_as_symbols() -> None:
    problem = Problem(id="p", kind="derivative", expr="x^2 y + y^3", var="y", vars=("x", "y"))
    assert check_now(problem, "x^2 + 3y^2", random.Random(0)).verdict == "correct"
    assert check_now(problem, "2xy", random.Random(0)).verdict == "incorrect"
