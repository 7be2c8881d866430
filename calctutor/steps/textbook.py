"""A solution written as a textbook writes it: ln|u| in antiderivatives, + C, the author's decimals.

These change how results and steps are written, never what they are worth as answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from calctutor.notation import Prose
from calctutor.notation.conventions import abs_logs, decimal_form, plus_constant
from calctutor.sets.model import Problem
from calctutor.steps.model import Solution, Step

# The fields an author writes numbers in; a decimal in any of them makes the problem decimal.
NUMBER_FIELDS = ("expr", "expected", "equation", "lower", "upper")


def written_with_decimals(problem: Problem) -> bool:
    """True when the author wrote a decimal number (4.9) in the problem's mathematics."""
    from calctutor.expr import decimal_literals

    texts = [getattr(problem, name) or "" for name in NUMBER_FIELDS]
    texts += [value for _, value in problem.ics]
    return any(decimal_literals(text) for text in texts)


def as_textbook(solution: Solution, decimals: bool = False) -> Solution:
    """The solution with textbook conventions applied to its results and steps."""
    if solution.kind == "integral":
        solution = _antiderivatives(solution)
    if decimals:
        solution = map_solution(solution, decimal_form)
    return solution


def shown_result(solution: Solution) -> Any:
    """The result as its last line shows it: an indefinite integral's with + C."""
    if solution.kind == "integral" and solution.result is not None:
        return plus_constant(solution.result)
    return solution.result


def _antiderivatives(solution: Solution) -> Solution:
    """ln|u| in every antiderivative of the tree and the result; + C on the top lines."""
    steps = tuple(_with_abs(s) for s in solution.steps)
    steps = tuple(replace(s, after=plus_constant(s.after)) if _indefinite(s) else s for s in steps)
    return replace(solution, steps=steps, result=abs_logs(solution.result))


def _indefinite(step: Step) -> bool:
    """True for a step that evaluates an indefinite integral."""
    import sympy

    before = step.before
    return isinstance(before, sympy.Integral) and all(len(lim) == 1 for lim in before.limits)


def _with_abs(step: Step) -> Step:
    """A step whose antiderivative (and its sub-steps') have ln|u|."""
    after = abs_logs(step.after) if _indefinite(step) else step.after
    subs = tuple(_with_abs(s) for s in step.substeps)
    return replace(step, after=after, substeps=subs)


def map_solution(solution: Solution, change: Callable[[Any], Any]) -> Solution:
    """Every formula of a solution (results, steps, their sentences) passed through change."""
    steps = tuple(_map_step(s, change) for s in solution.steps)
    return replace(solution, steps=steps, result=change(solution.result))


def _map_step(step: Step, change: Callable[[Any], Any]) -> Step:
    """One step and its sub-steps with every formula changed."""
    text = step.text.map_math(change) if isinstance(step.text, Prose) else step.text
    return Step(
        step.rule,
        text,
        None if step.before is None else change(step.before),
        None if step.after is None else change(step.after),
        tuple(_map_step(s, change) for s in step.substeps),
    )
