"""Optimizer traces: iterate one ``torch.optim`` update rule on a compiled SymPy objective.

The objective is a SymPy expression; its value and gradient are compiled once with
``sympy.lambdify`` (Python's ``math`` module, plain floats) and the update rules of
``calctutor.optimization.rules`` are iterated. A run ends early only when a number overflows or
the point leaves the domain of f; what the run did is judged afterwards by
``calctutor.optimization.verdict``. Nothing here prints or draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from calctutor.expr.functions import elementary
from calctutor.optimization.rules import RULES, Move, OptimizerState, Vector
from calctutor.optimization.settings import Optimizer


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

    ``used`` is the gradient the rule stepped with (negated for maximize, plus weight decay);
    ``buffer`` the momentum buffer; ``square_avg``/``grad_avg`` RMSprop's averages; ``m``, ``v``,
    ``v_max``, ``m_hat``, ``v_hat`` Adam's moments; ``state_sum`` Adagrad's sum of squares;
    ``decayed`` AdamW's decayed point. ``new_point = (decayed or point) - lr * direction``.
    """

    step: int
    point: Vector
    gradient: Vector
    direction: Vector
    new_point: Vector
    lr: float
    used: Vector
    buffer: Vector | None = None
    square_avg: Vector | None = None
    grad_avg: Vector | None = None
    m: Vector | None = None
    v: Vector | None = None
    v_max: Vector | None = None
    m_hat: Vector | None = None
    v_hat: Vector | None = None
    state_sum: Vector | None = None
    decayed: Vector | None = None


@dataclass(frozen=True)
class Stop:
    """Why a run ended early: ``overflow`` (a number became inf or nan) or ``domain``."""

    kind: str
    step: int
    point: Vector


@dataclass(frozen=True)
class Trace:
    """A run: every point (the start first), f and the gradient norm there, and each update.

    ``points`` has ``steps + 1`` entries unless the run stopped early (``stop``); every number
    kept is finite. ``outcome`` is the verdict (None when the run was not judged).
    """

    optimizer: Optimizer
    points: tuple[Vector, ...]
    values: tuple[float, ...]
    grad_norms: tuple[float, ...]
    iterations: tuple[Iteration, ...]
    steps: int
    stop: Stop | None = None
    outcome: Any = None
    state: OptimizerState | None = None

    @property
    def method(self) -> str:
        """The method's name as asked (gd, momentum, adam …)."""
        return self.optimizer.name

    @property
    def lr(self) -> float:
        """The initial learning rate."""
        return self.optimizer.lr

    @property
    def hyper(self) -> Any:
        """Every option's value."""
        return self.optimizer.hyper

    @property
    def final(self) -> Vector:
        """The last point reached."""
        return self.points[-1]

    @property
    def status(self) -> str:
        """converged, diverged, unbounded, plateau, running or stopped ('' when not judged)."""
        return str(self.outcome.status) if self.outcome is not None else ""

    @property
    def diverged(self) -> bool:
        """The verdict is diverged."""
        return self.status == "diverged"

    @property
    def converged(self) -> bool:
        """The verdict is converged."""
        return self.status == "converged"

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of ``calctutor optimize --json``."""
        data: dict[str, Any] = {
            "method": self.method,
            "torch": self.optimizer.torch_call(),
            "hyperparameters": self.optimizer.hyperparameters(),
            "points": [list(p) for p in self.points],
            "values": list(self.values),
            "grad_norms": list(self.grad_norms),
            "lrs": [it.lr for it in self.iterations],
            "status": self.status,
            "diverged": self.diverged,
            "converged": self.converged,
        }
        if self.outcome is not None:
            data["verdict"] = self.outcome.text
        return data


def _norm(v: Vector) -> float:
    """The Euclidean norm."""
    return math.sqrt(math.fsum(c * c for c in v))


def _all_finite(*numbers: float) -> bool:
    """True when no number is inf or nan."""
    return all(math.isfinite(n) for n in numbers)


def _evaluate(obj: Objective, point: Vector) -> tuple[float, Vector] | str:
    """f and its gradient at the point; "overflow" or "domain" when they cannot be computed."""
    if not _all_finite(*point):
        return "overflow"
    try:
        value, grad = obj.value(point), obj.gradient(point)
    except (OverflowError, ZeroDivisionError):
        return "overflow"
    except ValueError:
        return "domain"
    return (value, grad) if _all_finite(value, *grad) else "overflow"


def trace_objective(
    obj: Objective, optimizer: Optimizer, start: Sequence[float], steps: int = 1
) -> Trace:
    """Iterate the optimizer ``steps`` times from ``start`` on a compiled objective (the trace
    is not judged; ``calctutor.optimization.runs.run_objective`` adds the verdict)."""
    p0 = tuple(float(c) for c in start)
    if len(p0) != len(obj.variables):
        raise OptimizeError(
            f"the start point has {len(p0)} coordinates; expected {len(obj.variables)}"
        )
    if not _all_finite(*p0):
        raise OptimizeError("the start point must be finite")
    if steps < 0:
        raise OptimizeError("steps must be 0 or more")
    first = _evaluate(obj, p0)
    if isinstance(first, str):
        raise OptimizeError(f"f or its gradient is not defined at the start point {_fmt(p0)}")
    return _iterate(obj, optimizer, p0, steps, first)


def _iterate(
    obj: Objective, optimizer: Optimizer, p0: Vector, steps: int, first: tuple[float, Vector]
) -> Trace:
    """The loop of ``run_objective``: step, evaluate, stop on overflow or a domain exit."""
    rule, hyper = RULES[optimizer.method], optimizer.hyper
    points, values, norms = [p0], [first[0]], [_norm(first[1])]
    grad, state, iterations = first[1], OptimizerState(), []
    stop: Stop | None = None
    for t, lr in enumerate(optimizer.rates(steps), start=1):
        move = rule(points[-1], grad, state, lr, hyper)
        evaluated = _evaluate(obj, move.new_point)
        if isinstance(evaluated, str):
            stop = Stop(evaluated, t, move.new_point)
            break
        iterations.append(_record(t, points[-1], grad, move))
        points.append(move.new_point)
        values.append(evaluated[0])
        norms.append(_norm(evaluated[1]))
        grad, state = evaluated[1], move.state
    return Trace(optimizer, tuple(points), tuple(values), tuple(norms), tuple(iterations),
                 steps, stop, state=state)  # fmt: skip


def next_move(obj: Objective, trace: Trace) -> Move | None:
    """The step the optimizer would take after the last one (None if the run stopped early)."""
    if trace.stop is not None or trace.state is None:
        return None
    lr = trace.optimizer.rates(len(trace.iterations) + 1)[-1]
    grad = obj.gradient(trace.final)
    return RULES[trace.optimizer.method](trace.final, grad, trace.state, lr, trace.optimizer.hyper)


def _record(t: int, point: Vector, grad: Vector, move: Move) -> Iteration:
    """The Iteration for step t from the rule's Move."""
    s = move.state
    return Iteration(
        step=t, point=point, gradient=grad, direction=move.direction, new_point=move.new_point,
        lr=move.lr, used=move.used, buffer=s.buffer, square_avg=s.square_avg,
        grad_avg=s.grad_avg, m=s.m, v=s.v, v_max=s.v_max, m_hat=move.m_hat, v_hat=move.v_hat,
        state_sum=s.state_sum, decayed=move.decayed,
    )  # fmt: skip


def _fmt(v: Vector) -> str:
    """A point with 6 significant digits per coordinate."""
    return "(" + ", ".join(f"{c:.6g}" for c in v) + ")"
