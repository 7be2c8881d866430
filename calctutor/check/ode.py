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

from calctutor.check.common import invalid, read_answer, real_diff, show, undecided
from calctutor.check.equivalence import equivalent
from calctutor.check.numeric import Undefined, Unsupported, evaluate, mp_context
from calctutor.check.ode_interval import (
    Implicit,
    as_real,
    family_residual,
    holds_along_curve,
    holds_on_interval,
    vanishes_beside,
)
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
        """The residual with y(x) and its derivatives replaced by the solution's.

        Derivatives are taken for real x, so |u|′ is sign(u)·u′ (never SymPy's re/im form).
        """
        swap: dict[Any, Any] = {self.func(self.x): solution}
        derivative = solution
        for k in range(1, self.order + 1):
            derivative = real_diff(derivative, self.x)
            swap[sympy.Derivative(self.func(self.x), (self.x, k))] = derivative
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
        answer = read_answer(problem, text, context)
        implicit = _implicit(answer, ode, text)
        solution = answer if implicit is not None else _solution(answer, ode, text)
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
    if implicit is not None:
        return judge_implicit(ode, implicit, constants, rng)
    return judge_solution(ode, solution, constants, rng)


def _implicit(answer: Any, ode: Ode, text: str) -> Any | None:
    """F(x, y) = G(x, y) with y not alone on one side: the curve F − G, for first order only."""
    y = ode.func(ode.x)
    if not isinstance(answer, sympy.Eq) or answer.lhs == y or answer.rhs == y:
        return None
    if not answer.has(ode.func) or answer.has(sympy.Derivative):
        return None
    if ode.order != 1:
        raise ParseError(
            f"write the solution explicitly, as {y.func} = … (implicit answers F({ode.x}, "
            f"{y.func}) = C are for first-order equations)",
            None,
            text,
        )
    return answer


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
    residual = ode.substitute(solution)
    found = equivalent(residual, sympy.S.Zero, symbols, rng)
    where = ""
    if found.result is not True:
        interval = _interval(ode, residual, constants, rng)
        if interval is None and found.result is None:
            return undecided(read_as, found.how)
        if interval is None:
            return Verdict(
                "incorrect",
                f"This does not solve the equation: substituting {read_as} leaves a remainder "
                "that is not 0 on any interval.",
                ("not_a_solution",),
                read_as,
            )
        where = interval.words or "on an interval"
        start = _initial_point(ode)
        if start is not None and not vanishes_beside(residual, ode.x, start[0]):
            return Verdict(
                "incorrect",
                f"This solves the equation only where {where}, and the initial point "
                f"{ode.x} = {show(start[0])} is not there.",
                ("initial_condition",),
                read_as,
            )
    if ode.ics:
        return _conditions(ode, solution, constants, symbols, rng, read_as, where)
    return _general(ode, solution, constants, rng, read_as, where)


def _interval(ode: Ode, residual: Any, constants: Sequence[Any], rng: random.Random) -> Any:
    """Where the residual vanishes on an interval (see ``ode_interval``), or None."""
    others = sorted(set(ode.params) | set(constants), key=str)
    real, _ = as_real(residual, [ode.x, *others])
    x = next(s for s in real.free_symbols | {sympy.Symbol(ode.x.name, real=True)}
             if s.name == ode.x.name)  # fmt: skip
    real_others = sorted((s for s in real.free_symbols if s != x), key=str)
    return holds_on_interval(real, x, real_others, rng)


def _general(
    ode: Ode,
    solution: Any,
    constants: Sequence[Any],
    rng: random.Random,
    read_as: str,
    where: str = "",
) -> Verdict:
    """A general solution needs as many independent constants as the order."""
    rank = independent_constants(solution, ode.x, constants, ode.order, ode.params, rng)
    if rank >= ode.order:
        extra = f" (it holds where {where}, an interval, as a solution must)" if where else ""
        return Verdict("correct", f"Correct: this is the general solution{extra}.", read_as=read_as)
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
    where: str = "",
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
    extra = f" (the equation holds where {where}, which includes the initial point)"
    return Verdict(
        "correct",
        f"Correct: the equation and the initial conditions hold{extra if where else ''}.",
        read_as=read_as,
    )


def _initial_point(ode: Ode) -> tuple[Any, Any] | None:
    """(x0, y0) of a condition y(x0) = y0, or None."""
    for key, value in ode.ics.items():
        if isinstance(key, sympy.Function | sympy.core.function.AppliedUndef) and key.args:
            return key.args[0], value
    return None


def judge_implicit(
    ode: Ode, equation: Any, constants: Sequence[Any], rng: random.Random
) -> Verdict:
    """An implicit answer F(x, y) = C: implicit differentiation must give the equation."""
    y = sympy.Dummy(str(ode.func))
    curve = (equation.lhs - equation.rhs).xreplace({ode.func(ode.x): y})
    read_as = show(sympy.Eq(equation.lhs, equation.rhs))
    answer = Implicit(curve, y, constants[0] if constants else None)
    if ode.ics:
        return _implicit_condition(ode, answer, constants, rng, read_as)
    if answer.constant is None:
        return Verdict(
            "incorrect",
            "This curve has no arbitrary constant: the general solution of a first-order "
            "equation is a family F(x, y) = C.",
            ("not_general",),
            read_as,
        )
    residual = family_residual(ode.residual, ode.func, answer, ode.x)
    if residual is None:
        return undecided(read_as, f"the constant {answer.constant} cannot be isolated")
    found = equivalent(residual, sympy.S.Zero, (ode.x, y, *ode.params), rng)
    if found.result is None:
        return undecided(read_as, found.how)
    if not found.result:
        return Verdict(
            "incorrect",
            "Differentiating this implicitly does not give the equation: it is not a solution.",
            ("not_a_solution",),
            read_as,
        )
    return Verdict(
        "correct",
        "Correct: differentiating implicitly gives the equation (a general solution in "
        "implicit form).",
        read_as=read_as,
    )


def _implicit_condition(
    ode: Ode, answer: Implicit, constants: Sequence[Any], rng: random.Random, read_as: str
) -> Verdict:
    """With y(x0) = y0: the curve passes through the point and solves the equation there."""
    start = _initial_point(ode)
    if constants:
        return Verdict(
            "incorrect",
            f"This is a general solution: use the initial condition ({_conditions_text(ode)}) "
            f"to find the value of {', '.join(map(str, constants))}.",
            ("initial_condition",),
            read_as,
        )
    if start is None:
        return undecided(read_as, "the initial condition is not of the form y(x0) = y0")
    through = answer.curve.xreplace({ode.x: start[0], answer.y: start[1]})
    if equivalent(through, sympy.S.Zero, (), rng).result is not True:
        return Verdict(
            "incorrect",
            f"This curve does not pass through the initial point ({show(start[0])}, "
            f"{show(start[1])}).",
            ("initial_condition",),
            read_as,
        )
    along = holds_along_curve(ode.residual, ode.func, answer, ode.x, start)
    if along is None:
        return undecided(read_as, "the curve cannot be followed from the initial point")
    if not along:
        return Verdict(
            "incorrect",
            "This curve passes through the initial point, but differentiating it implicitly "
            "does not give the equation.",
            ("not_a_solution",),
            read_as,
        )
    return Verdict(
        "correct",
        "Correct: the curve passes through the initial point and differentiating it "
        "implicitly gives the equation.",
        read_as=read_as,
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
