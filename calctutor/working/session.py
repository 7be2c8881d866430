"""Walking through a student's working line by line, keeping what it has introduced.

The *chain* starts at the problem (d/dx f, ∫ f dx, ∫_a^b f dx; for a limit, the first line) and
moves with every line that continues it (``= …``, a bare expression, or an equation whose left
side equals where the chain stands). Other equations are *claims* (``(sin x)' = cos x``, ``∫ eˣ dx
= eˣ`` beside integration by parts), judged on their own. Definitions (``u = x²``, ``du = 2x dx``,
``dv = eˣ dx``, ``x = sin θ``, ``A = 1/3``) are checked and remembered.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field, replace
from typing import Any

import sympy

from calctutor.check.common import show, symbols_of
from calctutor.check.equivalence import equivalent
from calctutor.expr import ParseError
from calctutor.expr.context import Constants
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_variables, read_bound, read_expected, read_expr, read_var
from calctutor.working import lines as parse_lines
from calctutor.working.diagnose import diagnose
from calctutor.working.forms import Segment
from calctutor.working.lines import Clause
from calctutor.working.model import Status
from calctutor.working.reading import Names, differential, is_differential, read_side
from calctutor.working.rules import step_rules
from calctutor.working.values import (
    Frame,
    Undecided,
    compare,
    forms_in,
    materialize,
    position,
    slope,
    symbols_for,
)

Outcome = tuple[Status, str, str]
INVERSE_NAMES = ("theta", "t", "u", "phi", "s", "z")


@dataclass
class Work:
    """The state of one walk through a working (local to one check)."""

    problem: Problem
    names: Names
    base: Any
    symbols: tuple[Any, ...]
    rng: random.Random
    start: Any
    current: Any = None
    claim: Any = None
    forward: dict[Any, Any] = field(default_factory=dict)
    inverse: tuple[Any, Any] | None = None
    rates: dict[str, Any] = field(default_factory=dict)
    ansatz: list[Any] = field(default_factory=list)
    parts_checked: bool = False
    started: bool = False
    last_side: Segment | None = None
    last_value: Any = None
    last_clause: Clause | None = None
    problem_names: tuple[str, ...] = ()
    general: Any = None
    parts: bool = False
    flow: Any = None

    @property
    def frame(self) -> Frame:
        """The comparison frame as it stands."""
        return Frame(self.base, self.symbols, self.rng, dict(self.forward), self.inverse)

    @property
    def kind(self) -> str:
        """The problem's kind."""
        return self.problem.kind


def new_work(problem: Problem, rng: random.Random) -> Work:
    """The state before the first line: the chain at the problem."""
    variables = answer_variables(problem)
    base_name = problem.var or (variables[0] if variables else "x")
    constants: Constants = (
        "arbitrary" if problem.kind in ("integral", "definite_integral", "ode") else "none"
    )
    function = problem.func or "" if problem.kind == "ode" else ""
    names = Names(variables or (base_name,), base_name, constants, function)
    base = sympy.Symbol(base_name)
    work = Work(problem, names, base, symbols_of(variables), rng, _start(problem))
    work.problem_names = names.variables
    work.current = work.start
    if isinstance(work.start, sympy.Limit):
        work.names = replace(work.names, last_limit=approach_text(work.start))
    return work


def _start(problem: Problem) -> Any:
    """The problem as the first object of the chain."""
    if problem.kind == "derivative":
        return sympy.Derivative(read_expr(problem), read_var(problem), evaluate=False)
    if problem.kind == "integral":
        return sympy.Integral(read_expr(problem), read_var(problem))
    if problem.kind == "definite_integral":
        x = read_var(problem)
        limits = (x, read_bound(problem, "lower"), read_bound(problem, "upper"))
        return sympy.Integral(read_expr(problem), limits)
    if problem.kind == "expression" and problem.limit is not None and problem.expr is not None:
        from calctutor.sets.approach import read_limit
        from calctutor.sets.reading import author_context

        approach = read_limit(problem, author_context(problem))
        return sympy.Limit(read_expr(problem), approach.var, approach.point, approach.side)
    return None


def judge_clause(work: Work, clause: Clause, line: str) -> list[Outcome]:
    """The outcomes of one clause (a ParseError when a side cannot be read)."""
    work.last_clause = clause
    name = parse_lines.differential_name(clause)
    if name is not None:
        return [_differential(work, clause, line, name)]
    name = parse_lines.declared_name(clause)
    taken = set(work.problem_names)
    if name is not None and name not in taken and name != work.names.base:
        if parse_lines.is_constant_name(name):
            return _assignment(work, clause, line, name)
        if not parse_lines.label(clause, work.names.base, taken):
            return _definition(work, clause, line, name)
    if (
        len(clause.sides) > 1
        and not clause.continuing
        and clause.left == work.names.base
        and work.inverse is None
    ):
        return _inverse_definition(work, clause, line)
    which = parse_lines.label(clause, work.names.base, taken)
    sides = [read_side(s, work.names, line) for s in clause.sides[1 if which else 0 :]]
    _remember_last(work, clause, sides)
    if len(sides) == 2 and not which and _has_differentials(sides):
        return [_differentials(work, sides, "")]
    defined = parse_lines.defined_function(clause)
    if defined is not None and defined != work.names.function:
        work.names = replace(
            work.names, definitions=(*work.names.definitions, (defined, sides[-1]))
        )
        if work.kind == "definite_integral":
            return _antiderivative_claim(work, sides)
    if which == "derivative" and work.kind == "derivative":
        return _chain(work, [work.start, *sides], continuing=False)
    if which == "function" and work.kind == "derivative":
        work.forward[sympy.Symbol(clause.left[0])] = sides[-1]  # y = sin u: dy/du is cos u
        return _pairs(work, [work.start.expr, *sides], chain=False)
    if which is not None:
        return _chain(work, sides, continuing=True)
    return _chain(work, sides, clause.continuing or len(sides) == 1)


def _has_differentials(sides: list[Any]) -> bool:
    """True for x dx = du/2: differentials outside any integral."""
    plain = [s for s in sides if not forms_in(s)]
    return len(plain) == len(sides) and any(
        is_differential(v) for s in sides for v in getattr(s, "free_symbols", ())
    )


def _remember_last(work: Work, clause: Clause, sides: list[Any]) -> None:
    """The last side read (the final line's answer is its text), and the last limit's approach."""
    work.last_side = clause.sides[-1]
    work.last_value = sides[-1] if sides else None
    for side in sides:
        for form in forms_in(side):
            if isinstance(form, sympy.Limit):
                work.names = replace(work.names, last_limit=approach_text(form))


def approach_text(limit: Any) -> str:
    """x→0+ for Limit(f, x, 0, '+'): how a limit's subscript is written."""
    _, var, point, direction = limit.args
    side = "" if str(direction) == "+-" or point in (sympy.oo, -sympy.oo) else str(direction)
    return f"{var}→{show(point)}{side}"


def _antiderivative_claim(work: Work, sides: list[Any]) -> list[Outcome]:
    """F(x) = … in a definite integral: F must be an antiderivative of the integrand."""
    start = work.start
    integrand = start.function if isinstance(start, sympy.Integral) else None
    if integrand is None:
        return _pairs(work, sides, chain=False)
    outcome = _step(work, sympy.Integral(integrand, work.base), sides[-1], chain=True)
    return [*_pairs(work, sides, chain=False), outcome]


def _chain(work: Work, sides: list[Any], continuing: bool) -> list[Outcome]:
    """A clause that continues the chain, starts it, or is a claim of its own."""
    if work.current is None:
        return _first(work, sides)
    if continuing:
        outcomes = _pairs(work, [work.current, *sides], chain=True)
        if outcomes[0][0] == "wrong" and work.claim is not None:
            aside = _pairs(work, [work.claim, *sides], chain=False)
            if aside[0][0] != "wrong":
                work.claim = sides[-1]
                return aside
        work.current, work.started = sides[-1], True
        return outcomes
    if _linked(work, sides[0]):
        chain = sides if sides[0] == work.current else [work.current, *sides]
        outcomes = _pairs(work, chain, chain=True)
        work.current, work.started = sides[-1], True
        return outcomes
    unknowns = _unknown_constants(work, sides)
    if unknowns and len(sides) > 1:
        work.ansatz.append(sides[0] - sides[1])
        return [("rule", "partial fractions: the form", "")]
    if not work.started and _misread_problem(work, sides[0]):
        return [("wrong", "", f"This is not the problem: the problem is {_problem_text(work)}.")]
    work.claim = sides[-1]
    return _pairs(work, sides, chain=False)


def _first(work: Work, sides: list[Any]) -> list[Outcome]:
    """The first line of a working whose problem is only a value (a limit)."""
    work.current, work.started = sides[-1], True
    outcomes: list[Outcome] = [("ok", "", "")]
    if work.kind == "expression" and work.problem.expected is not None:
        try:
            expected = read_expected(work.problem)
            found = compare(sides[0], expected, work.frame, False)
        except (ParseError, Undecided):
            found = None
        if found is not None and found.same is False:
            return [("wrong", "", "This is not the problem: its value is not the one asked for.")]
    if len(sides) > 1:
        outcomes = _pairs(work, sides, chain=True)
    return outcomes


def _linked(work: Work, side: Any) -> bool:
    """True when a left side equals where the chain stands (it continues the chain)."""
    if side == work.current:
        return True
    if forms_in(side) == [] and forms_in(work.current) != [] and work.kind != "expression":
        return False
    found = compare(work.current, side, work.frame, work.kind == "integral")
    return found.same is True


def _pairs(work: Work, sides: list[Any], chain: bool) -> list[Outcome]:
    """Each step A = B of a clause."""
    return [_step(work, a, b, chain) for a, b in itertools.pairwise(sides)]


def _step(work: Work, prev: Any, new: Any, chain: bool) -> Outcome:
    """ok, a named rule, wrong (with the diagnosis) or unknown, for one step."""
    frame = work.frame
    found = compare(prev, new, frame, chain and work.kind == "integral")
    if found.same is None:
        return ("unknown", "", found.reason or "This step could not be decided.")
    if found.same:
        try:
            names = step_rules(prev, new, frame)
        except (TypeError, ValueError, ArithmeticError, sympy.PolynomialError):
            names = []
        return ("rule" if names else "ok", ", ".join(names), "")
    return ("wrong", "", diagnose(prev, new, frame, found))


def _unknown_constants(work: Work, sides: list[Any]) -> list[Any]:
    """A, B … of a partial-fraction form that have no value yet."""
    if work.kind not in ("integral", "definite_integral"):
        return []
    free = set().union(*(getattr(s, "free_symbols", set()) for s in sides))
    return [
        s
        for s in free
        if parse_lines.is_constant_name(s.name) and s.name not in "Cc" and s not in work.forward
    ]


def _misread_problem(work: Work, side: Any) -> bool:
    """A first line whose left side is the problem's kind of form but another operand."""
    start = work.start
    if start is None or type(side) is not type(start) or work.forward or work.rates:
        return False
    if isinstance(start, sympy.Integral):
        if side.limits[0][0] != start.limits[0][0] or side.limits != start.limits:
            return False
        operand, inside = side.function, start.function
    else:
        operand, inside = side.expr, start.expr
    return not any(node == operand for node in sympy.preorder_traversal(inside))


def _problem_text(work: Work) -> str:
    """The problem as the student would write it."""
    start = work.start
    if isinstance(start, sympy.Derivative):
        return f"d/d{work.base} ({show(start.expr)})"
    limits = start.limits[0]
    ends = f"_{show(limits[1])}^{show(limits[2])}" if len(limits) == 3 else ""
    return f"∫{ends} {show(start.function)} d{work.base}"


# -- definitions ------------------------------------------------------------------------


def _definition(work: Work, clause: Clause, line: str, name: str) -> list[Outcome]:
    """u = x² (a substitution), v = eˣ (parts), θ = arcsin x (back from x = sin θ)."""
    names = work.names.with_names(name)
    sides = [read_side(s, names, line) for s in clause.sides[1:]]
    outcomes = _pairs(work, sides, chain=False) if len(sides) > 1 else []
    symbol = sympy.Symbol(name)
    value = _resolved_value(sides[-1], work)
    if work.inverse is not None and symbol == work.inverse[0]:
        return [*outcomes, _inverse_back(work, value)]
    if name in work.rates:
        outcomes.append(_check_v(work, name, value))
    work.names = names
    work.forward[symbol] = value
    outcomes.append(_parts_product(work) or _defined(work, name, value))
    return outcomes


def _resolved_value(side: Any, work: Work) -> Any:
    """What a defined name stands for, its integrals carried out."""
    try:
        return materialize(side, work.frame)
    except Undecided:
        return side


def _defined(work: Work, name: str, value: Any) -> Outcome:
    """The outcome of a definition: substitution, or the u of integration by parts."""
    what = "integration by parts" if work.rates or work.parts else "substitution"
    if work.kind == "derivative" or (not value.has(work.base) and work.inverse is None):
        return ("ok", "", f"{name} = {show(value)}")
    return ("rule", what, f"{name} = {show(value)}")


def _check_v(work: Work, name: str, value: Any) -> Outcome:
    """v must have the derivative dv said it has."""
    frame = work.frame
    found = equivalent(slope(value, frame), work.rates[name], symbols_for(frame, value), work.rng)
    if found.result is False:
        return (
            "wrong",
            "",
            f"{name} must be an antiderivative of what d{name} says: the derivative of "
            f"{show(value)} is not {show(work.rates[name])}.",
        )
    return ("rule", "integration by parts", f"{name} = {show(value)}")


def _parts_product(work: Work) -> Outcome | None:
    """Once u and dv are known: u·dv must be the integrand."""
    pairs = [(u, v) for u in work.forward for v in work.rates if u.name != v]
    if work.parts_checked or not pairs:
        return None
    u, v = pairs[0]
    work.parts_checked = True
    product = work.forward[u] * work.rates[v]
    integrands = [
        f.function for f in forms_in(work.current or work.start) if isinstance(f, sympy.Integral)
    ]
    frame = work.frame
    for integrand in integrands:
        found = equivalent(
            materialize(integrand, frame), product, symbols_for(frame, product), work.rng
        )
        if found.result is not False:
            return ("rule", "integration by parts", f"{u} = {show(work.forward[u])}")
    if not integrands:
        return None
    return (
        "wrong",
        "",
        f"For integration by parts, u·dv must be the integrand: here u·dv is "
        f"{show(product)} d{work.base}, not {show(integrands[0])} d{work.base}.",
    )


def _differential(work: Work, clause: Clause, line: str, name: str) -> Outcome:
    """du = 2x dx (checked against u), dv = eˣ dx (remembered for v), dx = cos θ dθ."""
    work.names = work.names.with_names(name)
    sides = [read_side(s, work.names, line) for s in clause.sides[:2]]
    return _differentials(work, sides, name)


def _differentials(work: Work, sides: list[Any], name: str) -> Outcome:
    """A relation between differentials, x dx = du/2 as much as du = 2x dx."""
    relation = sympy.expand(sides[0] - sides[1])
    marks = sorted((s for s in relation.free_symbols if is_differential(s)), key=str)
    others = [_of(m).name for m in marks if _of(m) != work.base]
    name = name or (others[0] if others else work.base.name)
    coefficients = {m: sympy.diff(relation, m) for m in marks}
    if (
        any(c.has(*marks) for c in coefficients.values())
        or sympy.expand(relation - sum(c * m for m, c in coefficients.items())) != 0
    ):
        return ("wrong", "", "A line of differentials must read like du = u'(x) dx.")
    frame = work.frame
    unknown = [m for m in marks if not _positioned(m, work)]
    if len(unknown) > 1:
        return ("unknown", "", f"{name} is not defined yet: say what it stands for first.")
    total = sum(
        materialize(c, frame) * sympy.diff(position(_of(m), frame), frame.parameter)
        for m, c in coefficients.items()
        if m not in unknown
    )
    if unknown:
        work.rates[_of(unknown[0]).name] = sympy.expand(
            -total / materialize(coefficients[unknown[0]], frame)
        )
        return _parts_product(work) or ("rule", "integration by parts", f"d{name} given")
    found = equivalent(total, sympy.S.Zero, symbols_for(frame, total), work.rng)
    if found.result is False:
        return ("wrong", "", _wrong_differential(work, name))
    what = "integration by parts" if work.rates or work.parts else "substitution"
    return ("rule", what, f"d{name} checked")


def _of(mark: Any) -> Any:
    """The variable of a differential symbol."""
    return sympy.Symbol(mark.name[1:])


def _positioned(mark: Any, work: Work) -> bool:
    """True when the differential's variable is known as a function of the parameter."""
    var = _of(mark)
    return var in (work.base, work.frame.parameter) or var in work.forward


def _wrong_differential(work: Work, name: str) -> str:
    """du mis-computed: what it should be."""
    symbol = sympy.Symbol(name)
    if symbol in work.forward:
        rate = sympy.diff(work.forward[symbol], work.base)
        return (
            f"d{name} is not right: with {name} = {show(work.forward[symbol])}, "
            f"d{name} = {show(rate)} d{work.base}."
        )
    if work.inverse is not None and symbol == work.base:
        theta, psi = work.inverse
        rate = sympy.diff(psi, theta)
        return f"d{name} is not right: with {name} = {show(psi)}, d{name} = {show(rate)} d{theta}."
    return f"d{name} does not match its definition."


def _inverse_definition(work: Work, clause: Clause, line: str) -> list[Outcome]:
    """x = sin θ, x = 2 tan t: the working now runs on θ."""
    names = work.names.with_names(*INVERSE_NAMES)
    value = read_side(clause.sides[1], names, line)
    new = sorted((s for s in value.free_symbols if s.name in INVERSE_NAMES), key=str)
    if len(new) != 1 or work.base in value.free_symbols:
        sides = [read_side(s, work.names, line) for s in clause.sides]
        return _pairs(work, sides, chain=False)
    work.names = work.names.with_names(new[0].name)
    back = _principal_inverse(value, new[0], work.base)
    if back is None:
        work.inverse = (new[0], value)
    else:
        work.forward[new[0]] = back
    return [("rule", "substitution", f"{work.base} = {show(value)}")]


def _principal_inverse(value: Any, theta: Any, x: Any) -> Any:
    """θ as a function of x for x = ψ(θ): the solution that gives back θ near 0 (arcsin …)."""
    try:
        candidates = sympy.solve(sympy.Eq(x, value), theta)
    except (NotImplementedError, ValueError, TypeError):
        return None
    for candidate in candidates:
        for probe in (sympy.Rational(3, 10), sympy.Rational(7, 10)):
            there = candidate.xreplace({x: value.xreplace({theta: probe})})
            if abs(complex(sympy.N(there - probe))) > 1e-9:
                break
        else:
            return candidate
    return None


def _inverse_back(work: Work, value: Any) -> Outcome:
    """θ = arcsin x after x = sin θ: it must undo the substitution."""
    assert work.inverse is not None
    theta, psi = work.inverse
    back = psi.xreplace({theta: value})
    found = equivalent(back, work.base, [work.base], work.rng)
    if found.result is False:
        return ("wrong", "", f"This does not undo {work.base} = {show(psi)}.")
    work.forward[theta] = value
    return ("rule", "back-substitution", f"{theta} = {show(value)}")


def _assignment(work: Work, clause: Clause, line: str, name: str) -> list[Outcome]:
    """A = 1/3: the value of a constant of a partial-fraction form, checked against the form."""
    sides = [read_side(s, work.names, line) for s in clause.sides[1:]]
    outcomes = _pairs(work, sides, chain=False) if len(sides) > 1 else []
    work.forward[sympy.Symbol(name)] = sides[-1]
    frame = work.frame
    for form in list(work.ansatz):
        unknown = [s for s in form.free_symbols if parse_lines.is_constant_name(s.name)]
        if any(s not in work.forward for s in unknown if s.name not in "Cc"):
            continue
        work.ansatz.remove(form)
        value = materialize(form, frame)
        found = equivalent(value, sympy.S.Zero, symbols_for(frame, value), work.rng)
        if found.result is False:
            outcomes.append(
                ("wrong", "", "With these values the partial-fraction form does not hold.")
            )
            return outcomes
    outcomes.append(("rule", "partial fractions", f"{name} = {show(sides[-1])}"))
    return outcomes


def differential_symbol(name: str) -> Any:
    """The differential d<name> (re-exported for the ODE lines)."""
    return differential(name)
