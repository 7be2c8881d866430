"""Partial fractions as a textbook writes them out: factor, guess the form, solve, integrate.

For a rational function over the rationals: long division when the fraction is improper; the
denominator factored into linear and irreducible quadratic factors; the decomposition with unknown
coefficients (A/(x − a) + B/(x − a)² + (Cx + D)/(x² + px + q) …); the identity obtained by
multiplying through, its coefficients equated power by power and the linear system solved; then
each term integrated. The solved coefficients are checked against the fraction before any of it
is shown.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import sympy

from calctutor.steps.integral.derivation import Derivation, fmt
from calctutor.steps.model import Step

PARTIAL_FRACTIONS = "partial fractions"
FACTOR = "factor the denominator"
DIVIDE = "long division"
CANCEL = "cancel"
FORM = "form with unknown coefficients"
SOLVE = "solve for the coefficients"
_MAX_UNKNOWNS = 8


@dataclass(frozen=True)
class Decomposition:
    """The pieces of the written-out decomposition of one proper fraction r/Q."""

    factored: sympy.Expr
    terms: tuple[tuple[sympy.Expr, sympy.Expr], ...]  # (numerator with unknowns, denominator)
    unknowns: tuple[sympy.Symbol, ...]
    solution: dict[sympy.Symbol, sympy.Expr]


def _unknowns(f: sympy.Expr, count: int) -> list[sympy.Symbol] | None:
    """A, B, C … not already used by f."""
    taken = {s.name for s in f.free_symbols}
    names = [c for c in string.ascii_uppercase if c not in taken]
    return [sympy.Symbol(n) for n in names[:count]] if len(names) >= count else None


def _template(
    factors: list[tuple[sympy.Expr, int]], x: sympy.Symbol, f: sympy.Expr
) -> tuple[list[tuple[sympy.Expr, sympy.Expr]], list[sympy.Symbol]] | None:
    """A/(p), B/(p²) … for linear p, (Cx + D)/q … for quadratic q, with fresh unknowns."""
    degrees = [sympy.degree(p, x) for p, _ in factors]
    if any(d > 2 for d in degrees):
        return None
    count = sum(d * k for d, (_, k) in zip(degrees, factors, strict=True))
    if count > _MAX_UNKNOWNS:
        return None
    names = _unknowns(f, count)
    if names is None:
        return None
    pool = iter(names)
    terms = []
    for (p, k), d in zip(factors, degrees, strict=True):
        for j in range(1, k + 1):
            numer = next(pool) if d == 1 else next(pool) * x + next(pool)
            terms.append((numer, p**j))
    return terms, names


def decompose(r: sympy.Expr, q: sympy.Expr, x: sympy.Symbol) -> Decomposition | None:
    """The written-out decomposition of the proper fraction r/q, checked, or None."""
    lc, factors = sympy.factor_list(q, x)
    factors = [(p, k) for p, k in factors if p.has(x)]
    found = _template(factors, x, r / q)
    if found is None:
        return None
    terms, names = found
    identity = sympy.expand(sum(a * sympy.cancel(q / b) for a, b in terms) - r)
    equations = sympy.Poly(identity, x).all_coeffs()
    solution = sympy.solve(equations, names, dict=True)
    if len(solution) != 1 or set(solution[0]) != set(names):
        return None
    fitted = sum(a.xreplace(solution[0]) / b for a, b in terms)
    if sympy.cancel(fitted - r / q) != 0:
        return None
    factored = lc * sympy.Mul(*(p**k for p, k in factors))
    return Decomposition(factored, tuple(terms), tuple(names), solution[0])


def _solve_text(d: Decomposition, r: sympy.Expr, q: sympy.Expr, x: sympy.Symbol) -> str:
    """Multiply through, equate coefficients of each power of x, and the values found."""
    multiplied = sympy.Add(*(a * sympy.factor(q / b) for a, b in d.terms), evaluate=False)
    rhs = sympy.Poly(sympy.expand(sum(a * sympy.cancel(q / b) for a, b in d.terms)), x)
    lhs = sympy.Poly(r, x)
    degree = max(rhs.degree(), lhs.degree())
    equations = [
        f"{fmt(lhs.coeff_monomial(x**k))} = {fmt(rhs.coeff_monomial(x**k))}"
        for k in range(degree, -1, -1)
    ]
    values = ", ".join(f"{fmt(s)} = {fmt(d.solution[s])}" for s in d.unknowns)
    return (
        f"Multiply by {fmt(d.factored)}: {fmt(r)} = {fmt(multiplied)}. Equate the coefficients"
        f" of {', '.join(fmt(x**k) for k in range(degree, -1, -1))}: {'; '.join(equations)};"
        f" so {values}."
    )


def partial_fraction_steps(
    f: sympy.Expr, x: sympy.Symbol, g: sympy.Expr, integrated: Derivation
) -> Derivation | None:
    """f = g by partial fractions, written out; None when the form cannot be shown over ℚ."""
    numer, denom = sympy.fraction(sympy.cancel(sympy.together(f)))
    quotient, r = sympy.div(sympy.Poly(numer, x), sympy.Poly(denom, x))
    r_expr, q_expr = r.as_expr(), denom
    d = decompose(r_expr, q_expr, x)
    if d is None:
        return None
    subs = []
    reduced = numer / denom
    if sympy.fraction(sympy.together(f))[1] != denom:
        subs.append(Step(CANCEL, f"Cancel the common factor: {fmt(f)} = {fmt(reduced)}."))
    if not quotient.is_zero:
        proper = r_expr / q_expr
        subs.append(Step(DIVIDE, f"{fmt(reduced)} = {fmt(quotient.as_expr())} + {fmt(proper)}."))
    if fmt(sympy.expand(q_expr)) != fmt(d.factored):
        subs.append(Step(FACTOR, f"{fmt(sympy.expand(q_expr))} = {fmt(d.factored)}."))
    fractions = [t for t in sympy.Add.make_args(g) if not t.is_polynomial(x)]
    if len(fractions) > 1:  # a single fraction is its own decomposition
        form = sympy.Add(*(a / b for a, b in d.terms), evaluate=False)
        subs.append(Step(FORM, f"{fmt(r_expr / d.factored)} = {fmt(form)}."))
        subs.append(Step(SOLVE, _solve_text(d, r_expr, q_expr, x), None, g))
    subs.append(integrated.step)
    text = f"Partial fractions: {fmt(f)} = {fmt(g)}."
    step = Step(PARTIAL_FRACTIONS, text, sympy.Integral(f, x), integrated.result, tuple(subs))
    return Derivation(f, x, integrated.result, step)
