"""Worked gradients and Hessians: one verified derivative solution per partial, shown together."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import sympy

from calctutor.steps.derivative import derivative_solution
from calctutor.steps.derivative_context import show
from calctutor.steps.model import Solution, Step


def _held(var: sympy.Symbol, variables: Sequence[sympy.Symbol]) -> str:
    """The other variables, as the sentence that holds them constant."""
    others = [str(v) for v in variables if v != var]
    if not others:
        return f"Differentiate with respect to {var}."
    return f"Treat {', '.join(others)} as constant and differentiate with respect to {var}."


def _partial_step(
    f: Any, var: sympy.Symbol, variables: Sequence[sympy.Symbol], sol: Solution
) -> Step:
    """The step for ∂f/∂var: its sentence, the result, and that derivative's own steps."""
    return Step(
        "partial derivative", _held(var, variables), sympy.Derivative(f, var), sol.result, sol.steps
    )


def _notes(labelled: Sequence[tuple[str, Solution]]) -> str:
    """The notes of the partial solutions that have one, each under its label."""
    return "; ".join(f"{label}: {sol.note}" for label, sol in labelled if sol.note)


def _partials(
    f: Any, variables: Sequence[sympy.Symbol], rng: random.Random | None
) -> list[Solution]:
    """The derivative solution of f with respect to each variable, in the given order."""
    return [derivative_solution(f, v, rng) for v in variables]


def gradient_solution(
    f: sympy.Expr, variables: Sequence[sympy.Symbol], rng: random.Random | None = None
) -> Solution:
    """∇f: one partial derivative per variable, each with its own steps; result a tuple."""
    sols = _partials(f, variables, rng)
    steps = tuple(_partial_step(f, v, variables, s) for v, s in zip(variables, sols, strict=True))
    question = sympy.Tuple(*[sympy.Derivative(f, v) for v in variables])
    note = _notes([(f"∂f/∂{v}", s) for v, s in zip(variables, sols, strict=True)])
    result = tuple(s.result for s in sols)
    return Solution("gradient", question, result, steps, all(s.complete for s in sols), note)


def _second_step(f: Any, first: Any, xi: sympy.Symbol, xj: sympy.Symbol, sol: Solution) -> Step:
    """The step for the entry ∂²f/∂xj∂xi: differentiate ∂f/∂xi with respect to xj."""
    text = f"Differentiate ∂f/∂{xi} = {show(first)} with respect to {xj}."
    return Step(
        "second partial derivative", text, sympy.Derivative(f, xi, xj), sol.result, sol.steps
    )


def _symmetry_step(f: Any, xi: sympy.Symbol, xj: sympy.Symbol, value: Any) -> Step:
    """The mirrored entry: mixed partials agree (Clairaut/Schwarz), so nothing is recomputed."""
    text = (
        f"Mixed partials are equal where the second partials are continuous (Clairaut's theorem), "
        f"so ∂²f/∂{xj}∂{xi} = ∂²f/∂{xi}∂{xj}, found above."
    )
    return Step("symmetry of mixed partials", text, sympy.Derivative(f, xi, xj), value)


def _second_label(xi: sympy.Symbol, xj: sympy.Symbol) -> str:
    """∂²f/∂xj∂xi (∂f/∂xi differentiated by xj), or ∂²f/∂x² when they are the same."""
    return f"∂²f/∂{xi}²" if xi == xj else f"∂²f/∂{xj}∂{xi}"


def _entry(i: int, j: int, values: dict[tuple[int, int], Any]) -> Any:
    """Entry (i, j) of the Hessian from the upper triangle."""
    return values[(min(i, j), max(i, j))]


def hessian_solution(
    f: sympy.Expr, variables: Sequence[sympy.Symbol], rng: random.Random | None = None
) -> Solution:
    """The Hessian of f: first partials, each upper entry worked, the lower ones by symmetry."""
    xs, n = list(variables), len(variables)
    firsts = _partials(f, xs, rng)
    steps = [_partial_step(f, v, xs, s) for v, s in zip(xs, firsts, strict=True)]
    seconds: dict[tuple[int, int], Solution] = {
        (i, j): derivative_solution(firsts[i].result, xs[j], rng)
        for i in range(n)
        for j in range(i, n)
    }
    values = {k: s.result for k, s in seconds.items()}
    for i in range(n):
        for j in range(n):
            if i <= j:
                steps.append(_second_step(f, firsts[i].result, xs[i], xs[j], seconds[(i, j)]))
            else:
                steps.append(_symmetry_step(f, xs[i], xs[j], values[(j, i)]))
    matrix = sympy.ImmutableMatrix(n, n, lambda i, j: _entry(i, j, values))
    question = sympy.ImmutableMatrix(n, n, lambda i, j: sympy.Derivative(f, xs[i], xs[j]))
    labelled = [(f"∂f/∂{v}", s) for v, s in zip(xs, firsts, strict=True)]
    labelled += [(_second_label(xs[i], xs[j]), s) for (i, j), s in seconds.items()]
    complete = all(s.complete for _, s in labelled)
    return Solution("hessian", question, matrix, tuple(steps), complete, _notes(labelled))
