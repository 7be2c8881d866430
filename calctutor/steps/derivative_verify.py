"""Checking a derivative before it is shown: against sympy.diff, numerically, then symbolically."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.steps.derivative_numeric import value_at

# Points are k/97 for k in ±[1, 291] (a quarter of the time ±[1, 1164]), avoiding 0 and ±1 (the
# singular points of many elementary functions) while staying exact rationals.
_DENOMINATOR = 97
_SPANS = (3 * _DENOMINATOR, 3 * _DENOMINATOR, 3 * _DENOMINATOR, 12 * _DENOMINATOR)
_TOLERANCE = 1e-10
_QUICK_DIGITS = 15
# Candidate points tried, real points wanted, agreements needed; steps of 1/(97·10) near a hit.
_TRIES = 100
_GIVE_UP = 40  # tries without one point in the domain before settling for the others
_WANTED = 4
_NEEDED = 3
_REFINE = 10
# simplify() can take minutes on a large expression; past this size an undecided check fails.
_MAX_SIMPLIFY_OPS = 60


@dataclass(frozen=True)
class Agreement:
    """How two expressions compared numerically: points that agree and points that do not."""

    agree: int = 0
    disagree: int = 0


def reference_derivative(f: Any, var: sympy.Symbol) -> Any:
    """sympy.diff(f, var); over real symbols when the plain one is left unevaluated (|x|)."""
    d = sympy.diff(f, var)
    if not d.has(sympy.Derivative):
        return d
    real = {s: sympy.Dummy(str(s), real=True) for s in f.free_symbols | {var}}
    back = {r: s for s, r in real.items()}
    return sympy.diff(f.xreplace(real), real[var]).xreplace(back)


def _point(symbols: list[Any], rng: random.Random) -> dict[Any, Any]:
    """A random point k/97 per symbol, never 0 or an integer; now and then up to ±12."""
    point = {}
    for s in symbols:
        k = rng.randrange(1, rng.choice(_SPANS) + 1)
        k += k % _DENOMINATOR == 0
        point[s] = sympy.Rational(rng.choice((-1, 1)) * k, _DENOMINATOR)
    return point


def _near(point: dict[Any, Any], rng: random.Random) -> dict[Any, Any]:
    """A random point within about 0.1 of point, to find more of a small real domain."""
    step = _DENOMINATOR * _REFINE
    return {s: v + sympy.Rational(rng.randint(-_REFINE, _REFINE), step) for s, v in point.items()}


def _close(a: complex, b: complex) -> bool:
    """Equal to a relative tolerance (absolute near zero)."""
    return abs(a - b) <= _TOLERANCE * max(1.0, abs(a), abs(b))


def _verdict(a: Any, b: Any, point: dict[Any, Any]) -> bool | None:
    """Whether a and b agree at point; None where either is undefined or out of range."""
    av, bv = value_at(a, point), value_at(b, point)
    if av is None or bv is None:
        return None
    return _close(av, bv)


def _in_domain(f: Any, point: dict[Any, Any]) -> bool | None:
    """True where f's textbook formulas hold (see value_at), False where f is merely finite."""
    if value_at(f, point, _QUICK_DIGITS, real_only=True) is not None:
        return True
    return False if value_at(f, point, _QUICK_DIGITS) is not None else None


def _add(seen: Agreement, same: bool) -> Agreement:
    """seen with one more point counted."""
    return Agreement(seen.agree + same, seen.disagree + (not same))


def compare(a: Any, b: Any, f: Any, rng: random.Random) -> Agreement:
    """Compare a and b where f's textbook formulas hold; elsewhere only if too few such points.

    d|u| = u/|u| du and the |u| in arcsec, arccsc and arcsch hold for real u, which is where a
    calculus course means them; for complex u they differ from SymPy's analytic derivatives.
    Points near one that worked are tried first, so a narrow domain still yields enough points.
    """
    symbols = sorted(f.free_symbols | a.free_symbols | b.free_symbols, key=str)
    hits: list[dict[Any, Any]] = []
    real, other = Agreement(), Agreement()
    for tried in range(_TRIES):
        if tried == _GIVE_UP and not hits:
            break
        point = _near(rng.choice(hits), rng) if 0 < len(hits) < _WANTED else _point(symbols, rng)
        domain = _in_domain(f, point)
        same = None if domain is None else _verdict(a, b, point)
        if same is not None and domain:
            hits, real = [*hits, point], _add(real, same)
        elif same is not None and other.agree + other.disagree < _WANTED:
            other = _add(other, same)
        if real.agree + real.disagree >= _WANTED:
            break
    return real if real.disagree or real.agree >= _NEEDED else other


def _simplifies_to_zero(expr: Any) -> bool:
    """Whether sympy.simplify proves expr is 0 (slow: only when the numbers cannot decide)."""
    if sympy.count_ops(expr) > _MAX_SIMPLIFY_OPS:
        return False
    try:
        return bool(sympy.simplify(expr) == 0)
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        return False


def verify(result: Any, reference: Any, f: Any, rng: random.Random) -> bool:
    """Whether result equals reference: structurally, at enough points and none against, or,
    when too few points were defined to tell, by simplify."""
    if result == reference:
        return True
    seen = compare(result, reference, f, rng)
    if seen.disagree:
        return False
    return seen.agree >= _NEEDED or _simplifies_to_zero(result - reference)
