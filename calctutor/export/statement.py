"""A question's statement as text and math pieces, for every exporter to join its own way.

Each exporter joins the pieces in its own way: ``$…$`` for Markdown and LaTeX, ``\\(…\\)`` for
Moodle and Anki (MathJax), pictures for the PDF. Text pieces are plain (unescaped) text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from calctutor.sets.answers import expr_latex, highest_first
from calctutor.sets.model import Problem


@dataclass(frozen=True)
class Piece:
    """Plain text, or LaTeX math (without delimiters) when ``math`` is True."""

    text: str
    math: bool = False


Statement = tuple[Piece, ...]


def _function(problem: Problem) -> str:
    """``f(x, y)``."""
    return f"f({', '.join(problem.variables)})"


def _expr(problem: Problem) -> str:
    """The problem's expression as LaTeX."""
    from calctutor.sets.reading import read_expr

    return expr_latex(read_expr(problem))


def _integrand(problem: Problem) -> str:
    """The integrand as LaTeX, in brackets when it is a sum."""
    import sympy

    from calctutor.sets.reading import read_expr

    expr = read_expr(problem)
    text = expr_latex(expr)
    return rf"\left({text}\right)" if isinstance(expr, sympy.Add) else text


def _bound(problem: Problem, which: str) -> str:
    """A limit of integration as LaTeX."""
    from calctutor.sets.reading import read_bound

    return expr_latex(read_bound(problem, which))


def _equation(problem: Problem) -> str:
    """The ODE as LaTeX."""
    from calctutor.sets.reading import read_equation

    equation = read_equation(problem)
    func = problem.func or "y"
    left = highest_first(equation.lhs, func, expr_latex)
    return f"{left} = {highest_first(equation.rhs, func, expr_latex)}"


def _conditions(problem: Problem) -> str:
    """Initial conditions as LaTeX: y(0) = 1, y'(0) = 0."""
    from calctutor.expr import parse_expr
    from calctutor.sets.reading import author_context

    parts = []
    for key, value in problem.ics:
        parts.append(f"{key} = {expr_latex(parse_expr(value, author_context(problem)))}")
    return ", ".join(parts)


def _derivative(p: Problem) -> Statement:
    return (
        Piece("Find "),
        Piece(rf"\frac{{d}}{{d{p.var}}}\left({_expr(p)}\right)", True),
        Piece("."),
    )


def _gradient(p: Problem) -> Statement:
    return (Piece("Find the gradient of "), Piece(f"{_function(p)} = {_expr(p)}", True), Piece("."))


def _hessian(p: Problem) -> Statement:
    return (Piece("Find the Hessian matrix of "), Piece(f"{_function(p)} = {_expr(p)}", True),
            Piece("."))  # fmt: skip


def _integral(p: Problem) -> Statement:
    return (Piece("Find "), Piece(rf"\int {_integrand(p)}\,d{p.var}", True), Piece("."))


def _definite(p: Problem) -> Statement:
    integral = rf"\int_{{{_bound(p, 'lower')}}}^{{{_bound(p, 'upper')}}} {_integrand(p)}\,d{p.var}"
    return (Piece("Evaluate "), Piece(integral, True), Piece("."))


def _ode(p: Problem) -> Statement:
    if not p.ics:
        return (Piece("Find the general solution of "), Piece(_equation(p), True), Piece("."))
    return (Piece("Solve "), Piece(_equation(p), True), Piece(" with "),
            Piece(_conditions(p), True), Piece("."))  # fmt: skip


def _expression(p: Problem) -> Statement:
    from calctutor.sets.reading import read_expected

    return (Piece("Simplify "), Piece(expr_latex(read_expected(p)), True), Piece("."))


def _optimizer(p: Problem) -> Statement:
    from calctutor.sets.reading import read_number, read_start

    start = ", ".join(expr_latex(v) for v in read_start(p))
    names = ", ".join(p.variables)
    rate = expr_latex(read_number(p.lr, "lr", p))
    return (
        Piece(f"Take {p.steps} {p.method} step(s) with learning rate "),
        Piece(rf"\eta = {rate}", True),
        Piece(" on "), Piece(f"{_function(p)} = {_expr(p)}", True), Piece(" from "),
        Piece(rf"({names}) = \left({start}\right)", True), Piece(". Where do you land?"),
    )  # fmt: skip


def _critical(p: Problem) -> Statement:
    tail = " and classify each as min, max or saddle." if p.classify else "."
    return (Piece("Find every critical point of "), Piece(f"{_function(p)} = {_expr(p)}", True),
            Piece(tail))  # fmt: skip


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


def _main_math(problem: Problem) -> str | None:
    """The problem's central formula, shown after an author's own prompt (None: show none).

    An ``expression`` problem's formula is its expected answer, so it is never shown.
    """
    if problem.kind == "expression":
        return None
    if problem.kind == "ode":
        return _equation(problem)
    return f"{_function(problem)} = {_expr(problem)}"


def statement(problem: Problem) -> Statement:
    """The question in text and math: the author's prompt with its formula, or the default."""
    if problem.prompt:
        math = _main_math(problem)
        text = problem.prompt.strip()
        return (Piece(text),) if math is None else (Piece(text + " "), Piece(math, True))
    return STATEMENTS[problem.kind](problem)
