"""The one rule for typed numbers, used by every kind that compares numbers.

*Exact answers* (critical-point coordinates, Hessian entries, expression values, limits): a typed
number counts only when it equals the exact value. Decimals are read as the rationals they spell,
so 0.5 is 1/2 and counts for 1/2, while 0.3333 is not 1/3.

*Numerical answers* (a definite integral's value, an optimizer's point): a typed number is right
when it equals the value, or when it is a decimal with at least 4 significant digits that is the
value rounded or truncated to the decimal places typed (3.1416 and 3.1415 for π, not 3.14160,
whose sixth digit claims a precision that is wrong). There is no silent tolerance: only a problem
that says ``tolerance: {absolute: …}`` or ``{relative: …}`` accepts values within it, and its
prompt says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import sympy

MIN_DIGITS = 4
# Two numbers whose difference is below this fraction of their size at 60 digits are equal:
# far beneath any digit typed, far above the 60-digit rounding of algebraic numbers.
EQUAL_AT_60 = sympy.Rational(1, 10**45)
_DECIMAL = re.compile(r"^(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$")

Reason = Literal[
    "equal", "rounded", "truncated", "tolerance", "too_few_digits", "wrong_last_digit", "wrong"
]


@dataclass(frozen=True)
class Tolerance:
    """A problem's explicit allowance for numerical answers: absolute, relative, or none."""

    absolute: sympy.Rational | None = None
    relative: sympy.Rational | None = None

    @staticmethod
    def from_pairs(pairs: Sequence[tuple[str, str]]) -> Tolerance:
        """From a problem's ``tolerance`` pairs such as (("absolute", "0.01"),)."""
        values = {k: _rational(v) for k, v in pairs}
        return Tolerance(values.get("absolute"), values.get("relative"))

    def __bool__(self) -> bool:
        """True when the problem allows any error at all."""
        return self.absolute is not None or self.relative is not None

    def allows(self, typed: Any, exact: Any) -> bool:
        """True when typed is within the allowance of exact."""
        gap = abs(sympy.N(typed - exact, 40))
        if self.absolute is not None and gap <= self.absolute:
            return True
        return bool(self.relative is not None and gap <= self.relative * abs(sympy.N(exact, 40)))

    def words(self) -> str:
        """'within 0.01 of the exact value' or 'within 0.1% of the exact value'."""
        parts = []
        if self.absolute is not None:
            parts.append(f"within {_plain(self.absolute)}")
        if self.relative is not None:
            parts.append(f"within {_plain(self.relative * 100)}%")
        return " or ".join(parts) + " of the exact value"


def _rational(text: str) -> sympy.Rational:
    """A tolerance value as an exact positive rational (ValueError otherwise)."""
    value = sympy.Rational(Fraction(str(text).strip()))
    if value <= 0:
        raise ValueError(f"a tolerance must be positive, not {text}")
    return value


def _plain(value: Any) -> str:
    """A rational tolerance as a short decimal (0.01, 0.1), or as a fraction when it repeats."""
    number = Fraction(int(value.p), int(value.q))
    for places in range(0, 13):
        scaled = number * 10**places
        if scaled.denominator == 1:
            text = f"{scaled.numerator / 10**places:.{places}f}"
            return text
    return str(value)


@dataclass(frozen=True)
class Judgement:
    """Whether a typed number counts, and why (``reason``), for the message."""

    ok: bool
    reason: Reason
    places: int | None = None
    digits: int | None = None


def same_number(typed: Any, exact: Any) -> bool:
    """True when two real numbers are equal: exactly for rationals, else at 60 and 100 digits."""
    typed, exact = sympy.sympify(typed, strict=True), sympy.sympify(exact, strict=True)
    if typed.is_Rational and exact.is_Rational:
        return bool(typed == exact)
    for digits in (60, 100):
        a, b = sympy.N(typed, digits), sympy.N(exact, digits)
        if not (a.is_number and b.is_number):
            return False
        scale = max(abs(a), abs(b), sympy.Integer(1))
        if abs(a - b) > EQUAL_AT_60 * scale * sympy.Rational(1, 10 ** (digits - 60)):
            return False
    return True


def decimal_shape(literal: str) -> tuple[int, int] | None:
    """(decimal places, significant digits) of a typed decimal such as '3.14160' → (5, 6)."""
    match = _DECIMAL.match(literal.strip().lstrip("+-"))
    if match is None or not any(c in literal for c in ".eE"):
        return None  # a whole number typed is not an approximation
    mantissa, exponent = match.group(1), int(match.group(2) or 0)
    places = (len(mantissa.split(".")[1]) if "." in mantissa else 0) - exponent
    significant = mantissa.replace(".", "").lstrip("0")
    return places, max(len(significant), 1)


def literal_for(value: Any, literals: Sequence[str]) -> str | None:
    """The decimal as typed whose value is ±value (so trailing zeros count), or None.

    Without the text, a terminating decimal stands for itself in its shortest form.
    """
    if not getattr(value, "is_Rational", False):
        return None
    size = abs(Fraction(int(value.p), int(value.q)))
    for literal in literals:
        try:
            if Fraction(literal.strip().lstrip("+-")) == size:
                return literal
        except ValueError:
            continue
    return shortest_decimal(size)


def shortest_decimal(value: Fraction) -> str | None:
    """'0.7016' for 877/1250; None when the fraction has no terminating decimal."""
    for places in range(0, 40):
        scaled = value * 10**places
        if scaled.denominator == 1:
            digits = str(scaled.numerator).rjust(places + 1, "0")
            return digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}"
    return None


def judge_numerical(
    typed: Any,
    literal: str | None,
    exact: Any,
    tolerance: Tolerance | None = None,
    uncertainty: Any = 0,
) -> Judgement:
    """The rule for numerical answers (see the module docstring).

    ``uncertainty`` is how far the reference itself may be from the true value when it was
    computed in floating point (an optimizer run, as torch computes it); 0 for exact values.
    """
    if _within(typed, exact, uncertainty):
        return Judgement(True, "equal")
    if tolerance and tolerance.allows(typed, exact):
        return Judgement(True, "tolerance")
    shape = decimal_shape(literal) if literal is not None else None
    if shape is None:
        return Judgement(False, "wrong")
    places, digits = shape
    agreement = _agreement(typed, exact, places, uncertainty)
    if agreement and digits >= MIN_DIGITS:
        return Judgement(True, agreement, places, digits)
    if agreement:
        return Judgement(False, "too_few_digits", places, digits)
    if abs(sympy.N(typed - exact, 40)) < sympy.Rational(1, 10**places):
        return Judgement(False, "wrong_last_digit", places, digits)
    return Judgement(False, "wrong", places, digits)


def _within(typed: Any, exact: Any, uncertainty: Any) -> bool:
    """Equal, or (for a floating-point reference) within its uncertainty."""
    if not uncertainty:
        return same_number(typed, exact)
    gap = abs(sympy.N(typed - exact, 40))
    return bool(gap <= uncertainty * max(abs(sympy.N(exact, 40)), sympy.Integer(1)))


def _agreement(typed: Any, exact: Any, places: int, uncertainty: Any) -> Reason | None:
    """'rounded' or 'truncated' when typed is the value cut to ``places`` decimals, else None."""
    value = sympy.N(exact, 60)
    if not value.is_real:
        return None
    spread = uncertainty * max(abs(value), sympy.Integer(1)) if uncertainty else 0
    unit = sympy.Rational(10) ** (-places)
    typed_value = sympy.Rational(typed)
    for candidate in {value - spread, value, value + spread}:
        scaled = candidate / unit
        if sympy.floor(scaled + sympy.Rational(1, 2)) * unit == typed_value:
            return "rounded"
        if sympy.sign(scaled) * sympy.floor(abs(scaled)) * unit == typed_value:
            return "truncated"
    return None


def direction(typed: Any, exact: Any) -> str:
    """'too big', 'too small' or 'of the wrong sign', saying what is wrong without the value."""
    t, e = sympy.N(typed, 40), sympy.N(exact, 40)
    if e != 0 and t != 0 and (t > 0) != (e > 0):
        return "of the wrong sign"
    return "too big" if t > e else "too small"


def rounding_words(judgement: Judgement, literal: str) -> str:
    """Why an approximation was refused, in a sentence that does not give the value away."""
    if judgement.reason == "too_few_digits":
        return (
            f"{literal} is close, but too rough: give the exact value or at least {MIN_DIGITS} "
            "significant digits."
        )
    places = judgement.places or 0
    return (
        f"{literal} is close, but it shows {places} decimal place{'s' if places != 1 else ''} "
        "and its last digit is wrong: a decimal must be the value rounded or truncated to the "
        "places you type (drop the last digit, or correct it)."
    )
