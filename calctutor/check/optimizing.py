"""Adapters from a Problem and answer text to the optimizer_step, hessian and critical_points
checks of ``calctutor.check.optimization``, which take values already parsed."""

from __future__ import annotations

import random
from collections.abc import Callable

from calctutor.check import optimization
from calctutor.check.common import invalid, read_answer, read_vector
from calctutor.check.critical_points import check_critical_points, read_classified_points
from calctutor.check.numbers import Tolerance
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError, decimal_literals
from calctutor.sets.model import Problem
from calctutor.sets.reading import (
    answer_context,
    read_expr,
    read_number,
    read_options,
    read_schedule,
    read_start,
    read_vars,
)

Checker = Callable[[Problem, str, random.Random], Verdict]


def optimizer_step(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """The point after ``steps`` updates of the problem's method."""
    try:
        answer = read_vector(problem, text, len(read_vars(problem)))
    except ParseError as error:
        return invalid(error)
    result: Verdict = optimization.check_optimizer_step(
        read_expr(problem),
        read_vars(problem),
        str(problem.method),
        read_number(problem.lr, "lr", problem),
        read_start(problem),
        answer,
        steps=problem.steps,
        options=read_options(problem),
        schedule=read_schedule(problem),
        literals=decimal_literals(text),
        tolerance=Tolerance.from_pairs(problem.tolerance),
    )
    return result


def hessian(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """The matrix of second partial derivatives, entry by entry."""
    try:
        answer = read_answer(problem, text)
    except ParseError as error:
        return invalid(error)
    result: Verdict = optimization.check_hessian(
        read_expr(problem), read_vars(problem), answer, rng
    )
    return result


def critical_points(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """The set of critical points, each with its classification when the problem asks."""
    try:
        points, labels = read_classified_points(text, answer_context(problem))
    except ParseError as error:
        return invalid(error)
    result: Verdict = check_critical_points(
        read_expr(problem),
        read_vars(problem),
        points,
        labels=labels,
        classify=problem.classify,
    )
    return result
