"""expression problems: equivalence with the expected expression over its own variables."""

from __future__ import annotations

import random

from calctutor.check import Verdict, check_now
from calctutor.sets.loader import with_inferred_constants
from calctutor.sets.model import Problem


def expression(expected: str, answer: str, vars: tuple[str, ...] = ()) -> Verdict:
    """Check one answer against an expected expression."""
    problem = Problem(id="e", kind="expression", expected=expected, vars=vars)
    return check_now(with_inferred_constants(problem), answer, random.Random(0))


def test_equivalent_forms_are_correct() -> None:
    assert expression("(x+1)^2", "x^2 + 2x + 1").verdict == "correct"
    assert expression("1/2", "0.5").verdict == "correct"
    assert expression("2x+1", "(0.5+x)*2").verdict == "correct"


def test_decimals_are_exact_so_an_approximation_is_not_equal() -> None:
    assert expression("1/3", "0.333333333333333").verdict == "incorrect"
    assert expression("x^2/3", "0.333333333333333 x^2").verdict == "incorrect"


def test_the_allowed_names_are_the_declared_names() -> None:
    assert expression("a + b", "b + a").verdict == "correct"
    assert expression("a + b", "a + c").verdict == "invalid"
    assert expression("x", "X", vars=("X", "x")).verdict == "incorrect"


def test_a_sign_error_is_named_and_the_difference_shown() -> None:
    verdict = expression("(x+1)^2", "-(x+1)^2")
    assert verdict.notes == ("sign_error",)
    assert "4" not in verdict.message  # the expected value is never given away
    assert verdict.expected == "(x + 1)²"
