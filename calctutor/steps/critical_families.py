"""Periodic critical points as families: x = π/2 + kπ (k ∈ ℤ) instead of "infinitely many".

When each equation of grad f = 0 involves one variable of its own, SymPy's solveset gives each
variable's real solutions as unions of arithmetic progressions, merged here into as few families
as a textbook writes; the critical points are their products.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise, product
from typing import Any

import sympy

INTEGER_NAMES = ("k", "m", "n", "j")


def integer_symbols(count: int) -> tuple[sympy.Symbol, ...]:
    """k, m, n, j as integer symbols."""
    return tuple(sympy.Symbol(name, integer=True) for name in INTEGER_NAMES[:count])


def _own_variable(gradient: Sequence[Any], variables: Sequence[Any]) -> dict[Any, Any] | None:
    """Each variable's one equation, when every equation involves exactly one variable."""
    owned: dict[Any, Any] = {}
    for g in gradient:
        used = g.free_symbols & set(variables)
        if len(used) != 1:
            return None
        (v,) = used
        if v in owned:
            return None
        owned[v] = g
    return owned if len(owned) == len(variables) else None


def _progressions(solutions: Any) -> list[tuple[Any, Any]] | None:
    """(offset, step) for each part of a solveset answer (step 0 for a single value)."""
    parts = solutions.args if isinstance(solutions, sympy.Union) else (solutions,)
    found = []
    for part in parts:
        if isinstance(part, sympy.FiniteSet):
            found += [(value, sympy.S.Zero) for value in part if value.is_real]
        elif isinstance(part, sympy.ImageSet) and part.base_sets == (sympy.S.Integers,):
            (n,) = part.lamda.variables
            expr = sympy.expand(part.lamda.expr)
            step, offset = expr.coeff(n), expr.subs(n, 0)
            if not step.is_number or sympy.expand(step * n + offset - expr) != 0:
                return None
            found.append((offset, abs(step)))
        else:
            return None
    return found


def _merged(progressions: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Progressions with the same step whose offsets are evenly spaced, as one finer family."""
    by_step: dict[Any, list[Any]] = {}
    for offset, step in progressions:
        by_step.setdefault(step, []).append(offset)
    merged = []
    for step, offsets in by_step.items():
        if step == 0 or len(offsets) == 1:
            merged += [(o, step) for o in offsets]
            continue
        reduced = sorted((sympy.Mod(o, step) for o in offsets), key=float)
        spacing = step / len(reduced)
        gaps = [sympy.simplify(b - a - spacing) for a, b in pairwise(reduced)]
        if all(g == 0 for g in gaps):
            merged.append((sympy.Mod(reduced[0], spacing), spacing))
        else:
            merged += [(o, step) for o in reduced]
    return merged


def periodic_families(
    gradient: Sequence[Any], variables: Sequence[Any]
) -> tuple[tuple[Any, ...], ...] | None:
    """The critical points as points holding integer symbols (k, m, …); None when not separable."""
    owned = _own_variable(gradient, variables)
    if owned is None:
        return None
    per_variable: list[list[Any]] = []
    names = iter(integer_symbols(len(variables)))
    for v in variables:
        try:
            solutions = sympy.solveset(owned[v], v, sympy.S.Reals)
        except (NotImplementedError, ValueError, TypeError):
            return None
        parts = _progressions(solutions)
        if parts is None:
            return None
        families = _merged(parts)
        k = next(names) if any(step != 0 for _, step in families) else None
        per_variable.append([offset + (step * k if step != 0 else 0) for offset, step in families])
    return tuple(tuple(point) for point in product(*per_variable))


def integers_in(point: Sequence[Any]) -> tuple[sympy.Symbol, ...]:
    """The integer symbols a family point uses, in order."""
    found = set().union(*(sympy.sympify(c).free_symbols for c in point))
    return tuple(sorted((s for s in found if s.is_integer), key=str))
