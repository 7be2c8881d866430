"""No hint of any bundled problem states its answer (templates: one variant each)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import sympy

from calctutor.notation.unicode import inline
from calctutor.sets.catalog import open_set, summaries
from calctutor.sets.model import Problem
from calctutor.sets.templates import draw_variant, is_template, read_template
from calctutor.steps.derivative_context import show
from calctutor.steps.hints import hints_from_solution
from calctutor.steps.solve import solve_problem


def _problems() -> Iterator[Problem]:
    """Every bundled problem; a template gives one seeded variant."""
    for summary in summaries():
        for problem in open_set(summary["name"]).problems:
            if not is_template(problem):
                yield problem
                continue
            variant = draw_variant(read_template(problem), random.Random(0))
            if variant is not None:
                yield variant.problem


def _values(result: Any) -> Iterator[Any]:
    """The result and every part of it (points, coordinates, the right side of y = …)."""
    if isinstance(result, str):
        return
    yield result
    if isinstance(result, tuple | list | sympy.MatrixBase):
        for part in result:
            yield from _values(part)
    if isinstance(result, sympy.Eq):
        yield result.rhs


def _flat(text: str) -> str:
    """Text compared without spaces or multiplication signs, ^ for powers."""
    text = text.replace("**", "^").replace("−", "-").replace("·", "").replace("*", "")
    return "".join(text.split())


def _texts(value: Any) -> set[str]:
    """How a hint could write a value."""
    found = set()
    for writer in (show, inline, str):
        try:
            found.add(_flat(writer(value)))
        except Exception:
            continue
    return found


def test_no_hint_contains_the_final_answer() -> None:
    leaks, checked = [], 0
    for problem in _problems():
        try:
            solution = solve_problem(problem)
        except Exception:  # solving is tested elsewhere; here only the hints matter
            continue
        if solution.result is None:
            continue
        checked += 1
        answers = {t for v in _values(solution.result) for t in _texts(v) if len(t) > 2}
        for hint in hints_from_solution(solution):
            leaks += [(problem.id, a, hint) for a in answers if a in _flat(hint)]
    assert checked > 250
    assert not leaks, leaks[:5]
