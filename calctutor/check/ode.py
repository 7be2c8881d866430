"""ode: substitute the answer into the equation, count its constants, apply the conditions.

An answer is ``y = …`` or the right-hand side alone. It solves the equation when the residual
vanishes for every value of the variable and of its arbitrary constants. Without initial
conditions a general solution is wanted: the Jacobian of (y, y', …, y⁽ⁿ⁻¹⁾) with respect to the
constants must have rank n (so C1·eˣ + C2·eˣ, one constant in disguise, is not general). With
initial conditions the particular solution is wanted, and each condition must hold.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.check.common import invalid, read_answer, show, undecided
from calctutor.check.equivalence import equivalent
from calctutor.check.numeric import Undefined, Unsupported, evaluate, mp_context
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_context, read_equation, read_ics, read_var


@dataclass(frozen=True)
class Ode:
    """The equation as residual = 0, its unknown y(x), its order and initial conditions."""

    residual: Any
    func: Any
    x: Any
    order: int
    ics: dict[Any, Any]
    params: tuple[Any, ...]

    def substitute(self, solution: Any) -> Any:
        """The residual with y(x) and its derivatives replaced by the solution's."""
        swap: dict[Any, Any] = {
            sympy.Derivative(self.func(self.x), (self.x, k)): sympy.diff(solution, self.x, k)
            for k in range(1, self.order + 1)
        }
        swap[self.func(self.x)] = solution
        return self.residual.xreplace(swap).doit()


def read_ode(problem: Problem) -> Ode:
    """The problem's equation, unknown, order and conditions."""
    equation, x = read_equation(problem), read_var(problem)
    func = sympy.Function(str(problem.func))
    residual = equation.lhs - equation.rhs
    order = max((len(d.variables) for d in residual.atoms(sympy.Derivative)), default=0)
    ics = read_ics(problem)
    params = tuple(
        s
        for s in residual.free_symbols | {s for v in ics.values() for s in v.free_symbols}
        if s != x
    )
    return Ode(residual, func, x, order, ics, params)


def check_ode(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """Check a typed solution of the problem's ODE."""
    ode = read_ode(problem)
    context = answer_context(problem)
    try:
        solution = _solution(read_answer(problem, text, context), ode, text)
    except ParseError as error:
        return invalid(error)
    constants = sorted(
        (
            s
            for s in solution.free_symbols
            if s not in ode.params and s != ode.x and context.is_constant_name(s.name)
        ),
        key=str,
    )
    return judge_solution(ode, solution, constants, rng)


def _solution(answer: Any, ode: Ode, text: str) -> Any:
    """y = f(x) or f(x) alone, as f(x); a ParseError for other shapes."""
    y = ode.func(ode.x)
    if isinstance(answer, tuple):
        raise ParseError("give one solution, y = …, not a list", None, text)
    if isinstance(answer, sympy.Eq):
        if answer.lhs == y and not answer.rhs.has(ode.func):
            answer = answer.rhs
        elif answer.rhs == y and not answer.lhs.has(ode.func):
            answer = answer.lhs
        else:
            raise ParseError(f"write the solution explicitly, as {y.func} = …", None, text)
    if answer.has(ode.func) or answer.has(sympy.Derivative):
        raise ParseError(f"the solution must not contain {y.func} itself: solve for it", None, text)
    return answer


def judge_solution(
    ode: Ode, solution: Any, constants: Sequence[Any], rng: random.Random
) -> Verdict:
    """Solves the equation? Then general enough, or meeting the initial conditions?"""
    read_as = f"{ode.func} = {show(solution)}"
    symbols = (ode.x, *ode.params, *constants)
    found = equivalent(ode.substitute(solution), sympy.S.Zero, symbols, rng)
    if found.result is None:
        return undecided(read_as, found.how)
    if not found.result:
        return Verdict(
            "incorrect",
            f"This does not solve the equation: substituting {read_as} leaves a remainder "
            "that is not 0.",
            ("not_a_solution",),
            read_as,
        )
    if ode.ics:
        return _conditions(ode, solution, constants, symbols, rng, read_as)
    return _general(ode, solution, constants, rng, read_as)


def _general(
    ode: Ode, solution: Any, constants: Sequence[Any], rng: random.Random, read_as: str
) -> Verdict:
    """A general solution needs as many independent constants as the order."""
    rank = independent_constants(solution, ode.x, constants, ode.order, ode.params, rng)
    if rank >= ode.order:
        return Verdict("correct", "Correct: this is the general solution.", read_as=read_as)
    names = ", ".join(f"C{i}" for i in range(1, ode.order + 1)) if ode.order > 1 else "C"
    return Verdict(
        "incorrect",
        f"This solves the equation, but it is a particular solution: the general solution of "
        f"an equation of order {ode.order} needs {ode.order} independent arbitrary "
        f"constant{'s' if ode.order > 1 else ''} ({names}); yours has {rank}.",
        ("not_general",),
        read_as,
    )


def _conditions(
    ode: Ode,
    solution: Any,
    constants: Sequence[Any],
    symbols: Sequence[Any],
    rng: random.Random,
    read_as: str,
) -> Verdict:
    """Each initial condition must hold; constants left over mean they were not applied."""
    if constants:
        return Verdict(
            "incorrect",
            "This is a general solution: use the initial conditions "
            f"({_conditions_text(ode)}) to find the value of "
            f"{', '.join(map(str, constants))}.",
            ("initial_condition",),
            read_as,
        )
    for key, wanted in ode.ics.items():
        value = key.replace(ode.func, sympy.Lambda(ode.x, solution)).doit()
        if not equivalent(value, wanted, symbols, rng).result:
            return Verdict(
                "incorrect",
                f"This solves the equation, but not the initial condition {_key_text(key)} = "
                f"{show(wanted)}: yours gives {show(value)}.",
                ("initial_condition",),
                read_as,
            )
    return Verdict(
        "correct", "Correct: the equation and the initial conditions hold.", read_as=read_as
    )


def _key_text(key: Any) -> str:
    """y(0) or y'(0) as typed."""
    if isinstance(key, sympy.Subs):
        order = len(key.expr.variables)
        return f"{key.expr.expr.func}{chr(39) * order}({show(key.point[0])})"
    return show(key)


def _conditions_text(ode: Ode) -> str:
    """The conditions as a list."""
    return ", ".join(f"{_key_text(k)} = {show(v)}" for k, v in ode.ics.items())


def independent_constants(
    solution: Any,
    x: Any,
    constants: Sequence[Any],
    order: int,
    params: Sequence[Any],
    rng: random.Random,
) -> int:
    """The rank of d(y, y', …, y⁽ⁿ⁻¹⁾)/d(constants) at random points (the best of three)."""
    if not constants or order == 0:
        return 0
    rows = [sympy.diff(solution, x, k) for k in range(order)]
    entries = [[sympy.diff(r, c) for c in constants] for r in rows]
    symbols = (x, *params, *constants)
    return max((_rank_at(entries, symbols, rng) for _ in range(3)), default=0)


def _rank_at(entries: list[list[Any]], symbols: Sequence[Any], rng: random.Random) -> int:
    """The numerical rank of the matrix of entries at one random real point."""
    ctx = mp_context(30)
    point = {s: ctx.mpc(rng.uniform(0.3, 1.7) * rng.choice((1, -1))) for s in symbols}
    try:
        matrix = [[evaluate(e, point, ctx).value for e in row] for row in entries]
    except (Undefined, Unsupported):
        return 0
    return _rank(matrix, ctx)


def _rank(matrix: list[list[Any]], ctx: Any) -> int:
    """Rank by Gaussian elimination with partial pivoting and a relative tolerance."""
    rows = [list(r) for r in matrix]
    scale = max((abs(v) for r in rows for v in r), default=ctx.mpf(0))
    if scale == 0:
        return 0
    rank, columns = 0, len(rows[0]) if rows else 0
    for col in range(columns):
        pivot = max(range(rank, len(rows)), key=lambda i: abs(rows[i][col]), default=None)
        if pivot is None or abs(rows[pivot][col]) <= scale * ctx.mpf(10) ** -20:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(rank + 1, len(rows)):
            factor = rows[i][col] / rows[rank][col]
            rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank
