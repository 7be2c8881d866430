"""Classifying a critical point for certain, also where the Hessian test is inconclusive.

Let g(h) = f(p + h) − f(p). In order, each test either decides or passes on:

1. the second-derivative test (the inertia of the Hessian, exact);
2. the Taylor polynomial of g: its lowest-order form of odd degree, or one that takes both signs,
   makes p a saddle (g has that form's sign along a ray); a definite lowest-order form makes p a
   minimum or maximum;
3. restrictions to lines p + t·d and curves p + t·eᵢ + c·t^m·eⱼ through p: the lowest non-vanishing
   power of t gives g's sign along each; an odd power, or two signs, make p a saddle;
4. a polynomial g whose monomials all have even exponents and one sign of coefficient is ≥ 0
   (or ≤ 0) everywhere: a minimum (maximum), confirmed symbolically;
5. the sign of g sampled densely on small spheres around p, at 50 digits: both signs make p a
   saddle; one sign throughout makes it a minimum or maximum.

"saddle" means neither a minimum nor a maximum (x³ + y² at the origin is one). When every test
passes on, the kind is None and ``how`` says why.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sympy

from calctutor.optimization.critical import classify_point, hessian_matrix

Decided = Literal["min", "max", "saddle"]
TAYLOR_ORDER = 8
THIRDS = (sympy.Rational(1, 3), sympy.Rational(-1, 3))
CURVE_SLOPES = (
    *(sympy.Rational(n, d) for n in range(-6, 7) for d in (1, 2, 4) if n),
    *THIRDS,
)
RADII = (sympy.Rational(1, 10), sympy.Rational(1, 100), sympy.Rational(1, 10**3))
DIRECTIONS_2D = 720
DIRECTIONS_ND = 1500
DIGITS = 50


@dataclass(frozen=True)
class PointKind:
    """What a critical point is (None when undecidable) and the reason, in words."""

    kind: Decided | None
    how: str


def classify(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    point: Sequence[sympy.Expr],
    hessian: sympy.MatrixBase | None = None,
) -> PointKind:
    """The kind of the critical point ``point`` of f, decided by the first test that decides."""
    vs = tuple(variables)
    test = classify_point(f, vs, point, hessian if hessian is not None else hessian_matrix(f, vs))
    if test.kind != "degenerate":
        words = {"min": "positive", "max": "negative"}.get(test.kind)
        how = f"the Hessian is {words} definite" if words else "the Hessian is indefinite"
        return PointKind(test.kind, how)
    steps = tuple(sympy.Symbol(f"Δ{v}", real=True) for v in vs)
    shift = dict(zip(vs, (c + h for c, h in zip(point, steps, strict=True)), strict=True))
    g = f.subs(shift) - f.subs(dict(zip(vs, point, strict=True)))
    polynomial = _as_polynomial(g, steps)
    taylor = polynomial if polynomial is not None else _taylor(g, steps)
    found = _lowest_form(taylor, steps) if taylor is not None else None
    if found is None and polynomial is not None:
        found = _even_monomials(polynomial, steps)
    if found is None and taylor is not None:
        found = _restrictions(taylor, steps)
    return found or _sampled(g, steps, polynomial)


def _as_polynomial(g: sympy.Expr, steps: Sequence[sympy.Symbol]) -> sympy.Poly | None:
    """g as a polynomial in the steps with constant coefficients, or None."""
    expanded = sympy.expand(g)
    if not expanded.is_polynomial(*steps):
        return None
    poly = sympy.Poly(expanded, *steps)
    if any(c.free_symbols for c in poly.coeffs()):
        return None
    return poly


def _taylor(g: sympy.Expr, steps: Sequence[sympy.Symbol]) -> sympy.Poly | None:
    """The Taylor polynomial of g at 0 to degree TAYLOR_ORDER, or None when SymPy cannot."""
    t = sympy.Dummy("t")
    try:
        series = sympy.series(g.subs({h: t * h for h in steps}), t, 0, TAYLOR_ORDER + 1)
        expanded = sympy.expand(series.removeO().subs(t, 1))
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return None
    if expanded.has(sympy.O) or not expanded.is_polynomial(*steps):
        return None
    return sympy.Poly(expanded, *steps)


def _form(poly: sympy.Poly, degree: int) -> dict[tuple[int, ...], Any]:
    """The homogeneous part of the given degree, as {exponents: coefficient}."""
    return {m: c for m, c in poly.terms() if sum(m) == degree and not _is_zero(c)}


def _is_zero(c: Any) -> bool:
    """An exact coefficient that is zero (numerically at 60 digits when SymPy cannot tell)."""
    if c.is_zero is not None:
        return bool(c.is_zero)
    return bool(abs(sympy.N(c, 60)) < sympy.Float(10) ** -50)


def _lowest_form(poly: sympy.Poly, steps: Sequence[sympy.Symbol]) -> PointKind | None:
    """Decide from the lowest-order form of g: odd, indefinite, or definite."""
    degrees = sorted({sum(m) for m, c in poly.terms() if not _is_zero(c)})
    if not degrees:
        return None
    degree = degrees[0]
    form = _form(poly, degree)
    signs = _form_signs(form, len(steps))
    if degree % 2 == 1 or signs == {1, -1}:
        return PointKind("saddle", _lowest_words(degree, "take both signs"))
    if len(steps) == 2 and _definite_2d(form, degree):
        sign = next(iter(signs))
        kind: Decided = "min" if sign > 0 else "max"
        words = "positive" if sign > 0 else "negative"
        return PointKind(kind, _lowest_words(degree, f"are {words} definite"))
    return None


def _lowest_words(degree: int, what: str) -> str:
    """'the lowest-order terms of f − f(p) (degree 4) take both signs'."""
    return f"the lowest-order terms of f - f(p) (degree {degree}) {what}"


def _form_signs(form: dict[tuple[int, ...], Any], n: int) -> set[int]:
    """The signs the form takes on sampled directions (exact values, rational directions)."""
    signs: set[int] = set()
    numeric = {m: _mp(c) for m, c in form.items()}
    for d in _directions(n):
        value = _evaluate(numeric, d)
        if value is not None and value != 0:
            signs.add(1 if value > 0 else -1)
        if signs == {1, -1}:
            break
    return signs


def _definite_2d(form: dict[tuple[int, ...], Any], degree: int) -> bool:
    """A binary form of even degree is definite when P(1, s) has no real root and P(0, 1) ≠ 0."""
    s = sympy.Dummy("s", real=True)
    line = sum(c * s ** m[1] for m, c in form.items())
    top = form.get((0, degree))
    if top is None or _is_zero(top):
        return False
    try:
        poly = sympy.Poly(line, s)
        if not all(c.is_Rational for c in poly.coeffs()):
            return False
        return len(sympy.real_roots(poly)) == 0
    except (sympy.PolynomialError, NotImplementedError):
        return False


def _restrictions(poly: sympy.Poly, steps: Sequence[sympy.Symbol]) -> PointKind | None:
    """Lines and curves through p: an odd lowest power, or two signs, make p a saddle."""
    t = sympy.Dummy("t")
    expr = poly.as_expr()
    seen: dict[int, str] = {}
    for path, words in _paths(steps, t):
        lowest = _lowest_term(expr.subs(path, simultaneous=True), t)
        if lowest is None:
            continue
        power, coeff = lowest
        if power % 2 == 1:
            return PointKind("saddle", f"along {words}, f - f(p) starts with t^{power}")
        sign = 1 if coeff > 0 else -1
        seen.setdefault(sign, words)
        if len(seen) == 2:
            return PointKind("saddle", f"f - f(p) > 0 along {seen[1]} but < 0 along {seen[-1]}")
    return None


def _lowest_term(expr: sympy.Expr, t: sympy.Symbol) -> tuple[int, Any] | None:
    """The lowest power of t with a nonzero coefficient, and that coefficient's value."""
    poly = sympy.Poly(sympy.expand(expr), t)
    for (power,), coeff in sorted(poly.terms()):
        if not _is_zero(coeff):
            return power, sympy.N(coeff, 60)
    return None


def _paths(steps: Sequence[sympy.Symbol], t: sympy.Symbol) -> Iterator[tuple[dict[Any, Any], str]]:
    """Lines along simple directions, then curves h_j = c·h_i^m (m = 2, 3)."""
    n = len(steps)
    simple = (0, 1, -1, 2, -2, sympy.Rational(1, 2), -sympy.Rational(1, 2), 3, -3)
    for combo in itertools.islice(itertools.product(simple, repeat=n), 120):
        if any(combo) and math.gcd(*[int(sympy.Rational(c).p) for c in combo]) in (0, 1):
            yield {h: c * t for h, c in zip(steps, combo, strict=True)}, _line_words(combo)
    for i, j in itertools.permutations(range(n), 2):
        for m in (2, 3):
            for c in CURVE_SLOPES:
                path = dict.fromkeys(steps, 0)
                path[steps[i]], path[steps[j]] = t, c * t**m
                yield path, f"the curve {steps[j]} = {c}·{steps[i]}^{m}"


def _line_words(combo: Sequence[Any]) -> str:
    """'the line in the direction (1, -1)'."""
    return "the line in the direction (" + ", ".join(str(c) for c in combo) + ")"


def _even_monomials(poly: sympy.Poly, steps: Sequence[sympy.Symbol]) -> PointKind | None:
    """g ≥ 0 (≤ 0) when every monomial is an even power product with a coefficient of one sign."""
    terms = [(m, c) for m, c in poly.terms() if not _is_zero(c)]
    if not terms or any(e % 2 for m, _ in terms for e in m):
        return None
    signs = {1 if sympy.N(c, 60) > 0 else -1 for _, c in terms}
    if len(signs) != 1:
        return None
    kind: Decided = "min" if signs == {1} else "max"
    sign = "≥" if kind == "min" else "≤"
    return PointKind(
        kind,
        f"f - f(p) is a sum of even powers with coefficients of one sign, so f - f(p) {sign} 0",
    )


def _sampled(g: sympy.Expr, steps: Sequence[sympy.Symbol], poly: sympy.Poly | None) -> PointKind:
    """The sign of g on small spheres around p, at 50 digits."""
    signs: set[int] = set()
    evaluate = _poly_evaluator(poly) if poly is not None else _expr_evaluator(g, steps)
    radii, every = (RADII, 1) if poly is not None else (RADII[:2], 3)
    count = 0
    for radius in radii:
        for d in itertools.islice(_directions(len(steps)), 0, None, every):
            value = evaluate([radius * c for c in d])
            count += 1
            if value is not None and value != 0:
                signs.add(1 if value > 0 else -1)
            if signs == {1, -1}:
                return PointKind("saddle", "f - f(p) takes both signs arbitrarily close to p")
    if signs == {1}:
        return PointKind("min", f"f - f(p) > 0 at all {count} points sampled around p")
    if signs == {-1}:
        return PointKind("max", f"f - f(p) < 0 at all {count} points sampled around p")
    return PointKind(None, "f - f(p) could not be told apart from 0 around the point")


def _mp(c: Any) -> Any:
    """An exact coefficient as a 60-digit sympy Float (kept exact when rational)."""
    return c if c.is_Rational else sympy.N(c, 60)


def _evaluate(terms: dict[tuple[int, ...], Any], point: Sequence[Any]) -> Any:
    """A polynomial {exponents: coefficient} at a point; None when rounding hides the sign."""
    values = []
    for m, c in terms.items():
        value = c
        for x, e in zip(point, m, strict=True):
            value *= x**e
        values.append(value)
    total = sympy.Add(*values)
    scale = sum(abs(v) for v in values)
    if not total.is_Rational and abs(total) < scale * sympy.Float(10) ** -40:
        return None
    return total


def _poly_evaluator(poly: sympy.Poly) -> Any:
    """Evaluate the polynomial g at a point (exact for rational coefficients)."""
    terms = {m: _mp(c) for m, c in poly.terms()}
    return lambda point: _evaluate(terms, point)


def _expr_evaluator(g: sympy.Expr, steps: Sequence[sympy.Symbol]) -> Any:
    """Evaluate a non-polynomial g at a point at DIGITS digits; None where undefined or noisy."""

    def run(point: Sequence[Any]) -> Any:
        """g at the point."""
        value = g.evalf(DIGITS, subs=dict(zip(steps, point, strict=True)))
        if not value.is_real or not value.is_finite:
            return None
        return None if abs(value) < sympy.Float(10) ** -(DIGITS - 10) else value

    return run


def _directions(n: int) -> Iterator[tuple[Any, ...]]:
    """Directions on the unit sphere with rational coordinates (exact evaluation stays exact)."""
    if n == 1:
        yield (sympy.Integer(1),)
        yield (sympy.Integer(-1),)
        return
    if n == 2:
        for k in range(DIRECTIONS_2D):
            yield _rational_circle(sympy.Rational(2 * k, DIRECTIONS_2D) - 1)
        return
    rng = random.Random(n)
    for _ in range(DIRECTIONS_ND):
        yield tuple(sympy.Rational(round(rng.gauss(0, 1) * 1000), 1000) for _ in range(n))


def _rational_circle(u: sympy.Rational) -> tuple[Any, ...]:
    """A rational point of the unit circle, spread by the tangent half-angle map over u in [-1, 1).

    u runs over [-1, 1); s = tan(π u / 2) rationalised gives ((1 - s²)/(1 + s²), 2s/(1 + s²)).
    """
    s = sympy.Rational(round(math.tan(math.pi * float(u) / 2) * 10**4), 10**4)
    return ((1 - s**2) / (1 + s**2), 2 * s / (1 + s**2))
