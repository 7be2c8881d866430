"""Checking answers: ``check`` under a hard time and memory limit, ``check_now`` in process.

Every kind has one checker ``(problem, answer_text, rng) -> Verdict``; equivalence is decided by
evaluation at random points (``calctutor.check.equivalence``), never by ``simplify`` alone.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from calctutor.check.verdict import Verdict
from calctutor.sets.model import Problem

if TYPE_CHECKING:
    from calctutor.limits import WorkerPool

__all__ = [
    "DEFAULT_TIMEOUT",
    "Verdict",
    "check",
    "check_now",
    "check_seeded",
    "seed_for",
    "warm_up",
]

DEFAULT_TIMEOUT = 3.0
Checker = Callable[[Problem, str, random.Random], Verdict]


def _checkers() -> dict[str, Checker]:
    """The checker of each kind (imported on first use: SymPy is heavy)."""
    from calctutor.check import (
        definite,
        derivative,
        expression,
        gradient,
        integral,
        ode,
        optimizing,
    )

    return {
        "derivative": derivative.check_derivative,
        "gradient": gradient.check_gradient,
        "integral": integral.check_integral,
        "definite_integral": definite.check_definite,
        "expression": expression.check_expression,
        "ode": ode.check_ode,
        "optimizer_step": optimizing.optimizer_step,
        "hessian": optimizing.hessian,
        "critical_points": optimizing.critical_points,
    }


def check_now(problem: Problem, answer_text: str, rng: random.Random) -> Verdict:
    """Check in this process, without a time limit (the worker of ``check`` runs this)."""
    from calctutor.expr import ParseError

    checker = _checkers().get(problem.kind)
    if checker is None:
        return Verdict("invalid", f"Unknown kind of problem: {problem.kind}.", ("problem_error",))
    try:
        return checker(problem, answer_text, rng)
    except ParseError as error:
        return Verdict(
            "invalid",
            f"This problem cannot be checked: its text does not read ({error.message}).",
            ("problem_error",),
        )
    except RecursionError:
        return Verdict("unknown", "This answer is too deeply nested to check.", ("undecided",))
    except MemoryError:
        raise
    except Exception as error:  # a SymPy failure must not reach the student as a traceback
        return Verdict(
            "unknown",
            f"This answer could not be checked ({type(error).__name__}); ask your teacher.",
            ("checker_error",),
        )


def warm_up() -> None:
    """Import every checker and run one small check, so that forked workers start warm."""
    _checkers()
    check_now(Problem(id="warm-up", kind="derivative", expr="x^2", var="x"), "2x", random.Random(0))


def seed_for(problem: Problem, answer_text: str) -> int:
    """A seed fixed by the problem and the answer, so that a verdict is reproducible."""
    return zlib.crc32(f"{problem.id}\0{problem.kind}\0{answer_text}".encode())


def check_seeded(problem: Problem, answer_text: str, seed: int) -> Verdict:
    """``check_now`` with a ``random.Random(seed)`` (a picklable task for a worker)."""
    return check_now(problem, answer_text, random.Random(seed))


def check(
    problem: Problem,
    answer_text: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    seed: int | None = None,
    pool: WorkerPool | None = None,
) -> Verdict:
    """Check an answer in a worker process that is killed when ``timeout`` seconds pass.

    With ``pool`` (a ``calctutor.limits.WorkerPool``) the pool's warm workers are used;
    otherwise a worker is forked for this one check.
    """
    from calctutor.limits import TimedOut, run_limited

    _checkers()  # import them here, so that a forked worker does not spend its time importing
    task_seed = seed_for(problem, answer_text) if seed is None else seed
    args = (problem, answer_text, task_seed)
    if pool is None:
        result = run_limited(check_seeded, *args, timeout=timeout)
    else:
        result = pool.run(check_seeded, args, timeout)
    if isinstance(result, TimedOut):
        return timed_out(result)
    assert isinstance(result, Verdict)
    return result


def timed_out(result: object) -> Verdict:
    """The verdict for a check that ran out of time or memory."""
    message = getattr(result, "message", "checking this answer took too long")
    return Verdict(
        "unknown",
        f"Could not decide: {message}. Try a simpler form of your answer, or ask your teacher.",
        ("timeout",),
    )
