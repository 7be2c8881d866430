"""Optimizers as ``torch.optim`` implements them: traces, outcomes and stability thresholds.

The public face of ``optimize_rules`` (the update rules) and ``optimize_trace`` (the runs); see
docs/optimizers.md for the rules and where papers and other libraries differ.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from calctutor.optimization.rules import HYPER_NAMES, METHOD_NAMES, METHODS, Hyper
from calctutor.optimization.trace import (
    DEFAULT_TOL,
    Iteration,
    Objective,
    OptimizeError,
    Trace,
    compile_objective,
    run,
    run_objective,
)

__all__ = [
    "DEFAULT_TOL",
    "HYPER_NAMES",
    "METHODS",
    "METHOD_NAMES",
    "Hyper",
    "Iteration",
    "Objective",
    "OptimizeError",
    "Trace",
    "compile_objective",
    "describe_outcome",
    "largest_stable_lr",
    "run",
    "run_objective",
]


def _fmt(v: tuple[float, ...]) -> str:
    """A point with 6 significant digits per coordinate."""
    return "(" + ", ".join(f"{c:.6g}" for c in v) + ")"


def describe_outcome(trace: Trace) -> str:
    """One or two plain sentences: converged, diverged, left the domain, or still running."""
    steps = len(trace.iterations)
    if trace.diverged:
        return (
            f"Diverged: {trace.reason}. If f has a minimum, a learning rate smaller than "
            f"{trace.lr:g} should help."
        )
    if trace.reason:
        return f"Stopped: {trace.reason}."
    if trace.converged:
        at = trace.converged_at if trace.converged_at is not None else steps
        return (
            f"Converged: the gradient norm fell below {trace.tol:g} at step {at}; "
            f"the point is {_fmt(trace.final)}."
        )
    text = f"Not converged after {steps} steps: the gradient norm is {trace.grad_norms[-1]:.3g}."
    if trace.values[-1] > trace.values[0]:
        text += " f is higher than at the start: the run may be diverging (a smaller lr helps)."
    return text


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
