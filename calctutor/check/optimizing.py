"""Adapters from a Problem and answer text to the optimizer_step, hessian and critical_points
checks of ``calctutor.check.optimization``, which take values already parsed."""

from __future__ import annotations

import dataclasses
import importlib
import random
from collections.abc import Callable
from types import ModuleType
from typing import Any

from calctutor.check.common import invalid, read_answer
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError
from calctutor.problemset import Problem
from calctutor.reading import answer_context, read_expr, read_number, read_start, read_vars

Checker = Callable[[Problem, str, random.Random], Verdict]
HYPER_FIELDS = ("momentum", "alpha", "eps", "beta1", "beta2")


def optimization_module() -> ModuleType | None:
    """calctutor.check.optimization, or None while it does not exist."""
    try:
        return importlib.import_module("calctutor.check.optimization")
    except ModuleNotFoundError as error:
        if error.name == "calctutor.check.optimization":
            return None
        raise


def optimizer_step(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """The point after ``steps`` updates of the problem's method."""
    module = optimization_module()
    if module is None:
        return not_supported(problem)
    try:
        answer = read_answer(problem, text)
    except ParseError as error:
        return invalid(error)
    result: Verdict = module.check_optimizer_step(
        read_expr(problem),
        read_vars(problem),
        str(problem.method),
        read_number(problem.lr, "lr", problem),
        read_start(problem),
        answer,
        steps=problem.steps,
        hyper=_hyper(problem),
    )
    return result


def _hyper(problem: Problem) -> Any:
    """The problem's hyperparameters over the defaults of ``calctutor.optimize.Hyper``."""
    from calctutor.optimize import Hyper

    given: dict[str, Any] = {
        name: float(read_number(getattr(problem, name), name, problem))
        for name in HYPER_FIELDS
        if getattr(problem, name) is not None
    }
    return dataclasses.replace(Hyper(), **given)


def hessian(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """The matrix of second partial derivatives, entry by entry."""
    module = optimization_module()
    if module is None:
        return not_supported(problem)
    try:
        answer = read_answer(problem, text)
    except ParseError as error:
        return invalid(error)
    result: Verdict = module.check_hessian(read_expr(problem), read_vars(problem), answer, rng)
    return result


def critical_points(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """The set of critical points, each with its classification when the problem asks."""
    module = optimization_module()
    if module is None:
        return not_supported(problem)
    try:
        points, labels = module.read_classified_points(text, answer_context(problem))
    except ParseError as error:
        return invalid(error)
    result: Verdict = module.check_critical_points(
        read_expr(problem),
        read_vars(problem),
        points,
        labels=labels,
        classify=problem.classify,
    )
    return result


def not_supported(problem: Problem) -> Verdict:
    """The verdict while a kind has no checker."""
    return Verdict(
        "invalid",
        f"Answers to {problem.kind} problems cannot be checked yet.",
        notes=("not_supported",),
    )
