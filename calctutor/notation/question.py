"""The question a problem asks, as Prose: the author's prompt with its $…$ maths, or a default.

An author writes maths in a prompt between dollar signs in answer-box syntax
(``Find the limit of $sin(3x)/x$ as x → 0.``); it is read by calctutor's own parser, so every
surface shows it as mathematics. ``sets validate`` reports a segment that does not parse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from calctutor.notation.prose import Prose, Writable, join, math, prose
from calctutor.sets.model import Problem
from calctutor.sets.prompts import prompt_segments


def author_prompt(problem: Problem, text: str) -> Prose:
    """An author's prompt with each $…$ read as maths (left as text when it does not parse)."""
    from calctutor.expr import ParseError, decimal_literals, parse_answer
    from calctutor.notation.conventions import decimal_form
    from calctutor.sets.reading import author_context

    parts: list[Writable] = []
    for piece, is_math, _ in prompt_segments(text):
        if not is_math:
            parts.append(piece)
            continue
        try:
            value = parse_answer(piece, author_context(problem, expect="any"))
        except (ParseError, TypeError, ValueError):
            parts.append(piece)
            continue
        parts.append(math(decimal_form(value) if decimal_literals(piece) else value))
    return prose(*parts)


def question(problem: Problem) -> Prose:
    """What the problem asks: the author's prompt when given, else the default for its kind."""
    if problem.prompt:
        return author_prompt(problem, problem.prompt)
    try:
        return DEFAULTS.get(problem.kind, _expression)(problem)
    except Exception:  # an unreadable field: the question still shows, in words
        return prose("Solve this problem.")


def _decimal(problem: Problem, value: Any) -> Any:
    """A value in the author's decimals when the problem was written with decimals."""
    from calctutor.expr import decimal_literals
    from calctutor.notation.conventions import decimal_form

    texts = (problem.expr or "", problem.expected or "", problem.equation or "")
    return decimal_form(value) if any(decimal_literals(t) for t in texts) else value


def _f(problem: Problem) -> Any:
    """f(x, y) = expr as an equation."""
    import sympy

    from calctutor.sets.reading import read_expr, read_vars

    f = sympy.Function("f")(*read_vars(problem))
    return sympy.Eq(f, _decimal(problem, read_expr(problem)), evaluate=False)


def _derivative(p: Problem) -> Prose:
    import sympy

    from calctutor.sets.reading import read_expr, read_var

    return prose("Find ", math(sympy.Derivative(_decimal(p, read_expr(p)), read_var(p))), ".")


def _gradient(p: Problem) -> Prose:
    return prose("Find the gradient of ", math(_f(p)), ".")


def _hessian(p: Problem) -> Prose:
    return prose("Find the Hessian matrix of ", math(_f(p)), ".")


def _critical(p: Problem) -> Prose:
    tail = " and classify each as a minimum, maximum or saddle point." if p.classify else "."
    return prose("Find every critical point of ", math(_f(p)), tail)


def _integral(p: Problem) -> Prose:
    import sympy

    from calctutor.sets.reading import read_expr, read_var

    return prose("Find ", math(sympy.Integral(_decimal(p, read_expr(p)), read_var(p))), ".")


def _definite(p: Problem) -> Prose:
    import sympy

    from calctutor.sets.reading import read_bound, read_expr, read_var

    bounds = (read_var(p), read_bound(p, "lower"), read_bound(p, "upper"))
    return prose("Evaluate ", math(sympy.Integral(_decimal(p, read_expr(p)), bounds)), ".")


def _ode(p: Problem) -> Prose:
    from calctutor.expr import parse_expr
    from calctutor.sets.reading import author_context, read_equation

    equation = math(_decimal(p, read_equation(p)))
    if not p.ics:
        return prose("Find the general solution of ", equation, ".")
    conditions = [
        prose(key.replace("'", "′") + " = ", math(parse_expr(value, author_context(p))))
        for key, value in p.ics
    ]
    return prose("Solve ", equation, " with ", join(conditions), ".")


def _optimizer(p: Problem) -> Prose:
    import sympy

    from calctutor.notation.conventions import decimal_form
    from calctutor.sets.reading import read_number, read_start, read_vars

    rate = decimal_form(read_number(p.lr, "lr", p))
    steps = "one step" if p.steps == 1 else f"{p.steps} steps"
    point = sympy.Tuple(*(decimal_form(v) for v in read_start(p)))
    start = sympy.Eq(sympy.Tuple(*read_vars(p)), point, evaluate=False)
    method = METHODS.get(str(p.method), str(p.method))
    return prose(
        f"Take {steps} of {method} with learning rate ", math(rate), " on ", math(_f(p)),
        " from ", math(start), ". Where do you land?",
    )  # fmt: skip


METHODS = {"gd": "gradient descent", "sgd": "gradient descent", "momentum": "momentum",
           "nesterov": "Nesterov momentum", "rmsprop": "RMSprop", "adam": "Adam",
           "adamw": "AdamW", "adagrad": "Adagrad"}  # fmt: skip


def _expression(p: Problem) -> Prose:
    # the only formula is the expected answer, which must never be shown
    return prose("Give the expression this problem asks for.")


DEFAULTS: dict[str, Callable[[Problem], Prose]] = {
    "derivative": _derivative,
    "gradient": _gradient,
    "hessian": _hessian,
    "critical_points": _critical,
    "integral": _integral,
    "definite_integral": _definite,
    "ode": _ode,
    "optimizer_step": _optimizer,
    "expression": _expression,
}
