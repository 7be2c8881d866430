"""The update rules of ``torch.optim`` for one step, written coordinate by coordinate.

Each rule takes the point, the gradient of f there, the optimizer's state and this step's
learning rate, and returns the new point computed in the same order of floating-point
operations as torch's single-tensor implementation (so a trace agrees with torch far below any
tolerance). The state (momentum buffer, square averages, moments, sums) is an immutable
``OptimizerState`` so a trace can record every intermediate number. Options and their defaults
are in :mod:`calctutor.sets.torch_options`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from calctutor.sets.torch_options import (
    CLASSES,
    HYPER_FIELDS,
    METHOD_NAMES,
    METHODS,
    Hyper,
    OptimizerOptionError,
    hyper_for,
)

Vector = tuple[float, ...]

__all__ = [
    "CLASSES",
    "HYPER_FIELDS",
    "METHODS",
    "METHOD_NAMES",
    "RULES",
    "Hyper",
    "Move",
    "OptimizerOptionError",
    "OptimizerState",
    "Vector",
    "hyper_for",
]


@dataclass(frozen=True)
class OptimizerState:
    """What an optimizer remembers between steps; ``None`` means not created yet."""

    t: int = 0
    buffer: Vector | None = None
    square_avg: Vector | None = None
    grad_avg: Vector | None = None
    m: Vector | None = None
    v: Vector | None = None
    v_max: Vector | None = None
    state_sum: Vector | None = None


@dataclass(frozen=True)
class Move:
    """One step's outcome: the new point and every number on the way to it.

    ``used`` is the gradient the rule works with (negated for ``maximize``, plus weight decay);
    ``new_point = start - lr * direction``, where ``start`` is the point, or for AdamW the point
    after its decoupled decay (``decayed``). ``lr`` is this step's rate (Adagrad's decayed one).
    """

    new_point: Vector
    direction: Vector
    state: OptimizerState
    used: Vector
    lr: float
    m_hat: Vector | None = None
    v_hat: Vector | None = None
    decayed: Vector | None = None


Rule = Callable[[Vector, Vector, OptimizerState, float, Hyper], Move]


def _zeros(n: int) -> Vector:
    """The zero vector of length n."""
    return (0.0,) * n


def _sqrt(x: float) -> float:
    """A square root that is nan for a negative number, as a tensor's is."""
    return math.sqrt(x) if x >= 0 else math.nan


def _lerp(start: float, end: float, weight: float) -> float:
    """torch.lerp on the CPU: the formula depends on which side of 1/2 the weight is."""
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


def _used_gradient(p: Vector, g: Vector, h: Hyper, decoupled: bool = False) -> Vector:
    """The gradient torch steps with: negated for maximize, plus weight_decay * p (L2)."""
    used = tuple(-gi for gi in g) if h.maximize else g
    if h.weight_decay != 0 and not decoupled:
        used = tuple(gi + h.weight_decay * pi for gi, pi in zip(used, p, strict=True))
    return used


def _moved(p: Vector, d: Vector, lr: float) -> Vector:
    """``param.add_(d, alpha=-lr)``."""
    return tuple(pi + -lr * di for pi, di in zip(p, d, strict=True))


def sgd_rule(p: Vector, g: Vector, state: OptimizerState, lr: float, h: Hyper) -> Move:
    """SGD: d = g (+ weight_decay·p); with momentum b_1 = d_1, b_t = μ·b_{t-1} + (1 − τ)·d_t,
    then the step is along b_t, or along d_t + μ·b_t with ``nesterov``."""
    used = _used_gradient(p, g, h)
    direction, buffer = used, state.buffer
    if h.momentum != 0:
        if buffer is None:
            buffer = used
        else:
            keep = 1 - h.dampening
            buffer = tuple(h.momentum * b + keep * d for b, d in zip(buffer, used, strict=True))
        if h.nesterov:
            direction = tuple(d + h.momentum * b for d, b in zip(used, buffer, strict=True))
        else:
            direction = buffer
    new_state = replace(state, t=state.t + 1, buffer=buffer)
    return Move(_moved(p, direction, lr), direction, new_state, used, lr)


def rmsprop_rule(p: Vector, g: Vector, state: OptimizerState, lr: float, h: Hyper) -> Move:
    """RMSprop: s_t = α·s_{t-1} + (1 − α)·g², d = g/(√s_t + ε) (centered: √(s_t − ḡ_t²));
    with momentum b_t = μ·b_{t-1} + d (b_0 = 0) and the step is along b_t."""
    used, a, n = _used_gradient(p, g, h), h.alpha, len(g)
    old = state.square_avg if state.square_avg is not None else _zeros(n)
    square = tuple(a * s + (1 - a) * gi * gi for s, gi in zip(old, used, strict=True))
    grad_avg = state.grad_avg
    if h.centered:
        previous = grad_avg if grad_avg is not None else _zeros(n)
        grad_avg = tuple(_lerp(m, gi, 1 - a) for m, gi in zip(previous, used, strict=True))
        avg = tuple(_sqrt(s - m * m) + h.eps for s, m in zip(square, grad_avg, strict=True))
    else:
        avg = tuple(_sqrt(s) + h.eps for s in square)
    scaled = tuple(gi / ai for gi, ai in zip(used, avg, strict=True))
    direction, buffer = scaled, state.buffer
    if h.momentum > 0:
        previous = buffer if buffer is not None else _zeros(n)
        buffer = tuple(h.momentum * b + d for b, d in zip(previous, scaled, strict=True))
        direction = buffer
    new_state = replace(state, t=state.t + 1, square_avg=square, grad_avg=grad_avg, buffer=buffer)
    return Move(_moved(p, direction, lr), direction, new_state, used, lr)


def _adam(decoupled: bool) -> Rule:
    """Adam's rule, or AdamW's with the weight decay applied to the point itself."""

    def rule(p: Vector, g: Vector, state: OptimizerState, lr: float, h: Hyper) -> Move:
        """Adam: m_t = β1·m + (1 − β1)·g, v_t = β2·v + (1 − β2)·g², m̂ = m_t/(1 − β1^t),
        v̂ = v_t/(1 − β2^t) (amsgrad: the running maximum of v_t), d = m̂/(√v̂ + ε)."""
        t, n, (b1, b2) = state.t + 1, len(g), h.betas
        used = _used_gradient(p, g, h, decoupled)
        decayed = None
        if decoupled and h.weight_decay != 0:
            decayed = tuple(pi * (1 - lr * h.weight_decay) for pi in p)
        m0 = state.m if state.m is not None else _zeros(n)
        v0 = state.v if state.v is not None else _zeros(n)
        m = tuple(_lerp(mi, gi, 1 - b1) for mi, gi in zip(m0, used, strict=True))
        v = tuple(b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v0, used, strict=True))
        v_max = state.v_max
        if h.amsgrad:
            v_max = tuple(max(a, b) for a, b in zip(v_max or _zeros(n), v, strict=True))
        c1, c2 = (1 - b1**t, 1 - b2**t) if h.bias_correction else (1.0, 1.0)
        root_c2, second = math.sqrt(c2), (v_max if h.amsgrad and v_max is not None else v)
        denom = tuple(_sqrt(vi) / root_c2 + h.eps for vi in second)
        ratio = tuple(mi / di for mi, di in zip(m, denom, strict=True))
        base = decayed if decayed is not None else p
        new = tuple(bi + -(lr / c1) * r for bi, r in zip(base, ratio, strict=True))
        new_state = replace(state, t=t, m=m, v=v, v_max=v_max)
        return Move(
            new, tuple(r / c1 for r in ratio), new_state, used, lr,
            m_hat=tuple(mi / c1 for mi in m), v_hat=tuple(vi / c2 for vi in second),
            decayed=decayed,
        )  # fmt: skip

    return rule


def adagrad_rule(p: Vector, g: Vector, state: OptimizerState, lr: float, h: Hyper) -> Move:
    """Adagrad: lr_t = lr/(1 + (t − 1)·lr_decay), G_t = G_{t-1} + g² (G_0 =
    initial_accumulator_value), d = g/(√G_t + ε)."""
    t, used = state.t + 1, _used_gradient(p, g, h)
    clr = lr / (1 + (t - 1) * h.lr_decay)
    old = state.state_sum or (h.initial_accumulator_value,) * len(g)
    total = tuple(s + gi * gi for s, gi in zip(old, used, strict=True))
    direction = tuple(gi / (_sqrt(s) + h.eps) for gi, s in zip(used, total, strict=True))
    new_state = replace(state, t=t, state_sum=total)
    return Move(_moved(p, direction, clr), direction, new_state, used, clr)


RULES: dict[str, Rule] = {
    "sgd": sgd_rule,
    "rmsprop": rmsprop_rule,
    "adam": _adam(decoupled=False),
    "adamw": _adam(decoupled=True),
    "adagrad": adagrad_rule,
}
"""The rule of each torch method (the shorthands gd, momentum and nesterov are ``sgd``)."""
