"""The points where two expressions are compared: random real, exact simple, and complex."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from typing import Any

import sympy

COMPLEX_TRIES = 16
WIDE_AFTER = 24
HALF = sympy.Rational(1, 2)
GRID = (sympy.Integer(-2), sympy.Integer(2), HALF, -HALF, 3 * HALF, -3 * HALF)
GRID_POINTS = 64


def real_points(
    symbols: Sequence[Any], rng: random.Random, ctx: Any, tries: int
) -> Iterator[dict[Any, Any]]:
    """Random real points: mostly |v| in [0.1, 2.5], some up to 8, both signs, every 6th whole."""
    for i in range(tries):
        if i % 6 == 5:
            yield {s: ctx.mpc(rng.choice((-3, -2, -1, 1, 2, 3, 4))) for s in symbols}
            continue
        yield {s: ctx.mpc(_real_value(rng, i)) for s in symbols}


def _real_value(rng: random.Random, i: int) -> float:
    """One random real coordinate; the sign alternates so both signs are always covered.

    The first points are of moderate size; later ones (needed only when the real domain is
    narrow) spread from 0.01 to 1000.
    """
    if i >= WIDE_AFTER:
        magnitude = 10 ** rng.uniform(-2, 3)
    else:
        magnitude = rng.uniform(0.1, 2.5) if rng.random() < 0.8 else rng.uniform(2.5, 8.0)
    sign = 1 if (i + rng.randrange(2)) % 2 == 0 else -1
    return sign * magnitude


def complex_points(
    symbols: Sequence[Any], rng: random.Random, ctx: Any
) -> Iterator[dict[Any, Any]]:
    """Random complex points in the square |re|, |im| <= 2."""
    for _ in range(COMPLEX_TRIES if symbols else 0):
        yield {s: ctx.mpc(rng.uniform(-2, 2), rng.uniform(-2, 2)) for s in symbols}


def exact_grid(symbols: Sequence[Any], rng: random.Random, ctx: Any) -> Iterator[dict[Any, Any]]:
    """Simple exact points: ±2, ±1/2, ±3/2 in every combination, or 64 of them at random."""
    combos = list(itertools.product(GRID, repeat=min(len(symbols), 4)))
    if len(combos) > GRID_POINTS:
        combos = rng.sample(combos, GRID_POINTS)
    for combo in combos:
        values = [*combo, *(rng.choice(GRID) for _ in symbols[len(combo) :])]
        yield {
            s: ctx.mpc(ctx.mpf(int(v.p)) / int(v.q)) for s, v in zip(symbols, values, strict=True)
        }


def variable_exponent(expr: Any) -> bool:
    """True when some power has a variable exponent and a base that is not a positive number."""
    return any(
        p.exp.free_symbols and not (p.base.is_number and p.base.is_positive)
        for p in sympy.sympify(expr, strict=True).atoms(sympy.Pow)
    )
