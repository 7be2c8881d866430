"""An optimizer fully specified: method, learning rate, every option, and a schedule.

``make_optimizer`` builds one from a method name and options (refusing what torch refuses);
``read_optimizer`` from a PyTorch-style call such as ``Adam(lr=0.1, betas=(0.9, 0.99))``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from calctutor.expr.errors import ParseError
from calctutor.sets.torch_options import (
    CLASSES,
    METHOD_NAMES,
    OPTIONS,
    POSITIONAL,
    SHORTHANDS,
    TORCH_LR,
    Hyper,
    OptimizerOptionError,
    canonical,
    changed_options,
    check_lr,
    format_value,
    hyper_for,
    hyperparameters,
    torch_call,
)
from calctutor.sets.torch_schedules import Schedule
from calctutor.sets.torch_spec import bind, parse_call


@dataclass(frozen=True)
class Optimizer:
    """What one run uses: ``name`` as asked (gd, momentum, adam …), ``method`` the torch one."""

    name: str
    method: str
    lr: float
    hyper: Hyper
    schedule: Schedule | None = None

    def torch_call(self) -> str:
        """``SGD(lr=0.01, momentum=0.9, dampening=0, …)``: every option with its value."""
        return torch_call(self.method, self.lr, self.hyper)

    def hyperparameters(self) -> dict[str, Any]:
        """The options under torch's names with their values (and the schedule), for JSON."""
        out = hyperparameters(self.method, self.lr, self.hyper)
        if self.schedule is not None:
            out["schedule"] = self.schedule.text()
        return out

    def rates(self, steps: int) -> tuple[float, ...]:
        """The learning rate of each step."""
        if self.schedule is None:
            return (self.lr,) * steps
        return self.schedule.rates(self.lr, steps)

    def title(self) -> str:
        """A short name for tables and legends: the method, and the options changed from torch's
        defaults by the shorthand or the user."""
        changed = changed_options(self.method, self.hyper)
        inner = ", ".join(f"{o}={format_value(self.hyper.value(o))}" for o in changed)
        return f"{self.name}({inner})" if inner else self.name

    def described(self) -> str:
        """In words, for a prompt: 'SGD with momentum, torch.optim.SGD(lr=0.01, momentum=0.9,
        …)' with the schedule when there is one."""
        text = f"{METHOD_NAMES[self.name]} (torch.optim.{self.torch_call()})"
        if self.schedule is not None:
            text += (f", with the learning-rate schedule {self.schedule.text()} stepped after "
                     "every update")  # fmt: skip
        return text

    def changed(self, **changes: Any) -> Optimizer:
        """A copy with fields replaced (the checker's alternative runs)."""
        return replace(self, **changes)


def make_optimizer(
    name: str,
    lr: float,
    options: Mapping[str, Any] | None = None,
    schedule: Schedule | None = None,
) -> Optimizer:
    """The optimizer for a method name, lr and options, refusing what does not apply."""
    method, hyper = hyper_for(name, options)
    return Optimizer(name.strip().lower(), method, check_lr(float(lr)), hyper, schedule)


def read_optimizer(text: str, lr: float | None = None) -> Optimizer:
    """An optimizer from ``Adam(lr=0.1, betas=(0.9, 0.99), amsgrad=True)``.

    The class name is torch's (any case; ``torch.optim.`` may prefix it) or one of calctutor's
    shorthands; lr defaults to ``lr`` when given, else to torch's default for the class.
    """
    call = parse_call(text)
    raw = call.name.removeprefix("torch.optim.")
    try:
        method = canonical(raw)
    except OptimizerOptionError as error:
        raise ParseError(str(error)) from None
    values = bind(call, POSITIONAL[method] if raw.lower() not in SHORTHANDS else ("lr",), raw)
    given = values.pop("lr", None)
    if given is not None and lr is not None and float(given) != float(lr):
        raise ParseError(f"lr is given twice: lr={format_value(given)} in the specification and "
                         f"--lr {format_value(lr)}")  # fmt: skip
    rate = given if given is not None else lr if lr is not None else TORCH_LR[method]
    if isinstance(rate, bool | tuple):
        raise ParseError("lr must be a number")
    name = raw.lower() if raw.lower() in SHORTHANDS else method
    return make_optimizer(name, float(rate), values)


__all__ = [
    "CLASSES",
    "OPTIONS",
    "Optimizer",
    "OptimizerOptionError",
    "make_optimizer",
    "read_optimizer",
]
