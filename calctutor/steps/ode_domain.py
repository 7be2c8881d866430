"""Where a formula holds: the x for which a logarithm's argument is positive, in words and sets."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.notation import Prose, join, math, prose


def positive_set(expr: Any, x: sympy.Symbol) -> Any:
    """The real x with expr > 0, as a SymPy set (None when SymPy cannot say)."""
    try:
        found = sympy.solve_univariate_inequality(
            sympy.StrictGreaterThan(expr, 0), x, relational=False, domain=sympy.S.Reals
        )
    except (NotImplementedError, ValueError, TypeError):
        return None
    return found


def interval_prose(region: Any, x: sympy.Symbol) -> Prose:
    """x > 1, x < -1 or x > 1, -1 < x < 1: a set of reals as a textbook writes the condition."""
    pieces = region.args if isinstance(region, sympy.Union) else (region,)
    return join([_interval(piece, x) for piece in pieces], " or ")


def _interval(piece: Any, x: sympy.Symbol) -> Prose:
    """One interval as an inequality in x."""
    if not isinstance(piece, sympy.Interval):
        return prose(math(sympy.Contains(x, piece, evaluate=False)))
    low, high = piece.start, piece.end
    if low == -sympy.oo and high == sympy.oo:
        return prose("every real ", math(x))
    if low == -sympy.oo:
        return prose(math(sympy.Lt(x, high) if piece.right_open else sympy.Le(x, high)))
    if high == sympy.oo:
        return prose(math(sympy.Gt(x, low) if piece.left_open else sympy.Ge(x, low)))
    left = "<" if piece.left_open else "≤"
    right = "<" if piece.right_open else "≤"
    return prose(math(low), f" {left} ", math(x), f" {right} ", math(high))


def log_domain_note(exponent: Any, x: sympy.Symbol) -> Prose | None:
    """For e^(… ln u …): where u > 0, and that |u| = −u elsewhere only flips μ's sign."""
    arguments = [a.args[0] for a in exponent.atoms(sympy.log) if a.args[0].has(x)]
    if not arguments:
        return None
    notes, partial = [], False
    for u in arguments:
        region = positive_set(u, x)
        if region is None or region == sympy.S.EmptySet:
            return None
        if region == sympy.S.Reals:
            notes.append(prose(math(u), " > 0 for every real ", math(x), ", so ",
                               math(sympy.log(u)), " needs no absolute value"))  # fmt: skip
            continue
        partial = True
        where = prose(", that is ", interval_prose(region, x)) if u != x else prose("")
        notes.append(prose(math(sympy.log(sympy.Abs(u))), " = ", math(sympy.log(u)), " where ",
                           math(sympy.Gt(u, 0)), where))  # fmt: skip
    flip = (
        "; elsewhere |u| = −u only flips the sign of μ, a constant factor that cancels from y"
        if partial
        else ""
    )
    return prose("; ", join(notes, "; "), flip)
