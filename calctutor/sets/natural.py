"""Reading what a user types at ``calctutor solve`` ("d/dx sin(x^2)", "∫ x e^x dx", "y' = 2y")."""

from __future__ import annotations

import re
from dataclasses import replace

from calctutor.sets.model import Problem

DERIVATIVE = re.compile(
    r"^(?:d/d|∂/∂|derivative of\s+(?P<of>.+?)\s+with respect to\s+)"
    r"(?P<var>[A-Za-z]\w*)\s*(?P<expr>.*)$"
)
DERIVATIVE_OF = re.compile(r"^(?:derivative|differentiate|diff)(?:\s+of)?\s+(?P<expr>.+)$")
INTEGRAL = re.compile(r"^(?:∫|int(?=[\s_])|integral(?:\s+of)?\b|integrate\b)\s*(?P<body>.+)$", re.I)
BOUNDS = re.compile(
    r"^_\s*(?P<lo>\{[^{}]*\}|-?[\w.]+|\([^()]*\))\s*\^\s*(?P<hi>\{[^{}]*\}|-?[\w.∞]+|\([^()]*\))\s*"
)
FROM_TO = re.compile(r"^(?P<body>.+?)\s+from\s+(?P<lo>.+?)\s+to\s+(?P<hi>.+)$")
DIFFERENTIAL = re.compile(r"^(?P<expr>.*?)\s*\bd(?P<var>[A-Za-z])\s*$")
GRADIENT = re.compile(r"^(?:grad|gradient(?:\s+of)?|∇)\s*(?P<expr>.+)$", re.I)
HESSIAN = re.compile(r"^(?:hessian|hess)(?:\s+of)?\s+(?P<expr>.+)$", re.I)
CRITICAL = re.compile(r"^critical\s+points?(?:\s+of)?\s+(?P<expr>.+)$", re.I)
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
VARIABLE_ORDER = "xyzwtuvabcs"


class NaturalInputError(ValueError):
    """Text that does not say what to solve."""


def _unbrace(text: str) -> str:
    """Strip one pair of {} or () around a bound."""
    text = text.strip()
    if len(text) > 1 and text[0] + text[-1] in ("{}", "()"):
        return text[1:-1].strip()
    return text


def guess_variables(expr: str) -> tuple[str, ...]:
    """The single letters an expression uses, in the usual order (x, y, z, …)."""
    letters = set(re.findall(r"(?<![A-Za-z])([a-z])(?![A-Za-z(])", expr))
    letters -= {"e"}
    ordered = [v for v in VARIABLE_ORDER if v in letters] + sorted(letters - set(VARIABLE_ORDER))
    return tuple(ordered) or ("x",)


def _derivative(text: str) -> Problem | None:
    """d/dx EXPR, ∂/∂y EXPR, derivative of EXPR [with respect to x]."""
    match = DERIVATIVE.match(text)
    if match:
        expr = match.group("of") or match.group("expr")
        if not expr.strip():
            raise NaturalInputError(f"nothing to differentiate: write d/d{match.group('var')} f")
        return Problem(id="typed", kind="derivative", expr=expr.strip(), var=match.group("var"))
    match = DERIVATIVE_OF.match(text)
    if match:
        expr = match.group("expr")
        return Problem(id="typed", kind="derivative", expr=expr, var=guess_variables(expr)[0])
    return None


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


def _vector_kind(text: str) -> Problem | None:
    """grad EXPR, hessian EXPR, critical points of EXPR."""
    for pattern, kind in (
        (GRADIENT, "gradient"),
        (HESSIAN, "hessian"),
        (CRITICAL, "critical_points"),
    ):
        match = pattern.match(text)
        if match:
            expr = match.group("expr").strip()
            names = guess_variables(expr)
            return Problem(id="typed", kind=kind, expr=expr, vars=names, classify=True)
    return None


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
    """The problem with its expression read strictly (``xy`` is x·y) and written out plainly."""
    if problem.expr is None:
        return problem
    import sympy

    from calctutor.expr import ParseContext, parse_expr

    names = tuple(dict.fromkeys((*problem.variables, *guess_variables(problem.expr))))
    value = parse_expr(problem.expr, ParseContext(variables=names))
    return replace(problem, expr=str(sympy.sstr(value)).replace("**", "^"))


def read_request(text: str) -> Problem:
    """The problem a typed request asks, or NaturalInputError saying how to write one."""
    text = text.strip()
    if not text:
        raise NaturalInputError("nothing to solve")
    for reader in (_limit, _taylor, _derivative, _integral, _vector_kind, _ode):
        problem = reader(text)
        if problem is not None:
            return _canonical(problem)
    raise NaturalInputError(
        "cannot tell what to solve: start with d/dx, ∫ or integrate, grad, hessian, "
        "'critical points of', lim_{x->0}, 'taylor polynomial of degree 3 of', "
        "or type a differential equation such as y' = 2y"
    )
