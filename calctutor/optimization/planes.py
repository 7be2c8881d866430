"""Pictures in the plane: contours with ∇f at a point, critical points, optimizer runs."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import sympy

from calctutor.optimization.pictures import (
    Arrow,
    Marker,
    Panel,
    Path,
    Picture,
    PictureError,
    Plane,
    Point2,
    evenly,
    number,
    span_around,
)
from calctutor.optimization.sampling import Curve, Grid, numeric, sample_grid

GRID = (80, 80)
FIELD = 13
Float2 = Callable[[float, float], float | None]


def _name(symbol: Any) -> tuple[Any, ...]:
    """An axis label: the variable itself, as maths."""
    return (symbol,)


def _gradient_at(f: Any, variables: Sequence[Any], point: Point2) -> Point2:
    """∇f at a point, exactly evaluated then made float, or PictureError where it is undefined."""
    x, y = variables
    values = [numeric(sympy.diff(f, v), variables)(*point) for v in (x, y)]
    if values[0] is None or values[1] is None:
        raise PictureError(f"∇f is not defined (as real numbers) at ({point[0]:g}, {point[1]:g})")
    return values[0], values[1]


def descent_field(grid: Grid, count: int = FIELD) -> tuple[Arrow, ...]:
    """Arrows along −∇f, the direction gradient descent moves, on a count × count lattice."""
    step_x, step_y = max(1, len(grid.xs) // count), max(1, len(grid.ys) // count)
    size = min(grid.xs[-1] - grid.xs[0], grid.ys[-1] - grid.ys[0]) / count * 0.8
    arrows = []
    for j in range(step_y // 2, len(grid.ys), step_y):
        for i in range(step_x // 2, len(grid.xs), step_x):
            pair = grid.gradient[j][i]
            norm = 0.0 if pair is None else math.hypot(*pair)
            if pair is not None and norm > 0:
                vector = (-pair[0] / norm * size, -pair[1] / norm * size)
                arrows.append(Arrow((grid.xs[i], grid.ys[j]), vector))
    return tuple(arrows)


def level_curve(
    f: Any, variables: Sequence[Any], point: Point2, reach: float
) -> tuple[Point2, ...]:
    """Points of the level curve f = f(p) near p, traced by Newton steps across the curve.

    Starting from p + s·t, where t is perpendicular to ∇f(p), each point is pulled back onto
    f = f(p) along the gradient; the curve is where those points land.
    """
    value = numeric(f, variables)
    fx, fy = (numeric(sympy.diff(f, v), variables) for v in variables)
    level = value(*point)
    gx, gy = _gradient_at(f, variables, point)
    norm = math.hypot(gx, gy)
    if level is None or norm == 0:
        return ()
    tangent = (-gy / norm, gx / norm)
    found = []
    for s in evenly(-reach, reach, 41):
        q = _onto_level(
            value, fx, fy, level, (point[0] + s * tangent[0], point[1] + s * tangent[1])
        )
        if q is not None:
            found.append(q)
    return tuple(found)


def _onto_level(value: Float2, fx: Float2, fy: Float2, level: float, q: Point2) -> Point2 | None:
    """q moved along ∇f until f(q) = level (Newton's method), or None when that fails."""
    x, y = q
    for _ in range(30):
        v, a, b = value(x, y), fx(x, y), fy(x, y)
        if v is None or a is None or b is None or a * a + b * b == 0:
            return None
        step = (v - level) / (a * a + b * b)
        x, y = x - step * a, y - step * b
        if abs(v - level) <= 1e-12 * max(1.0, abs(level)):
            return x, y
    return None


def gradient_picture(
    f: Any, variables: Sequence[Any], point: Point2, spans: tuple[Point2, Point2]
) -> Picture:
    """Contours of f with ∇f drawn at a point: it crosses the level curve at a right angle and
    points the way f increases fastest (steepest ascent)."""
    grid = sample_grid(f, variables, spans[0], spans[1], GRID)
    gx, gy = _gradient_at(f, variables, point)
    norm = math.hypot(gx, gy)
    if norm == 0:
        raise PictureError("∇f is zero at that point: it is a critical point, with no direction")
    reach = 0.12 * min(spans[0][1] - spans[0][0], spans[1][1] - spans[1][0])
    arrow = Arrow(point, (gx / norm * reach * 1.5, gy / norm * reach * 1.5),
                  ("∇f: the direction of steepest ascent",))  # fmt: skip
    level = numeric(f, variables)(*point)
    plane = Plane(
        title=("contours of f, with ∇f at (", number(point[0]), ", ",
               number(point[1]), ")"),
        x_label=_name(variables[0]), y_label=_name(variables[1]),
        x_span=spans[0], y_span=spans[1], grid=grid, value_label=(_fn(variables),),
        levels=() if level is None else (level,),
        field=descent_field(grid), field_kind="descent", arrows=(arrow,),
        markers=(Marker(point, "point"),),
        curves=((("level curve through the point",), level_curve(f, variables, point, reach)),),
        notes=(("∇f = ", sympy.Tuple(number(gx), number(gy))),),
    )  # fmt: skip
    facts = (("grad_x", gx), ("grad_y", gy), ("level", level or 0.0))
    return Picture(title=(_fn(variables), " = ", f), views=(plane,), facts=facts)


def _fn(variables: Sequence[Any]) -> Any:
    """f(x, y) as maths."""
    return sympy.Function("f")(*variables)


def contour_picture(f: Any, variables: Sequence[Any], spans: tuple[Point2, Point2]) -> Picture:
    """Contours of f with the descent field −∇f."""
    grid = sample_grid(f, variables, spans[0], spans[1], GRID)
    plane = Plane(
        title=("contours of f; arrows: −∇f, the way gradient descent moves",),
        x_label=_name(variables[0]), y_label=_name(variables[1]),
        x_span=spans[0], y_span=spans[1], grid=grid, value_label=(_fn(variables),),
        field=descent_field(grid), field_kind="descent",
    )  # fmt: skip
    return Picture(title=(_fn(variables), " = ", f), views=(plane,))


def critical_picture(
    f: Any, variables: Sequence[Any], points: Sequence[tuple[Point2, str]]
) -> Picture:
    """Contours of f with each critical point marked and labelled min, max or saddle."""
    xs = [p[0] for p, _ in points] or [0.0]
    ys = [p[1] for p, _ in points] or [0.0]
    spans = (span_around(xs, 0.3, 1.0), span_around(ys, 0.3, 1.0))
    grid = sample_grid(f, variables, spans[0], spans[1], GRID)
    markers = tuple(Marker(p, kind, (kind,)) for p, kind in points)
    plane = Plane(
        title=("critical points of f: where ∇f = 0",),
        x_label=_name(variables[0]), y_label=_name(variables[1]),
        x_span=spans[0], y_span=spans[1], grid=grid, value_label=(_fn(variables),),
        field=descent_field(grid), field_kind="descent", markers=markers,
    )  # fmt: skip
    return Picture(title=(_fn(variables), " = ", f), views=(plane,))


def loss_panel(runs: Sequence[tuple[str, Sequence[float]]], best: float | None) -> Panel:
    """f at each iterate, per run: a log scale of f − f* when the least value f* is known, of f
    when every value is positive, and a plain scale otherwise."""
    values = [v for _, vs in runs for v in vs]
    log = best is not None or all(v > 0 for v in values)
    low = best if best is not None else 0.0
    curves = []
    for label, run_values in runs:
        heights = tuple(_gap(v, low) if log else v for v in run_values)
        curves.append(Curve(label, tuple(float(i) for i in range(len(run_values))), heights))
    value = sympy.Function("f")(sympy.Symbol("x_t"))
    y_label = (value, " − ", sympy.Symbol("f^*")) if best is not None else (value,)
    return Panel(title=("loss by step",), x_label=("step ", sympy.Symbol("t")), y_label=y_label,
                 curves=tuple(curves), log_y=log, whole_x=True)  # fmt: skip


def _gap(value: float, low: float) -> float | None:
    """value − low where positive enough to show on a log scale (float noise is left out)."""
    gap = value - low
    return gap if gap > 1e-12 * max(1.0, abs(low)) else None


def optimizer_picture(
    f: Any,
    variables: Sequence[Any],
    runs: Sequence[tuple[str, Sequence[Sequence[float]], Sequence[float]]],
    minimum: Sequence[float] | None = None,
) -> Picture:
    """Optimizer paths on equal-scale contours (start, ends and the minimum marked), their loss
    curves on a log scale, and one animation frame per iterate."""
    best = None
    if minimum is not None:
        best = numeric(f, variables)(*minimum)
    losses = loss_panel([(label, values) for label, _, values in runs], best)
    frames = max(len(points) for _, points, _ in runs)
    if len(variables) == 1:
        view: Panel | Plane = _path_on_curve(f, variables[0], runs, minimum)
    else:
        view = _paths_on_plane(f, variables, runs, minimum)
    return Picture(title=(_fn(variables), " = ", f), views=(view, losses), frames=frames)


def _paths_on_plane(f: Any, variables: Sequence[Any], runs: Any, minimum: Any) -> Plane:
    """The paths on contours, in a window that holds every iterate and the minimum."""
    points = [tuple(p) for _, path, _ in runs for p in path]
    extra = [tuple(minimum)] if minimum is not None else []
    spans = _square(span_around([p[0] for p in points + extra]),
                    span_around([p[1] for p in points + extra]))  # fmt: skip
    grid = sample_grid(f, variables, spans[0], spans[1], GRID)
    markers = [Marker((points[0][0], points[0][1]), "start", ("start",))]
    if minimum is not None:
        markers.append(Marker((minimum[0], minimum[1]), "minimum", ("minimum",)))
    paths = tuple(Path((label,), tuple((p[0], p[1]) for p in path)) for label, path, _ in runs)
    return Plane(
        title=("paths on the contours of f (equal scale)",),
        x_label=_name(variables[0]), y_label=_name(variables[1]),
        x_span=spans[0], y_span=spans[1], grid=grid, value_label=(_fn(variables),),
        markers=tuple(markers), paths=paths,
    )  # fmt: skip


def _square(x_span: Point2, y_span: Point2) -> tuple[Point2, Point2]:
    """The spans widened so both axes have the same length (contours keep their true shape)."""
    side = max(x_span[1] - x_span[0], y_span[1] - y_span[0])
    mid_x, mid_y = sum(x_span) / 2, sum(y_span) / 2
    return (mid_x - side / 2, mid_x + side / 2), (mid_y - side / 2, mid_y + side / 2)


def _path_on_curve(f: Any, x: Any, runs: Any, minimum: Any) -> Panel:
    """One variable: f with each run's iterates marked on the curve."""
    from calctutor.optimization.sampling import sample_curve

    xs = [p[0] for _, path, _ in runs for p in path] + ([minimum[0]] if minimum else [])
    curve = sample_curve(f, x, span_around(xs), 400, "f")
    markers = [Marker((p[0], v), "point") for _, path, values in runs
               for p, v in zip(path, values, strict=False)]  # fmt: skip
    return Panel(title=("iterates on the graph of f",), x_label=(x,),
                 y_label=(_fn([x]),), curves=(curve,), markers=tuple(markers))  # fmt: skip
