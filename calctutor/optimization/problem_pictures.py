"""The picture of a problem, chosen by its kind: what a teacher would sketch beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import sympy

from calctutor.optimization.curves import (
    antiderivative_picture,
    area_picture,
    function_picture,
    limit_picture,
    tangent_picture,
    taylor_picture,
)
from calctutor.optimization.ode_pictures import second_order_picture, slope_field_picture
from calctutor.optimization.pictures import Picture, PictureError, Point2, span_around
from calctutor.optimization.planes import (
    contour_picture,
    critical_picture,
    gradient_picture,
    optimizer_picture,
)
from calctutor.optimization.sampling import numeric
from calctutor.sets.model import Problem

CANDIDATE_POINTS = (1.0, 0.5, 2.0, -1.0, 0.25, 3.0)


@dataclass(frozen=True)
class Options:
    """What the user asked of the picture: a point (``--at``), a Riemann sum (``--riemann``)."""

    at: tuple[float, ...] | None = None
    riemann: str | None = None
    n: int = 8
    result: Any = None


def picture_for(problem: Problem, options: Options = Options(), result: Any = None) -> Picture:
    """The picture of a problem (``result``: its solved answer, where the picture shows it), or
    PictureError saying why it has none."""
    draw = DRAWERS.get(problem.kind)
    if draw is None:
        raise PictureError(f"calctutor has no picture for {problem.kind} problems")
    try:
        return draw(problem, replace(options, result=result))
    except (ValueError, TypeError, ZeroDivisionError, OverflowError) as error:
        if isinstance(error, PictureError):
            raise
        raise PictureError(f"this problem cannot be drawn: {error}") from None


def _one_variable(problem: Problem) -> tuple[Any, Any]:
    """f and x of a one-variable problem; other symbols would leave nothing to plot."""
    from calctutor.sets.reading import read_expr, read_var

    f, x = read_expr(problem), read_var(problem)
    others = sorted(str(s) for s in f.free_symbols - {x})
    if others:
        raise PictureError(f"f depends on {', '.join(others)} as well as {x}: nothing to plot")
    return f, x


def _two_variables(problem: Problem) -> tuple[Any, tuple[Any, Any]]:
    """f and its two variables, or PictureError for any other number of variables."""
    from calctutor.sets.reading import read_expr, read_vars

    f, variables = read_expr(problem), tuple(read_vars(problem))
    if len(variables) != 2:
        raise PictureError(f"pictures in the plane need two variables, not {len(variables)}")
    others = sorted(str(s) for s in f.free_symbols - set(variables))
    if others:
        raise PictureError(f"f depends on {', '.join(others)} as well as the variables: "
                           "give them numbers to draw it")  # fmt: skip
    return f, (variables[0], variables[1])


def _defined_point(fs: list[Any], variables: tuple[Any, ...], at: tuple[float, ...] | None,
                   candidates: Sequence[tuple[float, ...]]) -> tuple[float, ...]:  # fmt: skip
    """The point asked for, or the first candidate where every function is defined."""
    if at is not None:
        if len(at) != len(variables):
            raise PictureError(f"--at needs {len(variables)} coordinate(s), not {len(at)}")
        return at
    compiled = [numeric(f, list(variables)) for f in fs]
    for point in candidates:
        if all(g(*point) is not None for g in compiled):
            return point
    raise PictureError("no point near the origin where the function is defined: give --at")


def _derivative(problem: Problem, options: Options) -> Picture:
    """f with its tangent line at a point, and f′ below."""
    f, x = _one_variable(problem)
    fs = [f, sympy.diff(f, x)]
    (a,) = _defined_point(fs, (x,), options.at, [(c,) for c in CANDIDATE_POINTS])
    return tangent_picture(f, x, a, (a - 2.0, a + 2.0))


def _integral(problem: Problem, options: Options) -> Picture:
    """The integrand and the antiderivative found (C = 0) on the same x axis."""
    f, x = _one_variable(problem)
    antiderivative = options.result
    if not isinstance(antiderivative, sympy.Expr):
        return function_picture(f, x, (-4.0, 4.0), derivative=False)
    constants = [s for s in antiderivative.free_symbols if s != x]
    antiderivative = antiderivative.subs(dict.fromkeys(constants, 0))
    return antiderivative_picture(f, antiderivative, x, (-4.0, 4.0))


def _definite(problem: Problem, options: Options) -> Picture:
    """The shaded signed area, with a Riemann sum when asked."""
    from calctutor.sets.reading import read_bound

    f, x = _one_variable(problem)
    low, high = read_bound(problem, "lower"), read_bound(problem, "upper")
    return area_picture(f, x, low, high, options.riemann, options.n)


def _gradient(problem: Problem, options: Options) -> Picture:
    """Contours with ∇f at a point where it is not zero."""
    f, variables = _two_variables(problem)
    grad = [sympy.diff(f, v) for v in variables]
    candidates = [(1.0, 1.0), (1.0, 0.5), (0.5, 1.0), (2.0, 1.0), (-1.0, 1.0)]
    point = _defined_point([f, *grad], variables, options.at, candidates)
    at = (point[0], point[1])
    return gradient_picture(f, variables, at, ((at[0] - 3, at[0] + 3), (at[1] - 3, at[1] + 3)))


def _critical(problem: Problem, options: Options) -> Picture:
    """Contours with every critical point marked min, max or saddle."""
    from calctutor.optimization.critical import CriticalPointsError, classify_all

    f, variables = _two_variables(problem)
    try:
        found = classify_all(f, variables)
    except CriticalPointsError as error:
        raise PictureError(f"the critical points cannot be listed: {error}") from None
    points = [((float(c.point[0]), float(c.point[1])), str(c.kind)) for c in found]
    if not points:
        return contour_picture(f, variables, ((-3.0, 3.0), (-3.0, 3.0)))
    return critical_picture(f, variables, points)


def _ode(problem: Problem, options: Options) -> Picture:
    """A first-order equation's slope field with its solution; a second-order one's solutions."""
    from calctutor.sets.reading import read_equation, read_ics

    equation, ics = read_equation(problem), read_ics(problem)
    y_of_x = next(iter(equation.atoms(sympy.Derivative))).expr
    x = y_of_x.args[0]
    order = sympy.ode_order(equation, y_of_x)
    y, dy = sympy.Symbol(y_of_x.func.__name__), sympy.Symbol("dy")
    highest = sympy.solve(equation, sympy.Derivative(y_of_x, (x, order)))
    if len(highest) != 1:
        raise PictureError("the equation does not give the highest derivative as one formula")
    rhs = highest[0].subs(sympy.Derivative(y_of_x, x), dy).subs(y_of_x, y)
    values = _initial_values(ics, y_of_x, x)
    if order == 1:
        start = (values[0], values[1]) if values else None
        centre = start or (0.0, 0.0)
        spans = ((centre[0] - 3, centre[0] + 3), (centre[1] - 3, centre[1] + 3))
        return slope_field_picture(rhs, x, y, start, spans)
    if order == 2:
        starts = [values] if len(values) == 3 else [(0.0, 1.0, 0.0), (0.0, 0.0, 1.0)]
        return second_order_picture(rhs, x, y, dy, starts, (starts[0][0] - 2, starts[0][0] + 2))
    raise PictureError(f"calctutor draws first- and second-order equations, not order {order}")


def _initial_values(ics: dict[Any, Any], y_of_x: Any, x: Any) -> tuple[float, ...]:
    """(x₀, y(x₀)) or (x₀, y(x₀), y′(x₀)) from the initial conditions, or () when there are none."""
    if not ics:
        return ()
    values: dict[int, float] = {}
    at = 0.0
    for key, value in ics.items():
        order = 1 if isinstance(key, sympy.Subs) or key.has(sympy.Derivative) else 0
        point = key.args[-1][0] if isinstance(key, sympy.Subs) else key.args[0]
        at, values[order] = float(point), float(value)
    return (at, *(values[k] for k in sorted(values)))


def _optimizer(problem: Problem, options: Options) -> Picture:
    """The optimizer's iterates on the contours (or on the graph), and the loss by step."""
    from calctutor.optimization.problems import problem_optimizer
    from calctutor.optimization.runs import run_optimizer
    from calctutor.sets.reading import read_expr, read_start, read_vars

    f, variables = read_expr(problem), read_vars(problem)
    start = [float(v) for v in read_start(problem)]
    trace = run_optimizer(f, variables, problem_optimizer(problem), start, problem.steps)
    return runs_picture(f, variables, [trace])


def runs_picture(f: Any, variables: Sequence[Any], traces: Sequence[Any]) -> Picture:
    """Optimizer runs (traces with ``method``, ``points`` and ``values``) with the local minimum
    nearest to where the first one ended marked, when SymPy can find it."""
    minimum = _nearest_minimum(f, variables, traces[0].points[-1])
    runs = [(t.optimizer.title(), t.points, t.values) for t in traces]
    return optimizer_picture(f, variables, runs, minimum)


def least_value(f: Any, variables: Sequence[Any], end: Sequence[float]) -> float | None:
    """f at the local minimum nearest to ``end`` (the f* of a loss curve), when it can be found."""
    minimum = _nearest_minimum(f, variables, end)
    return None if minimum is None else numeric(f, list(variables))(*minimum)


def _nearest_minimum(f: Any, variables: Any, end: Any) -> tuple[float, ...] | None:
    """The local minimum of f closest to where the run ended, when SymPy can list them."""
    from calctutor.optimization.critical import CriticalPointsError, classify_all

    try:
        minima = [c.point for c in classify_all(f, variables) if c.kind == "min"]
    except (CriticalPointsError, NotImplementedError, ValueError):
        return None
    # cubic roots come with an i that cancels: keep the real part of the numerical value
    points = [tuple(float(sympy.re(sympy.N(v, 20))) for v in p) for p in minima]
    if not points:
        return None
    return min(points, key=lambda p: sum((a - b) ** 2 for a, b in zip(p, end, strict=True)))


def _hessian(problem: Problem, options: Options) -> Picture:
    """The curvature the Hessian measures, seen at the critical points (or as contours)."""
    return _critical(problem, options)


def _expression(problem: Problem, options: Options) -> Picture:
    """A limit (f near the point, tending to L), a Taylor polynomial beside f, or an expression
    answer of one variable as a curve."""
    from calctutor.sets.reading import read_expected

    value = read_expected(problem)
    if problem.limit is not None:
        return _limit(problem, value)
    if problem.about is not None:
        return _taylor(problem, value)
    symbols = sorted(value.free_symbols, key=str) if isinstance(value, sympy.Basic) else []
    if len(symbols) != 1:
        raise PictureError("this problem's answer is a number: there is no curve to draw")
    (x,) = symbols
    span: Point2 = span_around([-2.0, 2.0])
    return function_picture(value, x, span, derivative=False)


def _limit(problem: Problem, value: Any) -> Picture:
    """The limit problem's function near its point, with the limit marked."""
    from calctutor.sets.approach import read_limit
    from calctutor.sets.reading import author_context, read_expr

    approach = read_limit(problem, author_context(problem))
    if not (isinstance(value, sympy.Expr) and value.is_real and value.is_finite):
        raise PictureError("the limit is not a finite number: there is no height to mark")
    return limit_picture(read_expr(problem), approach.var, approach.point, value)


def _taylor(problem: Problem, value: Any) -> Picture:
    """f beside its Taylor polynomial, for one variable."""
    from calctutor.sets.approach import read_centre
    from calctutor.sets.reading import author_context, read_expr

    centre = read_centre(problem, author_context(problem))
    f = read_expr(problem)
    if len(centre) != 1 or len(f.free_symbols | value.free_symbols) != 1:
        raise PictureError("calctutor draws Taylor polynomials of one variable")
    (x,) = f.free_symbols | value.free_symbols
    return taylor_picture(f, x, centre[0], value, problem.degree or 0)


DRAWERS: dict[str, Callable[[Problem, Options], Picture]] = {
    "derivative": _derivative,
    "integral": _integral,
    "definite_integral": _definite,
    "gradient": _gradient,
    "critical_points": _critical,
    "hessian": _hessian,
    "ode": _ode,
    "optimizer_step": _optimizer,
    "expression": _expression,
}
