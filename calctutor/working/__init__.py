"""Checking a student's working line by line: which line went wrong, and why.

``check_working`` runs under the same time and memory limits as an answer check (a killable
worker, ``calctutor.limits``); ``check_working_now`` runs in this process. Each line is judged
against the line before and the problem (``ok``, a named ``rule``, ``wrong`` with a diagnosis,
``unreadable`` with a caret message); the last line is checked as an answer by
``calctutor.check``. Nothing typed is ever executed: lines go through ``calctutor.expr``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from calctutor.working.model import MAX_LINES, LineResult, WorkingVerdict

if TYPE_CHECKING:
    from calctutor.limits import WorkerPool
    from calctutor.sets.model import Problem

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_LINES",
    "LineResult",
    "WorkingError",
    "WorkingVerdict",
    "check_working",
    "check_working_now",
    "working_lines",
]

DEFAULT_TIMEOUT = 10.0
KINDS = ("derivative", "integral", "definite_integral", "ode", "expression")


class WorkingError(ValueError):
    """Working that cannot be checked at all (empty, too long, not text, a kind without lines)."""


def working_lines(text: str) -> list[str]:
    """The lines of a working as typed (WorkingError when it is empty, too long or binary)."""
    if "\x00" in text:
        raise WorkingError("the working is not text (it contains NUL bytes)")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise WorkingError("the working is empty: write one step a line")
    if len(lines) > MAX_LINES:
        raise WorkingError(f"the working is too long ({len(lines)} lines; at most {MAX_LINES})")
    return lines


def check_working_now(
    problem: Problem, lines: Sequence[str], rng: random.Random, answer: str | None = None
) -> WorkingVerdict:
    """Judge every line and the final answer (``answer``, or else the last line), here."""
    from calctutor.working.walk import walk

    if problem.kind not in KINDS:
        raise WorkingError(f"working cannot be checked for {problem.kind} problems")
    return walk(problem, list(lines), rng, answer)


def check_working_seeded(problem: Problem, lines: Sequence[str], seed: int) -> WorkingVerdict:
    """``check_working_now`` with a fixed seed (a picklable task for a worker)."""
    return check_working_now(problem, lines, random.Random(seed))


def check_working(
    problem: Problem,
    lines: Sequence[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    seed: int | None = None,
    pool: WorkerPool | None = None,
) -> WorkingVerdict:
    """Judge the working in a worker process that is killed when ``timeout`` seconds pass."""
    from calctutor.check import seed_for
    from calctutor.limits import TimedOut, run_limited

    if problem.kind not in KINDS:
        raise WorkingError(f"working cannot be checked for {problem.kind} problems")
    task_seed = seed_for(problem, "\n".join(lines)) if seed is None else seed
    args = (problem, list(lines), task_seed)
    if pool is None:
        result = run_limited(check_working_seeded, *args, timeout=timeout)
    else:
        result = pool.run(check_working_seeded, args, timeout)
    if isinstance(result, TimedOut):
        return WorkingVerdict("unknown", (), None, None, f"Could not decide: {result.message}.")
    assert isinstance(result, WorkingVerdict)
    return result
