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
    text: str


def _points(g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> set[sympy.Expr] | None:
    """Where g is undefined in [a, b]; None when that is not a finite set SymPy can list."""
    if not g.has(x) or a.free_symbols or b.free_symbols:
        return set()
    low, high = sorted((a, b), key=lambda v: float(v) if v.is_finite else float(v.evalf()))
    try:
        found = sympy.singularities(g, x, sympy.Interval(low, high))
    except (NotImplementedError, ValueError, TypeError):
        return set()
    if found is sympy.S.EmptySet:
        return set()
    return set(found) if isinstance(found, sympy.FiniteSet) else None


def _side(
    F: sympy.Expr, x: sympy.Symbol, point: sympy.Expr, direction: str, singular: bool
) -> sympy.Expr:
    """F at a bound: plain substitution where it is defined, else the one-sided limit."""
    if point.free_symbols:
        return F.subs(x, point)
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
    ends = [_end(x, p, "⁺", p in singular), _end(x, q, "⁻", q in singular)]
    limits = tuple(
        f"{name} = {fmt(v)}" for name, v in zip(ends, (low, high), strict=True) if "lim" in name
    )
    text = f"{ends[1]} − {ends[0]} = ({fmt(high)}) − ({fmt(low)}) = {fmt(high - low)}"
    return _Piece(p, q, high - low, limits, text)


def _end(x: sympy.Expr, point: sympy.Expr, side: str, singular: bool) -> str:
    """'F(b)', or 'lim x→b⁻ F(x)' where F must be approached."""
    if point.is_finite is False:
        return f"lim {fmt(x)}→{fmt(point)} F({fmt(x)})"
    if singular:
        return f"lim {fmt(x)}→{fmt(point)}{side} F({fmt(x)})"
    return f"F({fmt(point)})"


def _finite(v: sympy.Expr) -> bool:
    """v is finite (not ±∞, not nan, not an oscillation bound); a symbolic value counts."""
    if v.has(sympy.AccumBounds, sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return False
    if v.free_symbols or v.is_finite:
        return True
    try:
        return abs(complex(v.evalf(15))) < float("inf")
    except (TypeError, ValueError):
        return False


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
    if of_f is None or of_F is None:
        note = "infinitely many points in the interval where the integrand or F is undefined"
        return Solution("definite_integral", question, None, tuple(steps), False, note)
    singular = of_f | of_F
    pieces = _evaluate(var, anti.result, a, b, singular)
    discontinuity = _discontinuity_step(question, var, of_f, of_F)
    if discontinuity is not None:
        steps.append(discontinuity)
    if any(not _finite(p.value) for p in pieces):
        return _diverges(question, steps, pieces)
    value = sympy.simplify(sympy.Add(*(p.value for p in pieces)))
    steps.append(_ftc_step(question, var, pieces, value, bool(of_f)))
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
    rule = LIMIT if infinite else (IMPROPER if split else FTC)
    if len(pieces) == 1:
        return Step(rule, f"{pieces[0].text}.", question, value)
    parts = "; ".join(f"on [{fmt(p.low)}, {fmt(p.high)}]: {p.text}" for p in pieces)
    return Step(rule, f"{parts}. Total: {fmt(value)}.", question, value)
