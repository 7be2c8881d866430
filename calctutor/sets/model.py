"""Problem and ProblemSet values (loading and validating YAML is ``calctutor.sets.loader``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Kind = Literal[
    "derivative",
    "gradient",
    "integral",
    "definite_integral",
    "expression",
    "ode",
    "optimizer_step",
    "hessian",
    "critical_points",
]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class Problem:
    """One problem as its author wrote it: every mathematical field is still text.

    Text fields are untrusted and are parsed with ``calctutor.expr`` wherever they are used.
    Names (``var``, ``vars``, ``constants``, parameter names) are canonical: θ₀ is ``theta0``.
    ``constants`` are the other symbols the expressions may use (the data x, y of a loss).
    """

    id: str
    kind: str
    expr: str | None = None
    var: str | None = None
    vars: tuple[str, ...] = ()
    constants: tuple[str, ...] = ()
    lower: str | None = None
    upper: str | None = None
    expected: str | None = None
    equation: str | None = None
    func: str | None = None
    ics: tuple[tuple[str, str], ...] = ()
    require_constant: bool = False
    method: str | None = None
    lr: str | None = None
    start: str | None = None
    steps: int = 1
    momentum: str | None = None
    dampening: str | None = None
    nesterov: str | None = None
    weight_decay: str | None = None
    maximize: str | None = None
    alpha: str | None = None
    eps: str | None = None
    centered: str | None = None
    betas: str | None = None
    beta1: str | None = None
    beta2: str | None = None
    amsgrad: str | None = None
    lr_decay: str | None = None
    initial_accumulator_value: str | None = None
    schedule: str | None = None
    classify: bool = False
    tolerance: tuple[tuple[str, str], ...] = ()
    prompt: str | None = None
    hints: tuple[str, ...] = ()
    difficulty: int = 1
    tags: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()
    where: tuple[str, ...] = ()
    limit: str | None = None
    about: str | None = None
    degree: int | None = None

    @property
    def variables(self) -> tuple[str, ...]:
        """The problem's variables in order: ``vars`` when given, else ``var``, else ``x``."""
        if self.vars:
            return self.vars
        if self.var:
            return (self.var,)
        return ()


@dataclass(frozen=True)
class ProblemSet:
    """A named collection of problems loaded from one YAML file."""

    name: str
    title: str
    topic: str
    path: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    def find(self, problem_id: str) -> Problem | None:
        """The problem with this id, or None."""
        return next((p for p in self.problems if p.id == problem_id), None)
