"""A question's statement as text and math pieces, for every exporter to join its own way.

Each exporter joins the pieces in its own way: ``$…$`` for Markdown and LaTeX, ``\\(…\\)`` for
Moodle and Anki (MathJax), pictures for the PDF. Text pieces are plain (unescaped) text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from calctutor.sets.model import Problem


@dataclass(frozen=True)
class Piece:
    """Plain text, or LaTeX math (without delimiters) when ``math`` is True.

    ``plain`` is the same math as one line of textbook unicode (``x³ sin x``), for surfaces
    that set it as text (the PDF's searchable text); empty for prose.
    """

    text: str
    math: bool = False
    plain: str = field(default="", compare=False)


Statement = tuple[Piece, ...]


def formula(value: Any) -> Piece:
    """A SymPy value as a math piece, in LaTeX and unicode (calctutor's notation)."""
    from calctutor.notation.latex import latex_math
    from calctutor.notation.unicode import inline

    return Piece(latex_math(value), True, inline(value))


def _variables(problem: Problem) -> tuple[Any, ...]:
    """The problem's variables as Symbols."""
    import sympy

    return tuple(sympy.Symbol(v) for v in problem.variables)


def _defined(problem: Problem) -> Piece:
    """``f(x, y) = …``."""
    from calctutor.notation.latex import latex_math
    from calctutor.notation.unicode import inline
    from calctutor.sets.reading import read_expr

    head, expr = f"f({', '.join(problem.variables)}) = ", read_expr(problem)
    return Piece(head + latex_math(expr), True, head + inline(expr))


def _equation(problem: Problem) -> Piece:
    """The ODE as a math piece."""
    from calctutor.sets.reading import read_equation

    return formula(read_equation(problem))


def _conditions(problem: Problem) -> Piece:
    """Initial conditions: y(0) = 1, y'(0) = 0."""
    from calctutor.expr import parse_expr
    from calctutor.notation.latex import latex_math
    from calctutor.notation.unicode import inline
    from calctutor.sets.reading import author_context

    latex, plain = [], []
    for key, value in problem.ics:
        number = parse_expr(value, author_context(problem))
        latex.append(f"{key} = {latex_math(number)}")
        plain.append(f"{key.replace(chr(39), '′')} = {inline(number)}")
    return Piece(", ".join(latex), True, ", ".join(plain))


def _derivative(p: Problem) -> Statement:
    from calctutor.notation.latex import latex_math
    from calctutor.notation.unicode import inline
    from calctutor.sets.reading import read_expr

    expr = read_expr(p)
    math = Piece(rf"\frac{{d}}{{d{p.var}}}\left({latex_math(expr)}\right)", True,
                 f"d/d{p.var} ({inline(expr)})")  # fmt: skip
    return (Piece("Find "), math, Piece("."))


def _gradient(p: Problem) -> Statement:
    return (Piece("Find the gradient of "), _defined(p), Piece("."))


def _hessian(p: Problem) -> Statement:
    return (Piece("Find the Hessian matrix of "), _defined(p), Piece("."))


def _integral(p: Problem) -> Statement:
    import sympy

    from calctutor.sets.reading import read_expr, read_var

    return (Piece("Find "), formula(sympy.Integral(read_expr(p), read_var(p))), Piece("."))


def _definite(p: Problem) -> Statement:
    import sympy

    from calctutor.sets.reading import read_bound, read_expr, read_var

    bounds = (read_var(p), read_bound(p, "lower"), read_bound(p, "upper"))
    return (Piece("Evaluate "), formula(sympy.Integral(read_expr(p), bounds)), Piece("."))


def _ode(p: Problem) -> Statement:
    if not p.ics:
        return (Piece("Find the general solution of "), _equation(p), Piece("."))
    return (Piece("Solve "), _equation(p), Piece(" with "), _conditions(p), Piece("."))


def _expression(p: Problem) -> Statement:
    from calctutor.sets.reading import read_expected

    return (Piece("Simplify "), formula(read_expected(p)), Piece("."))


def _optimizer(p: Problem) -> Statement:
    import sympy

    from calctutor.sets.prompts import optimizer_text
    from calctutor.sets.reading import read_number, read_start

    start = sympy.Tuple(*read_start(p))
    where = sympy.Eq(sympy.Tuple(*_variables(p)), start, evaluate=False)
    rate = sympy.Eq(sympy.Symbol("eta"), read_number(p.lr, "lr", p), evaluate=False)
    return (
        Piece(f"Take {p.steps} step(s) of {optimizer_text(p)}, learning rate "), formula(rate),
        Piece(" on "), _defined(p), Piece(" from "), formula(where),
        Piece(". Where do you land?"),
    )  # fmt: skip


def _critical(p: Problem) -> Statement:
    tail = " and classify each as min, max or saddle." if p.classify else "."
    return (Piece("Find every critical point of "), _defined(p), Piece(tail))


STATEMENTS: dict[str, Callable[[Problem], Statement]] = {
    "derivative": _derivative,
    "gradient": _gradient,
    "hessian": _hessian,
    "integral": _integral,
    "definite_integral": _definite,
    "ode": _ode,
    "expression": _expression,
    "optimizer_step": _optimizer,
    "critical_points": _critical,
}


def _main_math(problem: Problem) -> Piece | None:
    """The problem's central formula, shown after an author's own prompt (None: show none).

    An ``expression`` problem's formula is its expected answer, so it is never shown.
    """
    if problem.kind == "expression":
        return None
    if problem.kind == "ode":
        return _equation(problem)
    return _defined(problem)


def _prompt_pieces(problem: Problem) -> Statement:
    """The author's prompt: text, and its $…$ maths as LaTeX."""
    from calctutor.notation import Math
    from calctutor.notation.latex import latex_math
    from calctutor.notation.question import author_prompt

    asked = author_prompt(problem, (problem.prompt or "").strip())
    return tuple(
        Piece(latex_math(p.value), True) if isinstance(p, Math) else Piece(str(p))
        for p in asked.parts
    )


def statement(problem: Problem) -> Statement:
    """The question in text and math: the author's prompt with its formula, or the default."""
    if problem.prompt:
        math = _main_math(problem)
        asked = _prompt_pieces(problem)
        if math is None:
            return asked
        if asked and not asked[-1].math:
            return (*asked[:-1], Piece(asked[-1].text + " "), math)
        return (*asked, Piece(" "), math)
    return STATEMENTS[problem.kind](problem)
