"""Generate tests/fixtures/torch_optim_cases.json with the real ``torch.optim`` (float64).

Run it with a Python that has PyTorch (torch is never a calctutor dependency, and the test
suite never imports this file)::

    /work/torchvenv/bin/python benchmarks/torch_reference.py [--cases 400] [--seed 15]

Each case is a random objective from a family of smooth functions of 1-3 variables, a random
method among SGD, RMSprop, Adam, AdamW and Adagrad with random options (momentum, dampening,
nesterov, weight_decay, maximize, alpha, eps, centered, betas, amsgrad, lr_decay,
initial_accumulator_value), an optional learning-rate schedule (StepLR, ExponentialLR,
CosineAnnealingLR), a random start and 1-50 steps. Gradients come from autograd. The file keeps
every iterate; ``tests/test_torch_reference.py`` replays each case with calctutor.

A case is dropped, and counted, when torch's own result is ill-conditioned: the run is repeated
from a start moved by one part in 10^12 and dropped if any iterate then moves by more than one
part in 10^10 (chaotic runs amplify rounding, so no implementation could match them to 1e-9), or
when a number is not finite.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path
from typing import Any

import sympy
import torch
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch_optim_cases.json"
FAMILIES: list[tuple[tuple[str, ...], str]] = [
    (("x",), "x^2"),
    (("x",), "x^4 - 3*x^2 + x"),
    (("x",), "log(1 + exp(x)) + x^2/5"),
    (("x",), "sqrt(1 + x^2)"),
    (("x", "y"), "x^2 + 10*y^2"),
    (("x", "y"), "3*x^2 + x*y + y^2 - x + 2*y"),
    (("x", "y"), "(1 - x)^2 + 5*(y - x^2)^2"),
    (("x", "y"), "log(exp(x) + exp(y)) + (x^2 + y^2)/4"),
    (("x", "y"), "sin(x) + cos(y) + (x^2 + y^2)/10"),
    (("x", "y"), "exp(x/2) + exp(-y/3) + x^2/4 + y^2/8"),
    (("x", "y"), "tanh(x - y) + x^2/2 + y^2/3"),
    (("x", "y", "z"), "x^2 + 2*y^2 + 3*z^2 + x*y + y*z"),
    (("x", "y", "z"), "(x - 1)^2 + (y + 2)^2/2 + z^4 + x*z/3"),
    (("x", "y", "z"), "log(1 + x^2 + y^2) + z^2 + x/5"),
]
TORCH_FUNCTIONS = {
    "exp": torch.exp, "log": torch.log, "sin": torch.sin, "cos": torch.cos,
    "sqrt": torch.sqrt, "tanh": torch.tanh,
}  # fmt: skip
TRANSFORMS = (*standard_transformations, convert_xor, implicit_multiplication_application)


def _u(rng: random.Random, low: float, high: float) -> float:
    """A uniform number rounded to 4 significant digits (values a student could type)."""
    return float(f"{rng.uniform(low, high):.4g}")


def _maybe(rng: random.Random, value: Any, default: Any, chance: float = 0.5) -> Any:
    """The value with the given chance, else the default."""
    return value if rng.random() < chance else default


def sgd_options(rng: random.Random) -> dict[str, Any]:
    """Random SGD options: momentum, dampening, nesterov, weight decay."""
    momentum = _maybe(rng, _u(rng, 0.1, 0.95), 0.0, 0.7)
    dampening = _maybe(rng, _u(rng, 0.05, 0.9), 0.0, 0.3) if momentum else 0.0
    nesterov = bool(momentum) and dampening == 0 and rng.random() < 0.5
    out = {"momentum": momentum, "dampening": dampening, "nesterov": nesterov}
    return out | {"weight_decay": _maybe(rng, _u(rng, 0.001, 0.1), 0.0, 0.4)}


def rmsprop_options(rng: random.Random) -> dict[str, Any]:
    """Random RMSprop options: alpha, eps, weight decay, momentum, centered."""
    return {
        "alpha": _maybe(rng, _u(rng, 0.8, 0.999), 0.99),
        "eps": _maybe(rng, rng.choice([1e-6, 1e-3, 0.1]), 1e-8, 0.3),
        "weight_decay": _maybe(rng, _u(rng, 0.001, 0.1), 0.0, 0.4),
        "momentum": _maybe(rng, _u(rng, 0.1, 0.9), 0.0),
        "centered": rng.random() < 0.4,
    }


def adam_options(rng: random.Random, decoupled: bool) -> dict[str, Any]:
    """Random Adam/AdamW options: betas, eps, weight decay, amsgrad."""
    default_decay = 0.01 if decoupled else 0.0
    return {
        "betas": (_u(rng, 0.5, 0.95), _u(rng, 0.9, 0.9999)) if rng.random() < 0.6 else (0.9, 0.999),
        "eps": _maybe(rng, rng.choice([1e-6, 1e-3, 0.1]), 1e-8, 0.3),
        "weight_decay": _maybe(rng, _u(rng, 0.001, 0.2), default_decay, 0.5),
        "amsgrad": rng.random() < 0.4,
    }


def adagrad_options(rng: random.Random) -> dict[str, Any]:
    """Random Adagrad options: lr_decay, weight decay, initial accumulator value, eps."""
    return {
        "lr_decay": _maybe(rng, _u(rng, 0.01, 0.5), 0.0),
        "weight_decay": _maybe(rng, _u(rng, 0.001, 0.1), 0.0, 0.4),
        "initial_accumulator_value": _maybe(rng, _u(rng, 0.01, 1.0), 0.0),
        "eps": _maybe(rng, rng.choice([1e-6, 1e-3]), 1e-10, 0.3),
    }


CLASSES = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW",
           "adagrad": "Adagrad"}  # fmt: skip
LR_RANGE = {"sgd": (0.001, 0.1), "rmsprop": (0.001, 0.05), "adam": (0.005, 0.2),
            "adamw": (0.005, 0.2), "adagrad": (0.01, 0.5)}  # fmt: skip


def random_options(rng: random.Random, method: str) -> dict[str, Any]:
    """Random options of a method (maximize is chosen with the objective)."""
    if method == "sgd":
        return sgd_options(rng)
    if method == "rmsprop":
        return rmsprop_options(rng)
    if method == "adagrad":
        return adagrad_options(rng)
    return adam_options(rng, method == "adamw")


def random_schedule(rng: random.Random) -> str | None:
    """None half the time, else one of the three schedules with random arguments."""
    choice = rng.choice([None, None, "step", "exp", "cos"])
    if choice == "step":
        return f"StepLR(step_size={rng.randint(1, 10)}, gamma={_u(rng, 0.3, 0.9)})"
    if choice == "exp":
        return f"ExponentialLR(gamma={_u(rng, 0.8, 0.99)})"
    if choice == "cos":
        return f"CosineAnnealingLR(T_max={rng.randint(3, 30)}, eta_min={_u(rng, 0, 0.01)})"
    return None


def make_scheduler(optimizer: torch.optim.Optimizer, text: str | None) -> Any:
    """The torch scheduler for a schedule text (our own fixed format, read with a regex)."""
    if text is None:
        return None
    import re

    name = text.split("(")[0]
    args = {k: float(v) for k, v in re.findall(r"(\w+)=([-\d.e]+)", text)}
    for key in ("step_size", "T_max"):
        if key in args:
            args[key] = int(args[key])
    return getattr(torch.optim.lr_scheduler, name)(optimizer, **args)


def torch_run(case: dict[str, Any], start: list[float]) -> list[list[float]] | None:
    """Every iterate of the case run by torch.optim, or None if a number is not finite."""
    symbols = sympy.symbols(case["vars"])
    local = {str(s): s for s in symbols}
    expr = parse_expr(case["expr"], local_dict=local, transformations=TRANSFORMS)
    f = sympy.lambdify(symbols, expr, modules=[TORCH_FUNCTIONS])
    x = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    options = dict(case["options"])
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    optimizer = getattr(torch.optim, CLASSES[case["method"]])([x], lr=case["lr"], **options)
    scheduler = make_scheduler(optimizer, case["schedule"])
    points = [x.detach().tolist()]
    for _ in range(case["steps"]):
        optimizer.zero_grad()
        f(*x.unbind()).backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        points.append(x.detach().tolist())
    finite = all(math.isfinite(c) for p in points for c in p)
    return points if finite else None


def random_case(rng: random.Random) -> dict[str, Any]:
    """One random problem (without its torch result)."""
    names, expr = rng.choice(FAMILIES)
    method = rng.choice(list(CLASSES))
    options = random_options(rng, method)
    maximize = rng.random() < 0.2
    if maximize:
        options["maximize"] = True
        expr = f"-({expr})"
    return {
        "vars": list(names), "expr": expr, "method": method,
        "lr": _u(rng, *LR_RANGE[method]), "options": options, "schedule": random_schedule(rng),
        "start": [_u(rng, -2, 2) for _ in names], "steps": rng.randint(1, 50),
    }  # fmt: skip


def well_conditioned(case: dict[str, Any], points: list[list[float]]) -> bool:
    """True when a start moved by 1e-12 relative moves no iterate by more than 1e-10."""
    moved = [c * (1 + 1e-12) + 1e-300 for c in case["start"]]
    other = torch_run(case, moved)
    if other is None:
        return False
    for p, q in zip(points, other, strict=True):
        scale = max(max(abs(c) for c in p), 1e-300)
        if max(abs(a - b) for a, b in zip(p, q, strict=True)) > 1e-10 * max(scale, 1.0):
            return False
    return True


def main() -> None:
    """Write the fixture file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    torch.set_default_dtype(torch.float64)
    rng = random.Random(args.seed)
    cases, dropped = [], 0
    while len(cases) < args.cases:
        case = random_case(rng)
        points = torch_run(case, case["start"])
        if points is None or not well_conditioned(case, points):
            dropped += 1
            continue
        cases.append(case | {"points": points})
    meta = {"torch": torch.__version__, "seed": args.seed, "dropped_ill_conditioned": dropped}
    OUT.write_text(json.dumps({"meta": meta, "cases": cases}, separators=(",", ":")) + "\n")
    print(f"wrote {len(cases)} cases to {OUT} ({dropped} ill-conditioned ones dropped)")


if __name__ == "__main__":
    main()
