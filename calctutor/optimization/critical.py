"""Critical points: solve grad f = 0 exactly and classify each point by the Hessian test.

Classification uses the inertia of the Hessian (how many eigenvalues are positive, negative,
zero), read exactly from its characteristic polynomial: a real symmetric matrix has only real
eigenvalues, so Descartes' rule of signs counts them exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import sympy

Point = tuple[sympy.Expr, ...]
Kind = Literal["min", "max", "saddle", "degenerate"]

# Expressions with more operations than this are worth the cost of simplify.
TIDY_OPS = 12

# Periodic functions give infinitely many critical points; sympy.solve would list a few.
_PERIODIC = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)


class CriticalPointsError(ValueError):
    """The critical points cannot be listed: infinitely many, or the equations defeat SymPy."""


@dataclass(frozen=True)
class GradientSystem:
    """grad f = 0 solved: the gradient, the real critical points, and how many were discarded."""

    gradient: tuple[sympy.Expr, ...]
    points: tuple[Point, ...]
    complex_discarded: int = 0


@dataclass(frozen=True)
class Classification:
    """The Hessian test at one point: H(p), its inertia and the verdict.

    For two variables ``det`` is D = f_xx f_yy - f_xy^2 and ``trace`` f_xx + f_yy.
    """

    point: Point
    hessian: sympy.ImmutableMatrix
    positive: int
    negative: int
    zero: int
    kind: Kind
    det: sympy.Expr
    trace: sympy.Expr


def hessian_matrix(f: sympy.Expr, variables: Sequence[sympy.Symbol]) -> sympy.ImmutableMatrix:
    """The Hessian [d^2 f / dx_i dx_j] in the order of ``variables``."""
    return sympy.ImmutableMatrix(sympy.hessian(f, tuple(variables)))


def _sort_key(point: Point) -> tuple[float, ...]:
    """Order points by their numeric coordinates, so the list reads left to right."""
    return tuple(float(sympy.re(sympy.N(c))) for c in point)


def _is_real(value: sympy.Expr) -> bool:
    """True when an exact number is real, judged at 50 digits (SymPy's assumptions can take
    seconds on the complex cube roots that real roots of cubics and quartics come as)."""
    if value.is_Rational:
        return True
    try:
        numeric = complex(sympy.N(value, 50))
    except (TypeError, ValueError):
        return False
    return abs(numeric.imag) <= 1e-30 * max(1.0, abs(numeric.real))


def _check_finite_problem(gradient: tuple[sympy.Expr, ...]) -> None:
    """Refuse objectives whose gradient is periodic: their critical points never end."""
    if any(g.has(*_PERIODIC) for g in gradient):
        raise CriticalPointsError(
            "f involves periodic functions, so its critical points repeat without end"
        )


def _solve(gradient: tuple[sympy.Expr, ...], vs: tuple[sympy.Symbol, ...]) -> list[Point]:
    """All solutions of gradient = 0 as points (complex ones included)."""
    try:
        # check=False: SymPy's own check can take seconds; _vanishes verifies every point
        solutions = sympy.solve(list(gradient), list(vs), dict=True, check=False)
    except NotImplementedError as exc:
        raise CriticalPointsError(f"SymPy cannot solve grad f = 0 here ({exc})") from exc
    points = []
    for sol in solutions:
        if any(v not in sol or sol[v].free_symbols for v in vs):
            points.extend(_real_points_of_family(sol, vs, gradient))
            continue
        points.append(tuple(sol[v] for v in vs))
    return points


def _real_points_of_family(
    sol: dict[sympy.Symbol, sympy.Expr],
    vs: tuple[sympy.Symbol, ...],
    gradient: tuple[sympy.Expr, ...],
) -> list[Point]:
    """The real critical points of a family SymPy returned (x = i·y is real only at 0).

    The family's parameters are taken real; its points must be real and make the gradient
    vanish (solve without its check returns spurious families). A family that does so along a
    whole curve means infinitely many critical points.
    """
    infinite = CriticalPointsError(
        "there are infinitely many critical points (grad f = 0 along a whole curve)"
    )
    values = [sol.get(v, v) for v in vs]
    free = sorted({s for value in values for s in value.free_symbols}, key=str)
    real = {s: sympy.Symbol(s.name, real=True) for s in free}
    shifted = [value.xreplace(real) for value in values]
    on_family = [sympy.expand(g.xreplace(dict(zip(vs, shifted, strict=True)))) for g in gradient]
    parts = [sympy.im(v) for v in shifted]
    parts += [p for g in on_family for p in (sympy.re(g), sympy.im(g))]
    equations = [e for e in parts if not sympy.expand(e).is_zero]
    if not equations:
        raise infinite
    try:
        found = sympy.solve(equations, list(real.values()), dict=True)
    except NotImplementedError as exc:
        raise infinite from exc
    points = []
    for choice in found:
        point = tuple(value.xreplace(real).xreplace(choice) for value in values)
        if any(c.free_symbols for c in point):
            raise infinite
        points.append(point)
    return points


def _tidy(value: sympy.Expr) -> sympy.Expr:
    """A number in a readable form; only long expressions are simplified (simplify is slow)."""
    if value.is_Atom or sympy.count_ops(value) <= TIDY_OPS:
        return value
    return sympy.simplify(value)


def _vanishes(gradient: tuple[sympy.Expr, ...], vs: tuple[sympy.Symbol, ...], p: Point) -> bool:
    """Confirm that every partial derivative is zero at p (solve can return spurious roots).

    Each partial is a sum; it vanishes when its value is rounding noise against its terms.
    """
    subs = dict(zip(vs, p, strict=True))
    for g in gradient:
        try:
            terms = [complex(sympy.N(t.subs(subs), 50)) for t in sympy.Add.make_args(g)]
        except (TypeError, ValueError, ZeroDivisionError):  # a pole of f is not a critical point
            return False
        scale = max([1.0, *(abs(t) for t in terms)])
        if abs(sum(terms)) > 1e-12 * scale:
            return False
    return True


def solve_gradient(f: sympy.Expr, variables: Sequence[sympy.Symbol]) -> GradientSystem:
    """Solve grad f = 0 over the reals; raise CriticalPointsError when that is not a finite list."""
    vs = tuple(variables)
    gradient = tuple(sympy.diff(f, v) for v in vs)
    _check_finite_problem(gradient)
    if all(g.is_zero for g in gradient):
        raise CriticalPointsError("f is constant, so every point is critical")
    found = list(dict.fromkeys(_solve(gradient, vs)))
    real = [tuple(_tidy(c) for c in p) for p in found if all(_is_real(c) for c in p)]
    real = sorted(dict.fromkeys(p for p in real if _vanishes(gradient, vs, p)), key=_sort_key)
    return GradientSystem(gradient, tuple(real), len(found) - len(real))


def critical_points(f: sympy.Expr, variables: Sequence[sympy.Symbol]) -> tuple[Point, ...]:
    """The real critical points of f, sorted; raises CriticalPointsError for infinite sets."""
    return solve_gradient(f, variables).points


def _sign(value: sympy.Expr) -> int:
    """The sign of an exact real number (-1, 0, 1), numerically when SymPy cannot decide."""
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    numeric = float(sympy.re(sympy.N(value, 50)))
    if abs(numeric) < 1e-40:
        return 0
    return 1 if numeric > 0 else -1


def _sign_changes(signs: list[int]) -> int:
    """How often consecutive nonzero signs differ (Descartes' count)."""
    nonzero = [s for s in signs if s != 0]
    return sum(1 for a, b in pairwise(nonzero) if a != b)


def inertia(matrix: sympy.Matrix) -> tuple[int, int, int]:
    """(positive, negative, zero) eigenvalue counts of a real symmetric matrix, exactly.

    The characteristic polynomial has only real roots, so Descartes' rule of signs is exact:
    positive roots = sign changes of p(l), negative roots = sign changes of p(-l).
    """
    lam = sympy.Dummy("lambda")
    # charpoly's default simplify costs seconds on radicals; the signs need no simplification
    coeffs = [_tidy(c) for c in matrix.charpoly(lam, simplify=sympy.expand).all_coeffs()]
    signs = [_sign(c) for c in coeffs]
    zero = 0
    while signs and signs[-1] == 0:
        signs.pop()
        zero += 1
    degree = len(signs) - 1
    flipped = [s * (-1) ** (degree - i) for i, s in enumerate(signs)]
    return _sign_changes(signs), _sign_changes(flipped), zero


def _kind(positive: int, negative: int, n: int) -> Kind:
    """min when all eigenvalues are positive, max when all negative, saddle when mixed."""
    if positive == n:
        return "min"
    if negative == n:
        return "max"
    if positive and negative:
        return "saddle"
    return "degenerate"


def classify_point(
    f: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    point: Sequence[sympy.Expr],
    hessian: sympy.MatrixBase | None = None,
) -> Classification:
    """The second-derivative (Hessian) test at one critical point (pass H to reuse it)."""
    vs = tuple(variables)
    subs = dict(zip(vs, point, strict=True))
    full = hessian if hessian is not None else hessian_matrix(f, vs)
    h = sympy.ImmutableMatrix(full.subs(subs).applyfunc(_tidy))
    pos, neg, zero = inertia(sympy.Matrix(h))
    return Classification(
        point=tuple(point),
        hessian=h,
        positive=pos,
        negative=neg,
        zero=zero,
        kind=_kind(pos, neg, len(vs)),
        det=_tidy(h.det()),
        trace=_tidy(h.trace()),
    )


def classify_all(f: sympy.Expr, variables: Sequence[sympy.Symbol]) -> tuple[Classification, ...]:
    """Every real critical point of f with its Hessian-test classification."""
    h = hessian_matrix(f, variables)
    return tuple(classify_point(f, variables, p, h) for p in critical_points(f, variables))


LABELS: dict[str, Kind] = {
    "min": "min", "minimum": "min", "local min": "min", "local minimum": "min",
    "max": "max", "maximum": "max", "local max": "max", "local maximum": "max",
    "saddle": "saddle", "saddle point": "saddle",
    "degenerate": "degenerate", "inconclusive": "degenerate",
}  # fmt: skip


def normalize_label(text: str) -> Kind | None:
    """min, max, saddle or degenerate from a student's word for it; None when unknown."""
    return LABELS.get(" ".join(text.lower().split()))
