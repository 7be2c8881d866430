"""Exact behaviour of SGD (any momentum, dampening, Nesterov, weight decay) on a quadratic.

On a quadratic the function the optimizer minimizes, φ = ±f + (weight_decay/2)·‖x‖², has a
constant Hessian A. Along each eigenvector v of A (eigenvalue λ) SGD with a constant learning
rate η is a linear recurrence in (e, b) = (the error along v, the momentum buffer along v):

    b' = μ·b + (1 − τ)·λ·e,    e' = e − η·b'              (heavy ball)
                               e' = e − η·(λ·e + μ·b')     (Nesterov)

Its spectral radius ρ decides the mode: ρ > 1 grows geometrically (divergence when λ > 0),
ρ < 1 shrinks. Without momentum ρ = |1 − ηλ|, so plain GD is stable iff η < 2/λ; heavy ball iff
η < 2(1 + μ)/((1 − τ)λ); Nesterov iff η < 2(1 + μ)/((1 + 2μ)λ). A mode with λ < 0, or λ = 0
and a non-zero slope, is a direction in which φ has no minimum at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from calctutor.optimization.settings import Optimizer
from calctutor.optimization.symmetric import eigen

Vector = tuple[float, ...]
EXCITED = 1e-12


@dataclass(frozen=True)
class Mode:
    """One eigen-direction of φ's Hessian: λ, v, whether the start moves along it, and ρ."""

    curvature: float
    direction: Vector
    excited: bool
    factor: float | None


@dataclass(frozen=True)
class Quadratic:
    """The modes of a quadratic problem; ``factor`` is set when the optimizer is linear on it."""

    modes: tuple[Mode, ...]
    linear: bool
    limit: float | None

    def unstable(self) -> list[Mode]:
        """The excited modes of positive curvature that grow (the learning rate is too big)."""
        return [m for m in self.modes if m.excited and m.curvature > 0 and _grows(m.factor)]

    def unbounded(self) -> list[Mode]:
        """The excited modes along which φ has no minimum (negative curvature, or a flat slope)."""
        return [m for m in self.modes if m.excited and m.curvature <= 0]

    def rate(self) -> float | None:
        """The slowest shrink factor of the excited modes (None when not linear)."""
        factors = [m.factor for m in self.modes if m.excited and m.factor is not None]
        return max(factors) if self.linear and factors else None


def _grows(factor: float | None) -> bool:
    """A spectral radius above 1 (beyond rounding)."""
    return factor is not None and factor > 1 + 1e-12


def decay_sign(optimizer: Optimizer) -> tuple[float, float]:
    """(the sign of f in φ, the L2 weight decay in φ): what the optimizer minimizes."""
    sign = -1.0 if optimizer.hyper.maximize else 1.0
    coupled = 0.0 if optimizer.method == "adamw" else optimizer.hyper.weight_decay
    return sign, coupled


def analyse(
    f: sympy.Expr, variables: Sequence[sympy.Symbol], optimizer: Optimizer, g0: Vector
) -> Quadratic | None:
    """The modes of φ when f is a polynomial of degree at most 2, else None.

    ``g0`` is φ's gradient at the start: a mode is excited when g0 has a component along it.
    """
    vs = tuple(variables)
    if not f.is_polynomial(*vs) or sympy.Poly(f, *vs).total_degree() > 2:
        return None
    sign, decay = decay_sign(optimizer)
    hessian = sympy.hessian(f, vs)
    a = [[sign * float(hessian[i, j]) + (decay if i == j else 0.0) for j in range(len(vs))]
         for i in range(len(vs))]  # fmt: skip
    linear = optimizer.method == "sgd" and optimizer.schedule is None
    pairs = eigen(a)
    biggest = max((abs(lam) for lam, _ in pairs), default=0.0)
    scale = max(math.sqrt(sum(c * c for c in g0)), 1e-300)
    modes = []
    for lam, vec in pairs:
        lam = 0.0 if abs(lam) <= 1e-12 * biggest else lam
        component = abs(sum(v * g for v, g in zip(vec, g0, strict=True)))
        factor = _factor(lam, optimizer) if linear else None
        modes.append(Mode(lam, vec, component > EXCITED * scale, factor))
    return Quadratic(tuple(modes), linear, stable_limit(optimizer, pairs[-1][0]))


def _factor(lam: float, optimizer: Optimizer) -> float:
    """The spectral radius of one SGD step on a mode of curvature λ."""
    h, eta = optimizer.hyper, optimizer.lr
    mu, keep = h.momentum, 1 - h.dampening
    if mu == 0:
        return abs(1 - eta * lam)
    k_e = lam + mu * keep * lam if h.nesterov else keep * lam
    k_b = mu * mu if h.nesterov else mu
    trace = (1 - eta * k_e) + mu
    det = (1 - eta * k_e) * mu + eta * k_b * keep * lam
    disc = trace * trace - 4 * det
    if disc >= 0:
        root = math.sqrt(disc)
        return max(abs(trace + root), abs(trace - root)) / 2
    return math.sqrt(det)


def stable_limit(optimizer: Optimizer, lam_max: float) -> float | None:
    """The largest stable learning rate for SGD on curvature λ_max (None when not SGD)."""
    h = optimizer.hyper
    if optimizer.method != "sgd" or lam_max <= 0 or h.momentum >= 1:
        return None
    mu, keep = h.momentum, 1 - h.dampening
    if mu == 0:
        return 2 / lam_max
    if h.nesterov:
        return 2 * (1 + mu) / ((1 + 2 * mu) * lam_max)
    return 2 * (1 + mu) / (keep * lam_max) if keep > 0 else None
