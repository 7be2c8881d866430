"""Learning-rate schedules as ``torch.optim.lr_scheduler`` computes them.

A schedule is stepped once per iteration, ``scheduler.step()`` after ``optimizer.step()``: step
``t`` (1-based) uses the learning rate after ``t - 1`` scheduler steps. The rates follow torch's
own recursive formulas (each new rate from the previous one), so they agree with torch to the
last bits, not only with the closed forms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from calctutor.expr.errors import ParseError
from calctutor.sets.torch_options import format_value
from calctutor.sets.torch_spec import bind, parse_call

SCHEDULES: dict[str, tuple[str, ...]] = {
    "StepLR": ("step_size", "gamma"),
    "ExponentialLR": ("gamma",),
    "CosineAnnealingLR": ("T_max", "eta_min"),
}
"""Each scheduler's arguments after the optimizer, in torch's order."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "StepLR": ("step_size",),
    "ExponentialLR": ("gamma",),
    "CosineAnnealingLR": ("T_max",),
}
DEFAULTS: dict[str, dict[str, float]] = {
    "StepLR": {"gamma": 0.1},
    "ExponentialLR": {},
    "CosineAnnealingLR": {"eta_min": 0.0},
}


@dataclass(frozen=True)
class Schedule:
    """A scheduler and its arguments (torch's names)."""

    name: str
    args: tuple[tuple[str, float], ...]

    def arg(self, key: str) -> float:
        """One argument's value."""
        return dict(self.args)[key]

    def text(self) -> str:
        """The torch call: ``StepLR(step_size=10, gamma=0.5)``."""
        inner = ", ".join(f"{k}={format_value(v)}" for k, v in self.args)
        return f"{self.name}({inner})"

    def rates(self, lr: float, steps: int) -> tuple[float, ...]:
        """The learning rate of each of ``steps`` iterations, starting from ``lr``."""
        out = [lr]
        for epoch in range(1, steps):
            out.append(self._next(out[-1], lr, epoch))
        return tuple(out[:steps])

    def _next(self, current: float, base: float, epoch: int) -> float:
        """torch's ``get_lr`` at ``last_epoch = epoch``, from the current rate."""
        if self.name == "StepLR":
            size = self.arg("step_size")
            return current * self.arg("gamma") if epoch % size == 0 else current
        if self.name == "ExponentialLR":
            return current * self.arg("gamma")
        return _cosine(current, base, epoch, self.arg("T_max"), self.arg("eta_min"))


def _cosine(current: float, base: float, epoch: int, t_max: float, eta_min: float) -> float:
    """CosineAnnealingLR's recursive step (torch's ``get_lr``), restarts of the cosine included."""
    if (epoch - 1 - t_max) % (2 * t_max) == 0:
        return current + (base - eta_min) * (1 - math.cos(math.pi / t_max)) / 2
    ratio = (1 + math.cos(math.pi * epoch / t_max)) / (1 + math.cos(math.pi * (epoch - 1) / t_max))
    return ratio * (current - eta_min) + eta_min


def read_schedule(text: str) -> Schedule:
    """A schedule from ``StepLR(step_size=10, gamma=0.5)`` (or positional arguments)."""
    call = parse_call(text)
    name = call.name.removeprefix("torch.optim.lr_scheduler.")
    known = {k.lower(): k for k in SCHEDULES}
    if name.lower() not in known:
        raise ParseError(f"unknown schedule '{call.name}'; choose one of {', '.join(SCHEDULES)}")
    name = known[name.lower()]
    return make_schedule(name, bind(call, SCHEDULES[name], name))


def make_schedule(name: str, given: dict[str, Any]) -> Schedule:
    """A checked schedule: only the scheduler's own arguments, numbers, no division by zero."""
    allowed = SCHEDULES[name]
    for key in given:
        if key not in allowed:
            raise ParseError(f"{key} does not apply to {name}; its arguments are "
                             f"{', '.join(allowed)}")  # fmt: skip
    missing = [k for k in REQUIRED[name] if k not in given]
    if missing:
        raise ParseError(f"{name} needs {', '.join(missing)}")
    values = {**DEFAULTS[name], **given}
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParseError(f"{name}'s {key} must be a number, not {value!r}")
    for key in ("step_size", "T_max"):
        if key in values and not values[key] > 0:
            raise ParseError(f"{name}'s {key} must be positive (torch divides by it), "
                             f"not {format_value(values[key])}")  # fmt: skip
    return Schedule(name, tuple((k, values[k]) for k in allowed))
