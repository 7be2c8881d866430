"""Worked derivatives: a textbook step tree and a modestly simplified result, checked by diff."""

from __future__ import annotations

import random
from typing import Any

import sympy

from calctutor.expr.functions import relu
from calctutor.steps.derivative_context import DiffContext, show
from calctutor.steps.derivative_rules import DIRECT, derivative_step
from calctutor.steps.derivative_verify import reference_derivative, verify
from calctutor.steps.model import Solution, Step

# The default seed of the verifier's random points, so a solution is reproducible.
DEFAULT_SEED = 1729
# Above this many operations the result is left as the rules built it: rewriting is slow there.
_MAX_TIDY_OPS = 120
# cancel() expands powers; past this exponent the expansion costs more than it can save.
_MAX_CANCEL_POWER = 6
RELU_NOTE = (
    "ReLU has no derivative where its argument is 0 (a corner); elsewhere its derivative is "
    "the unit step (written θ or Heaviside): 1 for a positive argument, 0 for a negative one."
)
_NOT_VERIFIED = "The worked steps did not verify against SymPy; the result shown is SymPy's."


def _size(expr: Any) -> tuple[int, int]:
    """How big an expression reads: operation count, then printed length."""
    return int(sympy.count_ops(expr)), len(str(expr))


def _small_powers(expr: Any) -> bool:
    """Whether every integer power in expr is small enough for cancel() to expand."""
    return all(abs(p.exp) <= _MAX_CANCEL_POWER for p in expr.atoms(sympy.Pow) if p.exp.is_Integer)


def _rewrites(raw: Any, var: sympy.Symbol) -> list[Any]:
    """Modest rewrites of raw to choose from: common factors, one fraction, cancelled."""
    together = sympy.together(raw)
    candidates = [sympy.factor_terms(raw), sympy.factor_terms(together)]
    if _small_powers(raw):
        # (σ − y)·x from −x·(y(1 − σ) + (y − 1)σ): the terms cancel only once multiplied out
        candidates.append(sympy.factor_terms(sympy.expand(raw)))
    if raw.is_rational_function(var) and _small_powers(raw):
        candidates.append(sympy.factor_terms(sympy.cancel(together)))
    return candidates


def tidy(raw: Any, var: sympy.Symbol) -> Any:
    """The smallest of raw and its modest rewrites (never simplify(): slow and often opaque)."""
    if _size(raw)[0] > _MAX_TIDY_OPS:
        return raw
    return min([raw, *_rewrites(raw, var)], key=_size)


def _uses(step: Step, rule: str) -> bool:
    """Whether the tree under step applies rule anywhere."""
    return step.rule == rule or any(_uses(s, rule) for s in step.substeps)


def _simplify_step(raw: Any, result: Any) -> Step:
    """The last line of the working: the rules' raw result tidied up."""
    text = f"Simplify {show(raw)}."
    return Step("simplify", text, raw, result)


def _unverified(f: Any, var: sympy.Symbol, root: Step, note: str = _NOT_VERIFIED) -> Solution:
    """The honest fallback when the steps' result cannot be checked: SymPy's derivative."""
    question = sympy.Derivative(f, var)
    return Solution("derivative", question, sympy.diff(f, var), (root,), False, note)


def derivative_solution(
    f: sympy.Expr, var: sympy.Symbol, rng: random.Random | None = None
) -> Solution:
    """d/dvar f worked with textbook rules; the simplified result is verified before it is shown."""
    if isinstance(f, int):
        f = sympy.Integer(f)
    if not isinstance(f, sympy.Expr):
        raise TypeError(f"expected a SymPy expression, got {type(f).__name__}")
    root = derivative_step(f, DiffContext.for_problem(f, var))
    if root.after is None or root.after.has(sympy.Derivative):
        return _unverified(f, var, root, "SymPy has no closed form for part of this derivative.")
    result = tidy(root.after, var)
    checker = rng if rng is not None else random.Random(DEFAULT_SEED)
    if not verify(result, reference_derivative(f, var), f, checker):
        return _unverified(f, var, root)
    steps = (root,) if result == root.after else (root, _simplify_step(root.after, result))
    complete = not _uses(root, DIRECT)
    note = "" if complete else "Part of this derivative has no textbook rule; SymPy computed it."
    if f.has(relu) and result.has(sympy.Heaviside):
        note = " ".join([note, RELU_NOTE]).strip()
    return Solution("derivative", sympy.Derivative(f, var), result, steps, complete, note)
