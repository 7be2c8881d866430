"""Optimizers as ``torch.optim`` implements them: runs, their verdicts, stability thresholds.

The public face of the update rules (``rules``), the options (``options``, ``settings``), the
schedules, the runs (``trace``) and their verdicts (``verdict``); see docs/optimizers.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sympy

from calctutor.optimization.settings import Optimizer, make_optimizer, read_optimizer
from calctutor.optimization.trace import (
    Iteration,
    Objective,
    OptimizeError,
    Trace,
    compile_objective,
    trace_objective,
)
from calctutor.optimization.verdict import Outcome, judge_trace
from calctutor.sets.torch_options import (
    CLASSES,
    METHOD_NAMES,
    METHODS,
    OPTIONS,
    Hyper,
    OptimizerOptionError,
)
from calctutor.sets.torch_schedules import Schedule, read_schedule

__all__ = [
    "CLASSES",
    "METHODS",
    "METHOD_NAMES",
    "OPTIONS",
    "Hyper",
    "Iteration",
    "Objective",
    "OptimizeError",
    "Optimizer",
    "OptimizerOptionError",
    "Outcome",
    "Schedule",
    "Trace",
    "compile_objective",
    "describe_outcome",
    "largest_stable_lr",
    "make_optimizer",
    "read_optimizer",
    "read_schedule",
    "run",
    "run_objective",
    "run_optimizer",
]


def describe_outcome(trace: Trace) -> str:
    """The verdict's sentence (the status said in words)."""
    return str(trace.outcome.text) if trace.outcome is not None else ""


def run_objective(
    obj: Objective,
    optimizer: Optimizer,
    start: Sequence[float],
    steps: int = 1,
    *,
    judge: bool = True,
) -> Trace:
    """Iterate the optimizer ``steps`` times from ``start`` on a compiled objective.

    With ``judge`` the trace carries its verdict (converged, diverged, …); a checker that only
    wants the final point leaves it off.
    """
    trace = trace_objective(obj, optimizer, start, steps)
    return replace(trace, outcome=judge_trace(obj, trace)) if judge else trace


def run_optimizer(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    optimizer: Optimizer,
    start: Sequence[float],
    steps: int = 1,
) -> Trace:
    """Run the optimizer on f from ``start`` for ``steps`` updates; the trace has its verdict."""
    return run_objective(compile_objective(f, variables), optimizer, start, steps)


def run(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    method: str,
    lr: float,
    start: Sequence[float],
    steps: int = 1,
    options: Mapping[str, Any] | None = None,
    schedule: Schedule | str | None = None,
) -> Trace:
    """Run a method (torch's options by name) on f: ``run(f, xs, "adam", 0.1, (1, 1), 3)``."""
    plan = read_schedule(schedule) if isinstance(schedule, str) else schedule
    return run_optimizer(f, variables, make_optimizer(method, lr, options, plan), start, steps)


def largest_stable_lr(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    method: str = "gd",
    momentum: float = 0.9,
) -> sympy.Expr | None:
    """The stability threshold of the learning rate on a quadratic f, exactly.

    With lambda_max the largest Hessian eigenvalue: gradient descent converges iff
    lr < 2/lambda_max; torch's heavy-ball momentum iff lr < 2(1+mu)/lambda_max; torch's
    Nesterov iff lr < 2(1+mu)/((1+2mu) lambda_max). None when the Hessian is not positive
    definite (no minimum to converge to). Adaptive methods have no fixed threshold.
    """
    vs = tuple(variables)
    if method not in ("gd", "momentum", "nesterov"):
        raise OptimizeError(f"{method} has no fixed stability threshold (its step adapts)")
    if not f.is_polynomial(*vs) or sympy.Poly(f, *vs).total_degree() > 2:
        raise OptimizeError("a stability threshold needs a quadratic objective")
    eigen = list(sympy.hessian(f, vs).eigenvals())
    if not eigen or not all(sympy.simplify(e).is_positive for e in eigen):
        return None
    lam = sympy.Max(*eigen)
    mu = sympy.nsimplify(momentum)
    factor = {"gd": 2, "momentum": 2 * (1 + mu), "nesterov": 2 * (1 + mu) / (1 + 2 * mu)}
    return sympy.simplify(factor[method] / lam)
