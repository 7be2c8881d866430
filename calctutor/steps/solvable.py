"""Can calctutor solve every problem of a set? The deep part of ``sets validate``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from calctutor.sets.model import Problem, ProblemSet

DEFAULT_TIMEOUT = 20.0


def why_unsolvable(problem: Problem) -> str | None:
    """None when the problem has a reference answer, else the reason (runs in a worker)."""
    from calctutor.expr import ParseError
    from calctutor.steps.solve import solve_problem

    try:
        solution = solve_problem(problem)
    except ParseError as error:
        return f"cannot be read: {error.message}"
    except Exception as error:  # any failure of the solver is this problem's error
        return f"calctutor cannot solve it ({type(error).__name__}: {error})"
    if solution.result is None:
        return f"calctutor cannot solve it: {solution.note or 'no result'}"
    return _unclassified(problem, solution.result)


def _unclassified(problem: Problem, result: Any) -> str | None:
    """The reason a classifying critical_points key has a point of undecided kind, or None."""
    if problem.kind != "critical_points" or not problem.classify:
        return None
    for point, kind in result:
        if kind == "degenerate":
            where = "(" + ", ".join(str(c) for c in point) + ")"
            return f"the kind of the critical point {where} cannot be decided"
    return None


def unsolvable(
    problem_set: ProblemSet, *, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None
) -> Iterator[tuple[Problem, str]]:
    """Each problem of the set that calctutor cannot solve within the limit, with the reason."""
    from calctutor.limits import TimedOut, WorkerPool

    concrete = [p for p in problem_set.problems if not p.params]
    with WorkerPool(jobs or os.cpu_count() or 1) as pool:
        outcomes: Any = pool.map(why_unsolvable, [(p,) for p in concrete], timeout)
        for problem, outcome in zip(concrete, outcomes, strict=True):
            if isinstance(outcome, TimedOut):
                yield problem, f"calctutor cannot solve it within {timeout:g} s"
            elif outcome is not None:
                yield problem, outcome
