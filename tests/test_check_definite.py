"""definite_integral problems: exact values, exact decimals, and the 4-digit approximation rule."""

from __future__ import annotations

import random

import pytest

from calctutor.check import Verdict, check_now
from calctutor.check.numbers import decimal_shape, judge_numerical
from calctutor.sets.loader import with_inferred_constants
from calctutor.sets.model import Problem


def definite(expr: str, lower: str, upper: str, answer: str) -> Verdict:
    """Check one value of the integral of expr dx from lower to upper."""
    problem = Problem(
        id="q", kind="definite_integral", expr=expr, var="x", lower=lower, upper=upper
    )
    return check_now(with_inferred_constants(problem), answer, random.Random(0))


QUARTER_PI = ("1/(1 + x^2)", "0", "1")


@pytest.mark.parametrize("answer", ["pi/4", "π/4", "atan(1)", "0.785398", "0.7854", "0.78539816"])
def test_exact_values_and_good_decimals_are_correct(answer: str) -> None:
    assert definite(*QUARTER_PI, answer).verdict == "correct"


def test_a_decimal_equal_to_the_value_is_exact() -> None:
    verdict = definite("x", "0", "2", "2.0")
    assert (verdict.verdict, verdict.notes) == ("correct", ())


def test_an_approximation_is_marked_as_such() -> None:
    verdict = definite(*QUARTER_PI, "0.785398")
    assert verdict.notes == ("decimal_approximation",)
    assert "π/4" in verdict.message


@pytest.mark.parametrize("answer", ["0.7855", "0.785399", "0.7", "3.14159/4.1"])
def test_decimals_that_do_not_agree_are_incorrect(answer: str) -> None:
    assert definite(*QUARTER_PI, answer).verdict == "incorrect"


def test_too_few_digits_asks_for_the_exact_value_or_four_digits() -> None:
    verdict = definite("x^2", "0", "1", "0.33")
    assert (verdict.verdict, verdict.notes) == ("incorrect", ("too_few_digits",))
    assert "give the exact value or at least 4 significant digits" in verdict.message
    assert definite("x^2", "0", "1", "0.3333").verdict == "correct"


def test_an_antiderivative_instead_of_a_number_is_explained() -> None:
    verdict = definite(*QUARTER_PI, "atan(x)")
    assert verdict.notes == ("antiderivative_given",)


def test_the_limits_in_the_wrong_order_give_a_sign_error() -> None:
    assert definite(*QUARTER_PI, "-pi/4").notes == ("sign_error",)


def test_an_improper_integral_and_a_divergent_one() -> None:
    assert definite("exp(-x)", "0", "oo", "1").verdict == "correct"
    assert definite("1/x", "1", "oo", "oo").verdict == "correct"
    assert definite("1/x", "1", "oo", "1").verdict == "incorrect"


def test_a_parameter_may_appear_in_the_value() -> None:
    assert definite("a x", "0", "2", "2a").verdict == "correct"
    assert definite("a x", "0", "2", "a").verdict == "incorrect"


def test_digit_counting() -> None:
    assert decimal_shape("0.0078") == (4, 2)
    assert decimal_shape("-3.142") == (3, 4)
    assert decimal_shape("1.250e3") == (0, 4)
    assert decimal_shape("pi") is None
    pi4 = __import__("sympy").pi / 4
    rational = __import__("sympy").Rational
    assert judge_numerical(rational("0.7853"), "0.7853", pi4).reason == "truncated"
    assert judge_numerical(rational("0.7854"), "0.7854", pi4).reason == "rounded"
    assert not judge_numerical(rational("0.7855"), "0.7855", pi4).ok


def test_infinity_for_a_convergent_integral_is_incorrect() -> None:
    verdict = definite("exp(-x)", "0", "oo", "∞")
    assert (verdict.verdict, verdict.notes) == ("incorrect", ("converges",))


def test_an_oscillating_integral_diverges() -> None:
    verdict = definite("sin(x)", "0", "oo", "0")
    assert (verdict.verdict, verdict.notes) == ("incorrect", ("diverges",))
