"""Decide whether two expressions are equal by evaluating both at many random points.

Variables are real. Two expressions are equivalent when they agree at every sampled point of
their common real domain: points where every intermediate value is real (both signs, moderate
sizes first and then spread wide, every sixth a whole number). When a variable sits in an
exponent, a grid of simple exact points (±2, ±1/2, ±3/2) is compared as well, since there the
laws of exponents fail for negative bases. Only when the real domain gives too few points (an
expression complex nearly everywhere, or a constant) are complex values compared, at the real
points already met and then at complex points.

Each point is evaluated at 30 significant digits; a difference that is not tiny against the
largest magnitude met during the evaluation is recomputed at 60 digits before it counts, so
rounding never passes for a difference, and a difference of 10⁻¹⁶ (0.333333333333333 against
1/3) is never taken for rounding. When the points agree and both sides are rational functions
of modest degree with rational coefficients, ``cancel`` confirms (or overrules) the verdict.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.check.numeric import Undefined, Unsupported, Value, evaluate, mp_context
from calctutor.check.points import (
    complex_points,
    exact_grid,
    real_points,
    variable_exponent,
)

DPS = 30
RECHECK_DPS = 60
TRIES = 48
ENOUGH = 6
AT_LEAST = 3
SYMBOLIC_DEGREE = 30


@dataclass(frozen=True)
class Equivalence:
    """The decision: True, False, or None when it could not be decided.

    ``witness`` is a point where the two sides differ (symbol name -> value), with both values.
    """

    result: bool | None
    witness: Mapping[str, Any] | None = None
    left: Any = None
    right: Any = None
    points: int = 0
    how: str = "numeric"


@dataclass(frozen=True)
class _Sample:
    """Both sides at one point: their values and scales, or None where undefined."""

    point: dict[Any, Any]
    left: Value
    right: Value


def equivalent(
    a: Any, b: Any, symbols: Sequence[Any], rng: random.Random, *, tries: int = TRIES
) -> Equivalence:
    """Whether ``a`` and ``b`` are equal as functions of ``symbols`` (see the module docstring)."""
    symbols = _all_symbols(a, b, symbols)
    try:
        found = _numeric(a, b, symbols, rng, tries)
    except Unsupported:
        found = Equivalence(None, how="unsupported")
    if found.result is False:
        return found
    exact = _symbolic(a, b, symbols)
    if exact is None:
        return found
    return Equivalence(exact, points=found.points, how="symbolic")


def _all_symbols(a: Any, b: Any, symbols: Sequence[Any]) -> tuple[Any, ...]:
    """The given symbols, then any other free symbol of either side, in a stable order."""
    extra = (
        sympy.sympify(a, strict=True).free_symbols | sympy.sympify(b, strict=True).free_symbols
    ) - set(symbols)
    return (*symbols, *sorted(extra, key=lambda s: s.name))


def _numeric(a: Any, b: Any, symbols: Sequence[Any], rng: random.Random, tries: int) -> Equivalence:
    """Points in the real domain first, then points with real values, then complex values."""
    ctx = mp_context(DPS)
    agreed = 0
    real_valued: list[_Sample] = []
    complex_valued: list[_Sample] = []
    for point in real_points(symbols, rng, ctx, tries if symbols else 1):
        sample = _sample(a, b, point, ctx)
        if sample is None:
            continue
        if not (sample.left.real_path and sample.right.real_path):
            real = _is_real(sample.left, ctx) and _is_real(sample.right, ctx)
            (real_valued if real else complex_valued).append(sample)
            continue
        if not _same(sample, a, b):
            return _differ(sample, ctx)
        agreed += 1
        if agreed >= ENOUGH:
            break
    if agreed >= min(AT_LEAST, tries) or (agreed and not symbols):
        return _exponent_laws(a, b, symbols, rng, ctx) or Equivalence(True, points=agreed)
    return _fallback(a, b, symbols, rng, ctx, [*real_valued, *complex_valued], agreed)


def _exponent_laws(
    a: Any, b: Any, symbols: Sequence[Any], rng: random.Random, ctx: Any
) -> Equivalence | None:
    """A difference at simple exact points, when a variable exponent makes the laws of
    exponents fail off the positive reals ((a²)^(1/2) = |a|, so (a^b)^c ≠ a^(bc))."""
    if not (variable_exponent(a) or variable_exponent(b)):
        return None
    for point in exact_grid(symbols, rng, ctx):
        left = _real_path_value(a, point, ctx)
        right = None if left is None else _real_path_value(b, point, ctx)
        if left is None or right is None:
            continue
        sample = _Sample(point, left, right)
        if not _same(sample, a, b):
            return _differ(sample, ctx)
    return None


def _real_path_value(expr: Any, point: dict[Any, Any], ctx: Any) -> Value | None:
    """The value at a point of the expression's real domain, else None."""
    try:
        value = evaluate(expr, point, ctx)
    except Undefined:
        return None
    return value if value.real_path else None


def _fallback(
    a: Any,
    b: Any,
    symbols: Sequence[Any],
    rng: random.Random,
    ctx: Any,
    samples: list[_Sample],
    agreed: int,
) -> Equivalence:
    """Too few points in the real domain: compare the values met elsewhere, then at complex
    points (real values first, so a real-valued difference is the witness when there is one)."""
    fresh = (_sample(a, b, p, ctx) for p in complex_points(symbols, rng, ctx))
    for sample in [*samples, *fresh]:
        if sample is None:
            continue
        if not _same(sample, a, b):
            return _differ(sample, ctx)
        agreed += 1
        if agreed >= ENOUGH:
            break
    if agreed >= AT_LEAST or (agreed and not symbols):
        return Equivalence(True, points=agreed, how="complex")
    return Equivalence(None, points=agreed, how="undefined")


def _sample(a: Any, b: Any, point: dict[Any, Any], ctx: Any) -> _Sample | None:
    """Both sides at a point, or None when either is undefined there."""
    try:
        return _Sample(point, evaluate(a, point, ctx), evaluate(b, point, ctx))
    except Undefined:
        return None


def _is_real(value: Value, ctx: Any) -> bool:
    """True when the imaginary part is rounding noise."""
    return bool(abs(ctx.im(value.value)) <= value.scale * ctx.mpf(10) ** (-(ctx.dps * 7 // 10)))


def _close(left: Value, right: Value, ctx: Any) -> bool:
    """True when the difference is within rounding noise of the larger scale."""
    scale = max(left.scale, right.scale)
    return bool(abs(left.value - right.value) <= scale * ctx.mpf(10) ** (-(ctx.dps * 7 // 10)))


def _same(sample: _Sample, a: Any, b: Any) -> bool:
    """Equal at this point, re-checked at higher precision before calling them different."""
    if _close(sample.left, sample.right, mp_context(DPS)):
        return True
    ctx = mp_context(RECHECK_DPS)
    try:
        left, right = evaluate(a, sample.point, ctx), evaluate(b, sample.point, ctx)
    except Undefined:
        return True
    return _close(left, right, ctx)


def _differ(sample: _Sample, ctx: Any) -> Equivalence:
    """The verdict 'different', with the point as witness."""
    witness = {str(s): v for s, v in sample.point.items()}
    return Equivalence(False, witness, sample.left.value, sample.right.value, how="numeric")


def _symbolic(a: Any, b: Any, symbols: Sequence[Any]) -> bool | None:
    """An exact decision for rational functions of modest degree, else None."""
    difference = sympy.sympify(a, strict=True) - sympy.sympify(b, strict=True)
    if not _small_rational(difference, symbols):
        return None
    try:
        return bool(sympy.cancel(difference) == 0)
    except (sympy.PolynomialError, ValueError, TypeError):
        return None


def _small_rational(expr: Any, symbols: Sequence[Any]) -> bool:
    """True for a rational function of the symbols whose expanded degree stays small."""
    if not symbols or len(symbols) > 3:
        return False
    if not all(a.is_Symbol or a.is_Rational for a in expr.atoms()) or expr.atoms(sympy.Function):
        return False  # pi, E, floats, functions: cancel is no decision procedure there
    if any(not p.exp.is_Integer for p in expr.atoms(sympy.Pow)):
        return False
    if not expr.is_rational_function(*symbols):
        return False
    return _degree_bound(expr) <= SYMBOLIC_DEGREE


def _degree_bound(expr: Any) -> int:
    """An upper bound of the total degree after expansion (numerators and denominators)."""
    if expr.is_Symbol:
        return 1
    if expr.is_Number:
        return 0
    if expr.is_Pow:
        exponent = expr.exp
        if not exponent.is_Integer:
            return SYMBOLIC_DEGREE + 1
        return abs(int(exponent)) * _degree_bound(expr.base)
    if expr.is_Add:
        return max(_degree_bound(arg) for arg in expr.args)
    if expr.is_Mul:
        return sum(_degree_bound(arg) for arg in expr.args)
    return SYMBOLIC_DEGREE + 1 if expr.free_symbols else 0
