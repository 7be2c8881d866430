"""Worked solutions for optimizer steps and critical points."""

from __future__ import annotations

import json

import pytest
import sympy

from calctutor.steps.critical import critical_points_solution
from calctutor.steps.model import Solution, Step
from calctutor.steps.optimizer import (
    OptimizerTable,
    TableStep,
    optimizer_step_solution,
)

x, y, z = sympy.symbols("x y z")
F = x**2 + 10 * y**2
XY = (x, y)


def texts(step: Step) -> list[str]:
    """Every sentence of a step tree, depth first."""
    return [str(step.text), *(t for s in step.substeps for t in texts(s))]


def all_text(solution: Solution) -> str:
    """Every sentence of a solution, one per line."""
    return "\n".join(t for s in solution.steps for t in texts(s))


def table_of(solution: Solution) -> OptimizerTable:
    """The iteration table carried by the solution."""
    tables = [s.table for s in solution.steps if isinstance(s, TableStep) and s.table]
    assert len(tables) == 1
    return tables[0]


def test_adam_solution_shows_each_moment_and_the_bias_correction() -> None:
    solution = optimizer_step_solution(F, XY, "adam", 0.1, (1, 1), steps=3)
    assert solution.result == pytest.approx((0.701586, 0.701586), abs=5e-7)
    text = all_text(solution)
    # step 1 by hand: m = 0.1 g = (0.2, 2), v = 0.001 g^2 = (0.004, 0.4), m_hat = g, v_hat = g^2
    assert "g_1 = ∇f(1, 1) = (2, 20)" in text
    assert "m_1 = 0.9·(0, 0) + 0.1·(2, 20) = (0.2, 2)" in text
    assert "v_1 = 0.999·(0, 0) + 0.001·(4, 400) = (0.004, 0.4)" in text
    assert "1 - β1^1 = 0.1, 1 - β2^1 = 0.001: m̂_1 = (2, 20), v̂_1 = (4, 400)" in text
    assert "x_1 = (1, 1) - 0.1·(1, 1) = (0.9, 0.9)" in text
    assert "1 - β1^3 = 0.271" in text


def test_the_table_carries_every_iteration() -> None:
    solution = optimizer_step_solution(F, XY, "adam", 0.1, (1, 1), steps=3)
    table = table_of(solution)
    headers = table.headers()
    assert headers[:3] == ("t", "x_{t-1}", "g_t")
    assert {"m_t", "v_t", "m̂_t", "v̂_t"} <= set(headers)
    rows = table.rows()
    assert len(rows) == 3
    assert all(len(r) == len(headers) for r in rows)
    assert rows[0][headers.index("m̂_t")] == "(2, 20)"
    assert rows[2][headers.index("x_t")] == "(0.701586, 0.701586)"
    assert float(rows[0][-1]) == pytest.approx(0.9**2 * 11)


@pytest.mark.parametrize(("method", "columns"), [
    ("gd", ()), ("momentum", ("b_t",)), ("nesterov", ("b_t", "d_t")), ("rmsprop", ("s_t", "d_t")),
])  # fmt: skip
def test_each_method_has_its_columns(method: str, columns: tuple[str, ...]) -> None:
    table = table_of(optimizer_step_solution(F, XY, method, 0.01, (1, 1), steps=2))
    assert table.headers()[3:-2] == columns


def test_momentum_solution_says_the_first_step_copies_the_gradient() -> None:
    text = all_text(optimizer_step_solution(F, XY, "momentum", 0.01, (1, 1), steps=2))
    assert "b_1 = g_1 = (2, 20)" in text
    assert "b_2 = 0.9·(2, 20) + (1.96, 16) = (3.76, 34)" in text
    assert "x_2 = (0.98, 0.8) - 0.01·(3.76, 34) = (0.9424, 0.46)" in text


def test_rmsprop_rule_names_where_eps_goes() -> None:
    solution = optimizer_step_solution(F, XY, "rmsprop", 0.01, (1, 1), steps=1)
    text = all_text(solution)
    assert "ε after the square root, no bias correction" in text
    assert "s_1 = 0.99·(0, 0) + 0.01·(4, 400) = (0.04, 4)" in text


def test_custom_hyperparameters_appear() -> None:
    options = {"betas": (0.8, 0.99)}
    text = all_text(optimizer_step_solution(F, XY, "adam", 0.1, (1, 1), 1, options))
    assert "betas=(0.8, 0.99)" in text
    assert "m_1 = 0.8·(0, 0) + 0.2·(2, 20)" in text


def test_divergence_is_said_in_the_solution() -> None:
    text = all_text(optimizer_step_solution(F, XY, "gd", 0.5, (1, 1), steps=10))
    assert "Diverged" in text


def test_solution_json_includes_the_table() -> None:
    solution = optimizer_step_solution(F, XY, "nesterov", 0.01, (1, 1), steps=2)
    data = [s.to_json() for s in solution.steps]
    decoded = json.loads(json.dumps(data))
    table = next(d["table"] for d in decoded if "table" in d)
    assert table["headers"][0] == "t"
    assert len(table["rows"]) == 2
    assert solution.kind == "optimizer_step"


def test_critical_points_solution_solves_and_classifies() -> None:
    solution = critical_points_solution(x**3 + y**3 - 3 * x * y, XY)
    assert solution.result == (((0, 0), "saddle"), ((1, 1), "min"))
    text = all_text(solution)
    assert "real critical points: (0, 0), (1, 1)" in text
    assert "2 complex solution(s)" in text
    assert "D = f_xx·f_yy - f_xy² = −9" in text
    assert "a saddle point" in text
    assert "D = f_xx·f_yy - f_xy² = 27, f_xx = 6: a local minimum" in text


def test_critical_points_without_classification() -> None:
    solution = critical_points_solution(x**3 + y**3 - 3 * x * y, XY, classify=False)
    assert solution.result == ((0, 0), (1, 1))
    assert "Hessian" not in [s.rule for s in solution.steps]


def test_one_variable_uses_the_second_derivative() -> None:
    solution = critical_points_solution(x**3 - 3 * x, (x,))
    text = all_text(solution)
    assert "f''(−1) = −6: a local maximum" in text
    assert "f''(1) = 6: a local minimum" in text


def test_three_variables_use_the_eigenvalue_signs() -> None:
    solution = critical_points_solution(x**2 - y**2 + z**2, (x, y, z))
    assert "2 positive, 1 negative and 0 zero" in all_text(solution)
    assert solution.result == (((0, 0, 0), "saddle"),)


def test_degenerate_points_are_called_inconclusive() -> None:
    solution = critical_points_solution(x**4 + y**4, XY)
    assert "inconclusive" in all_text(solution)


def test_an_infinite_set_gives_an_incomplete_solution() -> None:
    solution = critical_points_solution(sympy.sin(x) * y, XY)
    assert not solution.complete
    assert solution.result is None
    assert "periodic" in solution.note
