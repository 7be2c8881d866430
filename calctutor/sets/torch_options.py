"""The optimizers of ``torch.optim`` calctutor teaches, their options, defaults and refusals.

Each method has exactly the options its ``torch.optim`` class has (under the same names and with
the same defaults); an option that does not belong to a method is refused, never ignored, and a
value torch refuses is refused with torch's own reason. ``gd``, ``momentum`` and ``nesterov`` are
calctutor's shorthands for ``SGD()``, ``SGD(momentum=0.9)`` and ``SGD(momentum=0.9,
nesterov=True)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

CLASSES: dict[str, str] = {
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "adamw": "AdamW",
    "adagrad": "Adagrad",
}
"""calctutor's method name -> the ``torch.optim`` class."""

OPTIONS: dict[str, tuple[str, ...]] = {
    "sgd": ("momentum", "dampening", "weight_decay", "nesterov", "maximize"),
    "rmsprop": ("alpha", "eps", "weight_decay", "momentum", "centered", "maximize"),
    "adam": ("betas", "eps", "weight_decay", "amsgrad", "maximize"),
    "adamw": ("betas", "eps", "weight_decay", "amsgrad", "maximize"),
    "adagrad": ("lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"),
}
"""Each method's options besides lr, in the order of the torch constructor's arguments."""

POSITIONAL: dict[str, tuple[str, ...]] = {
    "sgd": ("lr", "momentum", "dampening", "weight_decay", "nesterov"),
    "rmsprop": ("lr", "alpha", "eps", "weight_decay", "momentum", "centered"),
    "adam": ("lr", "betas", "eps", "weight_decay", "amsgrad"),
    "adamw": ("lr", "betas", "eps", "weight_decay", "amsgrad"),
    "adagrad": ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"),
}
"""The arguments each torch constructor takes by position (after ``params``)."""

TORCH_LR: dict[str, float] = {
    "sgd": 1e-3, "rmsprop": 1e-2, "adam": 1e-3, "adamw": 1e-3, "adagrad": 1e-2,
}  # fmt: skip
"""torch's default learning rate of each class (used when a PyTorch-style spec omits lr)."""

SHORTHANDS: dict[str, tuple[str, dict[str, Any]]] = {
    "gd": ("sgd", {}),
    "momentum": ("sgd", {"momentum": 0.9}),
    "nesterov": ("sgd", {"momentum": 0.9, "nesterov": True}),
}
"""calctutor's shorthand methods: the torch method and the options they set."""

METHODS: tuple[str, ...] = (
    "gd",
    "momentum",
    "nesterov",
    "sgd",
    "rmsprop",
    "adam",
    "adamw",
    "adagrad",
)
METHOD_NAMES: dict[str, str] = {
    "gd": "gradient descent",
    "momentum": "SGD with momentum",
    "nesterov": "SGD with Nesterov momentum",
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "adamw": "AdamW",
    "adagrad": "Adagrad",
}
BOOLEAN = frozenset({"nesterov", "maximize", "centered", "amsgrad"})
ALIASES: dict[str, str] = {"beta1": "betas", "beta2": "betas"}
"""Older field names kept working: beta1/beta2 are the two entries of torch's betas."""


class OptimizerOptionError(ValueError):
    """An option that does not apply to the method, or a value torch refuses."""


@dataclass(frozen=True)
class Hyper:
    """Every option of the five torch classes; a method reads only its own (see ``OPTIONS``).

    The defaults here are torch's for the classes that have the option; ``hyper_for`` fills in
    each method's own defaults (AdamW's weight_decay 0.01, Adagrad's eps 1e-10).
    ``bias_correction`` is not a torch option: turning it off reproduces the classic mistake of
    Adam without bias correction.
    """

    momentum: float = 0.0
    dampening: float = 0.0
    nesterov: bool = False
    weight_decay: float = 0.0
    maximize: bool = False
    alpha: float = 0.99
    eps: float = 1e-8
    centered: bool = False
    betas: tuple[float, float] = (0.9, 0.999)
    amsgrad: bool = False
    lr_decay: float = 0.0
    initial_accumulator_value: float = 0.0
    bias_correction: bool = True

    @property
    def beta1(self) -> float:
        """Adam's betas[0]."""
        return self.betas[0]

    @property
    def beta2(self) -> float:
        """Adam's betas[1]."""
        return self.betas[1]

    def value(self, name: str) -> Any:
        """An option's value as torch shows it (betas as a tuple)."""
        return getattr(self, name)


def _defaults(method: str) -> Hyper:
    """torch's defaults for the method's class."""
    if method == "adamw":
        return Hyper(weight_decay=0.01)
    if method == "adagrad":
        return Hyper(eps=1e-10)
    return Hyper()


def canonical(name: str) -> str:
    """The torch method behind a name (gd, momentum and nesterov are SGD)."""
    key = name.strip().lower()
    if key in SHORTHANDS:
        return SHORTHANDS[key][0]
    if key in CLASSES:
        return key
    raise OptimizerOptionError(f"unknown method '{name}'; choose one of {', '.join(METHODS)}")


def options_text(method: str) -> str:
    """The options a method takes, for a refusal message."""
    return ", ".join(("lr", *OPTIONS[method]))


def _number(name: str, value: Any) -> float:
    """A numeric option as a finite float (a flag, text or a tuple is not a number here)."""
    if isinstance(value, bool | str | tuple | list):
        raise OptimizerOptionError(f"{name} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise OptimizerOptionError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise OptimizerOptionError(f"{name} must be a finite number, not {value}")
    return number


def _boolean(name: str, value: Any) -> bool:
    """A flag's value: True or False only."""
    if not isinstance(value, bool):
        raise OptimizerOptionError(f"{name} must be True or False, not {value!r}")
    return value


def _betas(value: Any) -> tuple[float, float]:
    """Adam's betas: two numbers."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise OptimizerOptionError("betas must be two numbers, e.g. (0.9, 0.999)")
    return (_number("betas[0]", value[0]), _number("betas[1]", value[1]))


def _merge_aliases(method: str, given: Mapping[str, Any], base: Hyper) -> dict[str, Any]:
    """The options with beta1/beta2 folded into betas and '-' read as '_'."""
    out: dict[str, Any] = {}
    for raw, value in given.items():
        name = raw.replace("-", "_")
        if name in ALIASES and ALIASES[name] in OPTIONS[method]:
            betas = list(out.get("betas", base.betas))
            betas[0 if name == "beta1" else 1] = value
            out["betas"] = tuple(betas)
        elif name in ALIASES:
            refuse_option(name, method)
        else:
            out[name] = value
    return out


def foreign_option(name: str, option: str) -> str:
    """The refusal for an option the method does not take ('' when it takes it)."""
    try:
        method = canonical(name)
    except OptimizerOptionError as error:
        return str(error)
    key = ALIASES.get(option.replace("-", "_"), option.replace("-", "_"))
    if key in OPTIONS[method]:
        return ""
    try:
        refuse_option(option, method, name.strip().lower())
    except OptimizerOptionError as error:
        return str(error)
    return ""


def refuse_option(name: str, method: str, label: str = "") -> None:
    """Raise the refusal for an option the method does not have."""
    who = label or method
    raise OptimizerOptionError(
        f"{name} does not apply to {who} (torch.optim.{CLASSES[method]}); "
        f"its options are {options_text(method)}"
    )


def hyper_for(name: str, given: Mapping[str, Any] | None = None) -> tuple[str, Hyper]:
    """The torch method and its full options for a method name and the options given.

    Refuses an option the method does not have and every value torch refuses, with torch's
    reason; the shorthands (gd, momentum, nesterov) start from their own settings.
    """
    method = canonical(name)
    base = _defaults(method)
    preset = SHORTHANDS.get(name.strip().lower(), (method, {}))[1]
    options = {**preset, **_merge_aliases(method, given or {}, base)}
    values: dict[str, Any] = {}
    for option, value in options.items():
        if option not in OPTIONS[method]:
            refuse_option(option, method, name.strip().lower())
        values[option] = _typed(option, value)
    hyper = replace(base, **values)
    torch_refusal(method, hyper)
    return method, hyper


def _typed(option: str, value: Any) -> Any:
    """An option's value checked for its type."""
    if option in BOOLEAN:
        return _boolean(option, value)
    if option == "betas":
        return _betas(value)
    return _number(option, value)


def torch_refusal(method: str, h: Hyper) -> None:
    """Raise with torch's own message when torch.optim would refuse these values."""
    checks = {
        "momentum": (h.momentum >= 0, f"Invalid momentum value: {h.momentum}"),
        "weight_decay": (h.weight_decay >= 0, f"Invalid weight_decay value: {h.weight_decay}"),
        "eps": (h.eps >= 0, f"Invalid epsilon value: {h.eps}"),
        "alpha": (h.alpha >= 0, f"Invalid alpha value: {h.alpha}"),
        "lr_decay": (h.lr_decay >= 0, f"Invalid lr_decay value: {h.lr_decay}"),
        "initial_accumulator_value": (
            h.initial_accumulator_value >= 0,
            f"Invalid initial_accumulator_value value: {h.initial_accumulator_value}",
        ),
        "betas": (
            0 <= h.beta1 < 1 and 0 <= h.beta2 < 1,
            f"Invalid beta parameter at index {0 if not 0 <= h.beta1 < 1 else 1}: "
            f"{h.beta1 if not 0 <= h.beta1 < 1 else h.beta2}",
        ),
    }
    for option in OPTIONS[method]:
        ok, message = checks.get(option, (True, ""))
        if not ok:
            raise OptimizerOptionError(f"torch refuses this: {message}")
    if method == "sgd" and h.nesterov and (h.momentum <= 0 or h.dampening != 0):
        raise OptimizerOptionError(
            "torch refuses this: Nesterov momentum requires a momentum and zero dampening"
        )


def check_lr(lr: float) -> float:
    """The learning rate, refused as torch refuses it (negative) or when it is not finite."""
    if not math.isfinite(lr):
        raise OptimizerOptionError(f"the learning rate must be a finite number, not {lr}")
    if lr < 0:
        raise OptimizerOptionError(f"torch refuses this: Invalid learning rate: {lr}")
    return float(lr)


def format_value(value: Any) -> str:
    """An option's value as Python (and torch) would print it: True, 0.9, 1e-08, (0.9, 0.999)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(format_value(v) for v in value) + ")"
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def hyperparameters(method: str, lr: float, hyper: Hyper) -> dict[str, Any]:
    """The method's options under torch's names with their values (betas as a list), for JSON."""
    out: dict[str, Any] = {"lr": lr}
    for option in OPTIONS[method]:
        value = hyper.value(option)
        out[option] = list(value) if isinstance(value, tuple) else value
    return out


def torch_call(method: str, lr: float, hyper: Hyper) -> str:
    """The torch constructor these settings are: ``SGD(lr=0.01, momentum=0.9, ...)``."""
    parts = [f"lr={format_value(lr)}"]
    parts += [f"{o}={format_value(hyper.value(o))}" for o in OPTIONS[method]]
    return f"{CLASSES[method]}({', '.join(parts)})"


def changed_options(method: str, hyper: Hyper) -> tuple[str, ...]:
    """The options whose value differs from torch's default for the class."""
    base = _defaults(method)
    return tuple(o for o in OPTIONS[method] if hyper.value(o) != base.value(o))


HYPER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Hyper) if f.name != "bias_correction")

FIELD_NAMES: tuple[str, ...] = (
    "momentum", "dampening", "nesterov", "weight_decay", "maximize", "alpha", "eps", "centered",
    "betas", "beta1", "beta2", "amsgrad", "lr_decay", "initial_accumulator_value",
)  # fmt: skip
"""The option fields of an optimizer_step problem (torch's names, beta1/beta2 as aliases)."""


def option_errors(method: str, given: Mapping[str, Any]) -> list[str]:
    """Why these options do not fit the method (empty when they do); values already typed."""
    try:
        hyper_for(method, given)
    except OptimizerOptionError as error:
        return [str(error)]
    return []


def call_text(name: str, lr: str, given: Mapping[str, str]) -> str:
    """The torch call a problem describes, its values as the author typed them and torch's
    defaults for the rest: ``SGD(lr=0.01, momentum=0.9, dampening=0, …)``."""
    method = canonical(name)
    base = replace(_defaults(method), **SHORTHANDS.get(name, ("", {}))[1])
    typed = {k.replace("-", "_"): v for k, v in given.items()}
    if "beta1" in typed or "beta2" in typed:
        b1 = typed.pop("beta1", format_value(base.beta1))
        b2 = typed.pop("beta2", format_value(base.beta2))
        typed["betas"] = f"({b1}, {b2})"
    parts = [f"lr={lr}"]
    parts += [f"{o}={typed.get(o, format_value(base.value(o)))}" for o in OPTIONS[method]]
    return f"{CLASSES[method]}({', '.join(parts)})"
