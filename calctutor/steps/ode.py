"""Worked solutions of ODEs: classify, apply the textbook rule, initial conditions, verify."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

import sympy

from calctutor.steps.model import Solution, Step
from calctutor.steps.ode_bernoulli import match_bernoulli
from calctutor.steps.ode_euler import match_cauchy_euler
from calctutor.steps.ode_exact import match_exact
from calctutor.steps.ode_first import match_direct, match_first_order
from calctutor.steps.ode_form import Ode, Worked, normal_form
from calctutor.steps.ode_homogeneous import match_homogeneous
from calctutor.steps.ode_ics import (
    Condition,
    apply_conditions,
    conditions,
    holds,
    holds_implicit,
    implicit_conditions,
)
from calctutor.steps.ode_second import match_constant_coefficient

_KIND = "ode"
_NO_RULE = (
    "none of the worked rules (direct integration, separable, first-order linear, Bernoulli, "
    "exact or made exact, homogeneous, constant coefficients, Cauchy–Euler) fits"
)


def ode_solution(
    equation: Any, func: Any, var: sympy.Symbol, ics: Mapping[Any, Any] | None = None
) -> Solution:
    """Solve equation for func = y(var) step by step; result is the right side of y = ...

    Raises ValueError when equation is not an ODE in func or an ics key is not y(x0) / y^(k)(x0).
    """
    if tuple(func.args) != (var,):
        raise ValueError(f"{func} is not a function of {var} alone")
    ode = normal_form(equation, func, var)
    conds = conditions(ics, func)
    worked = _textbook(ode)
    if worked is None:
        return _fallback(ode, ics, _NO_RULE)
    steps, result = list(worked.steps), worked.result
    if conds and isinstance(result, sympy.Eq):
        implicit = implicit_conditions(ode, result, worked.constants, conds)
        if implicit is None:
            return _fallback(ode, ics, "the initial condition cannot be met by F(x, y) = C")
        steps.append(implicit[0])
        result = implicit[1]
    elif conds:
        applied = apply_conditions(ode, worked, conds)
        if applied is None:
            return _fallback(
                ode, ics, "the initial conditions cannot be met by the general solution"
            )
        steps.append(applied[0])
        result = applied[1]
    return _finish(ode, worked, conds, steps, result)


def _textbook(ode: Ode) -> Worked | None:
    """The first rule that matches and succeeds, or None."""
    matchers: tuple[Callable[[Ode], Any], ...] = (
        match_direct,
        match_first_order,
        match_exact,
        match_homogeneous,
        match_bernoulli,
        _match_higher,
        match_cauchy_euler,
    )
    for match in matchers:
        rule = match(ode)
        worked = rule.work(ode) if rule is not None else None
        if worked is not None:
            return worked  # type: ignore[no-any-return]
    return None


def _match_higher(ode: Ode) -> Any:
    """Constant coefficients, for order two and up (first order goes through the rules above)."""
    return match_constant_coefficient(ode) if ode.order >= 2 else None


def _finish(
    ode: Ode, worked: Worked, conds: tuple[Condition, ...], steps: list[Step], result: sympy.Expr
) -> Solution:
    """Verify the result by substitution and package the Solution."""
    problems = _problems(ode, result, conds, worked.constants)
    if not problems:
        steps.append(_check_step(ode, result, conds))
    note = "; ".join(p for p in (worked.note, *problems) if p)
    return Solution(_KIND, ode.equation, result, tuple(steps), not problems, note)


def _problems(
    ode: Ode, result: sympy.Expr, conds: tuple[Condition, ...], names: tuple[sympy.Symbol, ...]
) -> list[str]:
    """What is wrong with y = result: the equation, the conditions, the count of constants."""
    found = []
    if not _satisfies(ode, result):
        found.append("checkodesol could not confirm the solution")
    if isinstance(result, sympy.Eq):
        if not all(holds_implicit(result, c, ode) for c in conds):
            found.append("the initial condition does not hold")
    elif not all(holds(result, c, ode.var) for c in conds):
        found.append("the initial conditions do not hold")
    count = len(result.free_symbols & set(names))
    if not conds and count != ode.order:
        found.append(f"{count} arbitrary constants for an order-{ode.order} equation")
    return found


def _satisfies(ode: Ode, result: sympy.Expr) -> bool:
    """True when SymPy's checkodesol confirms y = result (or the relation F = C) solves it."""
    if isinstance(result, sympy.Eq):
        return _level_curves_solve(ode, result)
    if _vanishes_numerically(ode, result):
        return True
    try:
        verdict = sympy.checkodesol(ode.equation, sympy.Eq(ode.func, result), ode.func)
    except (NotImplementedError, ValueError):
        return False
    return verdict[0] is True


def _vanishes_numerically(ode: Ode, result: sympy.Expr) -> bool:
    """True when y = result makes the equation's residual vanish to 30 digits at several points
    and constants (a quick check before SymPy's checkodesol, which can take many seconds)."""
    rng = random.Random(7)
    names = sorted((s for s in result.free_symbols if s != ode.var), key=str)
    derivatives = [sympy.diff(result, ode.var, k) for k in range(ode.order + 1)]
    residual = ode.expr.xreplace(dict(zip(ode.ys, derivatives, strict=True)))
    for _ in range(4):
        values = {s: sympy.Rational(rng.randint(2, 9), rng.randint(2, 7)) for s in names}
        values[ode.var] = sympy.Rational(rng.randint(11, 29), 10)
        try:
            scale = max(1.0, *(abs(complex(sympy.N(d.subs(values), 30))) for d in derivatives))
            value = complex(sympy.N(residual.subs(values), 30))
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if abs(value) > 1e-20 * scale:
            return False
    return True


def _level_curves_solve(ode: Ode, relation: sympy.Eq) -> bool:
    """True when along F(x, y) = C, where y' = −F_x/F_y, the first-order equation holds."""
    if ode.order != 1:
        return False
    y = sympy.Dummy("y")
    level = (relation.lhs - relation.rhs).xreplace({ode.func: y})
    slope = -sympy.diff(level, ode.var) / sympy.diff(level, y)
    residual = ode.expr.xreplace({ode.ys[1]: slope, ode.ys[0]: y})
    return bool(sympy.simplify(sympy.together(residual)) == 0)


def _check_step(ode: Ode, result: sympy.Expr, conds: tuple[Condition, ...]) -> Step:
    """The verification, shown to the student as the last step."""
    if isinstance(result, sympy.Eq):
        relation = ode.show_eq(result.lhs, result.rhs)
        text = f"Check: along {relation}, y' = -F_x/F_y satisfies the equation"
    else:
        text = f"Check: substituting y = {ode.show(result)} into the equation gives 0"
    if conds:
        text += " and " + ", ".join(c.show() for c in conds) + " hold"
    after = result if isinstance(result, sympy.Eq) else sympy.Eq(ode.func, result)
    return Step("check", text, ode.equation, after)


def _fallback(ode: Ode, ics: Mapping[Any, Any] | None, why: str) -> Solution:
    """SymPy's dsolve as a black box: a result without worked steps, so complete=False."""
    note = f"{why}; solved by sympy.dsolve without worked steps"
    try:
        found = sympy.dsolve(ode.equation, ode.func, ics=dict(ics) if ics else None)
    except Exception as exc:  # dsolve raises many exception types on what it cannot solve
        step = Step("dsolve", f"SymPy's dsolve could not solve it either ({type(exc).__name__})")
        return Solution(_KIND, ode.equation, None, (step,), False, f"{why}; dsolve failed")
    sol = found[0] if isinstance(found, list) else found
    if sol.lhs != ode.func:
        step = Step("dsolve", f"dsolve gives only an implicit solution: {ode.show(sol)}", None, sol)
        return Solution(_KIND, ode.equation, None, (step,), False, f"{note}; implicit only")
    conds = conditions(ics, ode.func)
    if not _satisfies(ode, sol.rhs) or not all(holds(sol.rhs, c, ode.var) for c in conds):
        note += "; the result could not be verified"
    text = f"{why[0].upper()}{why[1:]}. SymPy's dsolve gives y = {ode.show(sol.rhs)}"
    return Solution(
        _KIND, ode.equation, sol.rhs, (Step("dsolve", text, ode.equation, sol),), False, note
    )
