"""Worked solutions for optimizer steps and critical points.

An optimizer solution differentiates f, states the update rule as ``torch.optim`` implements it,
then works every iteration: the gradient at the point, each moment update, the bias correction,
the update. The numbers also go into an :class:`OptimizerTable`, carried by a :class:`TableStep`,
so a renderer can draw a real table. (Critical points are
``calctutor.steps.critical``.)
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.optimization.runs import METHOD_NAMES, Hyper, Iteration, Trace, describe_outcome, run
from calctutor.steps.gradient import gradient_solution
from calctutor.steps.model import Solution, Step

Vector = tuple[float, ...]


def num(value: float) -> str:
    """A number with 6 significant digits."""
    return f"{value:.6g}"


def vec(values: Sequence[float]) -> str:
    """A vector of numbers, (a, b)."""
    return "(" + ", ".join(num(v) for v in values) + ")"


def show(expr: Any) -> str:
    """A SymPy object as a textbook prints it inline (x², (0, 0)): for sentences not yet Prose."""
    from calctutor.notation.unicode import inline

    return inline(expr)


def point_text(point: Sequence[Any]) -> str:
    """A critical point: the bare number for one variable, (a, b) otherwise."""
    return show(point[0]) if len(point) == 1 else show(sympy.Tuple(*point))


# Columns for each method after t, the point and the gradient: (header, Iteration field).
_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "gd": (),
    "momentum": (("b_t", "buffer"),),
    "nesterov": (("b_t", "buffer"), ("d_t", "direction")),
    "rmsprop": (("s_t", "square_avg"), ("d_t", "direction")),
    "adam": (("m_t", "m"), ("v_t", "v"), ("m̂_t", "m_hat"), ("v̂_t", "v_hat"), ("d_t", "direction")),
}


@dataclass(frozen=True)
class OptimizerTable:
    """The numbers of every iteration of a worked optimizer run, ready for a table."""

    method: str
    variables: tuple[str, ...]
    iterations: tuple[Iteration, ...]
    values: tuple[float, ...]

    def headers(self) -> tuple[str, ...]:
        """Column titles: t, x_{t-1}, g_t, the method's internals, x_t, f(x_t)."""
        middle = tuple(h for h, _ in _COLUMNS[self.method])
        return ("t", "x_{t-1}", "g_t", *middle, "x_t", "f(x_t)")

    def rows(self) -> tuple[tuple[str, ...], ...]:
        """One row of formatted numbers per iteration."""
        return tuple(self._row(it, self.values[it.step]) for it in self.iterations)

    def _row(self, it: Iteration, value: float) -> tuple[str, ...]:
        """The formatted cells of one iteration."""
        middle = tuple(vec(getattr(it, name) or ()) for _, name in _COLUMNS[self.method])
        return (
            str(it.step),
            vec(it.point),
            vec(it.gradient),
            *middle,
            vec(it.new_point),
            num(value),
        )


@dataclass(frozen=True)
class TableStep(Step):
    """A Step whose numbers also come as a table (its substeps say the same in sentences)."""

    table: OptimizerTable | None = None

    def to_json(self) -> dict[str, Any]:
        """The step's JSON with the table's headers and rows added."""
        data = super().to_json()
        if self.table is not None:
            data["table"] = {"headers": list(self.table.headers()), "rows": self.table.rows()}
            data["table"]["rows"] = [list(r) for r in data["table"]["rows"]]
        return data


def _rule_text(method: str, lr: float, h: Hyper) -> str:
    """The update rule as torch.optim implements it, with this problem's numbers."""
    texts = {
        "gd": "x_t = x_{t-1} - lr·g_t, where g_t = ∇f(x_{t-1})",
        "momentum": (
            f"torch.optim.SGD(momentum={num(h.momentum)}): b_1 = g_1 (the first step copies the "
            "gradient), b_t = μ·b_{t-1} + g_t, x_t = x_{t-1} - lr·b_t"
        ),
        "nesterov": (
            f"torch.optim.SGD(momentum={num(h.momentum)}, nesterov=True): b_t as for momentum "
            "(b_1 = g_1), then d_t = g_t + μ·b_t and x_t = x_{t-1} - lr·d_t"
        ),
        "rmsprop": (
            f"torch.optim.RMSprop(alpha={num(h.alpha)}, eps={num(h.eps)}): s_0 = 0, "
            "s_t = α·s_{t-1} + (1-α)·g_t², x_t = x_{t-1} - lr·g_t/(√s_t + ε) "
            "(ε after the square root, no bias correction)"
        ),
        "adam": (
            f"torch.optim.Adam(betas=({num(h.beta1)}, {num(h.beta2)}), eps={num(h.eps)}): "
            "m_t = β1·m_{t-1} + (1-β1)·g_t, v_t = β2·v_{t-1} + (1-β2)·g_t², "
            "m̂_t = m_t/(1-β1^t), v̂_t = v_t/(1-β2^t), x_t = x_{t-1} - lr·m̂_t/(√v̂_t + ε)"
        ),
    }
    return f"{METHOD_NAMES[method]}, lr = {num(lr)}: {texts[method]}."


def _previous(trace: Trace, t: int, name: str) -> Vector:
    """An internal vector before step t (zeros before the first step)."""
    if t == 1:
        return (0.0,) * len(trace.points[0])
    value: Vector = getattr(trace.iterations[t - 2], name)
    return value


def _momentum_steps(trace: Trace, it: Iteration) -> list[Step]:
    """The buffer update (and Nesterov's direction) of one iteration."""
    mu = trace.hyper.momentum
    assert it.buffer is not None
    if it.step == 1:
        text = f"b_1 = g_1 = {vec(it.buffer)} (torch copies the first gradient)"
    else:
        prev = _previous(trace, it.step, "buffer")
        text = f"b_{it.step} = {num(mu)}·{vec(prev)} + {vec(it.gradient)} = {vec(it.buffer)}"
    steps = [Step("momentum buffer", text)]
    if trace.method == "nesterov":
        nesterov = f"d_{it.step} = g + {num(mu)}·b = {vec(it.direction)}"
        steps.append(Step("Nesterov direction", nesterov))
    return steps


def _rmsprop_steps(trace: Trace, it: Iteration) -> list[Step]:
    """The square-average update and the scaled direction of one iteration."""
    a, t = trace.hyper.alpha, it.step
    assert it.square_avg is not None
    prev = _previous(trace, t, "square_avg")
    squares = tuple(g * g for g in it.gradient)
    text = f"s_{t} = {num(a)}·{vec(prev)} + {num(1 - a)}·{vec(squares)} = {vec(it.square_avg)}"
    scaled = f"d_{t} = g/(√s + ε) = {vec(it.direction)}"
    return [Step("square average", text), Step("scaled gradient", scaled)]


def _adam_steps(trace: Trace, it: Iteration) -> list[Step]:
    """The two moment updates, the bias correction and the direction of one iteration."""
    h, t = trace.hyper, it.step
    assert it.m is not None and it.v is not None and it.m_hat is not None and it.v_hat is not None
    squares = tuple(g * g for g in it.gradient)
    m_prev, v_prev = _previous(trace, t, "m"), _previous(trace, t, "v")
    c1, c2 = 1 - h.beta1**t, 1 - h.beta2**t
    return [
        Step("first moment", f"m_{t} = {num(h.beta1)}·{vec(m_prev)} + {num(1 - h.beta1)}·"
             f"{vec(it.gradient)} = {vec(it.m)}"),
        Step("second moment", f"v_{t} = {num(h.beta2)}·{vec(v_prev)} + {num(1 - h.beta2)}·"
             f"{vec(squares)} = {vec(it.v)}"),
        Step("bias correction", f"1 - β1^{t} = {num(c1)}, 1 - β2^{t} = {num(c2)}: "
             f"m̂_{t} = {vec(it.m_hat)}, v̂_{t} = {vec(it.v_hat)}"),
        Step("Adam direction", f"d_{t} = m̂/(√v̂ + ε) = {vec(it.direction)}"),
    ]  # fmt: skip


_INTERNALS: dict[str, Callable[[Trace, Iteration], list[Step]]] = {
    "gd": lambda trace, it: [],
    "momentum": _momentum_steps,
    "nesterov": _momentum_steps,
    "rmsprop": _rmsprop_steps,
    "adam": _adam_steps,
}


def _iteration_step(trace: Trace, it: Iteration, names: str) -> Step:
    """One iteration: gradient, the method's internals, the update."""
    t = it.step
    gradient = Step("gradient at the point", f"g_{t} = ∇f{vec(it.point)} = {vec(it.gradient)}")
    sign = "+" if trace.hyper.maximize else "-"
    update = (
        f"x_{t} = {vec(it.point)} {sign} {num(trace.lr)}·{vec(it.direction)} = "
        f"{vec(it.new_point)}, f = {num(trace.values[t])}"
    )
    substeps = (gradient, *_INTERNALS[trace.method](trace, it), Step("update", update))
    return Step(f"step {t}", f"Step {t}: ({names}) = {vec(it.new_point)}.", substeps=substeps)


def optimizer_step_solution(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    method: str,
    lr: float,
    start: Sequence[float],
    steps: int = 1,
    hyper: Hyper | None = None,
    rng: random.Random | None = None,
) -> Solution:
    """Worked ``steps`` updates of ``method`` from ``start``; the result is the final point."""
    hyper = hyper or Hyper()
    trace = run(f, variables, method, lr, start, steps, hyper)
    names = ", ".join(str(v) for v in variables)
    grad = gradient_solution(f, variables, rng)
    table = OptimizerTable(method, tuple(str(v) for v in variables), trace.iterations, trace.values)
    gradient_text = f"Differentiate f: ∇f = ({', '.join(show(g) for g in grad.result)})."
    tree = (
        Step("gradient", gradient_text, f, sympy.Tuple(*grad.result), grad.steps),
        Step("update rule", _rule_text(method, trace.lr, hyper)),
        TableStep(
            "iterations",
            f"{len(trace.iterations)} update(s) from ({names}) = {vec(trace.points[0])}.",
            substeps=tuple(_iteration_step(trace, it, names) for it in trace.iterations),
            table=table,
        ),
        Step("result", f"After {len(trace.iterations)} step(s): {vec(trace.final)}. "
             f"{describe_outcome(trace)}"),
    )  # fmt: skip
    question = sympy.Tuple(f, *variables)
    return Solution("optimizer_step", question, trace.final, tree, grad.complete, grad.note)
