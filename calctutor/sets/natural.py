"""Reading what a user types at ``calctutor solve`` ("d/dx sin(x^2)", "∫ x e^x dx", "y' = 2y")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from calctutor.sets.asking import (
    UNDERSTOOD,
    Asked,
    AskingError,
    asked_problem,
    read_asked,
    usual_order,
)
from calctutor.sets.loader import canonical
from calctutor.sets.model import Problem

INTEGRAL = re.compile(r"^(?:∫|int(?=[\s_])|integral(?:\s+of)?\b|integrate\b)\s*(?P<body>.+)$", re.I)
BOUNDS = re.compile(
    r"^_\s*(?P<lo>\{[^{}]*\}|-?[\w.]+|\([^()]*\))\s*\^\s*(?P<hi>\{[^{}]*\}|-?[\w.∞]+|\([^()]*\))\s*"
)
FROM_TO = re.compile(r"^(?P<body>.+?)\s+from\s+(?P<lo>.+?)\s+to\s+(?P<hi>.+)$")
DIFFERENTIAL = re.compile(r"^(?P<expr>.*?)\s*\bd(?P<var>[A-Za-z])\s*$")
POINT = r"-?(?:\d+(?:\.\d+)?|oo|∞|pi|π)(?:\^?\{?[+-]\}?(?![\w(])|[⁺⁻])?"
LIMIT_SUB = re.compile(
    r"^lim(?:it)?\s*_?\s*(?:\{(?P<braced>[^{}]*(?:->|→)[^{}]*)\}|"
    r"\((?P<paren>[^()]*(?:->|→)[^()]*)\)|"
    rf"(?P<bare>[A-Za-z]\w*\s*(?:->|→)\s*{POINT}))\s*(?P<expr>.+)$",
    re.I,
)
LIMIT_AS = re.compile(r"^(?:the\s+)?lim(?:it)?(?:\s+of)?\s+(?P<expr>.+?)\s+as\s+(?P<to>.+)$", re.I)
TAYLOR = re.compile(
    r"^(?:the\s+)?(?:(?:(?P<ordinal>first|second|third|fourth|fifth)[- ]order|"
    r"degree[- ](?P<n0>\d+))\s+)?"
    r"(?P<kind>taylor|maclaurin)(?:\s+(?:polynomial|series|expansion|approximation))?"
    r"(?:\s+of\s+(?:degree|order)\s+(?P<n1>\d+))?(?:\s+of)?\s+(?P<expr>.+?)"
    r"(?:\s+(?:about|at|around|cent(?:er|re)d\s+at)\s+(?P<about>.+?))?"
    r"(?:,?\s+(?:to|up\s+to|of)\s+(?:degree|order)\s+(?P<n2>\d+))?$",
    re.I,
)
ORDINALS = ("first", "second", "third", "fourth", "fifth")
ODE_MARK = re.compile(r"[A-Za-z]'|d[A-Za-z]/d[A-Za-z]")


class NaturalInputError(ValueError):
    """Text that does not say what to solve."""


def _unbrace(text: str) -> str:
    """Strip one pair of {} or () around a bound."""
    text = text.strip()
    if len(text) > 1 and text[0] + text[-1] in ("{}", "()"):
        return text[1:-1].strip()
    return text


def guess_variables(expr: str) -> tuple[str, ...]:
    """The names an expression uses, in the usual order of variables (x, y, z, …; w₁, w₂)."""
    from calctutor.expr import names_used

    return usual_order(names_used(expr)) or ("x",)


def _integral(text: str) -> Problem | None:
    """∫ EXPR dx, int_0^1 EXPR dx, integrate EXPR dx from 0 to 1."""
    match = INTEGRAL.match(text)
    if not match:
        return None
    body, lower, upper = match.group("body").strip(), None, None
    bounds = BOUNDS.match(body)
    if bounds:
        lower, upper = _unbrace(bounds.group("lo")), _unbrace(bounds.group("hi"))
        body = body[bounds.end() :]
    ranged = FROM_TO.match(body)
    if ranged:
        body, lower, upper = ranged.group("body"), ranged.group("lo"), ranged.group("hi")
    differential = DIFFERENTIAL.match(body)
    expr = differential.group("expr") if differential else body
    var = differential.group("var") if differential else guess_variables(body)[0]
    if not expr.strip():
        raise NaturalInputError("there is nothing to integrate")
    if lower is None:
        return Problem(id="typed", kind="integral", expr=expr.strip(), var=var)
    return Problem(
        id="typed", kind="definite_integral", expr=expr.strip(), var=var,
        lower=lower.replace("∞", "oo"), upper=upper.replace("∞", "oo") if upper else upper,
    )  # fmt: skip


def _limit(text: str) -> Problem | None:
    """lim_{x->0} EXPR, lim x→0⁺ EXPR, limit of EXPR as x -> oo."""
    match = LIMIT_SUB.match(text)
    if match:
        to = match.group("braced") or match.group("paren") or match.group("bare")
        expr = match.group("expr")
    else:
        match = LIMIT_AS.match(text)
        if not match:
            return None
        to, expr = match.group("to"), match.group("expr")
    var = re.match(r"\s*([A-Za-z]\w*)", to)
    if not expr.strip() or var is None:
        raise NaturalInputError("write a limit as lim_{x->0} f or 'limit of f as x -> 0'")
    return Problem(id="typed", kind="expression", expr=expr.strip(), var=var.group(1),
                   limit=to.strip())  # fmt: skip


def _taylor(text: str) -> Problem | None:
    """taylor polynomial of degree 4 of exp(x) about x = 0; maclaurin sin(x) to order 5."""
    match = TAYLOR.match(text)
    if not match:
        return None
    ordinal = match.group("ordinal")
    degree = match.group("n0") or match.group("n1") or match.group("n2")
    if ordinal:
        degree = str(ORDINALS.index(ordinal.lower()) + 1)
    if degree is None:
        raise NaturalInputError("say the degree: 'taylor polynomial of degree 3 of f about x = 1'")
    expr = match.group("expr").strip()
    about = match.group("about")
    names = guess_variables(expr)
    if match.group("kind").lower() == "maclaurin" or about is None:
        about = "0" if len(names) == 1 else "(" + ", ".join("0" for _ in names) + ")"
    return Problem(id="typed", kind="expression", expr=expr, var=names[0], vars=names,
                   about=about.strip(), degree=int(degree))  # fmt: skip


def _ode(text: str) -> Problem | None:
    """y' = 2y; y'' + y = 0, y(0) = 1, y'(0) = 0 (conditions after commas)."""
    if not ODE_MARK.search(text):
        return None
    parts = [p.strip() for p in re.split(r"[,;]\s*(?=[A-Za-z]'*\()", text)]
    equation = parts[0]
    function = re.search(r"([A-Za-z])'", equation)
    name = function.group(1) if function else "y"
    ics = []
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if not sep:
            raise NaturalInputError(f"'{part}' is not an initial condition such as y(0) = 1")
        ics.append((key.strip(), value.strip()))
    var = _ode_variable(text, name)
    return Problem(id="typed", kind="ode", equation=equation, func=name, var=var, ics=tuple(ics))


def _ode_variable(text: str, name: str) -> str:
    """The ODE's independent variable: from dy/dt, else t or x as it appears, else x."""
    leibniz = re.search(rf"d{name}/d([A-Za-z])", text)
    if leibniz:
        return leibniz.group(1)
    rest = set(guess_variables(text.replace(name, " "))) - {name}
    return "t" if "t" in rest and "x" not in rest else "x"


def _canonical(problem: Problem) -> Problem:
    """The problem with its expression read strictly (``xy`` is x·y) and written out plainly.

    Every name the request uses that is not a variable is a constant, as on the command line.
    """
    if problem.expr is None:
        return problem
    import sympy

    from calctutor.expr import parse_expr
    from calctutor.sets.loader import with_inferred_constants
    from calctutor.sets.reading import author_context

    read = problem if problem.constants else with_inferred_constants(problem)
    value = parse_expr(problem.expr, author_context(read))
    return replace(read, expr=str(sympy.sstr(value)).replace("**", "^"))


def _with_variables(problem: Problem, given: tuple[str, ...], text: str) -> Problem:
    """An integral, limit, Taylor or ODE request with the variable of --var, when it names one."""
    from calctutor.expr import names_used

    if not given:
        return problem
    if len(given) != 1:
        raise NaturalInputError("this request has one variable: give it with --var")
    stated = problem.kind not in ("integral", "definite_integral") or re.search(
        rf"\bd{re.escape(str(problem.var))}\b", text
    )
    if stated and problem.var != given[0]:
        raise NaturalInputError(f"the request is in {problem.var}, but --var says {given[0]}")
    source = problem.expr or problem.equation or ""
    if given[0] not in names_used(source, given):
        raise NaturalInputError(f"{given[0]} is not in the expression")
    return replace(problem, var=given[0])


def _names_a_kind(text: str) -> bool:
    """True when another reader (limit, Taylor, integral, ODE) reads this text."""
    return any(reader(text) is not None for reader in (_limit, _taylor, _integral, _ode))


def read_request(text: str, variables: Sequence[str] = ()) -> Problem:
    """The problem a typed request asks, or NaturalInputError saying how to write one.

    ``variables`` are those of ``--var``/``--vars``: honoured, and an error when the expression
    does not use them.
    """
    text = text.strip()
    if not text:
        raise NaturalInputError(f"nothing to solve: write {UNDERSTOOD}")
    given = tuple(canonical(v) for v in variables)
    asked = read_asked(text)
    if asked is None and given and not _names_a_kind(text):
        # a bare expression with --var is its derivative, with --vars its gradient
        asked = Asked("gradient" if len(given) > 1 else "derivative", text, ())
    try:
        if asked is not None:
            return _canonical(asked_problem(asked, given))
    except AskingError as error:
        raise NaturalInputError(str(error)) from None
    for reader in (_limit, _taylor, _integral, _ode):
        problem = reader(text)
        if problem is not None:
            return _canonical(_with_variables(problem, given, text))
    raise NaturalInputError(f"cannot tell what to solve; calctutor understands {UNDERSTOOD}")
