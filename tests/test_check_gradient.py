"""gradient problems: component by component in the problem's variable order."""

from __future__ import annotations

import random

import pytest

from calctutor.check import Verdict, check_now
from calctutor.sets.model import Problem


def gradient(answer: str, expr: str = "x^2 y + y^3") -> Verdict:
    """Check one gradient of expr in the order (x, y)."""
    problem = Problem(id="g", kind="gradient", expr=expr, vars=("x", "y"))
    return check_now(problem, answer, random.Random(0))


@pytest.mark.parametrize("answer", ["(2xy, x^2 + 3y^2)", "[2xy, x^2+3y^2]", "<2xy, x²+3y²>"])
def test_the_right_gradient_in_any_bracket_is_correct(answer: str) -> None:
    assert gradient(answer).verdict == "correct"


def test_the_wrong_number_of_components_is_incorrect() -> None:
    verdict = gradient("(2xy)")
    assert (verdict.verdict, verdict.notes) == ("incorrect", ("wrong_length",))
    assert "expected 2 components" in verdict.message


def test_swapped_components_are_recognised() -> None:
    verdict = gradient("(x^2 + 3y^2, 2xy)")
    assert (verdict.verdict, verdict.notes) == ("incorrect", ("swapped_components",))


def test_the_wrong_component_is_named_with_its_mistake() -> None:
    verdict = gradient("(2xy, x^2 + y^2)")
    assert verdict.verdict == "incorrect"
    assert verdict.notes[0] == "wrong_component:2"
    assert "Component 2 (∂f/∂y) is wrong" in verdict.message
    chain = gradient("(cos(xy), x cos(xy))", expr="sin(x y)")
    assert chain.notes == ("wrong_component:1", "chain_rule_factor")
