"""Reading a Problem's text fields into SymPy, and the context a student's answer is read in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from calctutor.expr import ParseContext, ParseError, canonical_name, parse_answer, parse_expr
from calctutor.expr.context import Constants, Expect
from calctutor.sets.model import Problem

EXPECT: dict[str, Expect] = {
    "gradient": "vector",
    "optimizer_step": "vector",
    "hessian": "matrix",
    "critical_points": "points",
    "ode": "any",
}


def author_context(problem: Problem, **changes: Any) -> ParseContext:
    """The context of an author's text: the problem's variables, its constants and parameters.

    The same reader as a student's answer: a name that is not declared is an error, never a
    new symbol, so a problem can never hold an undeclared free symbol.
    """
    parameters = (*problem.constants, *(name for name, _ in problem.params))
    base = ParseContext(variables=problem.variables, parameters=parameters)
    return ParseContext(**{**base.__dict__, **changes})


def required(text: str | None, name: str) -> str:
    """The text of a field that must be present."""
    if text is None:
        raise ParseError(f"the field '{name}' is missing")
    return text


def read_expr(problem: Problem) -> Any:
    """The problem's ``expr`` as SymPy."""
    return parse_expr(required(problem.expr, "expr"), author_context(problem))


def read_expected(problem: Problem) -> Any:
    """The expected answer of an ``expression`` problem."""
    return parse_expr(required(problem.expected, "expected"), author_context(problem))


def read_var(problem: Problem) -> Any:
    """The problem's single variable as a Symbol."""
    return sympy.Symbol(_identifier(required(problem.var, "var")))


def read_vars(problem: Problem) -> tuple[Any, ...]:
    """The problem's variables, in order, as Symbols."""
    return tuple(sympy.Symbol(_identifier(v)) for v in problem.variables)


def _identifier(name: str) -> str:
    """A declared name, checked to be letters with at most one index (x, w1, θ₀)."""
    return canonical_name(name)


def read_constants(problem: Problem) -> tuple[Any, ...]:
    """The declared constants as Symbols, each a valid name and none also a variable."""
    for name in problem.constants:
        if name in problem.variables:
            raise ParseError(f"'{name}' is both a variable and a constant")
    return tuple(sympy.Symbol(_identifier(c)) for c in problem.constants)


def read_bound(problem: Problem, which: str) -> Any:
    """The lower or upper limit of a definite integral (``oo`` allowed)."""
    text = required(getattr(problem, which), which)
    return parse_expr(text, author_context(problem))


def ode_context(problem: Problem, **changes: Any) -> ParseContext:
    """The context of an ODE's text: the unknown function and its variable."""
    func = _identifier(required(problem.func, "func"))
    variable = _identifier(required(problem.var, "var"))
    return ParseContext(
        variables=(variable,),
        functions=(func,),
        constants="arbitrary",
        expect="any",
        parameters=problem.constants,
        **changes,
    )


def read_equation(problem: Problem) -> Any:
    """The ODE as a SymPy Eq (a bare expression means ``expression = 0``)."""
    value = parse_answer(required(problem.equation, "equation"), ode_context(problem))
    if isinstance(value, tuple):
        raise ParseError("the equation must be one equation, not a list")
    return value if isinstance(value, sympy.Eq) else sympy.Eq(value, 0)


def read_ics(problem: Problem) -> dict[Any, Any]:
    """Initial conditions such as {y(0): 1, y'(0): 0}."""
    context = ode_context(problem)
    conditions = {}
    for key, value in problem.ics:
        conditions[parse_expr(key, context)] = parse_expr(value, author_context(problem))
    return conditions


def read_number(text: str | None, name: str, problem: Problem) -> Any:
    """A numeric hyperparameter or learning rate."""
    value = parse_expr(required(text, name), author_context(problem))
    if not value.is_number:
        raise ParseError(f"{name} must be a number")
    return value


def _read_flag(text: str, name: str) -> bool:
    """A true/false option."""
    value = text.strip().lower()
    if value not in ("true", "false"):
        raise ParseError(f"{name} must be true or false, not '{text}'")
    return value == "true"


def _read_option(problem: Problem, name: str) -> Any:
    """One optimizer option as a Python value: a flag, a pair of numbers (betas) or a number."""
    from calctutor.sets.torch_options import BOOLEAN

    text = required(getattr(problem, name), name)
    if name in BOOLEAN:
        return _read_flag(text, name)
    if name == "betas":
        pair = parse_answer(text, author_context(problem, expect="vector"))
        if len(pair) != 2:
            raise ParseError("betas must be two numbers, e.g. [0.9, 0.999]")
        return tuple(float(read_number(str(v), "betas", problem)) for v in pair)
    return float(read_number(text, name, problem))


def read_options(problem: Problem) -> dict[str, Any]:
    """The optimizer options the problem sets, under torch's names (defaults for the rest)."""
    from calctutor.sets.torch_options import FIELD_NAMES

    return {n: _read_option(problem, n) for n in FIELD_NAMES if getattr(problem, n) is not None}


def read_schedule(problem: Problem) -> Any:
    """The problem's learning-rate schedule (None when it has none)."""
    from calctutor.sets.torch_schedules import read_schedule as parse_schedule

    return None if problem.schedule is None else parse_schedule(problem.schedule)


def check_optimizer(problem: Problem) -> Any:
    """The method's torch options: every option applies and torch accepts every value."""
    from calctutor.sets.torch_options import OptimizerOptionError, check_lr, hyper_for

    try:
        check_lr(float(read_number(problem.lr, "lr", problem)))
        return hyper_for(required(problem.method, "method"), read_options(problem))
    except OptimizerOptionError as error:
        raise ParseError(str(error)) from None


def read_start(problem: Problem) -> tuple[Any, ...]:
    """The starting point of an optimizer problem, one coordinate per variable."""
    context = author_context(problem, expect="vector")
    point = parse_answer(required(problem.start, "start"), context)
    if len(point) != len(problem.variables):
        raise ParseError(f"start must have {len(problem.variables)} coordinates")
    return tuple(point)


def field_readers(problem: Problem) -> list[tuple[str, Callable[[], Any]]]:
    """Each mathematical field of the problem with the function that reads it."""
    readers: list[tuple[str, Callable[[], Any]]] = []
    if problem.expr is not None:
        readers.append(("expr", lambda: read_expr(problem)))
    if problem.expected is not None:
        readers.append(("expected", lambda: read_expected(problem)))
    if problem.var is not None:
        readers.append(("var", lambda: read_var(problem)))
    if problem.vars:
        readers.append(("vars", lambda: read_vars(problem)))
    if problem.constants:
        readers.append(("constants", lambda: read_constants(problem)))
    for which in ("lower", "upper"):
        if getattr(problem, which) is not None:
            readers.append((which, lambda w=which: read_bound(problem, w)))  # type: ignore[misc]
    if problem.equation is not None:
        readers.append(("equation", lambda: read_equation(problem)))
        readers.append(("ics", lambda: read_ics(problem)))
    if problem.limit is not None:
        readers.append(("limit", lambda: _approach().read_limit(problem, author_context(problem))))
    if problem.about is not None:
        readers.append(("about", lambda: _approach().read_centre(problem, author_context(problem))))
    if problem.start is not None:
        readers.append(("start", lambda: read_start(problem)))
    if problem.kind == "optimizer_step" and problem.method is not None:
        readers.append(("method", lambda: check_optimizer(problem)))
    if problem.schedule is not None:
        readers.append(("schedule", lambda: read_schedule(problem)))
    if problem.prompt and "$" in problem.prompt:
        readers.append(("prompt", lambda: read_prompt_maths(problem)))
    return readers


def _approach() -> Any:
    """calctutor.sets.approach, imported when a limit or Taylor field is read."""
    from calctutor.sets import approach

    return approach


def answer_variables(problem: Problem) -> tuple[str, ...]:
    """The names a student may use: the problem's variables, then the other symbols it uses."""
    names = list(dict.fromkeys((*problem.variables, *problem.constants)))
    for source in (problem.expr, problem.expected):
        if source is None:
            continue
        try:
            symbols = parse_expr(source, author_context(problem)).free_symbols
        except ParseError:
            continue
        names += sorted(s.name for s in symbols if s.name not in names)
    return tuple(names)


def answer_context(problem: Problem) -> ParseContext:
    """The strict context a student's answer to this problem is read in."""
    if problem.kind == "ode":
        return ode_context(problem)
    constants: Constants = "integration" if problem.kind == "integral" else "none"
    expect = EXPECT.get(problem.kind, "expression")
    return ParseContext(variables=answer_variables(problem), constants=constants, expect=expect)


def expression_errors(problem: Problem) -> list[str]:
    """Every mathematical field that does not parse, with the parser's caret message."""
    errors = []
    for name, read in field_readers(problem):
        try:
            read()
        except ValueError as error:
            display = getattr(error, "display", None)
            detail = display() if callable(display) else str(error)
            errors.append(f"{name}: {detail}")
    return errors


def read_prompt_maths(problem: Problem) -> list[Any]:
    """Every $…$ formula of the author's prompt, read by the answer-box parser.

    A formula that does not parse raises ParseError with the caret placed in the whole prompt.
    """
    from calctutor.expr import ParseError, parse_answer
    from calctutor.sets.prompts import prompt_segments

    text = problem.prompt or ""
    values = []
    for piece, is_math, offset in prompt_segments(text):
        if not is_math:
            continue
        try:
            values.append(parse_answer(piece, author_context(problem, expect="any")))
        except ParseError as error:
            where = None if error.position is None else offset + error.position
            raise ParseError(f"in $…$: {error.message}", where, text) from None
    return values
