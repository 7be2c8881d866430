"""Worked critical points: the gradient once, grad f = 0 solved, then the Hessian test.

The Hessian reuses the gradient's partials (only the second partials are new). Periodic f gives
families of points, x = π/2 + kπ with k ∈ ℤ, each classified as a family.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from itertools import product
from typing import Any

import sympy

from calctutor.notation import join, math, prose
from calctutor.optimization.classification import classify
from calctutor.optimization.critical import (
    Classification,
    CriticalPointsError,
    GradientSystem,
    classify_point,
    solve_gradient,
)
from calctutor.steps.critical_families import integers_in, periodic_families
from calctutor.steps.gradient import gradient_solution, partial_symbol, second_partials
from calctutor.steps.model import Solution, Step

KIND_WORDS = {
    "min": "a local minimum",
    "max": "a local maximum",
    "saddle": "a saddle point",
    "degenerate": "inconclusive: the Hessian is singular here",
}


def show(expr: Any) -> str:
    """A SymPy object in plain text: x^2, not x**2."""
    from calctutor.notation.unicode import inline

    return inline(expr)


def point_text(point: Sequence[Any]) -> str:
    """A critical point: the bare number for one variable, (a, b) otherwise."""
    return show(point[0]) if len(point) == 1 else show(sympy.Tuple(*point))


def _test_text(c: Classification, variables: Sequence[sympy.Symbol]) -> str:
    """The second-derivative test at one point, in the form a textbook uses for this size."""
    n, verdict = len(variables), KIND_WORDS[c.kind]
    if n == 1:
        return f"f''({show(c.point[0])}) = {show(c.hessian[0, 0])}: {verdict}."
    if n == 2:
        x, y = variables
        fxx = show(c.hessian[0, 0])
        return f"D = f_{x}{x}·f_{y}{y} - f_{x}{y}² = {show(c.det)}, f_{x}{x} = {fxx}: {verdict}."
    return (
        f"H has {c.positive} positive, {c.negative} negative and {c.zero} zero eigenvalue(s) "
        f"(signs of its characteristic polynomial's coefficients): {verdict}."
    )


def _at_text(c: Classification, variables: Sequence[sympy.Symbol]) -> str:
    """Where the test is applied: "At x = 1: " or "At (1, 1): H = [[...]]; "."""
    if len(variables) == 1:
        return f"At {variables[0]} = {point_text(c.point)}: "
    return f"At {point_text(c.point)}: H = {show(c.hessian)}; "


def _gradient_step(f: Any, variables: Sequence[sympy.Symbol], grad: Solution) -> Step:
    """The partials, worked once, set to zero."""
    equations = sympy.Tuple(*[sympy.Eq(g, 0) for g in grad.result])
    text = prose("A critical point makes every partial derivative zero: ",
                 join([math(e) for e in equations]), ".")  # fmt: skip
    return Step("set the gradient to zero", text, f, equations, grad.steps)


def _solve_step(system: GradientSystem) -> Step:
    """The real solutions of grad f = 0 (and how many complex ones were set aside)."""
    listed = ", ".join(point_text(p) for p in system.points) or "none"
    text = f"Solving the system gives the real critical points: {listed}."
    if system.complex_discarded:
        text += f" ({system.complex_discarded} complex solution(s) are not points of the plane.)"
    return Step("solve", text, None, sympy.Tuple(*[sympy.Tuple(*p) for p in system.points]))


def _families_step(points: tuple[tuple[Any, ...], ...]) -> Step:
    """The families of critical points, with their integer parameters named."""
    names = sorted({s for p in points for s in integers_in(p)}, key=str)
    listed = join([math(sympy.Tuple(*p) if len(p) > 1 else p[0]) for p in points], "; ")
    text = prose("Each equation involves one variable; its real solutions repeat with the "
                 "period: the critical points are ", listed, " for ",
                 join([prose(math(k), " ∈ ℤ") for k in names]), ".")  # fmt: skip
    return Step("solve", text, None, sympy.Tuple(*[sympy.Tuple(*p) for p in points]))


def _hessian_step(
    f: Any, variables: Sequence[sympy.Symbol], grad: Solution, rng: Any
) -> tuple[Step, sympy.ImmutableMatrix]:
    """The Hessian from the partials already found: only the second partials are new."""
    steps, matrix, _ = second_partials(f, variables, grad.result, rng)
    if len(variables) == 1:
        text = prose("The second derivative, from ", math(sympy.Eq(partial_symbol(variables[0]),
                     grad.result[0])), ".")  # fmt: skip
    else:
        text = prose("The Hessian, from the partials above: ", math(matrix), ".")
    return Step("Hessian", text, f, matrix, tuple(steps)), matrix


def _classification_steps(
    f: sympy.Expr, variables: Sequence[sympy.Symbol], points: Sequence[Any], matrix: Any
) -> tuple[list[Step], list[Classification]]:
    """The second-derivative test at every critical point (or family)."""
    steps: list[Step] = []
    found: list[Classification] = []
    for point in points:
        c = classify_point(f, variables, point, matrix)
        text = _at_text(c, variables) + _test_text(c, variables)
        steps.append(Step("second-derivative test", text, sympy.Tuple(*c.point), c.hessian))
        if c.kind == "degenerate":
            # the Hessian says nothing here: the sign of f - f(p) near p decides
            deep = classify(f, variables, c.point, matrix)
            words = KIND_WORDS[deep.kind] if deep.kind else "undecided"
            text = f"At {point_text(c.point)}: {deep.how}, so the point is {words}."
            steps.append(Step("sign of f - f(p) near the point", text, sympy.Tuple(*c.point)))
            c = replace(c, kind=deep.kind or "degenerate")
        found.append(c)
    return steps, found


def critical_points_solution(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    classify: bool = True,
    rng: random.Random | None = None,
) -> Solution:
    """Solve grad f = 0; with ``classify``, the Hessian test at each point.

    The result is the tuple of points, or of (point, kind) pairs when classifying; periodic
    points are families holding integer symbols k, m (k ∈ ℤ). When the points cannot be listed
    the solution is incomplete and ``note`` says why.
    """
    grad = gradient_solution(f, variables, rng)
    steps = [_gradient_step(f, variables, grad)]
    try:
        system = solve_gradient(f, variables)
        points: tuple[Any, ...] = system.points
        steps.append(_solve_step(system))
    except CriticalPointsError as error:
        families = periodic_families(grad.result, variables) if "periodic" in str(error) else None
        if families is None:
            return Solution("critical_points", f, None, tuple(steps), False, str(error))
        points = families
        steps.append(_families_step(families))
    if not classify:
        return Solution("critical_points", f, points, tuple(steps), grad.complete)
    hessian, matrix = _hessian_step(f, variables, grad, rng)
    if any(integers_in(p) for p in points):
        tests = _family_tests(f, variables, points, matrix)
        if tests is None:
            note = "the Hessian test does not give one verdict per family"
            return Solution("critical_points", f, points, (*steps, hessian), False, note)
        family_steps, family_result = tests
        every = (*steps, hessian, *family_steps)
        return Solution("critical_points", f, family_result, every, grad.complete)
    test_steps, found = _classification_steps(f, variables, points, matrix)
    result = tuple((c.point, c.kind) for c in found)
    return Solution("critical_points", f, result, (*steps, hessian, *test_steps), grad.complete)


def _family_tests(
    f: Any, variables: Sequence[sympy.Symbol], points: Sequence[Any], matrix: Any
) -> tuple[list[Step], tuple[Any, ...]] | None:
    """Split each family by the parity of its integers where the verdict alternates, then test
    each sub-family at a representative (the Hessian there repeats with the period)."""
    steps, result = [], []
    for point in points:
        for sub in _subfamilies(f, variables, point, matrix):
            names = integers_in(sub)
            kinds = {
                classify_point(f, variables, [c.subs(dict(zip(names, ks, strict=True)))
                                              for c in sub], matrix).kind
                for ks in product(range(3), repeat=len(names))
            }  # fmt: skip
            if len(kinds) != 1:
                return None
            (kind,) = kinds
            h = sympy.simplify(matrix.subs(dict(zip(variables, sub, strict=True))))
            text = prose("At ", math(sympy.Tuple(*sub) if len(sub) > 1 else sub[0]), ": H = ",
                         math(h), ", the same for every ",
                         join([prose(math(k), " ∈ ℤ") for k in names]),
                         f": {KIND_WORDS[kind]}.")  # fmt: skip
            steps.append(Step("second-derivative test", text, sympy.Tuple(*sub), h))
            result.append((tuple(sub), kind))
    return steps, tuple(result)


def _subfamilies(
    f: Any, variables: Sequence[sympy.Symbol], point: Sequence[Any], matrix: Any
) -> list[tuple[Any, ...]]:
    """The family itself, or its even and odd halves in each integer whose parity matters."""
    names = integers_in(point)
    splits: list[list[Any]] = []
    for k in names:
        even = _kind_at(f, variables, point, matrix, {k: 0})
        odd = _kind_at(f, variables, point, matrix, {k: 1})
        splits.append([2 * k, 2 * k + 1] if even != odd else [k])
    found = []
    for choice in product(*splits):
        swap = dict(zip(names, choice, strict=True))
        found.append(tuple(sympy.expand(c.subs(swap, simultaneous=True)) for c in point))
    return found


def _kind_at(
    f: Any, variables: Sequence[sympy.Symbol], point: Sequence[Any], matrix: Any, at: dict[Any, int]
) -> str:
    """The verdict at one member of a family (other integers at 0)."""
    values = {k: at.get(k, 0) for k in integers_in(point)}
    return classify_point(f, variables, [c.subs(values) for c in point], matrix).kind
