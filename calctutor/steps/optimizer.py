"""Worked solutions for optimizer steps and critical points.

An optimizer solution differentiates f, states the update rule as ``torch.optim`` implements it,
then works every iteration: the gradient at the point, each moment update, the bias correction,
the update. The numbers also go into an :class:`OptimizerTable`, carried by a :class:`TableStep`,
so a renderer can draw a real table. (Critical points are
``calctutor.steps.critical``.)
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.optimization.runs import (
    METHOD_NAMES,
    Iteration,
    Optimizer,
    Trace,
    describe_outcome,
    make_optimizer,
    run_optimizer,
)
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


def _columns(o: Optimizer) -> tuple[tuple[str, str], ...]:
    """The table's columns for this optimizer after t, the point and the gradient."""
    h, m = o.hyper, o.method
    if m == "sgd":
        out = ((("b_t", "buffer"),) if h.momentum else ()) + (
            (("d_t", "direction"),) if h.nesterov else ()
        )
    elif m == "rmsprop":
        out = (("s_t", "square_avg"),) + ((("ḡ_t", "grad_avg"),) if h.centered else ())
        out += ((("b_t", "buffer"),) if h.momentum else ()) + (("d_t", "direction"),)
    elif m == "adagrad":
        out = (("G_t", "state_sum"), ("lr_t", "lr"), ("d_t", "direction"))
    else:
        out = (("m_t", "m"), ("v_t", "v")) + ((("v_max", "v_max"),) if h.amsgrad else ())
        out += (("m̂_t", "m_hat"), ("v̂_t", "v_hat"), ("d_t", "direction"))
    if o.schedule is not None and m != "adagrad":
        out = (("lr_t", "lr"), *out)
    return out


def _cell(value: Any) -> str:
    """A table cell: a vector or a number."""
    if isinstance(value, tuple):
        return vec(value)
    return "" if value is None else num(value)


@dataclass(frozen=True)
class OptimizerTable:
    """The numbers of every iteration of a worked optimizer run, ready for a table."""

    columns: tuple[tuple[str, str], ...]
    variables: tuple[str, ...]
    iterations: tuple[Iteration, ...]
    values: tuple[float, ...]

    def headers(self) -> tuple[str, ...]:
        """Column titles: t, x_{t-1}, g_t, the method's internals, x_t, f(x_t)."""
        middle = tuple(h for h, _ in self.columns)
        return ("t", "x_{t-1}", "g_t", *middle, "x_t", "f(x_t)")

    def rows(self) -> tuple[tuple[str, ...], ...]:
        """One row of formatted numbers per iteration."""
        return tuple(self._row(it, self.values[it.step]) for it in self.iterations)

    def _row(self, it: Iteration, value: float) -> tuple[str, ...]:
        """The formatted cells of one iteration."""
        middle = tuple(_cell(getattr(it, name)) for _, name in self.columns)
        return (str(it.step), vec(it.point), vec(it.gradient), *middle, vec(it.new_point),
                num(value))  # fmt: skip


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


def _gradient_rule(o: Optimizer) -> str:
    """How g_t is formed: the gradient, negated for maximize, plus L2 weight decay."""
    h = o.hyper
    g = "-∇f(x_{t-1})" if h.maximize else "∇f(x_{t-1})"
    if h.weight_decay and o.method != "adamw":
        return f"g_t = {g} + {num(h.weight_decay)}·x_{{t-1}} (weight decay)"
    return f"g_t = {g}"


def _method_rule(o: Optimizer) -> str:
    """The update rule of the method with its options, as torch computes it."""
    h, m = o.hyper, o.method
    mu = num(h.momentum)
    if m == "sgd" and not h.momentum:
        return "x_t = x_{t-1} - lr·g_t"
    if m == "sgd":
        damp = f"(1 - {num(h.dampening)})·" if h.dampening else ""
        d = f"d_t = g_t + {mu}·b_t" if h.nesterov else "d_t = b_t"
        return (f"b_1 = g_1 (the first step copies the gradient), b_t = {mu}·b_{{t-1}} + "
                f"{damp}g_t, {d}, x_t = x_{{t-1}} - lr·d_t")  # fmt: skip
    if m == "rmsprop":
        avg = "√(s_t - ḡ_t²)" if h.centered else "√s_t"
        text = (
            f"s_0 = 0, s_t = {num(h.alpha)}·s_{{t-1}} + {num(1 - h.alpha)}·g_t²"
            + (f", ḡ_t = {num(h.alpha)}·ḡ_{{t-1}} + {num(1 - h.alpha)}·g_t" if h.centered else "")
            + f", d_t = g_t/({avg} + ε) (ε after the square root, no bias correction)"
        )
        if h.momentum:
            return text + f", b_t = {mu}·b_{{t-1}} + d_t (b_0 = 0), x_t = x_{{t-1}} - lr·b_t"
        return text + ", x_t = x_{t-1} - lr·d_t"  # fmt: skip
    if m == "adagrad":
        return (f"lr_t = lr/(1 + (t - 1)·{num(h.lr_decay)}), G_0 = "
                f"{num(h.initial_accumulator_value)}, G_t = G_{{t-1}} + g_t², "
                f"x_t = x_{{t-1}} - lr_t·g_t/(√G_t + ε)")  # fmt: skip
    v = "max(v̂ so far)" if h.amsgrad else "v̂_t"
    decay = (f"first x ← (1 - lr·{num(h.weight_decay)})·x (decoupled weight decay), then "
             if m == "adamw" and h.weight_decay else "")  # fmt: skip
    return (
        f"{decay}m_t = β1·m_{{t-1}} + (1-β1)·g_t, v_t = β2·v_{{t-1}} + (1-β2)·g_t², "
        f"m̂_t = m_t/(1-β1^t), v̂_t = v_t/(1-β2^t), x_t = x_{{t-1}} - lr·m̂_t/(√{v} + ε)"
    )


def _rule_text(o: Optimizer) -> str:
    """The update rule as torch.optim implements it, with this problem's numbers."""
    schedule = ""
    if o.schedule is not None:
        schedule = f" The learning rate follows {o.schedule.text()}, stepped after every update."
    return (f"{METHOD_NAMES[o.name]}, torch.optim.{o.torch_call()}: {_gradient_rule(o)}; "
            f"{_method_rule(o)}.{schedule}")  # fmt: skip


def _previous(trace: Trace, t: int, name: str) -> Vector:
    """An internal vector before step t (zeros before the first step)."""
    if t == 1:
        return (0.0,) * len(trace.points[0])
    value: Vector = getattr(trace.iterations[t - 2], name)
    return value


def _momentum_steps(trace: Trace, it: Iteration) -> list[Step]:
    """The buffer update (and Nesterov's direction) of one iteration."""
    h = trace.hyper
    if it.buffer is None:
        return []
    if it.step == 1:
        text = f"b_1 = g_1 = {vec(it.buffer)} (torch copies the first gradient)"
    else:
        prev = _previous(trace, it.step, "buffer")
        keep = f"{num(1 - h.dampening)}·" if h.dampening else ""
        text = (f"b_{it.step} = {num(h.momentum)}·{vec(prev)} + {keep}{vec(it.used)} = "
                f"{vec(it.buffer)}")  # fmt: skip
    steps = [Step("momentum buffer", text)]
    if h.nesterov:
        nesterov = f"d_{it.step} = g + {num(h.momentum)}·b = {vec(it.direction)}"
        steps.append(Step("Nesterov direction", nesterov))
    return steps


def _rmsprop_steps(trace: Trace, it: Iteration) -> list[Step]:
    """The square-average update, the scaled direction and the momentum of one iteration."""
    h, t = trace.hyper, it.step
    assert it.square_avg is not None
    prev = _previous(trace, t, "square_avg")
    squares = tuple(g * g for g in it.used)
    a = h.alpha
    text = f"s_{t} = {num(a)}·{vec(prev)} + {num(1 - a)}·{vec(squares)} = {vec(it.square_avg)}"
    steps = [Step("square average", text)]
    if it.grad_avg is not None:
        steps.append(Step("mean gradient", f"ḡ_{t} = {vec(it.grad_avg)} (centered)"))
    if it.buffer is not None:
        prev_b = _previous(trace, t, "buffer")
        steps.append(Step("momentum buffer", f"b_{t} = {num(h.momentum)}·{vec(prev_b)} + "
                          f"g/(√s + ε) = {vec(it.buffer)}"))  # fmt: skip
    else:
        steps.append(Step("scaled gradient", f"d_{t} = g/(√s + ε) = {vec(it.direction)}"))
    return steps


def _adam_steps(trace: Trace, it: Iteration) -> list[Step]:
    """The two moment updates, the bias correction and the direction of one iteration."""
    h, t = trace.hyper, it.step
    assert it.m is not None and it.v is not None and it.m_hat is not None and it.v_hat is not None
    squares = tuple(g * g for g in it.used)
    m_prev, v_prev = _previous(trace, t, "m"), _previous(trace, t, "v")
    c1, c2 = 1 - h.beta1**t, 1 - h.beta2**t
    steps = [
        Step("first moment", f"m_{t} = {num(h.beta1)}·{vec(m_prev)} + {num(1 - h.beta1)}·"
             f"{vec(it.used)} = {vec(it.m)}"),
        Step("second moment", f"v_{t} = {num(h.beta2)}·{vec(v_prev)} + {num(1 - h.beta2)}·"
             f"{vec(squares)} = {vec(it.v)}"),
    ]  # fmt: skip
    if it.v_max is not None:
        steps.append(Step("AMSGrad maximum", f"max(v_1, …, v_{t}) = {vec(it.v_max)}"))
    steps += [
        Step("bias correction", f"1 - β1^{t} = {num(c1)}, 1 - β2^{t} = {num(c2)}: "
             f"m̂_{t} = {vec(it.m_hat)}, v̂_{t} = {vec(it.v_hat)}"),
        Step("Adam direction", f"d_{t} = m̂/(√v̂ + ε) = {vec(it.direction)}"),
    ]  # fmt: skip
    if it.decayed is not None:
        factor = 1 - it.lr * h.weight_decay
        steps.insert(0, Step("decoupled weight decay", f"x ← {num(factor)}·{vec(it.point)} = "
                             f"{vec(it.decayed)}"))  # fmt: skip
    return steps


def _adagrad_steps(trace: Trace, it: Iteration) -> list[Step]:
    """The sum of squares, the decayed rate and the direction of one iteration."""
    assert it.state_sum is not None
    t = it.step
    return [
        Step("sum of squares", f"G_{t} = {vec(it.state_sum)}"),
        Step("learning rate", f"lr_{t} = {num(it.lr)}"),
        Step("scaled gradient", f"d_{t} = g/(√G + ε) = {vec(it.direction)}"),
    ]


_INTERNALS: dict[str, Callable[[Trace, Iteration], list[Step]]] = {
    "sgd": _momentum_steps,
    "rmsprop": _rmsprop_steps,
    "adam": _adam_steps,
    "adamw": _adam_steps,
    "adagrad": _adagrad_steps,
}


def _iteration_step(trace: Trace, it: Iteration, names: str) -> Step:
    """One iteration: gradient, the method's internals, the update."""
    t = it.step
    text = f"g_{t} = ∇f{vec(it.point)} = {vec(it.gradient)}"
    if it.used != it.gradient:
        text += f"; the step uses {vec(it.used)} (maximize / weight decay)"
    gradient = Step("gradient at the point", text)
    base = it.decayed if it.decayed is not None else it.point
    update = (
        f"x_{t} = {vec(base)} - {num(it.lr)}·{vec(it.direction)} = "
        f"{vec(it.new_point)}, f = {num(trace.values[t])}"
    )
    substeps = (gradient, *_INTERNALS[trace.optimizer.method](trace, it), Step("update", update))
    return Step(f"step {t}", f"Step {t}: ({names}) = {vec(it.new_point)}.", substeps=substeps)


def optimizer_step_solution(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    method: str | Optimizer,
    lr: float,
    start: Sequence[float],
    steps: int = 1,
    options: Mapping[str, Any] | None = None,
    rng: random.Random | None = None,
) -> Solution:
    """Worked ``steps`` updates of ``method`` from ``start``; the result is the final point.

    ``method`` is a method name (with torch ``options``) or a ready ``Optimizer``.
    """
    plan = method if isinstance(method, Optimizer) else make_optimizer(method, lr, options)
    trace = run_optimizer(f, variables, plan, start, steps)
    names = ", ".join(str(v) for v in variables)
    grad = gradient_solution(f, variables, rng)
    table = OptimizerTable(_columns(plan), tuple(str(v) for v in variables), trace.iterations,
                           trace.values)  # fmt: skip
    gradient_text = f"Differentiate f: ∇f = ({', '.join(show(g) for g in grad.result)})."
    tree = (
        Step("gradient", gradient_text, f, sympy.Tuple(*grad.result), grad.steps),
        Step("update rule", _rule_text(plan)),
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
