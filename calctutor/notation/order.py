"""The order a textbook writes things in: wx + b, 3x²/2 + C, eˣ(x² − 2x + 2), (x + 1) sin x."""

from __future__ import annotations

import re
from typing import Any

import sympy

from calctutor.notation.symbols import split_name

# How a factor of a product begins and ends, which decides what goes between two factors.
NUMBER, LETTER, WORD, CALL, GROUP, ROOT = "number", "letter", "word", "call", "group", "root"


def ordered_terms(terms: list[Any]) -> list[Any]:
    """A sum's terms (SymPy's order in) as a textbook orders them."""
    return lead_positive(sorted(terms, key=term_rank))


def ordered_factors(factors: list[Any]) -> list[Any]:
    """A product's factors (SymPy's order in) as a textbook orders them."""
    return sorted(factors, key=factor_rank)


def lead_positive(terms: list[Any]) -> list[Any]:
    """σ(wx + b) − y, 1 − x² rather than a leading minus; a polynomial keeps −x² + 4x − 3."""
    if not terms or not is_negative(terms[0]):
        return terms
    if len(terms) > 2 and max(degree(t) for t in terms) >= 2:
        return terms
    first = next((t for t in terms if not is_negative(t)), None)
    if first is None:
        return terms
    return [first, *(t for t in terms if t is not first)]


def term_rank(term: Any) -> tuple[int, int]:
    """Where a term goes in a sum: higher degree first (wx + b, y″ + y), a constant C last."""
    if term.is_Symbol and ARBITRARY.match(term.name):
        return (1, 0)
    return (0, -degree(term))


ARBITRARY = re.compile(r"^[CK]_?\d*$")


def degree(term: Any) -> int:
    """A term's degree counting symbols, unknown functions and derivatives (by their order)."""
    total = 0
    for factor in sympy.Mul.make_args(term):
        base, exp = factor.as_base_exp()
        weight = 0
        if base.is_Symbol or is_undefined(base):
            weight = 1
        elif isinstance(base, sympy.Derivative):
            weight = 1 + sum(int(n) for _, n in base.variable_count)
        if weight and exp.is_Integer and exp > 0:
            total += weight * int(exp)
    return total


def factor_rank(factor: Any) -> int:
    """Where a factor goes in a product: numbers, letters and eˣ, then brackets, then functions."""
    start, _ = kind_of(factor)
    if start == NUMBER:
        return 0
    if start == GROUP:
        return 2
    if start == CALL:
        return 3
    return 1


def is_negative(expr: Any) -> bool:
    """True for a term a sum writes with a minus sign: −3x, −x/2, −1."""
    if expr.is_Number:
        return bool(expr < 0)
    if isinstance(expr, sympy.Mul):
        coeff = expr.as_coeff_Mul()[0]
        return bool(coeff.is_Number and coeff < 0)
    return False


def is_undefined(expr: Any) -> bool:
    """True for y(x), f(x, y): a function with no definition of its own."""
    return isinstance(expr, sympy.core.function.AppliedUndef)


def kind_of(factor: Any) -> tuple[str, str]:
    """How a factor begins and ends, for choosing what goes between it and its neighbours."""
    if factor.is_Number:
        return NUMBER, NUMBER
    if isinstance(factor, sympy.Add):
        return GROUP, GROUP
    if factor.is_Symbol:
        kind = LETTER if split_name(factor.name).letter else WORD
        return kind, kind
    if factor.is_NumberSymbol or factor is sympy.I:
        return LETTER, LETTER
    if isinstance(factor, sympy.exp):
        return LETTER, LETTER
    if factor.is_Pow:
        if factor.exp == sympy.S.Half or factor.exp == sympy.Rational(1, 3):
            return ROOT, (GROUP if not factor.base.is_Atom else LETTER)
        start, _ = kind_of(factor.base)
        if isinstance(factor.base, sympy.Function) and not is_undefined(factor.base):
            return CALL, CALL
        return (GROUP if start in (GROUP, CALL) else start), LETTER
    if isinstance(factor, sympy.Abs):
        return GROUP, GROUP
    if is_undefined(factor):
        return LETTER, LETTER
    return CALL, CALL
