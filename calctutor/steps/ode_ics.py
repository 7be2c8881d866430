"""Initial conditions: substitute into the general solution and solve for the constants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from calctutor.notation.unicode import inline
from calctutor.steps.model import Step
from calctutor.steps.ode_form import Ode, Worked, prime_name


@dataclass(frozen=True)
class Condition:
    """y^(k)(x0) = value."""

    order: int
    point: sympy.Expr
    value: sympy.Expr

    def show(self) -> str:
        """As written on paper: y'(0) = 1."""
        return f"{prime_name(self.order)}({inline(self.point)}) = {inline(self.value)}"


def conditions(ics: Mapping[Any, Any] | None, func: Any) -> tuple[Condition, ...]:
    """Read dsolve-style ics {y(0): 1, Subs(y(x).diff(x), x, 0): 0}; ValueError on other keys."""
    found = [
        Condition(*_key(key, func), sympy.sympify(value, strict=True))
        for key, value in (ics or {}).items()
    ]
    return tuple(sorted(found, key=lambda c: c.order))


def _key(key: Any, func: Any) -> tuple[int, sympy.Expr]:
    """(k, x0) for the key y(x0) or Subs(Derivative(y(x), (x, k)), x, x0)."""
    if isinstance(key, AppliedUndef) and key.func == func.func and len(key.args) == 1:
        return 0, key.args[0]
    if isinstance(key, sympy.Subs) and len(key.variables) == 1:
        d, v = key.expr, key.variables[0]
        same = isinstance(d, sympy.Derivative) and d.expr == func.func(v)
        if same and all(w == v for w in d.variables):
            return len(d.variables), key.point[0]
    raise ValueError(
        f"unsupported initial condition {key} (use y(x0) or Subs(y(x).diff(x), x, x0))"
    )


def holds(expr: sympy.Expr, cond: Condition, x: sympy.Symbol) -> bool:
    """True when y = expr satisfies the condition exactly."""
    at = _value_at(expr, cond, x) - cond.value
    return bool(sympy.simplify(at) == 0)


def apply_conditions(
    ode: Ode, worked: Worked, conds: tuple[Condition, ...]
) -> tuple[Step, sympy.Expr] | None:
    """Substitute each condition, solve for the constants; try other branches if needed."""
    for general in (worked.result, *worked.branches):
        candidate = _anchored(general, ode.var, conds[0].point)
        unknowns = [c for c in worked.constants if candidate.has(c)]
        equations = [_at(candidate, c, ode.var) for c in conds]
        for values in _solve(equations, unknowns):
            final = _tidy(candidate.xreplace(values))
            if all(holds(final, c, ode.var) for c in conds):
                return _steps(ode, candidate, conds, values, final), final
    for constant in worked.equilibria:
        if all(holds(constant, c, ode.var) for c in conds):
            return _equilibrium_step(ode, constant, conds), constant
    return None


def _equilibrium_step(ode: Ode, constant: sympy.Expr, conds: tuple[Condition, ...]) -> Step:
    """No constant fits the family, but a constant solution set aside earlier does."""
    listed = ", ".join(c.show() for c in conds)
    text = (
        f"No value of the constant in the general solution gives {listed}, but the constant "
        f"solution y = {ode.show(constant)} set aside when separating does"
    )
    return Step("initial conditions", text, None, sympy.Eq(ode.func, constant))


def _anchored(expr: sympy.Expr, x: sympy.Symbol, x0: sympy.Expr) -> sympy.Expr:
    """∫ f dx left unevaluated becomes ∫_x0^x f(t) dt, so that it vanishes at x0."""
    t = sympy.Symbol("t") if sympy.Symbol("t") not in expr.free_symbols else sympy.Dummy("t")
    return expr.replace(
        lambda e: isinstance(e, sympy.Integral) and e.limits == ((x,),),
        lambda e: sympy.Integral(e.function.xreplace({x: t}), (t, x0, x)),
    )


def _tidy(expr: sympy.Expr) -> sympy.Expr:
    """A simpler form when SymPy finds one quickly: -e^x/(-e^x - 1) -> e^x/(e^x + 1)."""
    if sympy.count_ops(expr) > 40:
        return expr
    simpler = sympy.simplify(expr)
    return simpler if sympy.count_ops(simpler) < sympy.count_ops(expr) else expr


def _value_at(expr: sympy.Expr, cond: Condition, x: sympy.Symbol) -> sympy.Expr:
    """y^(k)(x0) for y = expr; an integral over [x0, x0] is 0."""
    value = sympy.diff(expr, x, cond.order).subs(x, cond.point)
    zero_width = {i: 0 for i in value.atoms(sympy.Integral) if i.limits[0][1] == i.limits[0][2]}
    return value.xreplace(zero_width)


def _at(expr: sympy.Expr, cond: Condition, x: sympy.Symbol) -> sympy.Eq:
    """The condition as an equation in the constants."""
    return sympy.Eq(_value_at(expr, cond, x), cond.value)


def _solve(
    equations: list[sympy.Eq], unknowns: list[sympy.Symbol]
) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """Every solution SymPy finds for the constants; [] when there is none."""
    if any(e is sympy.false for e in equations):
        return []
    live = [e for e in equations if e is not sympy.true]
    try:
        return list(sympy.solve(live, unknowns, dict=True)) if live else [{}]
    except NotImplementedError:
        return []


def _steps(
    ode: Ode,
    general: sympy.Expr,
    conds: tuple[Condition, ...],
    values: dict[sympy.Symbol, sympy.Expr],
    final: sympy.Expr,
) -> Step:
    """Differentiate as needed, substitute each condition, solve, write the particular solution."""
    x, subs = ode.var, []
    for k in range(1, max(c.order for c in conds) + 1):
        dk = sympy.diff(general, x, k)
        text = f"Differentiate: {prime_name(k)} = {ode.show(dk)}"
        subs.append(Step("differentiate", text, None, sympy.Eq(ode.derivative(k), dk)))
    for c in conds:
        eq = _at(general, c, x)
        lhs = _value_at(general, c, x)
        value = inline(c.value)
        text = f"{c.show()}: put x = {inline(c.point)}, so {inline(lhs)} = {value}"
        subs.append(Step("substitute", text, None, eq))
    shown = ", ".join(f"{k} = {inline(v)}" for k, v in values.items()) or "nothing to solve"
    subs.append(Step("solve for the constants", f"Solve the system: {shown}"))
    subs.append(
        Step("particular solution", f"y = {ode.show(final)}", None, sympy.Eq(ode.func, final))
    )
    listed = ", ".join(c.show() for c in conds)
    text = f"Apply {listed} to the general solution y = {ode.show(general)}"
    before, after = sympy.Eq(ode.func, general), sympy.Eq(ode.func, final)
    return Step("initial conditions", text, before, after, tuple(subs))


def holds_implicit(relation: sympy.Eq, cond: Condition, ode: Ode) -> bool:
    """True when the point (x0, y0) of a condition y(x0) = y0 lies on F(x, y) = C."""
    if cond.order != 0:
        return False
    level = (relation.lhs - relation.rhs).xreplace({ode.func: cond.value})
    return bool(sympy.simplify(level.subs(ode.var, cond.point)) == 0)


def implicit_conditions(
    ode: Ode, relation: sympy.Eq, names: tuple[sympy.Symbol, ...], conds: tuple[Condition, ...]
) -> tuple[Step, sympy.Eq] | None:
    """y(x0) = y0 in F(x, y) = C fixes C = F(x0, y0); only for a first-order condition."""
    if len(conds) != 1 or conds[0].order != 0:
        return None
    cond = conds[0]
    level = (relation.lhs - relation.rhs).xreplace({ode.func: cond.value})
    unknowns = [c for c in names if relation.has(c)]
    found = _solve([sympy.Eq(level.subs(ode.var, cond.point), 0)], unknowns)
    if len(found) != 1:
        return None
    final = relation.xreplace(found[0])
    shown = ", ".join(f"{k} = {sympy.sstr(v)}" for k, v in found[0].items())
    text = (
        f"{cond.show()}: put x = {sympy.sstr(cond.point)}, y = {sympy.sstr(cond.value)} into "
        f"{ode.show_eq(relation.lhs, relation.rhs)}, so {shown}: "
        f"{ode.show_eq(final.lhs, final.rhs)}"
    )
    return Step("initial conditions", text, relation, final), final
