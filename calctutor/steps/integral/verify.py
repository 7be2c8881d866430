"""Check an antiderivative by differentiating it and comparing with the integrand numerically."""

from __future__ import annotations

import random
from collections.abc import Iterator

import sympy

# Sample ranges: the real domain of an integrand can be small (sqrt(1 - x**2)) or far from
# zero (sqrt(x**2 - 9)), so points are drawn from several intervals.
_RANGES: tuple[tuple[float, float], ...] = (
    (0.05, 0.95),
    (-0.95, -0.05),
    (1.1, 4.0),
    (-4.0, -1.1),
    (4.0, 9.0),
    (-9.0, -4.0),
    (0.3, 2.5),
)
_DIGITS = 25
_TOLERANCE = 1e-8
_WANTED = 5


def _value(expr: sympy.Expr, x: sympy.Symbol, point: sympy.Expr) -> complex | None:
    """The numeric value of expr at x = point, or None when it is not a finite number."""
    try:
        value = complex(expr.evalf(_DIGITS, subs={x: point}))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if value != value or abs(value) > 1e12:
        return None
    return value


def _real_points(rng: random.Random) -> Iterator[sympy.Expr]:
    """Random real sample points, cycling through the ranges."""
    for _ in range(6):
        for low, high in _RANGES:
            yield sympy.Float(rng.uniform(low, high), _DIGITS)


def _complex_points(rng: random.Random) -> Iterator[sympy.Expr]:
    """Random complex sample points, for integrands without a real domain."""
    for _ in range(8):
        yield sympy.Float(rng.uniform(0.1, 2.0), _DIGITS) + sympy.I * sympy.Float(
            rng.uniform(0.1, 2.0), _DIGITS
        )


def _agree(derivative: complex, integrand: complex) -> bool:
    """True when the two values agree to the tolerance."""
    return abs(derivative - integrand) <= _TOLERANCE * (1.0 + abs(integrand))


def _check(
    derivative: sympy.Expr,
    f: sympy.Expr,
    x: sympy.Symbol,
    points: Iterator[sympy.Expr],
    real_only: bool,
) -> bool | None:
    """True/False once enough points were compared, None when too few points were usable."""
    compared = 0
    for point in points:
        fv = _value(f, x, point)
        if fv is None or (real_only and abs(fv.imag) > 1e-12 * (1.0 + abs(fv.real))):
            continue
        dv = _value(derivative, x, point)
        if dv is None:
            continue
        if not _agree(dv, fv):
            return False
        compared += 1
        if compared >= _WANTED:
            return True
    return None


def verify_antiderivative(
    result: sympy.Expr, f: sympy.Expr, x: sympy.Symbol, rng: random.Random | None = None
) -> bool:
    """True when d(result)/dx equals f at random points of f's real domain (complex if none)."""
    if result is None or result.has(sympy.Integral) or result.has(sympy.nan, sympy.zoo):
        return False
    rng = rng or random.Random(20260527)
    try:
        derivative = sympy.diff(result, x)
    except (TypeError, ValueError):
        return False
    # Parameters (∫ e^(a x) dx) get positive random values: the identity must hold for all.
    others = (f.free_symbols | result.free_symbols) - {x}
    values = {s: sympy.Float(rng.uniform(0.5, 2.5), _DIGITS) for s in sorted(others, key=str)}
    derivative, f = derivative.xreplace(values), f.xreplace(values)
    # Where f is real on the real line, compare there; an integrand like √(−x² − 1) is compared
    # at real points with complex values; complex points are the last resort.
    outcome = _check(derivative, f, x, _real_points(rng), real_only=True)
    if outcome is None:
        outcome = _check(derivative, f, x, _real_points(rng), real_only=False)
    if outcome is None:
        outcome = _check(derivative, f, x, _complex_points(rng), real_only=False)
    return bool(outcome)
