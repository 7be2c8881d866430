"""integral_solution: the rule search under a time budget, verified, with honest fallbacks.

1. calctutor's own rule search (SymPy's manualintegrate rules plus the ones it lacks), which
   checks its deadline between rules;
2. when that finds nothing, SymPy's ``integral_steps`` tree, converted and collapsed;
3. when there is still no complete tree, SymPy's ``integrate`` — shown as a result without steps
   (``complete=False``), and only when it verifies.

Stages 2 and 3 cannot check a deadline themselves: the whole solve runs under a CPU-time limit
(``limit``, see ``deadline.py``) and, past it, gives up with ``complete=False`` and a step that
says why (the ``solve --json`` contract has no other place for a reason).
A caller that needs a hard guarantee still runs the solve in a process it can kill;
``fallback=False`` skips stages 2 and 3.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy

from calctutor.steps.integral.context import Context, OutOfTime
from calctutor.steps.integral.convert import sympy_steps
from calctutor.steps.integral.deadline import TimeUp, time_limit
from calctutor.steps.integral.derivation import Derivation, fmt, integral_text
from calctutor.steps.integral.engine import search
from calctutor.steps.integral.verify import verify_antiderivative
from calctutor.steps.model import Solution, Step


def _search(
    f: sympy.Expr, x: sympy.Symbol, deadline: float, clock: Callable[[], float]
) -> Derivation | None:
    """The rule search, None when it fails or runs out of time."""
    ctx = Context(solver=search, deadline=deadline, clock=clock)
    try:
        return search(f, x, ctx)
    except OutOfTime:
        return None


def _verified(d: Derivation | None, f: sympy.Expr, x: sympy.Symbol) -> Solution | None:
    """A complete solution from a derivation whose result differentiates back to f."""
    if d is None or not verify_antiderivative(d.result, f, x):
        return None
    return Solution("integral", sympy.Integral(f, x), d.result, (d.step,))


def _integrate(f: sympy.Expr, x: sympy.Symbol) -> Solution:
    """No complete tree: SymPy's integrate, shown only when its result verifies."""
    question = sympy.Integral(f, x)
    try:
        result = sympy.integrate(f, x)
    except (NotImplementedError, ValueError, TypeError):
        result = None
    if result is not None and verify_antiderivative(result, f, x):
        step = Step(
            "computer algebra",
            f"No step-by-step method was found; SymPy's integrate gives {integral_text(f, x)}"
            f" = {fmt(result)} (checked by differentiation).",
            question,
            result,
        )
        note = "no complete step tree; the result comes from sympy.integrate and was verified"
        return Solution("integral", question, result, (step,), complete=False, note=note)
    note = "no step tree found and no verified antiderivative"
    return Solution("integral", question, None, (), complete=False, note=note)


TIME_LIMIT = 4.0
GAVE_UP = "time limit"


def integral_solution(
    f: sympy.Expr,
    var: sympy.Symbol,
    *,
    budget_seconds: float = 2.0,
    fallback: bool = True,
    clock: Callable[[], float] = time.process_time,
    limit: float = TIME_LIMIT,
) -> Solution:
    """A worked antiderivative of f (without + C); complete only for a full, verified tree.

    The search budget is CPU time by default, so a problem gets the same answer on a busy
    machine as on an idle one; ``limit`` caps the whole solve in CPU seconds.
    """
    f = sympy.sympify(f, strict=True)  # strict: never parses a string
    try:
        with time_limit(limit):
            return _solve(f, var, budget_seconds, fallback, clock)
    except TimeUp:
        return gave_up("integral", sympy.Integral(f, var), limit)


def gave_up(kind: str, question: sympy.Expr, limit: float) -> Solution:
    """An incomplete solution whose one step says that the time limit ran out."""
    note = f"gave up after {limit:g} s of computing without a complete, verified solution"
    step = Step(GAVE_UP, f"No solution: calctutor {note}.", question, None)
    return Solution(kind, question, None, (step,), complete=False, note=note)


def _solve(
    f: sympy.Expr,
    var: sympy.Symbol,
    budget_seconds: float,
    fallback: bool,
    clock: Callable[[], float],
) -> Solution:
    """The three stages in turn."""
    solution = _verified(_search(f, var, clock() + budget_seconds, clock), f, var)
    if solution is not None:
        return solution
    if not fallback:
        note = "no complete step tree found"
        return Solution("integral", sympy.Integral(f, var), None, (), complete=False, note=note)
    solution = _verified(sympy_steps(f, var), f, var)
    return solution if solution is not None else _integrate(f, var)
