"""An ODE answer graded in STACK as calctutor grades it (``calctutor.check.ode``).

The answer must be explicit, ``y = …``, in the problem's own names (the variable, the unknown,
arbitrary constants such as C, C1, K, A); substituted into the equation it must leave 0. Then a
general solution needs as many independent constants as the order — the rank of
d(y, y', …, y⁽ⁿ⁻¹⁾)/d(constants), taken at two points — and a particular solution must meet
each initial condition. The variables are fixed: ``x = C1*exp(2*y)`` or ``y = C*exp(2*t)`` is
not an answer for ``y = C1*exp(2*x)``, whatever a substitution of names would make of it.
"""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.check.ode import Ode, read_ode
from calctutor.export.stack import Branch, Case, Grading, Node, maxima, note
from calctutor.export.stack_kinds import key_value, m, verdict_notes
from calctutor.quiz.build import QuizItem
from calctutor.sets.answers import expr_latex, expr_text

# calctutor's names for arbitrary constants (``calctutor.expr.names.ARBITRARY_CONSTANT``)
ARBITRARY = ("A", "B", "C", "c", "K", "k", *tuple(f"{c}{d}" for c in "CcKk" for d in range(10)))
DOTS = r" = \dots"
POINTS = ("3/7", "5/9")  # where the constants' Jacobian is evaluated (values of x)


def residual_maxima(ode: Ode, func: str) -> str:
    """The equation as ``lhs - rhs`` in Maxima, derivatives as nouns ``'diff(y, x, k)``."""
    marks = {d: sympy.Symbol(f"STACKDIFF{d.derivative_count}")
             for d in ode.residual.atoms(sympy.Derivative)}  # fmt: skip
    plain = ode.residual.xreplace(marks).xreplace({ode.func(ode.x): sympy.Symbol(func)})
    text = maxima(plain)
    for order in range(ode.order, 0, -1):
        text = text.replace(f"STACKDIFF{order}", f"'diff({func}, {ode.x}, {order})")
    return text


def _condition(key: Any, x: Any) -> tuple[int, Any]:
    """An initial condition's derivative order and point: y(0) → (0, 0), y'(1) → (1, 1)."""
    if isinstance(key, sympy.Subs):
        return key.expr.derivative_count, key.point[0]
    return 0, key.args[0]


def _point(x: Any, value: str, params: str, start: int) -> str:
    """A point for the Jacobian: x, the problem's parameters and each constant pinned."""
    pins = f"makelist(consts[k] = 1/(k + {start}), k, 1, length(consts))"
    return f"append([{x} = {value}{params}], {pins})"


def _feedback_variables(ode: Ode, func: str) -> list[tuple[str, str]]:
    """Read the answer: explicit?, unknown names, its constants, the residual."""
    x = str(ode.x)
    names = ", ".join((x, *sorted(map(str, ode.params)), *ARBITRARY))
    constants = ", ".join(ARBITRARY)
    return [
        ("explicit", f"not atom(ans1) and is(op(ans1) = \"=\") and is(lhs(ans1) = {func}) "
                     f"and freeof({func}, rhs(ans1))"),
        ("sol", "if explicit then rhs(ans1) else 0"),
        ("unknown", f"setdifference(setify(listofvars(sol)), {{{names}}})"),
        ("consts", f"sublist(listofvars(sol), lambda([v], member(v, [{constants}])))"),
        ("residual", f"ev(odelhs, {func} = sol, nouns)"),
    ]  # fmt: skip


def _general_variables(ode: Ode) -> list[tuple[str, str]]:
    """The rank of the constants' Jacobian at two points."""
    x, n = ode.x, ode.order
    params = "".join(f", {p} = {k + 3}/{k + 8}" for k, p in enumerate(sorted(map(str, ode.params))))
    jac = f"genmatrix(lambda([i, j], diff(diff(sol, {x}, i - 1), consts[j])), {n}, length(consts))"
    ranks = ", ".join(
        f"rank(subst({_point(x, p, params, i + 2)}, jac))" for i, p in enumerate(POINTS)
    )
    return [
        ("jac", f"if emptyp(consts) then 0 else {jac}"),
        ("independent", f"if emptyp(consts) then 0 else max({ranks})"),
    ]


def _condition_variables(ode: Ode) -> list[tuple[str, str]]:
    """The solution's values at the initial conditions, and the values wanted."""
    got, want = [], []
    for key, value in ode.ics.items():
        order, point = _condition(key, ode.x)
        inner = "sol" if order == 0 else f"diff(sol, {ode.x}, {order})"
        got.append(f"subst({ode.x} = {maxima(point)}, {inner})")
        want.append(maxima(value))
    return [("icgot", "[" + ", ".join(got) + "]"), ("icwant", "[" + ", ".join(want) + "]")]


def _conditions_latex(ode: Ode, func: str) -> str:
    """y(0) = 1, y'(0) = 0 as LaTeX."""
    parts = []
    for key, value in ode.ics.items():
        order, point = _condition(key, ode.x)
        parts.append(f"{func}{chr(39) * order}({expr_latex(point)}) = {expr_latex(value)}")
    return ", ".join(parts)


def _step(number: int, description: str, sans: str, tans: str, if_false: str) -> Node:
    """A check that must pass: false ends with 0 and says why, true goes on."""
    return Node(description, "AlgEquiv", sans, tans, "", Branch(note(number, True)),
                Branch(note(number, False), if_false, 0.0))  # fmt: skip


def _common_nodes(func: str, x: str) -> list[Node]:
    """Explicit, in the problem's names, a solution."""
    return [
        _step(1, "Is it explicit, y = …?", "explicit", "true",
              f"Give the solution explicitly, as {m(func + DOTS)} with an "
              f"expression in {m(x)} on the right."),
        _step(2, "Does it use only the problem's names?", "unknown", "{}",
              f"Your answer uses {{@unknown@}}, which is not a name of this problem: the "
              f"unknown is {m(func)}, its variable {m(x)}, and arbitrary constants are "
              f"written {m('C')} or {m('C_1, C_2, …')}."),
        _step(3, "Does it solve the equation?", "residual", "0",
              "This does not solve the equation: substituting it leaves a remainder that is "
              "not 0."),
    ]  # fmt: skip


def _finish(node: Node, feedback: str) -> Node:
    """The last node: true scores 1 with ``feedback``."""
    return Node(node.description, node.test, node.sans, node.tans, node.options,
                Branch(node.true.note, feedback, 1.0), node.false)  # fmt: skip


def _nodes(ode: Ode, func: str) -> list[Node]:
    """The whole tree for a general solution or an initial value problem."""
    x, n = str(ode.x), ode.order
    nodes = _common_nodes(func, x)
    if not ode.ics:
        names = "C_1, …, C_" + str(n) if n > 1 else "C"
        general = _step(4, "Does it have as many independent constants as the order?",
                        "independent", str(n),
                        "This solves the equation, but it is a particular solution: the "
                        f"general solution of an equation of order {n} needs {n} independent "
                        f"arbitrary constant{'s' if n > 1 else ''} ({m(names)}); yours has "
                        "{@independent@}.")  # fmt: skip
        return [*nodes, _finish(general, "Correct: this is the general solution.")]
    conditions = m(_conditions_latex(ode, func))
    unused = _step(4, "Are the constants found?", "consts", "[]",
                   f"This is a general solution: use the initial conditions ({conditions}) to "
                   "find the value of {@consts@}.")  # fmt: skip
    meets = _step(5, "Does it meet the initial conditions?", "icgot", "icwant",
                  f"This solves the equation, but not the initial conditions {conditions}: "
                  "yours gives {@icgot@}.")  # fmt: skip
    final = "Correct: the equation and the initial conditions hold."
    return [*nodes, unused, _finish(meets, final)]


def _cases(item: QuizItem, ode: Ode, nodes: list[Node]) -> list[Case]:
    """The key, names swapped, another variable, and answers calctutor diagnoses."""
    func, x = item.problem.func or "y", ode.x
    rhs = key_value(item).rhs
    t, y = sympy.Symbol("t" if str(x) != "t" else "s"), sympy.Symbol(func)
    cases = [Case("The key scores full marks.", "ta", 1.0, nodes[-1].true.note)]
    swapped = rhs.xreplace({x: y})
    cases.append(Case(f"The variables swapped: {func} must be given in terms of {x}.",
                      f"{x} = {maxima(swapped)}", 0.0, nodes[0].false.note))  # fmt: skip
    if rhs.has(x):
        renamed = rhs.xreplace({x: t})
        if len(found := _constants(rhs)) == 1:
            renamed = renamed.xreplace({found[0]: sympy.Symbol("C")})
        cases.append(Case(f"Another variable ({t}) in place of {x}.",
                          f"{func} = {maxima(renamed)}", 0.0, nodes[1].false.note))  # fmt: skip
    for description, value in _diagnosed(rhs, ode):
        case = _diagnosed_case(item, description, value, nodes)
        if case is not None and case.answer not in {c.answer for c in cases}:
            cases.append(case)
    return cases


def _constants(value: Any) -> list[Any]:
    """The arbitrary constants of a value, by name."""
    return sorted((s for s in value.free_symbols if s.name in ARBITRARY), key=str)


def _diagnosed(rhs: Any, ode: Ode) -> list[tuple[str, Any]]:
    """Wrong answers whose mistake calctutor names: a constant dropped, a factor, a shift."""
    found = _constants(rhs)
    wrong = []
    if found and not ode.ics:
        dropped = rhs.xreplace({found[-1]: 0})
        if dropped.is_finite is not False and not dropped.has(sympy.zoo, sympy.nan):
            wrong.append((f"The constant {found[-1]} left out.", dropped))
    wrong.append(("Twice the key.", 2 * rhs))
    wrong.append(("The key plus 1.", rhs + 1))
    return wrong


def _diagnosed_case(item: QuizItem, description: str, value: Any, nodes: list[Node]) -> Case | None:
    """A question test when calctutor marks the answer wrong with a note a node shares."""
    func = item.problem.func or "y"
    notes = verdict_notes(item.problem, f"{func} = {expr_text(value)}")
    if notes is None:
        return None
    if "not_a_solution" in notes:
        at = 2
    elif "not_general" in notes and not item.problem.ics:
        at = 3
    elif "initial_condition" in notes and item.problem.ics:
        at = 3 if _constants(value) else 4
    else:
        return None
    return Case(description, f"{func} = {maxima(value)}", 0.0, nodes[at].false.note)


def ode_grading(item: QuizItem) -> Grading:
    """The STACK grading of an ODE question."""
    problem = item.problem
    func = problem.func or "y"
    ode = read_ode(problem)
    extra = _condition_variables(ode) if ode.ics else _general_variables(ode)
    nodes = _nodes(ode, func)
    variables = (("ta", item.key.maxima), ("odelhs", residual_maxima(ode, func)))
    return Grading(
        variables,
        tuple(nodes),
        tuple(_cases(item, ode, nodes)),
        feedback_variables=(*_feedback_variables(ode, func), *extra),
        syntax_hint=f"{func} = ?",
        instructions=f"Type the solution as {func} = …, arbitrary constants as C1, C2, …",
    )
