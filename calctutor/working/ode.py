"""Lines of working on a differential equation, each checked against the equation itself.

For a first-order equation y' = F(x, y) a line is a relation between x and y that every solution
must satisfy: a separated form g(y) dy = h(x) dx holds when g·F = h; an equation with integrals
or a constant holds when its derivative along the solutions, ∂/∂x + F·∂/∂y, vanishes (the
constant solved for first: ln|y| = 2x + C means ln|y| − 2x is constant); ``y = …`` must solve
the equation. An integrating factor μ must satisfy μ'/μ = P for y' + P y = Q. For a linear
equation with constant coefficients the characteristic equation must be a multiple of
a_n rⁿ + … + a_0 and each root a root of it. Lines about the constants (``C1 + C2 = 1``) are
checked against the values the initial conditions give for the last general solution.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.check.common import real_diff, show
from calctutor.check.equivalence import equivalent
from calctutor.check.ode import Ode, read_ode
from calctutor.working import lines as parse_lines
from calctutor.working.forms import Segment, top_level_split
from calctutor.working.lines import Clause
from calctutor.working.reading import Names, is_differential, read_side
from calctutor.working.session import Outcome, Work
from calctutor.working.values import Undecided, forms_in, materialize

ROOT_NAMES = ("r", "m", "lambda")
INTEGRATING_FACTORS = ("mu", "I")


@dataclass(frozen=True)
class Flow:
    """The equation as the working needs it: y as a symbol, F of y' = F, the characteristic
    polynomial."""

    ode: Ode
    y: Any
    slope: Any  # F(x, y), or None when y' cannot be isolated (or the order is not 1)
    characteristic: Any  # a polynomial in r, or None
    r: Any


def flow_of(work: Work) -> Flow:
    """The equation of the problem, read once per working."""
    if work.flow is not None:
        cached: Flow = work.flow
        return cached
    ode = read_ode(work.problem)
    y = sympy.Symbol(str(ode.func))
    r = sympy.Symbol("r")
    flow = Flow(ode, y, _slope(ode, y), _characteristic(ode, r), r)
    work.flow = flow
    return flow


def plain(expr: Any, ode: Ode, y: Any) -> Any:
    """y(x) as the symbol y, and y', y'' as the symbols y_1, y_2."""
    swap: dict[Any, Any] = {}
    for d in expr.atoms(sympy.Derivative):
        if d.expr == ode.func(ode.x):
            swap[d] = sympy.Symbol(f"{y.name}_{len(d.variables)}")
    expr = expr.xreplace(swap)
    return expr.xreplace({ode.func(ode.x): y})


def _slope(ode: Ode, y: Any) -> Any:
    """F in y' = F(x, y) for a first-order equation solved for y' (None otherwise)."""
    if ode.order != 1:
        return None
    prime = sympy.Symbol(f"{y.name}_1")
    residual = plain(ode.residual, ode, y)
    if sympy.degree(residual, prime) != 1:
        return None
    a = sympy.diff(residual, prime)
    return sympy.simplify(-(residual - a * prime) / a)


def _characteristic(ode: Ode, r: Any) -> Any:
    """a_n rⁿ + … + a_0 when the equation is linear with constant coefficients, else None."""
    y = sympy.Symbol(str(ode.func))
    residual = plain(ode.residual, ode, y)
    names = [y, *(sympy.Symbol(f"{y.name}_{k}") for k in range(1, ode.order + 1))]
    coefficients = [sympy.diff(residual, n) for n in names]
    if any(c.free_symbols & {ode.x, *names} for c in coefficients):
        return None
    return sum(c * r**k for k, c in enumerate(coefficients))


def judge_ode_clause(work: Work, clause: Clause, line: str) -> list[Outcome]:
    """One clause of working on an ODE."""
    flow = flow_of(work)
    work.last_clause = clause
    names = work.names.with_names(*ROOT_NAMES)
    name = parse_lines.declared_name(clause)
    if name in INTEGRATING_FACTORS:
        return _integrating_factor(work, flow, clause, line, name)
    if len(clause.sides) > 1 and (clause.left in ROOT_NAMES or _is_root_name(clause)):
        return [_root(flow, v) for s in clause.sides[1:] for v in _roots(s, names, line)]
    raw = [read_side(s, names, line) for s in clause.sides]
    work.last_side, work.last_value = clause.sides[-1], raw[-1]
    sides = [plain(materialize_keep(s, work), flow.ode, flow.y) for s in raw]
    if len(sides) == 1:
        return [_single(work, flow, sides[0])]
    return [_relation(work, flow, a, b) for a, b in itertools.pairwise(sides)]


def _roots(side: Segment, names: Names, line: str) -> list[Any]:
    """The values of a side such as -1, -2 or -1 ± 2i (i is the imaginary unit)."""
    names = names.with_names("i")
    values = []
    for a, b in top_level_split(side.text, ","):
        part = side.cut(a, b)
        texts = [part.text.replace("±", sign) for sign in "+-"] if "±" in part.text else [part.text]
        for text in texts:
            value = read_side(Segment(text, part.offset), names, line)
            values.append(value.xreplace({sympy.Symbol("i"): sympy.I}))
    return values


def _is_root_name(clause: Clause) -> bool:
    """r_1 = …, r₂ = …, m1 = …"""
    name = parse_lines.declared_name(clause)
    return name is not None and name.rstrip("_0123456789") in ROOT_NAMES


def materialize_keep(expr: Any, work: Work) -> Any:
    """Forms carried out except indefinite integrals; μ and other names replaced."""
    try:
        return materialize(expr, work.frame, keep_indefinite=True)
    except Undecided:
        return expr


def _single(work: Work, flow: Flow, side: Any) -> Outcome:
    """A bare expression: a solution y = … written without y, or the characteristic polynomial."""
    if side.has(flow.r) and not side.has(flow.ode.x, flow.y):
        return _characteristic_line(flow, side, sympy.S.Zero)
    if side.has(flow.y):
        return _relation(work, flow, side, sympy.S.Zero)
    return _relation(work, flow, flow.y, side)


def _root(flow: Flow, value: Any) -> Outcome:
    """r = value: a root of the characteristic polynomial."""
    if flow.characteristic is None:
        return ("unknown", "", "This equation has no characteristic polynomial to check against.")
    at = sympy.expand(flow.characteristic.subs(flow.r, value))
    if abs(complex(sympy.N(at))) < 1e-9:
        return ("rule", "characteristic roots", "")
    return (
        "wrong",
        "",
        f"{show(value)} is not a root of the characteristic equation "
        f"{show(flow.characteristic)} = 0.",
    )


def _characteristic_line(flow: Flow, left: Any, right: Any) -> Outcome:
    """p(r) = 0 must be a multiple of the equation's characteristic polynomial."""
    if flow.characteristic is None:
        return ("unknown", "", "This equation has no characteristic polynomial to check against.")
    ratio = sympy.cancel((left - right) / flow.characteristic)
    if ratio != 0 and not ratio.has(flow.r):
        return ("rule", "characteristic equation", "")
    return (
        "wrong",
        "",
        "This is not the characteristic equation: put y = e^(rx) into the equation and divide "
        "by e^(rx).",
    )


def _relation(work: Work, flow: Flow, left: Any, right: Any) -> Outcome:
    """One step A = B of a clause, checked against the equation."""
    x, y = flow.ode.x, flow.y
    if (left.has(flow.r) or right.has(flow.r)) and not (left.has(x, y) or right.has(x, y)):
        return _characteristic_line(flow, left, right)
    if (
        _is_function_value(left)
        or _is_function_value(right)
        or not (left.has(x, y) or right.has(x, y))
    ):
        return _constants_line(work, flow, left, right)
    if left == y and not right.has(y) and not _has_prime(right):
        return _explicit(work, flow, right)
    if right == y and not left.has(y) and not _has_prime(left):
        return _explicit(work, flow, left)
    if _derivative_name(flow, left) and work.general is not None:
        return _derivative_of_solution(work, flow, left, right)
    if flow.slope is None:
        return ("unknown", "", "Only lines y = … can be checked for this equation.")
    return _first_order(work, flow, left - right)


def _has_prime(expr: Any) -> bool:
    """True when y', y'' (as symbols y_1, y_2) appear."""
    return any(s.name.rsplit("_", 1)[-1].isdigit() and "_" in s.name for s in expr.free_symbols)


def _is_function_value(expr: Any) -> bool:
    """y(0), y'(0)."""
    return bool(expr.atoms(sympy.Subs)) or any(
        isinstance(f, sympy.core.function.AppliedUndef) for f in expr.atoms(sympy.Function)
    )


def _derivative_name(flow: Flow, expr: Any) -> bool:
    """y' or y'' on its own."""
    return isinstance(expr, sympy.Symbol) and expr.name.startswith(f"{flow.y.name}_")


def _explicit(work: Work, flow: Flow, solution: Any) -> Outcome:
    """y = f(x): it must solve the equation (and meet the conditions once no constant is left)."""
    x = flow.ode.x
    residual = flow.ode.substitute(solution)
    symbols = sorted(residual.free_symbols | {x}, key=str)
    found = equivalent(residual, sympy.S.Zero, symbols, work.rng)
    if found.result is None:
        return ("unknown", "", "Could not decide whether this solves the equation.")
    if not found.result:
        return (
            "wrong",
            "",
            f"This does not solve the equation: substituting y = {show(solution)} leaves a "
            "remainder that is not 0.",
        )
    constants = _constants(work, solution, flow)
    if constants:
        work.general = solution
        return ("rule", "general solution", "")
    return _conditions(work, flow, solution)


def _constants(work: Work, expr: Any, flow: Flow) -> list[Any]:
    """The arbitrary constants of an expression."""
    return sorted(
        (
            s
            for s in expr.free_symbols
            if s != flow.ode.x and s not in flow.ode.params and parse_lines.is_constant_name(s.name)
        ),
        key=str,
    )


def _conditions(work: Work, flow: Flow, solution: Any) -> Outcome:
    """A solution without constants must meet the initial conditions."""
    ode = flow.ode
    for key, wanted in ode.ics.items():
        value = key.replace(ode.func, sympy.Lambda(ode.x, solution)).doit()
        if equivalent(value, wanted, list(ode.params), work.rng).result is False:
            return (
                "wrong",
                "",
                f"This solves the equation but not the initial condition: it gives "
                f"{show(value)} where the condition asks {show(wanted)}.",
            )
    return ("rule", "particular solution" if ode.ics else "solution", "")


def _constants_line(work: Work, flow: Flow, left: Any, right: Any) -> Outcome:
    """y(0) = C1 + C2 = 1, C = 1: true for the constants the conditions give."""
    values = _condition_values(work, flow)
    swap = dict(values)
    for key, wanted in flow.ode.ics.items():
        swap[plain(key, flow.ode, flow.y)] = wanted
    a, b = left.xreplace(swap).doit(), right.xreplace(swap).doit()
    if a.free_symbols or b.free_symbols:
        return ("ok", "", "")
    if sympy.simplify(a - b) == 0:
        return ("rule", "initial conditions", "")
    return (
        "wrong",
        "",
        "This does not follow from the initial conditions and the solution before.",
    )


def _condition_values(work: Work, flow: Flow) -> dict[Any, Any]:
    """The constants of the last general solution that meet the initial conditions."""
    if work.general is None or not flow.ode.ics:
        return {}
    ode = flow.ode
    constants = _constants(work, work.general, flow)
    equations = [
        key.replace(ode.func, sympy.Lambda(ode.x, work.general)).doit() - wanted
        for key, wanted in ode.ics.items()
    ]
    solved = sympy.solve(equations, constants, dict=True)
    return solved[0] if solved else {}


def _derivative_of_solution(work: Work, flow: Flow, left: Any, right: Any) -> Outcome:
    """y' = … after y = …: the derivative of the general solution."""
    order = int(left.name.rsplit("_", 1)[-1])
    wanted = sympy.diff(work.general, flow.ode.x, order)
    symbols = sorted(wanted.free_symbols | right.free_symbols | {flow.ode.x}, key=str)
    if equivalent(right, wanted, symbols, work.rng).result is False:
        return ("wrong", "", "This is not the derivative of the solution before.")
    return ("rule", "derivative of the solution", "")


def _first_order(work: Work, flow: Flow, relation: Any) -> Outcome:
    """A relation between x and y that the solutions of y' = F must satisfy."""
    x, y, F = flow.ode.x, flow.y, flow.slope
    prime = sympy.Symbol(f"{y.name}_1")
    relation = relation.xreplace({prime: F})
    marks = [s for s in relation.free_symbols if is_differential(s)]
    if marks:
        return _separated(work, flow, relation, marks)
    integrals = [f for f in forms_in(relation) if isinstance(f, sympy.Integral)]
    constants = _constants(work, relation, flow)
    symbols = sorted(relation.free_symbols | {x, y}, key=str)
    if not integrals and equivalent(relation, sympy.S.Zero, symbols, work.rng).result:
        return ("rule", "the equation rearranged", "")
    if constants:
        return _first_integral(work, flow, relation, constants[0])
    rate = flow_derivative(relation, flow)
    symbols = sorted(rate.free_symbols | {x, y}, key=str)
    if equivalent(rate, sympy.S.Zero, symbols, work.rng).result:
        return ("rule", "integrate both sides" if integrals else "integrating factor", "")
    return ("wrong", "", "This does not follow from the equation.")


def _separated(work: Work, flow: Flow, relation: Any, marks: list[Any]) -> Outcome:
    """g(y) dy = h(x) dx: g·F = h."""
    x, y = flow.ode.x, flow.y
    total = sympy.S.Zero
    for mark in marks:
        coefficient = sympy.diff(relation, mark)
        if mark.name[1:] == y.name:
            total += coefficient * flow.slope
        elif mark.name[1:] == x.name:
            total += coefficient
        else:
            return ("unknown", "", f"d{mark.name[1:]} is not a differential of this equation.")
    symbols = sorted(total.free_symbols | {x, y}, key=str)
    if equivalent(total, sympy.S.Zero, symbols, work.rng).result:
        return ("rule", "separation of variables", "")
    return (
        "wrong",
        "",
        "The variables are not separated correctly: g(y) dy = h(x) dx needs g(y)·y' = h(x).",
    )


def _first_integral(work: Work, flow: Flow, relation: Any, constant: Any) -> Outcome:
    """A relation with a constant: solved for the constant, its derivative along solutions is 0."""
    x, y = flow.ode.x, flow.y
    try:
        candidates = sympy.solve(relation, constant)
    except (NotImplementedError, ValueError, TypeError):
        candidates = []
    for invariant in candidates:
        rate = flow_derivative(invariant, flow)
        symbols = sorted(rate.free_symbols | {x, y}, key=str)
        if equivalent(rate, sympy.S.Zero, symbols, work.rng).result:
            return ("rule", "integrate both sides", "")
    if not candidates:
        return ("unknown", "", f"Could not solve this line for {constant}.")
    return (
        "wrong",
        "",
        f"This does not follow from the equation: solved for {constant}, it is not constant "
        "along the solutions.",
    )


def flow_derivative(expr: Any, flow: Flow) -> Any:
    """d/dx of an expression in x and y along the solutions: ∂/∂x + F·∂/∂y (integrals too)."""
    x, y, F = flow.ode.x, flow.y, flow.slope
    integrals = [f for f in forms_in(expr) if isinstance(f, sympy.Integral)]
    jumps = {i: sympy.Dummy("J") for i in integrals}
    body = expr.xreplace(jumps)
    rate = real_diff(body, x) + real_diff(body, y) * F
    for integral, jump in jumps.items():
        var = integral.limits[0][0]
        speed = F if var == y else 1 if var == x else 0
        rate += sympy.diff(body, jump) * integral.function * speed
    return rate


def _integrating_factor(
    work: Work, flow: Flow, clause: Clause, line: str, name: str
) -> list[Outcome]:
    """μ = e^(∫P dx): μ'/μ must be P for y' + P y = Q."""
    sides = [plain(read_side(s, work.names, line), flow.ode, flow.y) for s in clause.sides[1:]]
    value = materialize(sides[-1], work.frame)
    x, y = flow.ode.x, flow.y
    work.forward[sympy.Symbol(name)] = value
    work.names = work.names.with_names(name)
    outcomes: list[Outcome] = []
    for a, b in itertools.pairwise(sides):
        left, right = materialize(a, work.frame), materialize(b, work.frame)
        found = equivalent(left / right, sympy.S.One, [x], work.rng)
        if found.result is False:
            outcomes.append(("wrong", "", "These two forms of the integrating factor differ."))
    if flow.slope is None:
        return [*outcomes, ("unknown", "", "This equation has no integrating factor to check.")]
    p = -sympy.diff(flow.slope, y)
    if p.has(y):
        return [*outcomes, ("wrong", "", "This equation is not linear: no integrating factor.")]
    found = equivalent(
        sympy.diff(value, x) / value, p, sorted(p.free_symbols | {x}, key=str), work.rng
    )
    if found.result is False:
        return [
            *outcomes,
            ("wrong", "", f"The integrating factor must be e^(∫P dx) with P = {show(p)}."),
        ]
    return [*outcomes, ("rule", "integrating factor", f"μ = {show(value)}")]
