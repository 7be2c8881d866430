"""A small quiz built by hand (no solver involved) for the exporter and grading tests."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.quiz.build import Key, Quiz, QuizItem, solution_lines
from calctutor.sets.answers import (
    answer_latex,
    answer_maxima,
    answer_text,
    constant_names,
    numeric_values,
)
from calctutor.sets.model import Problem
from calctutor.sets.prompts import prompt_for
from calctutor.steps.model import Solution, Step

x, y = sympy.symbols("x y")
C1, C2 = sympy.symbols("C1 C2")

CASES: list[tuple[str, Problem, Any]] = [
    ("calculus", Problem(id="d1", kind="derivative", expr="x^3*sin(x)", var="x"),
     3 * x**2 * sympy.sin(x) + x**3 * sympy.cos(x)),
    ("calculus", Problem(id="i1", kind="integral", expr="2*x*cos(x^2)", var="x"),
     sympy.sin(x**2)),
    ("calculus", Problem(id="a1", kind="definite_integral", expr="x^2", var="x", lower="0",
                         upper="3"), sympy.Integer(9)),
    ("calculus", Problem(id="p1", kind="derivative", expr="x^2", var="x",
                         prompt="Cost & profit (50% off_sale): how fast does f change?"), 2 * x),
    ("several", Problem(id="g1", kind="gradient", expr="x^2*y + y^3", vars=("x", "y")),
     (2 * x * y, x**2 + 3 * y**2)),
    ("several", Problem(id="o1", kind="ode", equation="y'' + y = 0", func="y", var="x"),
     C1 * sympy.sin(x) + C2 * sympy.cos(x)),
    ("several", Problem(id="s1", kind="optimizer_step", expr="x^2 + y^2", vars=("x", "y"),
                        method="gd", lr="0.1", start="(1, 2)"), (0.8, 1.6)),
    ("several", Problem(id="h1", kind="hessian", expr="x^2*y", vars=("x", "y")),
     sympy.ImmutableMatrix([[2 * y, 2 * x], [2 * x, 0]])),
    ("several", Problem(id="c1", kind="critical_points", expr="x^2 - y^2", vars=("x", "y"),
                        classify=True), (((0, 0), "saddle"),)),
]  # fmt: skip


def key_for(problem: Problem, result: Any) -> Key:
    """A key with a two-step solution."""
    after = result if isinstance(result, sympy.Basic) else None
    steps = (
        Step("rule", "Apply the rule.", None, after, (Step("detail", "A detail & more.", None),)),
        Step("done", "That is the answer."),
    )
    solution = Solution(problem.kind, None, result, steps)
    return Key(
        answer_text(problem, result),
        answer_latex(problem, result),
        answer_maxima(problem, result),
        numeric_values(problem, result),
        tuple(solution_lines(solution)),
        constant_names(result),
    )


def sample_quiz(seed: int = 5, limit: int | None = None) -> Quiz:
    """The sample quiz: nine problems of every kind from two sets."""
    items = []
    for number, (set_name, problem, result) in enumerate(CASES[:limit], start=1):
        item = QuizItem(
            number, set_name, f"topic-{set_name}", problem, "", prompt_for(problem),
            key_for(problem, result),
        )  # fmt: skip
        items.append(item)
    return Quiz("Sample quiz", seed, ("calculus", "several"), tuple(items))


STACK_CASES: list[tuple[str, Problem, Any]] = [
    ("odes", Problem(id="first", kind="ode", equation="y' = 2*y", func="y", var="x"),
     C1 * sympy.exp(2 * x)),
    ("odes", Problem(id="ivp", kind="ode", equation="y'' + y = 0", func="y", var="x",
                     ics=(("y(0)", "1"), ("y'(0)", "0"))), sympy.cos(x)),
    ("odes", Problem(id="second", kind="ode", equation="y'' - 3*y' + 2*y = 0", func="y",
                     var="x"), C1 * sympy.exp(x) + C2 * sympy.exp(2 * x)),
    ("several", Problem(id="hess", kind="hessian", expr="x^2 + 3*x*y + y^2", vars=("x", "y")),
     sympy.ImmutableMatrix([[2, 3], [3, 2]])),
    ("several", Problem(id="taylor", kind="expression", expected="x - x^2/2 + x^3/3", vars=("x",),
                        prompt="Find the Taylor polynomial of degree 3 of ln(1 + x) at 0."),
     x - x**2 / 2 + x**3 / 3),
    ("calculus", Problem(id="const", kind="integral", expr="cos(x)", var="x",
                         require_constant=True), sympy.sin(x)),
    ("several", Problem(id="crit", kind="critical_points", expr="x^3 - 3*x", vars=("x",),
                        classify=True), (((-1,), "max"), ((1,), "min"))),
    ("several", Problem(id="crit2", kind="critical_points", expr="x^3 - 3*x*y + y^3",
                        vars=("x", "y"), classify=True),
     (((0, 0), "saddle"), ((1, 1), "min"))),
]  # fmt: skip


def stack_quiz() -> Quiz:
    """Problems whose STACK grading needs more than one node: ODEs, matrices, point sets."""
    items = []
    for number, (set_name, problem, result) in enumerate(STACK_CASES, start=1):
        item = QuizItem(
            number, set_name, f"topic-{set_name}", problem, "", prompt_for(problem),
            key_for(problem, result),
        )  # fmt: skip
        items.append(item)
    return Quiz("STACK quiz", 3, ("odes", "several", "calculus"), tuple(items))
