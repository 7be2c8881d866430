"""Worked solutions for a Problem of any kind: read its fields, pick the engine, solve."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from calctutor.sets.model import Problem
from calctutor.sets.reading import (
    author_context,
    read_bound,
    read_equation,
    read_expected,
    read_expr,
    read_ics,
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


def _optimizer(problem: Problem) -> Solution:
    """The point after ``steps`` optimizer updates."""
    from calctutor.optimization.problems import problem_optimizer
    from calctutor.steps.optimizer import optimizer_step_solution

    plan = problem_optimizer(problem)
    start = [float(v) for v in read_start(problem)]
    return optimizer_step_solution(
        read_expr(problem), read_vars(problem), plan, plan.lr, start, problem.steps
    )


def _critical(problem: Problem) -> Solution:
    """Every critical point, classified when asked."""
    from calctutor.steps.critical import critical_points_solution

    return critical_points_solution(read_expr(problem), read_vars(problem), problem.classify)


def _limit(problem: Problem) -> Solution:
    """lim expr as var → point (the ``limit`` field: "x -> 0+")."""
    from calctutor.sets.approach import read_limit
    from calctutor.steps.limit import limit_solution

    approach = read_limit(problem, author_context(problem))
    return limit_solution(read_expr(problem), approach.var, approach.point, approach.side)


def _taylor(problem: Problem) -> Solution:
    """The Taylor polynomial of expr of the given degree about the centre."""
    from calctutor.sets.approach import read_centre
    from calctutor.steps.taylor import taylor_solution

    variables = read_vars(problem) if problem.variables else (read_var(problem),)
    degree = problem.degree if problem.degree is not None else 0
    centre = read_centre(problem, author_context(problem))
    return taylor_solution(read_expr(problem), variables, centre, degree)


def _agrees(problem: Problem, solution: Solution) -> Solution:
    """The worked solution, marked incomplete when it disagrees with the author's expected."""
    if problem.expected is None or solution.result is None:
        return solution
    import sympy

    expected = read_expected(problem)
    result = solution.result
    if not isinstance(result, str) and sympy.simplify(sympy.sympify(result) - expected) == 0:
        return solution
    note = f"the worked answer {result} differs from the expected {problem.expected}"
    return replace(solution, complete=False, note=note)


def _expression(problem: Problem) -> Solution:
    """A limit or a Taylor polynomial is worked out; otherwise the answer is the expected value."""
    if problem.limit is not None:
        return _agrees(problem, _limit(problem))
    if problem.about is not None:
        return _agrees(problem, _taylor(problem))
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
    from calctutor.steps.textbook import as_textbook, written_with_decimals

    return as_textbook(SOLVERS[problem.kind](problem), written_with_decimals(problem))
