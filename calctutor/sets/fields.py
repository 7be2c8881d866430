"""The problem fields every kind uses, shared by YAML sets, grade lines and quiz JSON."""

from __future__ import annotations

from calctutor.sets.torch_options import FIELD_NAMES as OPTIMIZER_OPTIONS
from calctutor.sets.torch_options import METHODS as TORCH_METHODS

COMMON = ("id", "kind", "prompt", "hints", "difficulty", "tags", "params", "where", "constants")
REQUIRED: dict[str, tuple[str, ...]] = {
    "derivative": ("expr", "var"),
    "gradient": ("expr", "vars"),
    "integral": ("expr", "var"),
    "definite_integral": ("expr", "var", "lower", "upper"),
    "expression": ("expected",),
    "ode": ("equation", "func", "var"),
    "optimizer_step": ("expr", "vars", "method", "lr", "start"),
    "hessian": ("expr", "vars"),
    "critical_points": ("expr", "vars"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "integral": ("require_constant",),
    "definite_integral": ("tolerance",),
    # a limit (expr, limit: "x -> 0+") or a Taylor polynomial (expr, about, degree) gets steps
    "expression": ("vars", "var", "expr", "limit", "about", "degree"),
    "ode": ("ics",),
    "optimizer_step": ("steps", *OPTIMIZER_OPTIONS, "schedule", "tolerance"),
    "critical_points": ("classify",),
}
METHODS = TORCH_METHODS
__all__ = [
    "ALL_KEYS",
    "COMMON",
    "METHODS",
    "OPTIMIZER_OPTIONS",
    "OPTIONAL",
    "REQUIRED",
    "allowed_keys",
]
ALL_KEYS = tuple(
    sorted(set(COMMON) | {k for keys in (*REQUIRED.values(), *OPTIONAL.values()) for k in keys})
)


def allowed_keys(kind: str) -> frozenset[str]:
    """The keys a problem of this kind may have."""
    return frozenset(COMMON) | set(REQUIRED.get(kind, ())) | set(OPTIONAL.get(kind, ()))
