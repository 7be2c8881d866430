"""The order a textbook writes things in: wx + b, 3x²/2 + C, eˣ(x² − 2x + 2), (x + 1) sin x."""

from __future__ import annotations

import re
from typing import Any

import sympy

from calctutor.notation.symbols import split_name

# How a factor of a product begins and ends, which decides what goes between two factors.
NUMBER, LETTER, WORD, CALL, GROUP, ROOT = "number", "letter", "word", "call", "group", "root"


def ordered_terms(terms: list[Any]) -> list[Any]:
    """A sum's terms (SymPy's order in) as a textbook orders them.

    A polynomial goes by degree (wx + b, y″ + y); other sums keep SymPy's order
    (tan³x/3 − tan x + x); an arbitrary constant comes last and a lone minus does not lead.
    """
    if all(_monomial(t) for t in terms):
        terms = sorted(terms, key=lambda t: -degree(t))
    return lead_positive(sorted(terms, key=term_rank))


def _monomial(term: Any) -> bool:
    """A number times powers of symbols, unknown functions y(x) and their derivatives."""
    for factor in sympy.Mul.make_args(term):
        base, exp = factor.as_base_exp()
        plain = base.is_Symbol or is_undefined(base) or isinstance(base, sympy.Derivative)
        if not (factor.is_Number or (plain and exp.is_Integer)):
            return False
    return True


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


def term_rank(term: Any) -> int:
    """An arbitrary constant C goes last in a sum."""
    return 1 if term.is_Symbol and ARBITRARY.match(term.name) else 0


ARBITRARY = re.compile(r"^[CK]_?\d*$")


def degree(term: Any) -> int:
    """A term's degree counting symbols, unknown functions and derivatives (by their order)."""
    total = 0
    for factor in sympy.Mul.make_args(term):
        base, exp = factor.as_base_exp()
        weight = 0
        if base.is_Symbol:
            weight = 1 + split_name(base.name).primes  # y″ before y′ before y
        elif is_undefined(base):
            weight = 1
        elif isinstance(base, sympy.Derivative):
            weight = 1 + sum(int(n) for _, n in base.variable_count)
        if weight and exp.is_Integer and exp > 0:
            total += weight * int(exp)
    return total


def factor_rank(factor: Any) -> int:
    """Where a factor goes in a product: numbers, letters and eˣ, then brackets, then functions."""
    start, _ = kind_of(factor)
    return {NUMBER: 0, ROOT: 2, GROUP: 3, CALL: 4}.get(start, 1)


def is_negative(expr: Any) -> bool:
    """True for a term a sum writes with a minus sign: −3x, −x/2, −1."""
    if expr.is_Number:
        return bool(expr < 0)
    if isinstance(expr, sympy.Mul):
        coeff = expr.as_coeff_Mul()[0]
        return bool(coeff.is_Number and coeff < 0)
    return False


def _power_of_function(factor: Any) -> tuple[str, str]:
    """sin²x is a call; (ln x)² and (sin x)^(3/2) are bracketed; σ(z)² ends in a bracket."""
    from calctutor.notation.forms import POWERED_NAMES, function_name

    name = function_name(factor.base.func)
    if name in POWERED_NAMES and factor.exp.is_Integer and factor.exp > 0:
        return CALL, CALL
    if not name.isalpha() or name in ("ReLU", "softplus", "logsumexp", "sgn"):
        return CALL, GROUP
    return GROUP, GROUP


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
            return _power_of_function(factor)
        return (GROUP if start in (GROUP, CALL) else start), LETTER
    if isinstance(factor, sympy.Abs):
        return GROUP, GROUP
    if isinstance(factor, sympy.Derivative) and is_undefined(factor.expr):
        return LETTER, LETTER  # y′
    if is_undefined(factor):
        return LETTER, LETTER
    return CALL, CALL
