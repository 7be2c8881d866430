"""The search context: deadline, depth, memo, and the solver that rules call back into."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import sympy

if TYPE_CHECKING:
    from calctutor.steps.integral.derivation import Derivation

MAX_DEPTH = 14
MAX_REWRITES = 3
_NAMES = ("u", "v", "w", "t", "s", "z", "y")


class OutOfTime(Exception):
    """Raised inside the search when the deadline has passed; the caller gives up."""


Solver = Callable[[sympy.Expr, sympy.Symbol, "Context"], "Derivation | None"]


@dataclass(frozen=True)
class Context:
    """Where a search stands: its deadline, its depth, and what it has already tried."""

    solver: Solver
    deadline: float
    clock: Callable[[], float]
    depth: int = 0
    rewrites: int = 0
    memo: dict[Any, Any] = field(default_factory=dict)
    active: set[Any] = field(default_factory=set)
    names: frozenset[str] = frozenset()

    def check(self) -> None:
        """Stop the search when the deadline has passed."""
        if self.clock() > self.deadline:
            raise OutOfTime

    def remaining(self) -> float:
        """Seconds left before the deadline."""
        return self.deadline - self.clock()

    def solve(
        self, f: sympy.Expr, x: sympy.Symbol, *, rewrite: bool = False, smaller: bool = False
    ) -> Derivation | None:
        """Integrate a subproblem one level deeper (a rewrite also spends the rewrite budget).

        A subproblem that is a piece of this one (a term, the non-constant factor) cannot lead
        back here, so it costs no depth.
        """
        depth = self.depth + (0 if smaller else 1)
        if depth > MAX_DEPTH or (rewrite and self.rewrites >= MAX_REWRITES):
            return None
        deeper = replace(
            self, depth=depth, rewrites=self.rewrites + int(rewrite), names=self.names | {x.name}
        )
        return self.solver(f, x, deeper)

    def fresh(
        self, exprs: Iterable[sympy.Basic], prefer: str = "u", **assumptions: bool
    ) -> sympy.Symbol:
        """A new variable name, unused here and by the substitutions that led here."""
        return fresh_symbol(exprs, prefer, self.names, **assumptions)

    def theta(self, exprs: Iterable[sympy.Basic]) -> sympy.Symbol:
        """The angle of a trigonometric substitution, unused along this path."""
        return fresh_symbol(exprs, "θ", self.names)


def fresh_symbol(
    exprs: Iterable[sympy.Basic],
    prefer: str = "u",
    taken_names: Iterable[str] = (),
    **assumptions: bool,
) -> sympy.Symbol:
    """A new integration variable named u, v, w ... (or ``prefer``) unused by any of exprs."""
    taken = {s.name for e in exprs for s in e.free_symbols if isinstance(s, sympy.Symbol)}
    taken |= set(taken_names)
    for name in (prefer, *_NAMES, "θ", "φ"):
        if name not in taken:
            return sympy.Symbol(name, **assumptions)
    return sympy.Dummy("u", **assumptions)
