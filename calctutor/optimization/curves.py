"""Pictures of functions of one variable: the tangent line, the signed area, Riemann sums."""

from __future__ import annotations

import itertools
import math
from typing import Any

import sympy

from calctutor.optimization.pictures import (
    Bar,
    Marker,
    Panel,
    Picture,
    PictureError,
    Shade,
    evenly,
    number,
)
from calctutor.optimization.sampling import Curve, numeric, sample_curve

SAMPLES = 400
RIEMANN_RULES = ("left", "right", "mid", "trapezoid")


def _value_at(expr: Any, x: Any, at: float, what: str) -> float:
    """f(at) as a float, or PictureError saying f is not defined there."""
    value = numeric(expr, [x])(at)
    if value is None:
        raise PictureError(f"{what} is not defined (as a real number) at {x} = {at:g}")
    return value


def _curve(expr: Any, x: Any, span: tuple[float, float], label: str) -> Curve:
    """f sampled across the span, refused when it is defined nowhere there."""
    curve = sample_curve(expr, x, span, SAMPLES, label)
    if all(y is None for y in curve.ys):
        raise PictureError(f"{label} is not defined (as a real number) anywhere on the range")
    return curve


def tangent_picture(f: Any, x: Any, at: float, span: tuple[float, float]) -> Picture:
    """f with its tangent line at x = at, and f′ below it on the same x axis.

    The tangent is y = f(a) + f′(a)(x − a): its slope is the derivative's value at a, which the
    lower panel shows as the height of f′ there.
    """
    derivative = sympy.diff(f, x)
    height, slope = _value_at(f, x, at, "f"), _value_at(derivative, x, at, "f′")
    a, t = number(at), sympy.Symbol("x")
    line = height + slope * (t - at)
    tangent = sample_curve(line, t, span, 2, "tangent")
    top = Panel(
        title=("f and its tangent line at ", sympy.Eq(x, a, evaluate=False)),
        x_label=(x,), y_label=("f(", x, ")"),
        curves=(_curve(f, x, span, "f"), tangent),
        markers=(Marker((at, height), "point", ("(a, f(a))",)),),
        notes=(("slope of the tangent: f′(a) = ", number(slope)),),
    )  # fmt: skip
    bottom = Panel(
        title=("the derivative f′: its height at a is the slope above",),
        x_label=(x,), y_label=("f′(", x, ")"),
        curves=(_curve(derivative, x, span, "f′"),),
        markers=(Marker((at, slope), "point", ("(a, f′(a))",)),),
    )  # fmt: skip
    return Picture(
        title=("f(", x, ") = ", f),
        views=(top, bottom),
        facts=(("a", at), ("f(a)", height), ("slope", slope)),
    )


def riemann_bars(f: Any, x: Any, low: float, high: float, rule: str, n: int) -> tuple[Bar, ...]:
    """The n pieces of the ``rule`` Riemann sum of f on [low, high]."""
    if rule not in RIEMANN_RULES:
        raise PictureError(f"unknown Riemann rule '{rule}': use {', '.join(RIEMANN_RULES)}")
    if not 1 <= n <= 1000:
        raise PictureError(f"--n must be a whole number from 1 to 1000, not {n}")
    value = numeric(f, [x])
    edges = evenly(low, high, n + 1)
    bars = []
    for left, right in itertools.pairwise(edges):
        points = _sample_points(rule, left, right)
        heights = [value(p) for p in points]
        if heights[0] is None or heights[1] is None:
            raise PictureError(f"f is not defined at {x} = {points[0]:g}, so no Riemann sum")
        bars.append(Bar(left, right, heights[0], heights[1]))
    return tuple(bars)


def _sample_points(rule: str, left: float, right: float) -> tuple[float, float]:
    """Where a piece's height is taken: one point for a rectangle, both edges for a trapezoid."""
    middle = (left + right) / 2
    return {
        "left": (left, left),
        "right": (right, right),
        "mid": (middle, middle),
        "trapezoid": (left, right),
    }[rule]


def _integral_value(f: Any, x: Any, low: float, high: float) -> float:
    """∫ f from low to high at 30 digits (mpmath's tanh-sinh quadrature)."""
    import mpmath

    g = sympy.lambdify(x, f, modules="mpmath")
    with mpmath.workdps(30):
        value = mpmath.quad(g, [low, high])
    if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
        raise PictureError("the integral over this range is not a finite real number")
    return float(value)


def _finite_window(low: Any, high: Any) -> tuple[float, float, bool]:
    """Finite plot bounds for [low, high]; an infinite end is cut 10 units past the other."""
    lo = float(low) if low.is_finite else None
    hi = float(high) if high.is_finite else None
    if lo is None and hi is None:
        return -10.0, 10.0, True
    if lo is None:
        assert hi is not None
        return hi - 10.0, hi, True
    if hi is None:
        return lo, lo + 10.0, True
    return lo, hi, False


def area_picture(
    f: Any, x: Any, low: Any, high: Any, rule: str | None = None, n: int = 8
) -> Picture:
    """The signed area under f on [low, high] shaded, and optionally a Riemann sum's pieces.

    The definite integral is the area above the axis minus the area below it; a Riemann sum
    adds up n rectangles (or trapezoids) whose heights are f at the chosen points.
    """
    a, b, cut = _finite_window(sympy.sympify(low), sympy.sympify(high))
    if not a < b:
        raise PictureError("the lower bound must be below the upper bound to draw the area")
    margin = 0.15 * (b - a)
    curve = _curve(f, x, (a - margin, b + margin), "f")
    shade = _shade(f, x, a, b)
    exact = _integral_value(f, x, a, b)
    facts = [("area", exact), ("lower", a), ("upper", b)]
    notes: list[tuple[Any, ...]] = [("signed area = ", number(exact))]
    if cut:
        notes.append(("the range is infinite: the picture stops at a finite window",))
    bars: tuple[Bar, ...] = ()
    if rule is not None:
        bars = riemann_bars(f, x, a, b, rule, n)
        total = math.fsum(bar.area for bar in bars)
        facts.append(("riemann", total))
        notes.append((f"{rule} Riemann sum, n = {n}: ", number(total)))
    panel = Panel(
        title=("the signed area under f from ", number(a), " to ", number(b)),
        x_label=(x,), y_label=("f(", x, ")"),
        curves=(curve,), shade=shade, bars=bars, notes=tuple(notes),
    )  # fmt: skip
    return Picture(title=("f(", x, ") = ", f), views=(panel,), facts=tuple(facts))


def _shade(f: Any, x: Any, a: float, b: float) -> Shade:
    """f sampled densely on [a, b] (undefined points count as 0, which leaves them unshaded)."""
    value = numeric(f, [x])
    xs = evenly(a, b, SAMPLES)
    return Shade(xs, tuple(value(p) or 0.0 for p in xs))


def antiderivative_picture(f: Any, F: Any, x: Any, span: tuple[float, float]) -> Picture:
    """An integrand f and one antiderivative F (C = 0): where f > 0, F rises."""
    top = Panel(
        title=("the integrand",), x_label=(x,), y_label=(sympy.Function("f")(x),),
        curves=(_curve(f, x, span, "f"),),
    )  # fmt: skip
    bottom = Panel(
        title=("an antiderivative (C = 0): its slope is f",),
        x_label=(x,), y_label=(sympy.Function("F")(x),),
        curves=(_curve(F, x, span, "F"),),
    )  # fmt: skip
    return Picture(title=("∫ ", f, " d", x), views=(top, bottom))


def function_picture(f: Any, x: Any, span: tuple[float, float], derivative: bool) -> Picture:
    """f on a range (and f′ on the same axes when asked)."""
    curves = [_curve(f, x, span, "f")]
    if derivative:
        curves.append(_curve(sympy.diff(f, x), x, span, "f′"))
    panel = Panel(title=(), x_label=(x,), y_label=(), curves=tuple(curves))
    return Picture(title=("f(", x, ") = ", f), views=(panel,))


def limit_picture(f: Any, x: Any, point: Any, value: Any) -> Picture:
    """f near the point x approaches, with the limit L drawn as the height the curve tends to.

    The point (a, L) is drawn hollow: the limit is about values near a, not f(a) itself, which
    may be undefined (as for sin x / x at 0).
    """
    height = float(value)
    if point.is_finite:
        a = float(point)
        span = (a - 3.0, a + 3.0)
        markers: tuple[Marker, ...] = (Marker((a, height), "limit", ("(a, L)",)),)
    else:
        span = (1.0, 50.0) if point > 0 else (-50.0, -1.0)
        markers = ()
    level = Curve("y = L", span, (height, height))
    panel = Panel(
        title=("as ", x, " → ", point, ", f(", x, ") → ", value),
        x_label=(x,), y_label=("f(", x, ")"),
        curves=(_curve(f, x, span, "f"), level), markers=markers,
        notes=(("L = ", value),),
    )  # fmt: skip
    return Picture(title=("f(", x, ") = ", f), views=(panel,), facts=(("limit", height),))


def taylor_picture(f: Any, x: Any, centre: Any, polynomial: Any, degree: int) -> Picture:
    """f and its Taylor polynomial about c: they agree at c to order ``degree`` and part away."""
    c = float(centre)
    span = (c - 2.5, c + 2.5)
    height = _value_at(f, x, c, "f")
    panel = Panel(
        title=("f and its Taylor polynomial of degree ", sympy.Integer(degree), " about ", x,
               " = ", centre),
        x_label=(x,), y_label=(),
        curves=(_curve(f, x, span, "f"), _curve(polynomial, x, span, "Taylor polynomial")),
        markers=(Marker((c, height), "point", ("(c, f(c))",)),),
    )  # fmt: skip
    return Picture(title=("f(", x, ") = ", f), views=(panel,), facts=(("f(c)", height),))
