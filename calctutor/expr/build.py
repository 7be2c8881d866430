"""Build SymPy objects from parsed pieces, refusing numbers too large to handle safely."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import sympy

from calctutor.expr.errors import ParseError
from calctutor.expr.names import VARIADIC

MAX_DIGITS = 1000
MAX_INTEGER_EXPONENT = 10_000
MAX_FACTORIAL = 1000
MAX_LITERAL_DIGITS = 100


def number(literal: str) -> Any:
    """A decimal literal as an exact rational (``0.5`` is 1/2, ``1e-8`` is 1/10⁸)."""
    if sum(c.isdigit() for c in literal) > MAX_LITERAL_DIGITS:
        raise ValueError("that number has too many digits")
    value = Fraction(literal)
    return sympy.Rational(value.numerator, value.denominator)


def _digits(value: Any) -> float:
    """Roughly how many decimal digits a rational number has."""
    p, q = abs(int(value.p)), abs(int(value.q))
    return math.log10(p + 1) + math.log10(q + 1)


def power(base: Any, exponent: Any) -> Any:
    """base^exponent, refused when the result would be astronomically large."""
    if exponent.is_Integer and abs(int(exponent)) > MAX_INTEGER_EXPONENT:
        raise ValueError("that exponent is too large")
    if base.is_Rational and exponent.is_Rational and base != 0:
        size = _digits(base) * abs(float(exponent))
        if size > MAX_DIGITS:
            raise ValueError("that power is too large to work with")
    if base == 0 and exponent.is_number and exponent.is_negative:
        raise ValueError("division by zero")
    return _checked(sympy.Pow(base, exponent))


def divide(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator, refusing a literal division by zero."""
    if denominator == 0:
        raise ValueError("division by zero")
    return _checked(numerator * sympy.Pow(denominator, -1))


def factorial(value: Any) -> Any:
    """n!, with n bounded so that the result stays small enough to compute."""
    if value.is_Integer and int(value) > MAX_FACTORIAL:
        raise ValueError(f"that factorial is too large (at most {MAX_FACTORIAL}!)")
    if value.is_Integer and int(value) < 0:
        raise ValueError("the factorial of a negative integer is undefined")
    return _checked(sympy.factorial(value))


def product(left: Any, right: Any) -> Any:
    """left · right, with the size of the result checked."""
    return _checked(left * right)


def _checked(value: Any) -> Any:
    """The value, unless it is an exact number with too many digits."""
    if getattr(value, "is_Rational", False) and _digits(value) > MAX_DIGITS:
        raise ValueError("that number is too large to work with")
    return value


def apply(name: str, args: list[Any], pos: int, text: str) -> Any:
    """Apply a known function (by SymPy name) to its arguments, checking the count."""
    if name == "log" and len(args) == 2:
        if args[1] == 0 or args[1] == 1:
            raise ParseError("a logarithm's base must be positive and not 1", pos, text)
        return sympy.log(args[0], args[1])
    from calctutor.expr.functions import ML_FUNCTIONS

    if name in VARIADIC:
        return ML_FUNCTIONS[name](*args)
    if len(args) != 1:
        raise ParseError(f"{name} takes one argument, not {len(args)}", pos, text)
    if name == "cbrt":
        return sympy.Pow(args[0], sympy.Rational(1, 3))
    function = ML_FUNCTIONS.get(name) or getattr(sympy, name)
    return function(args[0])


def constant(name: str) -> Any:
    """Euler's number, pi or infinity by the canonical name."""
    return {"E": sympy.E, "pi": sympy.pi, "oo": sympy.oo}[name]
