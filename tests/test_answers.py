"""Reference results written as answer text, LaTeX and Maxima."""

from __future__ import annotations

from typing import Any

import pytest
import sympy

from calctutor.expr import ParseContext, parse_answer, parse_expr
from calctutor.sets.answers import (
    NoAnswer,
    answer_latex,
    answer_maxima,
    answer_text,
    constant_names,
    expr_maxima,
    expr_text,
    float_text,
    numeric_values,
)
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_context

x, y, C1, C2 = sympy.symbols("x y C1 C2")

ROUND_TRIP = [
    3 * x**2 + sympy.exp(2 * x) / 2,
    sympy.sqrt(x + 1) - sympy.Abs(x) + x ** sympy.Rational(3, 2),
    1 / (x + 1) ** 2 - sympy.log(x) * sympy.pi,
    sympy.E**x * sympy.atan(x) - sympy.asin(x / 2),
    sympy.sinh(x) * sympy.sec(x) + sympy.cot(x) ** 3,
    -x / 7 + sympy.Rational(-5, 3),
    sympy.exp(-(x**2)) * sympy.cos(3 * x - 1),
]


@pytest.mark.parametrize("expr", ROUND_TRIP, ids=str)
def test_answer_text_reads_back_as_the_same_expression(expr: Any) -> None:
    text = expr_text(expr)
    assert "**" not in text
    assert parse_expr(text, ParseContext()) == expr


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.1, "0.1"), (1e-5, "0.00001"), (0.6400000000000001, "0.64"), (-0.0, "0"),
     (123456789012.0, "123456789000"), (-2.5, "-2.5")],
)  # fmt: skip
def test_float_text_is_plain_and_short(value: float, text: str) -> None:
    assert float_text(value) == text


def read(problem: Problem, text: str) -> Any:
    """The text read in the problem's own answer context."""
    return parse_answer(text, answer_context(problem))


def test_integral_answers_carry_the_constant() -> None:
    problem = Problem(id="i", kind="integral", expr="cos(x)", var="x")
    assert answer_text(problem, sympy.sin(x)) == "sin(x) + C"
    assert answer_latex(problem, sympy.sin(x)) == r"\sin{\left(x \right)} + C"
    assert read(problem, "sin(x) + C") == sympy.sin(x) + sympy.Symbol("C")


def test_ode_answers_are_equations_of_the_function() -> None:
    problem = Problem(id="o", kind="ode", equation="y'' + y = 0", func="y", var="x")
    result = C1 * sympy.sin(x) + C2 * sympy.cos(x)
    text = answer_text(problem, result)
    assert text == "y = C1*sin(x) + C2*cos(x)"
    equation = read(problem, text)
    assert equation.rhs == result
    assert answer_maxima(problem, result) == "y = C1*sin(x) + C2*cos(x)"
    assert constant_names(result) == ("C1", "C2")


def test_vectors_matrices_and_points() -> None:
    gradient = Problem(id="g", kind="gradient", expr="x^2*y", vars=("x", "y"))
    assert answer_text(gradient, (2 * x * y, x**2)) == "(2*x*y, x^2)"
    assert read(gradient, "(2*x*y, x^2)") == (2 * x * y, x**2)
    assert answer_maxima(gradient, (2 * x * y, x**2)) == "[2*x*y, x^2]"
    hessian = Problem(id="h", kind="hessian", expr="x^2*y", vars=("x", "y"))
    matrix = sympy.ImmutableMatrix([[2 * y, 2 * x], [2 * x, 0]])
    assert answer_text(hessian, matrix) == "[[2*y, 2*x], [2*x, 0]]"
    assert read(hessian, answer_text(hessian, matrix)) == matrix
    assert answer_maxima(hessian, matrix) == "matrix([2*y, 2*x],[2*x, 0])"
    points = Problem(id="c", kind="critical_points", expr="x^3 - 3*x", vars=("x",))
    assert answer_text(points, ((-1,), (1,))) == "-1, 1"
    assert answer_text(points, ()) == "none"
    plane = Problem(id="p", kind="critical_points", expr="x^2 - y^2", vars=("x", "y"))
    assert answer_text(plane, (((0, 0), "saddle"),)) == "(0, 0) saddle"
    assert answer_latex(plane, (((0, 0), "saddle"),)) == r"\left(0, 0\right)\ \text{saddle}"


def test_maxima_syntax() -> None:
    expr = sympy.E ** (2 * x) + sympy.pi * sympy.Abs(x) + x**3 + sympy.sign(x) + 0.5 * x
    text = expr_maxima(expr)
    for piece in ("exp(2*x)", "%pi*abs(x)", "x^3", "signum(x)", "0.5*x"):
        assert piece in text
    assert "**" not in text and "E" not in text
    assert expr_maxima(sympy.oo) == "inf" and expr_maxima(sympy.E * x) == "%e*x"


def test_numeric_values_only_for_numbers() -> None:
    definite = Problem(id="a", kind="definite_integral", expr="x", var="x", lower="0", upper="1")
    assert numeric_values(definite, sympy.pi / 4) == pytest.approx((0.7853981634,))
    step = Problem(id="s", kind="optimizer_step", expr="x^2", vars=("x",), method="gd", lr="0.1",
                   start="(1)")  # fmt: skip
    assert numeric_values(step, (0.8,)) == (0.8,)
    derivative = Problem(id="d", kind="derivative", expr="x^2", var="x")
    assert numeric_values(derivative, 2 * x) is None
    assert numeric_values(Problem(id="i", kind="integral", expr="1", var="x"), x) is None


def test_no_result_is_no_answer() -> None:
    with pytest.raises(NoAnswer):
        answer_text(Problem(id="d", kind="derivative", expr="x", var="x"), None)
