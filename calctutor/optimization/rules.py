"""The update rules of ``torch.optim`` for one step, written coordinate by coordinate.

Each rule turns the gradient ``g`` at the current point into a *direction* ``d``; the point then
moves by ``p <- p - lr * d`` (or ``p + lr * d`` when maximizing, as ``torch.optim`` does with
``maximize=True``). The rules keep their state (momentum buffer, square average, moments) in an
immutable ``OptimizerState`` so a trace can record every intermediate number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

Vector = tuple[float, ...]

METHODS: tuple[str, ...] = ("gd", "momentum", "nesterov", "rmsprop", "adam")
HYPER_NAMES: tuple[str, ...] = ("momentum", "alpha", "eps", "beta1", "beta2")
METHOD_NAMES: dict[str, str] = {
    "gd": "gradient descent",
    "momentum": "SGD with momentum",
    "nesterov": "SGD with Nesterov momentum",
    "rmsprop": "RMSprop",
    "adam": "Adam",
}


@dataclass(frozen=True)
class Hyper:
    """Hyperparameters under PyTorch's names and defaults.

    ``bias_correction`` is not a torch option: turning it off reproduces the classic mistake of
    Adam without bias correction. ``maximize`` is torch's flag: ascend instead of descend.
    """

    momentum: float = 0.9
    alpha: float = 0.99
    eps: float = 1e-8
    beta1: float = 0.9
    beta2: float = 0.999
    bias_correction: bool = True
    maximize: bool = False

    def __post_init__(self) -> None:
        """Store the numbers as floats, whatever numeric type (a SymPy Rational ...) was given."""
        for name in HYPER_NAMES:
            object.__setattr__(self, name, float(getattr(self, name)))

    @staticmethod
    def from_values(values: Mapping[str, float]) -> Hyper:
        """The defaults with the given numeric hyperparameters (momentum, alpha, eps, beta1/2)."""
        unknown = sorted(set(values) - set(HYPER_NAMES))
        if unknown:
            raise ValueError(f"unknown hyperparameter(s): {', '.join(unknown)}")
        d = Hyper()
        get = {name: float(values.get(name, getattr(d, name))) for name in HYPER_NAMES}
        return Hyper(get["momentum"], get["alpha"], get["eps"], get["beta1"], get["beta2"])

    def problems(self) -> tuple[str, ...]:
        """Why these values are out of range, one sentence each (empty when they are fine)."""
        out = [
            f"{name} must be in [0, 1), not {value:g}"
            for name, value in (
                ("momentum", self.momentum),
                ("alpha", self.alpha),
                ("beta1", self.beta1),
                ("beta2", self.beta2),
            )
            if not 0.0 <= value < 1.0
        ]
        if not self.eps >= 0.0:
            out.append(f"eps must be >= 0, not {self.eps:g}")
        return tuple(out)


@dataclass(frozen=True)
class OptimizerState:
    """What an optimizer remembers between steps; ``None`` means not created yet."""

    t: int = 0
    buffer: Vector | None = None
    square_avg: Vector | None = None
    m: Vector | None = None
    v: Vector | None = None


@dataclass(frozen=True)
class Move:
    """The outcome of one rule: the direction, the new state, and Adam's corrected moments."""

    direction: Vector
    state: OptimizerState
    m_hat: Vector | None = None
    v_hat: Vector | None = None


def _zeros(n: int) -> Vector:
    """The zero vector of length n."""
    return (0.0,) * n


def gd_rule(g: Vector, state: OptimizerState, hyper: Hyper) -> Move:
    """Plain gradient descent: d = g."""
    return Move(direction=g, state=replace(state, t=state.t + 1))


def _momentum_buffer(g: Vector, state: OptimizerState, mu: float) -> Vector:
    """b_1 = g_1 (torch copies the first gradient), then b_t = mu * b_{t-1} + g_t."""
    if state.buffer is None:
        return g
    return tuple(mu * b + gi for b, gi in zip(state.buffer, g, strict=True))


def momentum_rule(g: Vector, state: OptimizerState, hyper: Hyper) -> Move:
    """SGD with momentum (torch, dampening 0): b_t = mu * b_{t-1} + g_t, d = b_t."""
    buf = _momentum_buffer(g, state, hyper.momentum)
    return Move(direction=buf, state=replace(state, t=state.t + 1, buffer=buf))


def nesterov_rule(g: Vector, state: OptimizerState, hyper: Hyper) -> Move:
    """Nesterov as torch (``nesterov=True``): b_t = mu * b_{t-1} + g_t, d = g_t + mu * b_t."""
    mu = hyper.momentum
    buf = _momentum_buffer(g, state, mu)
    direction = tuple(gi + mu * b for gi, b in zip(g, buf, strict=True))
    return Move(direction=direction, state=replace(state, t=state.t + 1, buffer=buf))


def rmsprop_rule(g: Vector, state: OptimizerState, hyper: Hyper) -> Move:
    """RMSprop as torch: s_t = alpha * s_{t-1} + (1 - alpha) g^2, d = g / (sqrt(s_t) + eps).

    The square average starts at 0, eps is added after the square root, no bias correction.
    """
    a = hyper.alpha
    old = state.square_avg if state.square_avg is not None else _zeros(len(g))
    s = tuple(a * si + (1 - a) * gi * gi for si, gi in zip(old, g, strict=True))
    direction = tuple(gi / (math.sqrt(si) + hyper.eps) for gi, si in zip(g, s, strict=True))
    return Move(direction=direction, state=replace(state, t=state.t + 1, square_avg=s))


def adam_rule(g: Vector, state: OptimizerState, hyper: Hyper) -> Move:
    """Adam as torch: m_t = b1 m + (1-b1) g, v_t = b2 v + (1-b2) g^2,
    m_hat = m_t / (1 - b1^t), v_hat = v_t / (1 - b2^t), d = m_hat / (sqrt(v_hat) + eps).

    torch computes the same number as (lr / (1 - b1^t)) * m_t / (sqrt(v_t)/sqrt(1 - b2^t) + eps).
    """
    t = state.t + 1
    b1, b2 = hyper.beta1, hyper.beta2
    m0 = state.m if state.m is not None else _zeros(len(g))
    v0 = state.v if state.v is not None else _zeros(len(g))
    m = tuple(b1 * mi + (1 - b1) * gi for mi, gi in zip(m0, g, strict=True))
    v = tuple(b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v0, g, strict=True))
    c1, c2 = (1 - b1**t, 1 - b2**t) if hyper.bias_correction else (1.0, 1.0)
    m_hat = tuple(mi / c1 for mi in m)
    v_hat = tuple(vi / c2 for vi in v)
    direction = tuple(mh / (math.sqrt(vh) + hyper.eps) for mh, vh in zip(m_hat, v_hat, strict=True))
    new_state = replace(state, t=t, m=m, v=v)
    return Move(direction=direction, state=new_state, m_hat=m_hat, v_hat=v_hat)


RULES = {
    "gd": gd_rule,
    "momentum": momentum_rule,
    "nesterov": nesterov_rule,
    "rmsprop": rmsprop_rule,
    "adam": adam_rule,
}
