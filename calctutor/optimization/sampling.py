"""Sampling functions for plots: curves and grids of numbers, no drawing (that is render's job)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.expr import ParseContext, parse_expr
from calctutor.expr.functions import elementary
from calctutor.optimization.trace import FLOAT_MODULES
from calctutor.sets.natural import guess_variables

MAX_VARIABLES = 2


class PlotError(ValueError):
    """An expression or range that cannot be plotted."""


@dataclass(frozen=True)
class Curve:
    """y = f(x) sampled on a range; None where f is undefined or not real."""

    label: str
    xs: tuple[float, ...]
    ys: tuple[float | None, ...]


@dataclass(frozen=True)
class Grid:
    """f(x, y) on a rectangular grid (rows are y, columns x), with its gradient."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    values: tuple[tuple[float | None, ...], ...]
    gradient: tuple[tuple[tuple[float, float] | None, ...], ...]


def parse_range(text: str) -> tuple[float, float]:
    """'a:b' as two floats with a < b."""
    parts = text.split(":")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise PlotError(f"'{text}' is not a range such as -3:3") from None
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
        raise PlotError(f"'{text}' is not a range from a smaller to a larger number")
    return low, high


def read_function(text: str) -> tuple[Any, tuple[Any, ...]]:
    """The expression and its variables (x, y … in the usual order), read by the safe parser."""
    names = guess_variables(text)
    expr = parse_expr(text, ParseContext(variables=names))
    order = {name: i for i, name in enumerate(names)}
    found = sorted(expr.free_symbols, key=lambda s: order.get(s.name, 99))
    if len(found) > MAX_VARIABLES:
        raise PlotError(f"calctutor plots functions of one or two variables, not {len(found)}")
    # plotted variables are real: |x|' is sign(x), not an expression in re(x) and im(x)
    real = [sympy.Symbol(s.name, real=True) for s in found] or [sympy.Symbol("x", real=True)]
    return expr.xreplace(dict(zip(found, real, strict=False))), tuple(real)


def numeric(expr: Any, variables: Sequence[Any]) -> Callable[..., float | None]:
    """A float function of the variables: None where the value is not a finite real number."""
    try:
        compiled = sympy.lambdify(list(variables), elementary(expr), modules=FLOAT_MODULES)
    except (NotImplementedError, SyntaxError, TypeError) as error:
        raise PlotError(f"calctutor cannot compute with this function: {error}") from None

    def value(*args: float) -> float | None:
        try:
            result = complex(compiled(*args))
        except (ArithmeticError, ValueError, TypeError, OverflowError):
            return None
        if abs(result.imag) > 1e-12 or not math.isfinite(result.real):
            return None
        return result.real

    return value


def sample_curve(
    expr: Any, variable: Any, span: tuple[float, float], count: int, label: str
) -> Curve:
    """f sampled at ``count`` evenly spaced points of span = [low, high]."""
    f = numeric(expr, [variable])
    low, high = span
    xs = tuple(low + (high - low) * i / (count - 1) for i in range(count))
    return Curve(label, xs, tuple(f(x) for x in xs))


def sample_grid(
    expr: Any, variables: Sequence[Any], x_range: tuple[float, float], y_range: tuple[float, float],
    size: tuple[int, int],
) -> Grid:  # fmt: skip
    """f and ∇f on a columns × rows grid."""
    f = numeric(expr, variables)
    fx = numeric(sympy.diff(expr, variables[0]), variables)
    fy = numeric(sympy.diff(expr, variables[1]), variables)
    columns, rows = size
    xs = tuple(x_range[0] + (x_range[1] - x_range[0]) * i / (columns - 1) for i in range(columns))
    ys = tuple(y_range[0] + (y_range[1] - y_range[0]) * j / (rows - 1) for j in range(rows))
    values = tuple(tuple(f(x, y) for x in xs) for y in ys)
    gradient = tuple(tuple(_pair(fx(x, y), fy(x, y)) for x in xs) for y in ys)
    return Grid(xs, ys, values, gradient)


def _pair(a: float | None, b: float | None) -> tuple[float, float] | None:
    """(a, b) when both are numbers."""
    return None if a is None or b is None else (a, b)
