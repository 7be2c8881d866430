"""Rich renderables for problem sets and problems (they return, never print)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table
from rich.text import Text

from calctutor.notation.question import question as ask
from calctutor.sets.model import Problem, ProblemSet


def pretty(expr: Any) -> str:
    """A SymPy expression in unicode, on as few lines as it needs."""
    import sympy

    return str(sympy.pretty(expr, use_unicode=True))


def sets_table(rows: Iterable[dict[str, Any]]) -> Table:
    """One row per problem set: name, title, topic, count, where it lives."""
    table = Table(title="Problem sets", expand=False)
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("topic")
    table.add_column("problems", justify="right")
    for row in rows:
        table.add_row(row["name"], row["title"], row["topic"], str(row["problems"]))
    return table


def problem_table(problem_set: ProblemSet, math: dict[str, str]) -> Table:
    """Every problem of a set with its kind, difficulty, question and pretty-printed math."""
    table = Table(title=f"{problem_set.title} ({problem_set.name})", show_lines=True)
    table.add_column("id", no_wrap=True)
    table.add_column("kind")
    table.add_column("★", justify="right")
    table.add_column("question")
    for problem in problem_set.problems:
        question = Text(str(ask(problem)))
        if problem.id in math:
            question.append("\n\n" + math[problem.id], style="bold")
        table.add_row(problem.id, problem.kind, str(problem.difficulty), question)
    return table


def problem_math(problem: Problem) -> str | None:
    """The problem's main expression, pretty-printed, or None when it has none to show.

    An ``expression`` problem shows nothing: its only expression is the expected answer.
    """
    from calctutor.expr import ParseError
    from calctutor.sets.reading import read_equation, read_expr

    if problem.kind == "expression":
        return None
    reader = read_equation if problem.kind == "ode" else read_expr
    try:
        return pretty(reader(problem))
    except ParseError:
        return None
