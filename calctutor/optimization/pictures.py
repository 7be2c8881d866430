"""Pictures as data: what a plot of an idea shows, sampled in the core and drawn by ``render``.

A ``Picture`` is a title and one or more views sharing nothing but the title: a ``Panel`` is a set
of x–y axes (curves, a shaded area, Riemann bars, marked points, notes); a ``Plane`` is a view of
the (x, y) plane (contours of f, a field of arrows or slopes, highlighted arrows, marked points,
paths and curves). Titles and labels are text-and-math parts: the math parts hold SymPy objects,
and only a renderer decides how they are written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from calctutor.optimization.sampling import Curve, Grid

Label = tuple[Any, ...]
"""Text (str) and math (SymPy) parts, in reading order."""

Point2 = tuple[float, float]


@dataclass(frozen=True)
class Marker:
    """A marked point: ``kind`` is start, end, minimum, min, max, saddle or point."""

    point: Point2
    kind: str
    label: Label = ()


@dataclass(frozen=True)
class Arrow:
    """An arrow from ``at`` along ``vector`` (in plot units), with what it means."""

    at: Point2
    vector: Point2
    label: Label = ()


@dataclass(frozen=True)
class Bar:
    """One piece of a Riemann sum on [left, right]: a rectangle, or a trapezoid."""

    left: float
    right: float
    height_left: float
    height_right: float

    @property
    def area(self) -> float:
        """The signed area of this piece."""
        return (self.right - self.left) * (self.height_left + self.height_right) / 2


@dataclass(frozen=True)
class Shade:
    """The signed area between a curve and the x axis, sampled on [low, high]."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]


@dataclass(frozen=True)
class Path:
    """A path of points (an optimizer's iterates, say), drawn in order; its end is marked."""

    label: Label
    points: tuple[Point2, ...]


@dataclass(frozen=True)
class Panel:
    """One set of x–y axes."""

    title: Label
    x_label: Label
    y_label: Label
    curves: tuple[Curve, ...] = ()
    shade: Shade | None = None
    bars: tuple[Bar, ...] = ()
    markers: tuple[Marker, ...] = ()
    notes: tuple[Label, ...] = ()
    log_y: bool = False
    whole_x: bool = False


@dataclass(frozen=True)
class Plane:
    """A view of the plane: contours of ``grid`` (if any) and what is drawn on them.

    ``field`` holds short segments or arrows over the whole view (−∇f, or an ODE's slopes);
    ``field_kind`` says which (``descent`` or ``slope``). ``curves`` are y as a function of x
    (an ODE's solution) or any x–y trace (a level curve) as pairs of coordinates.
    """

    title: Label
    x_label: Label
    y_label: Label
    x_span: tuple[float, float]
    y_span: tuple[float, float]
    grid: Grid | None = None
    value_label: Label = ()
    levels: tuple[float, ...] = ()
    field: tuple[Arrow, ...] = ()
    field_kind: str = ""
    arrows: tuple[Arrow, ...] = ()
    markers: tuple[Marker, ...] = ()
    paths: tuple[Path, ...] = ()
    curves: tuple[tuple[Label, tuple[Point2, ...]], ...] = ()
    notes: tuple[Label, ...] = ()
    equal_scale: bool = True


@dataclass(frozen=True)
class Picture:
    """A whole picture: a title, its views, and the numbers it shows (for tests and captions)."""

    title: Label
    views: tuple[Panel | Plane, ...]
    facts: tuple[tuple[str, float], ...] = ()
    frames: int = 0

    def fact(self, name: str) -> float:
        """The number called ``name`` (KeyError when the picture has none)."""
        return dict(self.facts)[name]


class PictureError(ValueError):
    """A picture that cannot be drawn, with the reason in a student's words."""


def number(value: float, digits: int = 6) -> Any:
    """A float as maths: an integer when whole, else to ``digits`` significant digits."""
    import sympy

    if value == int(value) and abs(value) < 1e15:
        return sympy.Integer(int(value))
    # rounded in decimal first: a Float of low binary precision prints as 5.3333330154418945
    return sympy.Float(float(f"{value:.{digits}g}"))


def evenly(low: float, high: float, count: int) -> tuple[float, ...]:
    """``count`` evenly spaced numbers from low to high, both included."""
    return tuple(low + (high - low) * i / (count - 1) for i in range(count))


def span_around(values: Sequence[float], margin: float = 0.2, least: float = 0.5) -> Point2:
    """A range holding every value with a margin on both sides, never empty."""
    low, high = min(values), max(values)
    pad = max(least, margin * (high - low))
    return low - pad, high + pad
