"""Pictures of differential equations: slope fields and solution curves, by Runge–Kutta."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import sympy

from calctutor.optimization.pictures import (
    Arrow,
    Marker,
    Panel,
    Picture,
    Plane,
    Point2,
    evenly,
)
from calctutor.optimization.sampling import Curve, numeric

Float2 = Callable[[float, float], float | None]


def slope_field(slope: Float2, spans: tuple[Point2, Point2], count: int = 21) -> tuple[Arrow, ...]:
    """Short segments with slope F(x, y) on a lattice, each the same length on screen."""
    (x0, x1), (y0, y1) = spans
    width, height = x1 - x0, y1 - y0
    out = []
    for x in evenly(x0, x1, count):
        for y in evenly(y0, y1, count):
            m = slope(x, y)
            if m is None:
                continue
            # unit length in screen units (a fraction of each axis), slope kept in data units
            scale = 0.7 / count / math.hypot(1 / width, m / height)
            out.append(Arrow((x, y), (scale, scale * m)))
    return tuple(out)


State = tuple[float, ...]
System = Callable[[float, State], State | None]


def rk4(
    system: System, x0: float, state: State, x_end: float, bound: float
) -> list[tuple[float, State]]:
    """The solution of state′ = system(x, state) from x0 to x_end by classical Runge–Kutta
    (400 steps), stopping early where it is undefined or leaves |state[0]| ≤ bound."""
    steps = 400
    h = (x_end - x0) / steps
    x, out = x0, [(x0, state)]
    for _ in range(steps):
        state_next = _rk4_step(system, x, state, h)
        if state_next is None or abs(state_next[0]) > bound:
            break
        x, state = x + h, state_next
        out.append((x, state))
    return out


def _rk4_step(system: System, x: float, state: State, h: float) -> State | None:
    """The state after one Runge–Kutta step of size h, or None where the system is undefined."""
    k1 = system(x, state)
    k2 = None if k1 is None else system(x + h / 2, _along(state, k1, h / 2))
    k3 = None if k2 is None else system(x + h / 2, _along(state, k2, h / 2))
    k4 = None if k3 is None else system(x + h, _along(state, k3, h))
    if k1 is None or k2 is None or k3 is None or k4 is None:
        return None
    new = tuple(s + h / 6 * (a + 2 * b + 2 * c + d)
                for s, a, b, c, d in zip(state, k1, k2, k3, k4, strict=True))  # fmt: skip
    return new if all(math.isfinite(v) for v in new) else None


def _along(state: State, slope: State, h: float) -> State:
    """state + h·slope."""
    return tuple(s + h * k for s, k in zip(state, slope, strict=True))


def solution_through(
    slope: Float2, start: Point2, spans: tuple[Point2, Point2]
) -> tuple[Point2, ...]:
    """The solution of y′ = F(x, y) through ``start``, both ways across the x span."""

    def system(x: float, state: State) -> State | None:
        value = slope(x, state[0])
        return None if value is None else (value,)

    bound = 3 * max(abs(v) for v in spans[1])
    back = rk4(system, start[0], (start[1],), spans[0][0], bound)
    ahead = rk4(system, start[0], (start[1],), spans[0][1], bound)
    return tuple((x, s[0]) for x, s in [*back[::-1], *ahead[1:]])


def slope_field_picture(
    rhs: Any, x: Any, y: Any, start: Point2 | None, spans: tuple[Point2, Point2]
) -> Picture:
    """The slope field of y′ = F(x, y) and, given a starting point, the solution through it."""
    slope = numeric(rhs, [x, y])
    curves: tuple[tuple[tuple[Any, ...], tuple[Point2, ...]], ...] = ()
    markers: tuple[Marker, ...] = ()
    if start is not None:
        curves = ((("the solution through the initial condition",),
                   solution_through(slope, start, spans)),)  # fmt: skip
        markers = (Marker(start, "start", ("initial condition",)),)
    else:
        starts = evenly(spans[1][0], spans[1][1], 7)[1:-1]
        curves = tuple((("solutions, one for each value of the constant",),
                        solution_through(slope, (sum(spans[0]) / 2, c), spans))
                       for c in starts)  # fmt: skip
    plane = Plane(
        title=("slope field of ", sympy.Eq(sympy.Symbol(f"{y}'"), rhs, evaluate=False)),
        x_label=(x,), y_label=(y,), x_span=spans[0], y_span=spans[1],
        field=slope_field(slope, spans), field_kind="slope",
        markers=markers, curves=curves, equal_scale=False,
    )  # fmt: skip
    return Picture(title=(sympy.Eq(sympy.Symbol(f"{y}'"), rhs, evaluate=False),), views=(plane,))


def second_order_picture(
    rhs: Any, x: Any, y: Any, dy: Any, starts: Sequence[tuple[float, float, float]],
    span: Point2,
) -> Picture:  # fmt: skip
    """Solutions of y″ = G(x, y, y′), one curve per initial condition (x₀, y(x₀), y′(x₀)).

    A second-order equation has no slope field in the (x, y) plane: through each point pass
    solutions of every slope, so the picture shows the solutions themselves.
    """
    accel = numeric(rhs, [x, y, dy])

    def system(t: float, state: State) -> State | None:
        value = accel(t, *state)
        return None if value is None else (state[1], value)

    curves = []
    for x0, y0, v0 in starts:
        bound = 50 * max(1.0, abs(y0), abs(v0))
        path = [*rk4(system, x0, (y0, v0), span[0], bound)[::-1],
                *rk4(system, x0, (y0, v0), span[1], bound)[1:]]  # fmt: skip
        label = f"y({x0:g}) = {y0:g}, y′({x0:g}) = {v0:g}"
        curves.append(Curve(label, tuple(p[0] for p in path), tuple(p[1][0] for p in path)))
    shown = rhs.subs(dy, sympy.Symbol(f"{y}'"))
    equation = sympy.Eq(sympy.Symbol(f"{y}''"), shown, evaluate=False)
    panel = Panel(title=("solutions, one per initial condition",), x_label=(x,), y_label=(y,),
                  curves=tuple(curves))  # fmt: skip
    return Picture(title=(equation,), views=(panel,))
