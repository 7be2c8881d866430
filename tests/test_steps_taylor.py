"""Worked Taylor polynomials: the derivative table, composed series, several variables."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import sympy

from calctutor.sets.files import load_file
from calctutor.sets.loader import ProblemError, problem_from_mapping
from calctutor.sets.natural import NaturalInputError, read_request
from calctutor.steps.solve import solve_problem
from calctutor.steps.taylor import taylor_solution

x, y = sympy.symbols("x y")
PROBLEMS = Path(__file__).parents[1] / "problems"


def bundled() -> list[object]:
    """The bundled Taylor problems."""
    loaded = load_file(PROBLEMS / "taylor-polynomials.yaml")
    assert loaded.problem_set is not None and loaded.errors == ()
    return list(loaded.problem_set.problems)


@pytest.mark.parametrize("problem", bundled(), ids=lambda p: p.id)  # type: ignore[attr-defined]
def test_every_bundled_taylor_problem_is_worked(problem: object) -> None:
    sol = solve_problem(problem)  # type: ignore[arg-type]
    assert sol.complete, sol.note
    assert sol.kind == "taylor" and len(sol.steps) >= 2


def test_the_derivative_table_states_true_values_and_coefficients() -> None:
    f, a = sympy.log(x), sympy.Integer(1)
    sol = taylor_solution(f, [x], [a], 3)
    table = sol.steps[0]
    assert table.rule == "derivative table" and len(table.substeps) == 4
    for k, row in enumerate(table.substeps):
        value = sympy.diff(f, x, k).subs(x, a)
        coefficient = value / math.factorial(k)
        maths = [m.value for m in row.text.maths()]
        assert maths[-3:] == [value, value, coefficient]
        assert f"/{k}! = " in str(row.text)
    assert sympy.expand(sol.result - sympy.series(f, x, 1, 4).removeO()) == 0


def test_composing_known_series_where_it_is_shorter() -> None:
    sub = taylor_solution(sympy.exp(-(x**2)), [x], [0], 4)
    assert [s.rule for s in sub.steps][:2] == ["known series", "substitute"]
    assert "u = −x²" in str(sub.steps[1].text)
    product = taylor_solution(sympy.sin(x) * sympy.exp(x), [x], [0], 3)
    assert product.steps[1].rule == "multiply the series"
    assert sympy.expand(product.result - (x + x**2 + x**3 / 3)) == 0


def test_several_variables_by_partials() -> None:
    f = sympy.exp(x) * sympy.cos(y) + x * y
    sol = taylor_solution(f, [x, y], [0, 0], 2)
    assert sol.complete
    assert [s.rule for s in sol.steps][:3] == ["order 0 partials", "order 1 partials",
                                               "order 2 partials"]  # fmt: skip
    assert sympy.expand(sol.result - (1 + x + x**2 / 2 + x * y - y**2 / 2)) == 0


@pytest.mark.parametrize(
    ("text", "about", "degree"),
    [
        ("taylor polynomial of degree 4 of exp(x) about x = 0", "x = 0", 4),
        ("maclaurin polynomial of degree 3 of sin(x)", "0", 3),
        ("taylor exp(x)*cos(y) about (0, 0) to degree 2", "(0, 0)", 2),
        ("second-order taylor polynomial of cos(x) about x = pi", "x = pi", 2),
    ],
)
def test_solve_reads_taylor_requests(text: str, about: str, degree: int) -> None:
    problem = read_request(text)
    assert (problem.about, problem.degree) == (about, degree)
    assert solve_problem(problem).complete


def test_taylor_without_a_degree_says_so() -> None:
    with pytest.raises(NaturalInputError, match="degree"):
        read_request("taylor polynomial of sin(x)")


def test_taylor_fields_are_validated() -> None:
    base = {"id": "t", "kind": "expression", "prompt": "Find it.", "expected": "1"}
    with pytest.raises(ProblemError, match="both 'about' and 'degree'"):
        problem_from_mapping({**base, "expr": "exp(x)", "about": "0"})
    with pytest.raises(ProblemError, match="degree must be"):
        problem_from_mapping({**base, "expr": "exp(x)", "about": "0", "degree": -1})
    with pytest.raises(ProblemError, match="about"):
        problem_from_mapping({**base, "expr": "exp(x)", "var": "x", "about": "(0, 0)",
                              "degree": 2})  # fmt: skip
