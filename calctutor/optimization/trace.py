"""Optimizer traces: iterate one ``torch.optim`` update rule on a compiled SymPy objective.

The objective is a SymPy expression; its value and gradient are compiled once with
``sympy.lambdify`` (Python's ``math`` module, plain floats) and the update rules of
``calctutor.optimization.rules`` are iterated. Nothing here prints or draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from calctutor.expr.functions import elementary
from calctutor.optimization.rules import (
    METHODS,
    RULES,
    Hyper,
    Move,
    OptimizerState,
    Vector,
)

# A point farther than this (relative to the start) or a gradient this many times steeper than
# at the start means the run is blowing up; floats would overflow soon after anyway.
DIVERGENCE_FACTOR = 1e8
GRADIENT_GROWTH = 1e3
DEFAULT_TOL = 1e-6


class OptimizeError(ValueError):
    """The optimizer problem itself is unusable (bad method, bad numbers, f undefined at start)."""


@dataclass(frozen=True)
class Objective:
    """A compiled objective: f and its gradient as float functions of the variables."""

    expr: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    gradient_exprs: tuple[sympy.Expr, ...]
    value_fn: Callable[..., Any] = field(repr=False)
    gradient_fn: Callable[..., Any] = field(repr=False)

    def value(self, point: Vector) -> float:
        """f at the point, as a float (raises ValueError/OverflowError outside the domain)."""
        return _real(self.value_fn(*point))

    def gradient(self, point: Vector) -> Vector:
        """The gradient at the point, as floats."""
        return tuple(_real(c) for c in self.gradient_fn(*point))


def _real(value: Any) -> float:
    """A float from a lambdified result; a complex result means we left the real domain."""
    if isinstance(value, complex):
        if value.imag != 0:
            raise ValueError("complex value")
        value = value.real
    return float(value)


# a kink's derivative (DiracDelta) is 0 wherever a float lands; sign() is math.copysign's
FLOAT_MODULES: list[Any] = [
    {"DiracDelta": lambda *args: 0.0, "Heaviside": lambda x, *rest: float(x > 0)},
    "math",
]


def compile_objective(f: sympy.Expr, variables: Sequence[sympy.Symbol]) -> Objective:
    """Differentiate f once and compile f and its gradient to float functions."""
    vs = tuple(variables)
    if not vs:
        raise OptimizeError("the objective needs at least one variable")
    stray = sorted(str(s) for s in f.free_symbols - set(vs))
    if stray:
        raise OptimizeError(f"the objective uses {', '.join(stray)}, which are not variables")
    real = tuple(sympy.Symbol(v.name, real=True) for v in vs)
    f_real = f.xreplace(dict(zip(vs, real, strict=True)))
    # the variables are real, so |x|' is sign(x), not an expression in re(x) and im(x)
    grads_real = tuple(sympy.diff(f_real, v) for v in real)
    grads = tuple(g.xreplace(dict(zip(real, vs, strict=True))) for g in grads_real)
    try:
        value_fn = sympy.lambdify(real, elementary(f_real), modules=FLOAT_MODULES)
        flat = [elementary(g) for g in grads_real]
        gradient_fn = sympy.lambdify(real, flat, modules=FLOAT_MODULES)
    except (NotImplementedError, SyntaxError, TypeError) as error:
        raise OptimizeError(f"calctutor cannot compute with this objective: {error}") from None
    return Objective(f, vs, grads, value_fn, gradient_fn)


@dataclass(frozen=True)
class Iteration:
    """One update: the point before, the gradient there, the optimizer's internals, the result.

    ``buffer`` is the momentum buffer b_t; ``square_avg`` RMSprop's s_t; ``m``, ``v``, ``m_hat``,
    ``v_hat`` Adam's moments. ``direction`` is d_t and ``new_point = point - lr * d_t``.
    """

    step: int
    point: Vector
    gradient: Vector
    direction: Vector
    new_point: Vector
    buffer: Vector | None = None
    square_avg: Vector | None = None
    m: Vector | None = None
    v: Vector | None = None
    m_hat: Vector | None = None
    v_hat: Vector | None = None


@dataclass(frozen=True)
class Trace:
    """A run: every point (the start first), f and the gradient norm there, and each update.

    A run stops early only when it diverges or leaves the domain of f, so ``points`` has
    ``steps + 1`` entries otherwise; every number kept is finite.
    """

    method: str
    lr: float
    hyper: Hyper
    points: tuple[Vector, ...]
    values: tuple[float, ...]
    grad_norms: tuple[float, ...]
    iterations: tuple[Iteration, ...]
    diverged: bool
    converged: bool
    converged_at: int | None
    reason: str
    tol: float = DEFAULT_TOL

    @property
    def final(self) -> Vector:
        """The last point reached."""
        return self.points[-1]

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of ``calctutor optimize --json``."""
        return {
            "method": self.method,
            "points": [list(p) for p in self.points],
            "values": list(self.values),
            "grad_norms": list(self.grad_norms),
            "diverged": self.diverged,
            "converged": self.converged,
        }


def _norm(v: Vector) -> float:
    """The Euclidean norm."""
    return math.sqrt(math.fsum(c * c for c in v))


def _all_finite(*numbers: float) -> bool:
    """True when no number is inf or nan."""
    return all(math.isfinite(n) for n in numbers)


def _validate(method: str, lr: float, start: Vector, n: int, steps: int, hyper: Hyper) -> None:
    """Raise OptimizeError when the problem's numbers are unusable."""
    if method not in RULES:
        raise OptimizeError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if not (math.isfinite(lr) and lr > 0):
        raise OptimizeError(f"the learning rate must be a positive number, not {lr:g}")
    if len(start) != n:
        raise OptimizeError(f"the start point has {len(start)} coordinates; expected {n}")
    if not _all_finite(*start):
        raise OptimizeError("the start point must be finite")
    if steps < 0:
        raise OptimizeError("steps must be 0 or more")
    problems = hyper.problems()
    if problems:
        raise OptimizeError("; ".join(problems))


def _evaluate(obj: Objective, point: Vector) -> tuple[float, Vector] | str:
    """f and its gradient at the point; "overflow" or "domain" when they cannot be computed."""
    try:
        value, grad = obj.value(point), obj.gradient(point)
    except (OverflowError, ZeroDivisionError):
        return "overflow"
    except ValueError:
        return "domain"
    return (value, grad) if _all_finite(value, *grad) else "overflow"


@dataclass(frozen=True)
class _Limits:
    """The bounds past which a run counts as diverged."""

    point: float
    gradient: float

    @staticmethod
    def around(start: Vector, grad_norm: float) -> _Limits:
        """Bounds relative to the start point and the gradient there."""
        return _Limits(
            point=DIVERGENCE_FACTOR * max(1.0, _norm(start)),
            gradient=GRADIENT_GROWTH * max(1.0, grad_norm),
        )

    @staticmethod
    def none() -> _Limits:
        """No bounds: only overflow stops the run."""
        return _Limits(math.inf, math.inf)


def run_objective(
    obj: Objective,
    method: str,
    lr: float,
    start: Sequence[float],
    steps: int = 1,
    hyper: Hyper | None = None,
    tol: float = DEFAULT_TOL,
    *,
    stop_on_divergence: bool = True,
) -> Trace:
    """Iterate one ``torch.optim`` rule ``steps`` times from ``start`` on a compiled objective.

    With ``stop_on_divergence=False`` only an overflow or a domain exit ends the run early (a
    checker wants the exact point after a divergent run's last step).
    """
    hyper = hyper or Hyper()
    lr = float(lr)
    p0 = tuple(float(c) for c in start)
    _validate(method, lr, p0, len(obj.variables), steps, hyper)
    first = _evaluate(obj, p0)
    if isinstance(first, str):
        raise OptimizeError(f"f or its gradient is not defined at the start point {_fmt(p0)}")
    limits = _Limits.around(p0, _norm(first[1])) if stop_on_divergence else _Limits.none()
    return _iterate(obj, method, lr, p0, steps, hyper, tol, first, limits)


@dataclass(frozen=True)
class _Stop:
    """Why a run ended early: it diverged, or it left the domain of f."""

    diverged: bool
    text: str


def _iterate(
    obj: Objective,
    method: str,
    lr: float,
    p0: Vector,
    steps: int,
    hyper: Hyper,
    tol: float,
    first: tuple[float, Vector],
    limits: _Limits,
) -> Trace:
    """The loop of ``run_objective``: step, evaluate, stop on divergence or a domain exit."""
    rule, sign = RULES[method], (1.0 if hyper.maximize else -1.0)
    points, values, norms = [p0], [first[0]], [_norm(first[1])]
    grad, state, iterations = first[1], OptimizerState(), []
    stop: _Stop | None = None
    for t in range(1, steps + 1):
        move = rule(grad, state, hyper)
        new = tuple(p + sign * lr * d for p, d in zip(points[-1], move.direction, strict=True))
        evaluated = _evaluate(obj, new) if _all_finite(*new) else "overflow"
        if isinstance(evaluated, str):
            stop = _unusable(evaluated, new, t)
            break
        iterations.append(_record(t, points[-1], grad, move, new))
        points.append(new)
        values.append(evaluated[0])
        norms.append(_norm(evaluated[1]))
        grad, state = evaluated[1], move.state
        stop = _blown_up(new, norms[-1], limits, t)
        if stop:
            break
    return _finish(method, lr, hyper, tol, (points, values, norms), iterations, stop)


def _unusable(kind: str, new: Vector, t: int) -> _Stop:
    """The stop for a step whose point cannot be evaluated (overflow or outside the domain)."""
    if kind == "domain":
        return _Stop(False, f"step {t} left the domain of f, at {_fmt(new)}")
    return _Stop(True, f"the numbers overflowed at step {t}")


def _blown_up(new: Vector, grad_norm: float, limits: _Limits, t: int) -> _Stop | None:
    """A divergence stop when the point or the gradient is past its bound, else None."""
    if _norm(new) > limits.point:
        return _Stop(True, f"the point ran off to {_fmt(new)} at step {t}")
    if grad_norm > limits.gradient:
        return _Stop(True, f"the gradient norm grew to {grad_norm:.3g} at step {t}")
    return None


def _record(t: int, point: Vector, grad: Vector, move: Move, new: Vector) -> Iteration:
    """The Iteration for step t from the rule's Move."""
    s = move.state
    return Iteration(
        step=t,
        point=point,
        gradient=grad,
        direction=move.direction,
        new_point=new,
        buffer=s.buffer,
        square_avg=s.square_avg,
        m=s.m,
        v=s.v,
        m_hat=move.m_hat,
        v_hat=move.v_hat,
    )


def _finish(
    method: str,
    lr: float,
    hyper: Hyper,
    tol: float,
    series: tuple[list[Vector], list[float], list[float]],
    iterations: list[Iteration],
    stop: _Stop | None,
) -> Trace:
    """Assemble the Trace and decide convergence (the last gradient norm below tol)."""
    points, values, norms = series
    converged = stop is None and norms[-1] < tol
    converged_at = next((i for i, g in enumerate(norms) if g < tol), None) if converged else None
    return Trace(
        method=method,
        lr=lr,
        hyper=hyper,
        points=tuple(points),
        values=tuple(values),
        grad_norms=tuple(norms),
        iterations=tuple(iterations),
        diverged=stop is not None and stop.diverged,
        converged=converged,
        converged_at=converged_at,
        reason="" if stop is None else stop.text,
        tol=tol,
    )


def run(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    method: str,
    lr: float,
    start: Sequence[float],
    steps: int = 1,
    hyper: Hyper | None = None,
    tol: float = DEFAULT_TOL,
) -> Trace:
    """Run ``method`` on f from ``start`` for ``steps`` updates and return the whole trace."""
    return run_objective(compile_objective(f, variables), method, lr, start, steps, hyper, tol)


def _fmt(v: Vector) -> str:
    """A point with 6 significant digits per coordinate."""
    return "(" + ", ".join(f"{c:.6g}" for c in v) + ")"
