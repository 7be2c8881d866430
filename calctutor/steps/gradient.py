"""Worked gradients and Hessians, compact as a textbook writes them.

A polynomial's partials are one line each (hold the others constant, power rule term by term);
other functions keep their derivative steps, without a first sub-step that repeats the step.
The Hessian differentiates the first partials once more: the upper triangle, Clairaut for the rest.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import sympy

from calctutor.notation import Prose, join, math, prose
from calctutor.steps.derivative import derivative_solution
from calctutor.steps.model import Solution, Step


def partial_symbol(*variables: sympy.Symbol) -> sympy.Symbol:
    """f_x, f_xy: the subscript name of a partial derivative."""
    return sympy.Symbol("f_" + "".join(str(v) for v in variables))


def _held(var: sympy.Symbol, variables: Sequence[sympy.Symbol], how: Prose | str) -> Prose:
    """The sentence holding the other variables constant, then how to differentiate."""
    others = [math(v) for v in variables if v != var]
    if not others:
        return prose("Differentiate by ", math(var), how)
    return prose("Hold ", join(others), " constant", how)


# Rules that combine pieces a reader wants to see worked; without them a partial is term by term.
WORKED_RULES = ("chain rule", "product rule", "quotient rule")


def _polynomial(expr: Any, variables: Sequence[sympy.Symbol]) -> bool:
    """True for a polynomial in the variables (its partials need no sub-steps)."""
    return bool(sympy.sympify(expr).is_polynomial(*variables))


def _term_by_term(sol: Solution) -> bool:
    """True when the derivative needs only the sum, constant, power and table rules."""
    return sol.complete and not any(s.rule in WORKED_RULES for s in _walk(sol.steps))


def _walk(steps: Sequence[Step]) -> list[Step]:
    """Every step of the trees, depth first."""
    return [t for s in steps for t in (s, *_walk(s.substeps))]


def spliced(text: Prose, before: Any, steps: tuple[Step, ...]) -> tuple[Prose, tuple[Step, ...]]:
    """The step's sentence and sub-steps, folding in a first sub-step that differentiates the
    same expression (a sum rule over all of f) so the same derivative is not shown twice."""
    if steps and steps[0].before == before:
        first = steps[0]
        return prose(text, " ", first.text), (*first.substeps, *steps[1:])
    return text, steps


def _partial_step(
    f: Any, var: sympy.Symbol, variables: Sequence[sympy.Symbol], sol: Solution
) -> Step:
    """f_var: its sentence, f_var = result, and the derivative's steps unless f is a polynomial."""
    before = sympy.Derivative(f, var)
    substeps: tuple[Step, ...] = ()
    if _polynomial(f, variables):
        text = _held(var, variables, "; power rule, term by term.")
    elif _term_by_term(sol):
        text = _held(var, variables, "; differentiate term by term.")
    else:
        how = prose(" and differentiate by ", math(var), ".")
        text, substeps = spliced(_held(var, variables, how), before, sol.steps)
    after = sympy.Eq(partial_symbol(var), sol.result)
    return Step("partial derivative", text, before, after, substeps)


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
    """∇f: one partial derivative per variable; the result is the tuple of partials."""
    sols = _partials(f, variables, rng)
    steps = tuple(_partial_step(f, v, variables, s) for v, s in zip(variables, sols, strict=True))
    note = _notes([(f"∂f/∂{v}", s) for v, s in zip(variables, sols, strict=True)])
    result = tuple(s.result for s in sols)
    return Solution("gradient", f, result, steps, all(s.complete for s in sols), note)


def _second_step(
    f: Any, first: Any, xs: Sequence[sympy.Symbol], i: int, j: int, sol: Solution
) -> Step:
    """f_xixj: differentiate f_xi by xj; a mixed entry also stands for its mirror (Clairaut)."""
    xi, xj = xs[i], xs[j]
    text = prose("Differentiate ", math(partial_symbol(xi)), " by ", math(xj))
    if i != j:
        mirror = sympy.Eq(partial_symbol(xj, xi), partial_symbol(xi, xj))
        text = prose(text, "; ", math(mirror), " (Clairaut's theorem)")
    text = prose(text, ".")
    before = sympy.Derivative(first, xj)
    if _polynomial(first, xs) or _term_by_term(sol):
        substeps: tuple[Step, ...] = ()
    else:
        text, substeps = spliced(text, before, sol.steps)
    after = sympy.Eq(partial_symbol(xi, xj), sol.result)
    return Step("second partial", text, sympy.Derivative(f, xi, xj), after, substeps)


def second_partials(
    f: Any,
    variables: Sequence[sympy.Symbol],
    firsts: Sequence[Any],
    rng: random.Random | None = None,
) -> tuple[list[Step], sympy.ImmutableMatrix, list[tuple[str, Solution]]]:
    """The upper triangle of the Hessian from the first partials, the matrix, and the notes."""
    xs, n = list(variables), len(variables)
    seconds = {
        (i, j): derivative_solution(firsts[i], xs[j], rng) for i in range(n) for j in range(i, n)
    }
    steps = [_second_step(f, firsts[i], xs, i, j, s) for (i, j), s in seconds.items()]
    values = {k: s.result for k, s in seconds.items()}
    matrix = sympy.ImmutableMatrix(n, n, lambda i, j: values[(min(i, j), max(i, j))])
    labelled = [(f"∂²f/∂{xs[j]}∂{xs[i]}", s) for (i, j), s in seconds.items()]
    return steps, matrix, labelled


def hessian_solution(
    f: sympy.Expr, variables: Sequence[sympy.Symbol], rng: random.Random | None = None
) -> Solution:
    """The Hessian of f: the first partials, then the second partials, then the matrix."""
    xs = list(variables)
    firsts = _partials(f, xs, rng)
    steps = [_partial_step(f, v, xs, s) for v, s in zip(xs, firsts, strict=True)]
    seconds, matrix, labelled = second_partials(f, xs, [s.result for s in firsts], rng)
    labelled = [(f"∂f/∂{v}", s) for v, s in zip(xs, firsts, strict=True)] + labelled
    complete = all(s.complete for _, s in labelled)
    return Solution("hessian", f, matrix, (*steps, *seconds), complete, _notes(labelled))
