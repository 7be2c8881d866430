"""Definite and improper integrals: an antiderivative, then the fundamental theorem with limits.

The interval is split wherever the integrand (or the antiderivative found) is undefined, and every
piece is evaluated with one-sided limits there and at infinite bounds; a piece whose limit is
infinite or does not exist makes the whole integral diverge — so ∫₋₁¹ dx/x² diverges rather than
coming out as −2.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import sympy

from calctutor.steps.integral.derivation import fmt
from calctutor.steps.integral.solve import integral_solution
from calctutor.steps.model import Solution, Step

FTC = "fundamental theorem of calculus"
LIMIT = "limit at infinity"
IMPROPER = "improper integral"
DISCONTINUITY = "discontinuity"


@dataclass(frozen=True)
class _Piece:
    """One piece [p, q] of the interval: its value, or why it diverges."""

    low: sympy.Expr
    high: sympy.Expr
    value: sympy.Expr
    limits: tuple[str, ...]


def _points(g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> set[sympy.Expr]:
    """Where g is undefined in [a, b] (a finite set, else nothing is claimed)."""
    if not g.has(x):
        return set()
    low, high = sorted((a, b), key=lambda v: float(v) if v.is_finite else float(v.evalf()))
    try:
        found = sympy.singularities(g, x, sympy.Interval(low, high))
    except (NotImplementedError, ValueError, TypeError):
        return set()
    return set(found) if isinstance(found, sympy.FiniteSet) else set()


def _side(
    F: sympy.Expr, x: sympy.Symbol, point: sympy.Expr, direction: str, singular: bool
) -> sympy.Expr:
    """F at a bound: plain substitution where it is defined, else the one-sided limit."""
    if point.is_finite and not singular:
        value = F.subs(x, point)
        if _finite(value):
            return sympy.expand_log(value)
    if not point.is_finite:
        return sympy.limit(F, x, point)
    return sympy.limit(F, x, point, direction)


def _piece(
    F: sympy.Expr, x: sympy.Symbol, p: sympy.Expr, q: sympy.Expr, singular: set[sympy.Expr]
) -> _Piece:
    """F(q⁻) − F(p⁺) on one piece, with the limits it needed named."""
    high, low = _side(F, x, q, "-", q in singular), _side(F, x, p, "+", p in singular)
    limits = tuple(
        f"lim {fmt(x)}→{fmt(point)}{'' if not point.is_finite else sign} F = {fmt(v)}"
        for point, v, sign in ((p, low, "⁺"), (q, high, "⁻"))
        if point in singular or not point.is_finite
    )
    return _Piece(p, q, high - low, limits)


def _finite(v: sympy.Expr) -> bool:
    """v is a finite number (not ±∞, not nan, not an oscillation bound)."""
    return bool(v.is_finite) and not v.has(sympy.AccumBounds, sympy.nan, sympy.zoo)


def _numeric_check(
    f: sympy.Expr, x: sympy.Symbol, bounds: list[sympy.Expr], value: sympy.Expr
) -> bool | None:
    """Does numerical quadrature agree with value? None when quadrature cannot tell."""
    try:
        g = sympy.lambdify(x, f, modules="mpmath")
        with mpmath.workdps(20):
            nodes = [
                mpmath.mpf(float(p)) if p.is_finite else (mpmath.inf if p > 0 else -mpmath.inf)
                for p in bounds
            ]
            numeric = complex(mpmath.quad(g, nodes))
        exact = complex(value.evalf(20))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError, NameError):
        return None
    if numeric != numeric:
        return None
    return abs(numeric - exact) <= 1e-6 * (1 + abs(exact))


def _antiderivative_step(anti: Solution, f: sympy.Expr, x: sympy.Symbol) -> Step:
    """The antiderivative, its own solution as substeps."""
    text = f"An antiderivative: F({fmt(x)}) = {fmt(anti.result)}."
    return Step("antiderivative", text, sympy.Integral(f, x), anti.result, anti.steps)


def _bounds(a: sympy.Expr, b: sympy.Expr, inner: set[sympy.Expr]) -> list[sympy.Expr]:
    """a, the singular points strictly between, b (in the direction of integration)."""
    between = [p for p in inner if p != a and p != b]
    return [a, *sorted(between, key=lambda p: float(p) * (1 if b >= a else -1)), b]


def _evaluate(
    x: sympy.Symbol, F: sympy.Expr, a: sympy.Expr, b: sympy.Expr, singular: set[sympy.Expr]
) -> list[_Piece]:
    """The pieces between the singular points, each evaluated."""
    bounds = _bounds(a, b, singular)
    return [_piece(F, x, p, q, singular) for p, q in itertools.pairwise(bounds)]


def _discontinuity_step(
    question: sympy.Expr, x: sympy.Symbol, of_f: set[sympy.Expr], of_F: set[sympy.Expr]
) -> Step | None:
    """Say where the integrand, or only the antiderivative, is undefined in the interval."""
    names = ", ".join(sorted(fmt(p) for p in of_f))
    jumps = ", ".join(sorted(fmt(p) for p in of_F - of_f))
    sentences = []
    if names:
        sentences.append(
            f"The integrand is undefined at {fmt(x)} = {names}: the integral is improper there;"
            " split it and take one-sided limits."
        )
    if jumps:
        sentences.append(
            f"F is undefined at {fmt(x)} = {jumps} although the integrand is not: use F's one-sided"
            " limits on each side (the fundamental theorem needs F continuous on each piece)."
        )
    return Step(DISCONTINUITY, " ".join(sentences), question, None) if sentences else None


def _diverges(question: sympy.Expr, steps: list[Step], pieces: list[_Piece]) -> Solution:
    """Some piece has an infinite or missing limit."""
    bad = [p for p in pieces if not _finite(p.value)]
    signs = {p.value for p in bad}
    result = signs.pop() if len(signs) == 1 and bad[0].value in (sympy.oo, -sympy.oo) else sympy.nan
    why = "; ".join(lim for p in bad for lim in p.limits) or "a limit is infinite"
    text = f"{why}, so the improper integral diverges."
    steps.append(Step("diverges", text, question, result))
    return Solution("definite_integral", question, result, tuple(steps), note="diverges")


def definite_integral_solution(
    f: sympy.Expr,
    var: sympy.Symbol,
    lower: sympy.Expr,
    upper: sympy.Expr,
    *,
    budget_seconds: float = 2.0,
    fallback: bool = True,
    clock: Callable[[], float] = time.process_time,
) -> Solution:
    """∫ f d(var) from lower to upper: exact value, or ∞ / nan with the note "diverges"."""
    f = sympy.sympify(f, strict=True)
    a, b = sympy.sympify(lower, strict=True), sympy.sympify(upper, strict=True)
    question = sympy.Integral(f, (var, a, b))
    anti = integral_solution(f, var, budget_seconds=budget_seconds, fallback=fallback, clock=clock)
    if anti.result is None:
        note = "no antiderivative found, so the fundamental theorem cannot be applied"
        return Solution("definite_integral", question, None, (), complete=False, note=note)
    steps = [_antiderivative_step(anti, f, var)]
    of_f, of_F = _points(f, var, a, b), _points(anti.result, var, a, b)
    singular = of_f | of_F
    pieces = _evaluate(var, anti.result, a, b, singular)
    discontinuity = _discontinuity_step(question, var, of_f, of_F)
    if discontinuity is not None:
        steps.append(discontinuity)
    if any(not _finite(p.value) for p in pieces):
        return _diverges(question, steps, pieces)
    value = sympy.nsimplify(sympy.simplify(sympy.Add(*(p.value for p in pieces))), rational=False)
    steps.append(_ftc_step(question, var, pieces, value, bool(singular)))
    checked = _numeric_check(f, var, _bounds(a, b, singular), value)
    if checked is False:
        note = "the value disagrees with numerical quadrature"
        return Solution("definite_integral", question, value, tuple(steps), False, note)
    return Solution("definite_integral", question, value, tuple(steps), anti.complete)


def _ftc_step(
    question: sympy.Expr, x: sympy.Symbol, pieces: list[_Piece], value: sympy.Expr, split: bool
) -> Step:
    """F(b) − F(a), piece by piece, limits named where they were needed."""
    infinite = any(not p.low.is_finite or not p.high.is_finite for p in pieces)
    parts = "; ".join(
        f"[{fmt(p.low)}, {fmt(p.high)}]: {fmt(p.value)}"
        + (f" ({', '.join(p.limits)})" if p.limits else "")
        for p in pieces
    )
    rule = LIMIT if infinite else (IMPROPER if split else FTC)
    text = f"F(b) − F(a) on each piece — {parts}. Total: {fmt(value)}."
    return Step(rule, text, question, value)
