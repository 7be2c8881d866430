"""Checking optimizer_step, hessian and critical_points answers, and naming the mistakes."""

from __future__ import annotations

import random
from typing import Any

import pytest
import sympy

from calctutor.check.critical_points import check_critical_points, read_classified_points
from calctutor.check.optimization import (
    accepts,
    check_hessian,
    check_optimizer_step,
    numeric_value,
)
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseContext, ParseError, parse_answer

x, y, z = sympy.symbols("x y z")
F = x**2 + 10 * y**2
XY = (x, y)
LR = sympy.Rational(1, 10)


def point(text: str, variables: tuple[str, ...] = ("x", "y")) -> Any:
    """A student's point as the parser reads it."""
    return parse_answer(text, ParseContext(variables=variables, expect="vector"))


def step(method: str, lr: object, answer: str, steps: int = 1, **hyper: Any) -> Verdict:
    """Check an optimizer_step answer on F from (1, 1)."""
    return check_optimizer_step(
        F, XY, method, lr, (1, 1), point(answer), steps=steps, options=hyper
    )


def test_the_number_rule_for_optimizer_coordinates() -> None:
    rational = sympy.Rational
    assert accepts(rational("0.8"), 0.8)  # equal to the run's value
    assert not accepts(rational("0.8001"), 0.8)  # no silent tolerance
    assert not accepts(rational("0.80000001"), 0.8)
    assert accepts(rational("0.3333"), 1 / 3)  # truncated, 4 significant digits
    assert accepts(rational("0.33333"), 1 / 3, ["0.33333"])
    assert not accepts(rational("0.333"), 1 / 3)  # too few digits
    assert not accepts(rational("0.3334"), 1 / 3)  # neither rounded nor truncated
    assert not accepts(rational("0.3333"), 1 / 3, ["0.33330"])  # the 0 claims a wrong digit


def test_numeric_value() -> None:
    assert numeric_value(sympy.sqrt(2) / 2) == pytest.approx(0.70710678)
    assert numeric_value(x) is None
    assert numeric_value(sympy.I) is None
    assert numeric_value(sympy.zoo) is None


def test_adam_reference_answer_is_accepted() -> None:
    verdict = step("adam", LR, "(0.7016, 0.7016)", steps=3)
    assert verdict.verdict == "correct"
    assert verdict.read_as == "(0.7016, 0.7016)"


def test_rmsprop_reference_answer_is_accepted() -> None:
    # the run gives (0.779982273…, 0.779982265…): 4 digits rounded or truncated count
    assert step("rmsprop", sympy.Rational(1, 100), "0.7800, 0.7800", steps=3).notes == (
        "wrong_component:1",
        "wrong_component:2",
    )  # the parser drops trailing zeros here: 0.78 has too few digits
    assert step("rmsprop", sympy.Rational(1, 100), "0.77998, 0.7799", steps=3).is_correct
    assert not step("rmsprop", sympy.Rational(1, 100), "0.78, 0.78", steps=3).is_correct


def test_a_component_off_by_more_than_a_tenth_of_a_percent_is_named() -> None:
    verdict = step("adam", LR, "(0.7016, 0.7030)", steps=3)
    assert verdict.verdict == "incorrect"
    assert verdict.notes == ("wrong_component:2",)
    assert "y" in verdict.message


def test_adam_without_bias_correction_is_recognised() -> None:
    # one step: m = 0.1 g, v = 0.001 g^2, the step is 0.1 * 0.1 / sqrt(0.001) = 0.316
    verdict = step("adam", LR, "(0.6838, 0.6838)")
    assert verdict.notes[0] == "no_bias_correction"
    assert "bias correction" in verdict.message


def test_plain_step_where_momentum_was_asked() -> None:
    # gd twice with lr 0.01: x = 0.98^2, y = 0.8^2; momentum's second step uses b = 0.9 g1 + g2
    verdict = step("momentum", sympy.Rational(1, 100), "(0.9604, 0.64)", steps=2)
    assert verdict.notes[0] == "no_momentum"


def test_one_momentum_step_equals_a_gradient_step_because_torch_copies_the_gradient() -> None:
    assert step("momentum", sympy.Rational(1, 100), "(0.98, 0.8)").is_correct


def test_nesterov_mistakes() -> None:
    lr = sympy.Rational(1, 100)
    assert step("nesterov", lr, "(0.962, 0.62)").is_correct
    assert step("nesterov", lr, "(0.98, 0.8)").notes[0] == "no_momentum"
    plain_momentum = "(0.9424, 0.46)"
    assert step("nesterov", lr, plain_momentum, steps=2).notes[0] == "classical_momentum"


def test_sign_error() -> None:
    verdict = step("gd", LR, "(1.2, 3)")
    assert verdict.notes == ("sign_error", "wrong_component:1", "wrong_component:2")
    assert "uphill" in verdict.message


def test_one_step_too_many() -> None:
    # gd with lr 0.01: two steps give (0.9604, 0.64) where one was asked
    verdict = step("gd", sympy.Rational(1, 100), "(0.9604, 0.64)")
    assert verdict.notes[0] == "wrong_step_count"


def test_rmsprop_plain_step() -> None:
    verdict = step("rmsprop", sympy.Rational(1, 100), "(0.98, 0.8)")
    assert verdict.notes[0] == "plain_gradient_step"


def test_exact_symbolic_answers_are_read() -> None:
    # Adam's first step is lr * g / (|g| + eps): exactly 1 - 0.1 when eps = 0
    answer = (1 - LR, sympy.Rational(9, 10))
    no_eps = {"eps": 0.0}
    assert check_optimizer_step(F, XY, "adam", LR, (1, 1), answer, options=no_eps).is_correct
    # with eps = 1e-8 the point is 0.9000000005…: 0.9 is not it, and has too few digits
    assert not check_optimizer_step(F, XY, "adam", LR, (1, 1), answer).is_correct
    assert check_optimizer_step(x**2, (x,), "gd", LR, (1,), sympy.Rational(4, 5)).is_correct


def test_shapes_and_non_numbers() -> None:
    wrong_length = step("gd", LR, "(0.8, 0, 1)")
    assert wrong_length.verdict == "incorrect"
    assert wrong_length.notes == ("wrong_dimension",)
    assert step("gd", LR, "(x, 0)").verdict == "invalid"


def test_a_diverging_problem_is_still_checked_exactly() -> None:
    # lr 0.5: y is multiplied by -9 each step; five steps give y = -59049
    verdict = step("gd", sympy.Rational(1, 2), "(0, -59049)", steps=5)
    assert verdict.is_correct


def test_hessian_is_checked_entry_by_entry() -> None:
    f = x**2 * y + sympy.exp(x * y)
    exact = sympy.hessian(f, XY)
    assert check_hessian(f, XY, sympy.ImmutableMatrix(exact)).is_correct
    rewritten = exact.applyfunc(lambda e: sympy.expand(e))
    assert check_hessian(f, XY, rewritten, random.Random(1)).is_correct
    wrong = exact.copy()
    wrong[0, 1] = wrong[1, 0] = 2 * x
    verdict = check_hessian(f, XY, wrong)
    assert verdict.notes == ("wrong_entry:1,2", "wrong_entry:2,1")
    assert "row 1, column 2" in verdict.message


def test_hessian_from_typed_text() -> None:
    matrix = parse_answer("[[2, 0], [0, 20]]", ParseContext(variables=("x", "y"), expect="matrix"))
    assert check_hessian(F, XY, matrix).is_correct
    verdict = check_hessian(F, XY, ((2, 0), (0, 10)))
    assert verdict.notes == ("wrong_entry:2,2",)


def test_hessian_mistakes() -> None:
    asymmetric = check_hessian(x**2 * y, XY, sympy.Matrix([[2 * y, 2 * x], [0, 0]]))
    assert "not_symmetric" in asymmetric.notes
    negated = check_hessian(x**2 * y, XY, sympy.Matrix([[-2 * y, -2 * x], [-2 * x, 0]]))
    assert negated.notes[0] == "sign_error"
    shape = check_hessian(F, XY, sympy.Matrix([[2, 0, 0], [0, 20, 0]]))
    assert shape.notes == ("wrong_shape",)
    assert check_hessian(F, XY, (2, 20)).verdict == "invalid"


def points(text: str, variables: tuple[str, ...] = ("x", "y")) -> Any:
    """A student's list of points as the parser reads it."""
    return parse_answer(text, ParseContext(variables=variables, expect="points"))


G = x**3 + y**3 - 3 * x * y


def test_critical_points_in_any_order() -> None:
    assert check_critical_points(G, XY, points("(1, 1), (0, 0)")).is_correct
    assert check_critical_points(G, XY, points("(0.0, 0), (1.000, 1.0)")).is_correct
    # coordinates are exact answers: no tolerance
    near = check_critical_points(G, XY, points("(0.0, 0), (1.0004, 1)"))
    assert near.notes == ("wrong_coordinate",)
    assert "x-coordinate is off" in near.message


def test_missing_and_extra_points_are_named() -> None:
    verdict = check_critical_points(G, XY, points("(1, 1), (2, 2)"))
    assert verdict.notes == ("extra_point", "missing_point")
    assert "(0, 0)" not in verdict.message  # the missed point is not given away
    assert "missed 1 critical point" in verdict.message
    assert verdict.expected == "(0, 0), (1, 1)"
    assert "(2, 2)" in verdict.message
    twice = check_critical_points(G, XY, points("(1, 1), (0, 0), (1, 1)"))
    assert twice.notes == ("repeated_point",)


def test_one_variable_points_and_none() -> None:
    f = x**3 - 3 * x
    assert check_critical_points(f, (x,), points("-1, 1", ("x",))).is_correct
    assert check_critical_points(x**3 + x, (x,), points("none", ("x",))).is_correct
    assert check_critical_points(f, (x,), points("1", ("x",))).notes == ("missing_point",)


def test_classification_is_checked() -> None:
    context = ParseContext(variables=("x", "y"))
    right, labels = read_classified_points("(0,0) saddle, (1, 1): local minimum", context)
    assert labels == ("saddle", "min")
    verdict = check_critical_points(G, XY, right, labels=labels, classify=True)
    assert verdict.is_correct
    wrong = check_critical_points(G, XY, right, labels=("saddle", "max"), classify=True)
    assert wrong.notes == ("wrong_classification",)
    assert "(1, 1) is not a maximum" in wrong.message
    assert "min" not in wrong.message
    unlabelled = check_critical_points(G, XY, right, classify=True)
    assert unlabelled.notes == ("missing_classification",)


def test_a_degenerate_point_is_still_classified() -> None:
    f = x**4 + y**4
    inconclusive = check_critical_points(f, XY, ((0, 0),), labels=("inconclusive",), classify=True)
    assert inconclusive.notes == ("wrong_classification",)
    assert check_critical_points(f, XY, ((0, 0),), labels=("min",), classify=True).is_correct
    verdict = check_critical_points(f, XY, ((0, 0),), labels=("max",), classify=True)
    assert verdict.notes == ("wrong_classification",)
    assert "unchecked" not in verdict.message


@pytest.mark.parametrize("text", [
    "saddle at (0,0); (1, 1) is a min",
    "(0, 0) saddle point, (1, 1) minimum",
    "(0,0): SADDLE, (1,1) - min",
])  # fmt: skip
def test_label_phrasings(text: str) -> None:
    found, labels = read_classified_points(text, ParseContext(variables=("x", "y")))
    assert found == ((0, 0), (1, 1))
    assert labels == ("saddle", "min")


def test_label_reading_keeps_parse_error_positions() -> None:
    with pytest.raises(ParseError) as caught:
        read_classified_points("(0, 0) saddle, (1, 1)) min", ParseContext(variables=("x", "y")))
    assert caught.value.position == 21


def test_periodic_objectives_are_unknown() -> None:
    verdict = check_critical_points(sympy.sin(x), (x,), ((0,),))
    assert verdict.verdict == "unknown"
