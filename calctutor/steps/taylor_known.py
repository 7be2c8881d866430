"""Known Maclaurin series, and composing them: g(c·xᵐ) by substitution, products by multiplying."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy

from calctutor.notation import Prose, join, math, prose
from calctutor.steps.model import Step

# g(u) whose Maclaurin series a course learns by heart, by the head of the expression.
NAMES = (sympy.exp, sympy.sin, sympy.cos, sympy.atan, sympy.sinh, sympy.cosh)
_U = sympy.Symbol("u")


def known(expr: Any) -> tuple[Any, Any, Prose] | None:
    """(g(u), u, name) when expr = g(u) for a known series g; None otherwise."""
    u = sympy.Dummy("u")
    head: Any = expr.func
    if head in NAMES:
        return head(u), expr.args[0], prose(math(head(_U)))
    if isinstance(expr, sympy.log):
        return sympy.log(1 + u), expr.args[0] - 1, prose(math(sympy.log(1 + _U)))
    if isinstance(expr, sympy.Pow) and expr.exp.is_number and expr.base.has(sympy.Symbol):
        if expr.exp == -1 and sympy.expand(1 - expr.base).has(sympy.Symbol):
            name = prose(math(1 / (1 - _U)), " (the geometric series)")
            return 1 / (1 - u), sympy.expand(1 - expr.base), name
        if not expr.exp.is_Integer:
            r = expr.exp
            return (1 + u) ** r, sympy.expand(expr.base - 1), prose(math((1 + _U) ** r))
    return None


def _monomial(u: Any, xs: Sequence[Any]) -> bool:
    """True when u = c·xᵐ for one variable x and m ≥ 1."""
    coefficient, rest = u.as_independent(*xs, as_Add=False)
    base, power = rest.as_base_exp()
    return base in xs and bool(power.is_Integer and power >= 1) and coefficient != 0


def _truncate(expr: Any, xs: Sequence[Any], degree: int) -> Any:
    """The terms of total degree ≤ degree of a polynomial in xs."""
    poly = sympy.Poly(sympy.expand(expr), *xs)
    return sympy.Add(
        *[c * sympy.Mul(*[x**e for x, e in zip(xs, m, strict=True)])
          for m, c in poly.terms() if sum(m) <= degree]
    )  # fmt: skip


def ascending(poly: Any, xs: Sequence[Any], centre: Sequence[Any] | None = None) -> Prose:
    """A polynomial written from the constant term up, as series are: 1 + x + x²/2; about a
    centre a ≠ 0, term by term in powers of (x − a)."""
    if centre is not None and any(c != 0 for c in centre):
        terms = list(sympy.Add.make_args(poly))
    else:
        terms = sorted(sympy.Add.make_args(sympy.expand(poly)), key=lambda t: _total_degree(t, xs))
    parts: list[Any] = []
    for number, term in enumerate(terms):
        negative = term.could_extract_minus_sign()
        if number:
            parts.append(" − " if negative else " + ")
            parts.append(math(-term if negative else term))
        else:
            parts.append(math(term))
    return prose(*parts)


def _total_degree(term: Any, xs: Sequence[Any]) -> int:
    """The total degree of one term in xs."""
    return int(sympy.Poly(term, *xs).total_degree()) if term.has(*xs) else 0


def _series_of(g: Any, degree: int) -> Any:
    """The known series of g(u) up to u^degree."""
    (u,) = g.free_symbols
    return sympy.series(g, u, 0, degree + 1).removeO()


def substituted(f: Any, xs: Sequence[Any], degree: int) -> tuple[list[Step], Any] | None:
    """f = g(c·xᵐ) with a known g and u ≠ x: the series of g with u = c·xᵐ put in."""
    found = known(f)
    if found is None:
        return None
    g, inner, name = found
    geometric = isinstance(g, sympy.Pow) and g.exp == -1
    if (inner in xs and not geometric) or not _monomial(inner, xs):
        return None
    power = sympy.Poly(inner, *xs).total_degree()
    needed = degree // power
    series = _series_of(g, needed)
    (u,) = g.free_symbols
    shown = ascending(series.subs(u, _U), (_U,))
    result = _truncate(series.subs(u, inner), xs, degree)
    return [
        Step("known series", prose("The Maclaurin series of ", name, ": ", shown, " + …")),
        Step(
            "substitute",
            prose(
                "Put ",
                math(sympy.Eq(_U, inner)),
                f" and keep the terms up to degree {degree}",
            ),
            None,
            result,
        ),
    ], result


def multiplied(f: Any, xs: Sequence[Any], degree: int) -> tuple[list[Step], Any] | None:
    """f = g·h with known series g and h: multiply the series, keep degree ≤ degree."""
    if not isinstance(f, sympy.Mul):
        return None
    coefficient, rest = f.as_independent(*xs, as_Add=False)
    factors = sympy.Mul.make_args(rest)
    if len(factors) < 2:
        return None
    series = []
    for factor in factors:
        found = known(factor)
        if found is None or not (found[1] in xs or _monomial(found[1], xs)):
            return None
        g, inner, _ = found
        (u,) = g.free_symbols
        series.append(_truncate(_series_of(g, degree).subs(u, inner), xs, degree))
    listed = join(
        [
            prose(math(a), " = ", ascending(s, xs), " + …")
            for a, s in zip(factors, series, strict=True)
        ],
        "; ",
    )
    result = _truncate(coefficient * sympy.Mul(*series), xs, degree)
    return [
        Step("known series", prose(f"Up to degree {degree}: ", listed)),
        Step(
            "multiply the series",
            prose(f"Multiply and keep the terms of degree ≤ {degree}"),
            None,
            result,
        ),
    ], result


def composed(f: Any, xs: Sequence[Any], degree: int) -> tuple[list[Step], Any] | None:
    """The composed-series route about 0 when it applies, else None."""
    return substituted(f, xs, degree) or multiplied(f, xs, degree)
