"""Critical points are classified for certain, also where the Hessian test is inconclusive."""

from __future__ import annotations

import pytest
import sympy

from calctutor.check.critical_points import check_critical_points
from calctutor.optimization.classification import classify

x, y, z = sympy.symbols("x y z")
XY = (x, y)
ORIGIN = (sympy.Integer(0), sympy.Integer(0))


@pytest.mark.parametrize(
    ("f", "kind"),
    [
        (x**4 + y**4, "min"),
        (-(x**4) - y**2, "max"),
        (x**3 + y**2, "saddle"),
        (x**4 - y**4, "saddle"),
        (x**2 + y**4, "min"),
        (y**2 - 3 * x**2 * y + 2 * x**4, "saddle"),  # a minimum along every line, not a minimum
        (x**2 - y**3 + y**4, "saddle"),
        (x**2 * y**2 + x**4 + y**6, "min"),
        ((x**2 + y**2) ** 2 - x**2 * y**2 + 3 * x**5, "min"),
        (sympy.exp(x**4 + y**4), "min"),
        (-sympy.log(1 + x**4 + y**2), "max"),
        (x**2 + 2 * x * y + y**2 + x**4 + y**4, "min"),  # a degenerate quadratic part
    ],
)
def test_degenerate_points_are_classified(f: sympy.Expr, kind: str) -> None:
    assert classify(f, XY, ORIGIN).kind == kind


def test_three_variables() -> None:
    origin = (0, 0, 0)
    assert classify(x**4 + y**4 + z**4, (x, y, z), origin).kind == "min"
    assert classify(x**3 * y + y**4 + z**2, (x, y, z), origin).kind == "saddle"


def test_the_hessian_test_decides_first() -> None:
    found = classify(x**2 + 3 * y**2, XY, ORIGIN)
    assert (found.kind, found.how) == ("min", "the Hessian is positive definite")


@pytest.mark.parametrize(
    ("f", "label", "correct"),
    [
        (x**4 + y**4, "min", True),
        (x**4 + y**4, "saddle", False),
        (x**4 + y**4, "max", False),
        (-(x**4) - y**2, "max", True),
        (-(x**4) - y**2, "min", False),
        (x**3 + y**2, "saddle", True),
        (x**3 + y**2, "min", False),
        (x**4 - y**4, "saddle", True),
        (x**4 - y**4, "max", False),
    ],
)
def test_the_cases_of_the_issue_grade_as_stated(f: sympy.Expr, label: str, correct: bool) -> None:
    verdict = check_critical_points(f, XY, (ORIGIN,), labels=(label,), classify=True)
    assert verdict.is_correct is correct
    assert "unchecked" not in verdict.message
    if not correct:
        assert verdict.notes == ("wrong_classification",)


def test_neither_is_a_saddle_point() -> None:
    verdict = check_critical_points(x**3 + y**2, XY, (ORIGIN,), labels=("neither",))
    assert verdict.is_correct


def test_an_undecidable_point_is_unknown_never_correct(monkeypatch: pytest.MonkeyPatch) -> None:
    from calctutor.check import critical_points
    from calctutor.optimization.classification import PointKind

    def undecided(*args: object) -> PointKind:
        return PointKind(None, "f - f(p) could not be told apart from 0 around the point")

    monkeypatch.setattr(critical_points, "classify", undecided)
    verdict = check_critical_points(x**4 + y**4, XY, (ORIGIN,), labels=("min",), classify=True)
    assert verdict.verdict == "unknown"
    assert "could not be told apart from 0" in verdict.message


def test_sets_validate_refuses_a_key_it_cannot_classify(monkeypatch: pytest.MonkeyPatch) -> None:
    from calctutor.optimization.classification import PointKind
    from calctutor.sets.model import Problem
    from calctutor.steps import critical
    from calctutor.steps.solvable import why_unsolvable

    problem = Problem(id="p", kind="critical_points", expr="x^4 + y^4", vars=("x", "y"))
    classifying = Problem(**{**problem.__dict__, "classify": True})
    assert why_unsolvable(classifying) is None

    def undecided(*args: object) -> PointKind:
        return PointKind(None, "no test decides")

    monkeypatch.setattr(critical, "classify", undecided)
    assert why_unsolvable(problem) is None  # the points alone are a fine key
    reason = why_unsolvable(classifying)
    assert reason is not None
    assert "(0, 0) cannot be decided" in reason
