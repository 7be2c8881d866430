"""Which STACK grading each kind of quiz item gets (the trees live in the ``stack_*`` modules)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from calctutor.export.stack import Grading
from calctutor.export.stack_kinds import (
    derivative_grading,
    expression_grading,
    gradient_grading,
    hessian_grading,
    integral_grading,
    numbers_grading,
)
from calctutor.export.stack_ode import ode_grading
from calctutor.export.stack_points import points_grading
from calctutor.quiz.build import QuizItem

BUILDERS: dict[str, Callable[[QuizItem], Grading]] = {
    "derivative": derivative_grading,
    "integral": integral_grading,
    "gradient": gradient_grading,
    "hessian": hessian_grading,
    "ode": ode_grading,
    "critical_points": points_grading,
}


def grading(item: QuizItem, numbers: Sequence[float] | None = None) -> Grading:
    """The STACK grading of a quiz item: its kind's tree, or several decimals' tolerance."""
    if numbers is not None:
        return numbers_grading(item, numbers)
    return BUILDERS.get(item.problem.kind, expression_grading)(item)
