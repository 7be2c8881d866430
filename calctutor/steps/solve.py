"""Worked solutions for a Problem of any kind: read its fields, pick the engine, solve."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from calctutor.sets.model import Problem
from calctutor.sets.reading import (
    read_bound,
    read_equation,
    read_expected,
    read_expr,
    read_hyper,
    read_ics,
    read_number,
    read_start,
    read_var,
    read_vars,
)
from calctutor.steps.model import Solution, Step


def _derivative(problem: Problem) -> Solution:
    """d/dx of expr (other symbols are constants)."""
    from calctutor.steps.derivative import derivative_solution

    return derivative_solution(read_expr(problem), read_var(problem))


def _gradient(problem: Problem) -> Solution:
    """∇ expr over vars."""
    from calctutor.steps.gradient import gradient_solution

    return gradient_solution(read_expr(problem), read_vars(problem))


def _hessian(problem: Problem) -> Solution:
    """The Hessian matrix of expr over vars."""
    from calctutor.steps.gradient import hessian_solution

    return hessian_solution(read_expr(problem), read_vars(problem))


def _integral(problem: Problem) -> Solution:
    """∫ expr d var."""
    from calctutor.steps.integral import integral_solution

    return integral_solution(read_expr(problem), read_var(problem))


def _definite(problem: Problem) -> Solution:
    """∫ from lower to upper."""
    from calctutor.steps.integral import definite_integral_solution

    lower, upper = read_bound(problem, "lower"), read_bound(problem, "upper")
    return definite_integral_solution(read_expr(problem), read_var(problem), lower, upper)


def _ode(problem: Problem) -> Solution:
    """The ODE's general or particular solution."""
    import sympy

    from calctutor.steps.ode import ode_solution

    variable = read_var(problem)
    func = sympy.Function(str(problem.func))(variable)
    return ode_solution(read_equation(problem), func, variable, read_ics(problem) or None)


def _hyper(problem: Problem) -> Any:
    """The optimizer hyperparameters the problem sets, PyTorch's defaults for the rest."""
    from calctutor.optimization.rules import Hyper

    return Hyper.from_values(read_hyper(problem))


def _optimizer(problem: Problem) -> Solution:
    """The point after ``steps`` optimizer updates."""
    from calctutor.steps.optimizer import optimizer_step_solution

    lr = float(read_number(problem.lr, "lr", problem))
    start = [float(v) for v in read_start(problem)]
    return optimizer_step_solution(
        read_expr(problem), read_vars(problem), str(problem.method), lr, start,
        problem.steps, _hyper(problem),
    )  # fmt: skip


def _critical(problem: Problem) -> Solution:
    """Every critical point, classified when asked."""
    from calctutor.steps.optimizer import critical_points_solution

    return critical_points_solution(read_expr(problem), read_vars(problem), problem.classify)


def _expression(problem: Problem) -> Solution:
    """An expression problem's answer is its expected value; SymPy simplifies it when it can."""
    expected = read_expected(problem)
    step = Step("expected value", "The answer is the expected expression.", None, expected)
    return Solution("expression", expected, expected, (step,), complete=False, note="no steps")


SOLVERS: dict[str, Callable[[Problem], Solution]] = {
    "derivative": _derivative,
    "gradient": _gradient,
    "hessian": _hessian,
    "integral": _integral,
    "definite_integral": _definite,
    "ode": _ode,
    "optimizer_step": _optimizer,
    "critical_points": _critical,
    "expression": _expression,
}


def solve_problem(problem: Problem) -> Solution:
    """The worked solution (ParseError for unreadable fields, ValueError when unsolvable)."""
    return SOLVERS[problem.kind](problem)
