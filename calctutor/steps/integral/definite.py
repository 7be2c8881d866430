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

from calctutor.steps.integral.deadline import TimeUp, time_limit
from calctutor.steps.integral.derivation import fmt
from calctutor.steps.integral.limit_reasons import Approach, limit_reasons, value_text
from calctutor.steps.integral.solve import TIME_LIMIT, gave_up, integral_solution
from calctutor.steps.model import Solution, Step

FTC = "fundamental theorem of calculus"
LIMIT = "limit at infinity"
IMPROPER = "improper integral"
DISCONTINUITY = "discontinuity"
LIMIT_STEP = "limit"


@dataclass(frozen=True)
class _Piece:
    """One piece [p, q] of the interval: its value, or why it diverges, and the limits it took."""

    low: sympy.Expr
    high: sympy.Expr
    value: sympy.Expr
    limits: tuple[str, ...]
    text: str
    reasons: tuple[Step, ...] = ()
    ends: tuple[_End, _End] | None = None


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


@dataclass(frozen=True)
class _End:
    """F at one end of a piece: its value, how it is written, the limit step if one was taken."""

    value: sympy.Expr
    name: str
    shown: str
    reason: Step | None = None
    how: Approach | None = None


def _at_point(F: sympy.Expr, x: sympy.Symbol, point: sympy.Expr) -> _End | None:
    """F(b) by substitution, the number put in, where F is defined there."""
    value = F.subs(x, point)
    if point.free_symbols:
        return _End(value, f"F({fmt(point)})", fmt(value))
    if not _finite(value):
        return None
    value = sympy.expand_log(value)
    put_in = fmt(F.xreplace({x: sympy.UnevaluatedExpr(point)}))
    shown = put_in if put_in == fmt(value) else f"{put_in} = {fmt(value)}"
    return _End(value, f"F({fmt(point)})", shown)


def _by_limit(F: sympy.Expr, x: sympy.Symbol, point: sympy.Expr, direction: str, name: str) -> _End:
    """lim F(t) as t → point from one side, each term's limit justified in a step."""
    t = sympy.Symbol(name if x.name != name else f"{name}_1", real=True)
    how = Approach(t, point, direction)
    F_t = F.subs(x, t)
    value, reasons = limit_reasons(F_t, how)
    name = f"lim {how.text()} F({fmt(t)})"
    text = f"{name} = lim {how.text()} ({fmt(F_t)}) = {value_text(value)}: {'; '.join(reasons)}."
    return _End(value, name, value_text(value), Step(LIMIT_STEP, text, None, value), how)


def _end(
    F: sympy.Expr, x: sympy.Symbol, point: sympy.Expr, direction: str, singular: bool, name: str
) -> _End:
    """F at a bound: plain substitution where it is defined, else the one-sided limit."""
    if point.free_symbols or (point.is_finite and not singular):
        found = _at_point(F, x, point)
        if found is not None:
            return found
    return _by_limit(F, x, point, direction, name)


def _piece(
    F: sympy.Expr, x: sympy.Symbol, p: sympy.Expr, q: sympy.Expr, singular: set[sympy.Expr]
) -> _Piece:
    """F(q⁻) − F(p⁺) on one piece, each end put in or approached by a justified limit."""
    high = _end(F, x, q, "-", q in singular, "t")
    low = _end(F, x, p, "+", p in singular, "s" if high.reason else "t")
    limits = tuple(f"{e.name} = {value_text(e.value)}" for e in (low, high) if e.reason)
    reasons = tuple(e.reason for e in (low, high) if e.reason is not None)
    value = high.value - low.value
    text = f"{high.name} − {low.name} = ({high.shown}) − ({low.shown}) = {value_text(value)}"
    return _Piece(p, q, value, limits, text, reasons, (low, high))


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
    reasons = tuple(r for p in bad for r in p.reasons)
    steps.append(Step("diverges", text, question, result, reasons))
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
    limit: float = TIME_LIMIT + 2.0,
) -> Solution:
    """∫ f d(var) from lower to upper: exact value, or ∞ / nan with the note "diverges".

    The whole evaluation runs under ``limit`` CPU seconds; past it the solution is
    incomplete and says so.
    """
    f = sympy.sympify(f, strict=True)
    a, b = sympy.sympify(lower, strict=True), sympy.sympify(upper, strict=True)
    question = sympy.Integral(f, (var, a, b))
    try:
        with time_limit(limit):
            return _definite(f, var, a, b, budget_seconds, fallback, clock)
    except TimeUp:
        return gave_up("definite_integral", question, limit)


def _definite(
    f: sympy.Expr,
    var: sympy.Symbol,
    a: sympy.Expr,
    b: sympy.Expr,
    budget_seconds: float,
    fallback: bool,
    clock: Callable[[], float],
) -> Solution:
    """The antiderivative, the points to split at, and each piece evaluated."""
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


def _bound_text(p: sympy.Expr, end: _End) -> str:
    """A bound of the proper integral that approaches this end: the number, or t / s."""
    return fmt(p) if end.how is None else fmt(end.how.t)


def _setup(f: sympy.Expr, x: sympy.Symbol, piece: _Piece) -> str:
    """'∫ from 0 to 1 of f dx = lim t→0⁺ ∫ from t to 1 of f dx', for a piece that needs limits."""
    if piece.ends is None or not piece.reasons:
        return ""
    low, high = piece.ends
    names = " ".join(f"lim {e.how.text()}" for e in (high, low) if e.how is not None)
    dx = f"{fmt(f)} d{fmt(x)}"
    inner = f"∫ from {_bound_text(piece.low, low)} to {_bound_text(piece.high, high)} of {dx}"
    whole = f"∫ from {value_text(piece.low)} to {value_text(piece.high)} of {dx}"
    return f"{whole} = {names} {inner} = "


def _ftc_step(
    question: sympy.Integral, x: sympy.Symbol, pieces: list[_Piece], value: sympy.Expr, split: bool
) -> Step:
    """F(b) − F(a) with the numbers put in; a limit for each improper end, justified below."""
    infinite = any(not p.low.is_finite or not p.high.is_finite for p in pieces)
    rule = LIMIT if infinite else (IMPROPER if split else FTC)
    f = question.function
    reasons = tuple(r for p in pieces for r in p.reasons)
    if len(pieces) == 1:
        return Step(rule, f"{_setup(f, x, pieces[0])}{pieces[0].text}.", question, value, reasons)
    parts = "; ".join(
        f"on [{value_text(p.low)}, {value_text(p.high)}]: {_setup(f, x, p)}{p.text}" for p in pieces
    )
    return Step(rule, f"{parts}. Total: {fmt(value)}.", question, value, reasons)
