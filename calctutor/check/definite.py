"""definite_integral: the exact value, or a decimal that agrees with it to the digits typed.

A decimal is read as the exact rational it spells (2.0 is 2, 0.5 is 1/2), so a decimal equal to
the value is simply right. A decimal that is not exactly the value is accepted as an
approximation when it has at least 4 significant digits and is the value rounded or truncated
to the digits typed: 0.785398 for π/4 is right, 0.33 for 1/3 is not.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from calctutor.check.common import (
    difference,
    invalid,
    number_text,
    read_answer,
    show,
    symbols_of,
    undecided,
)
from calctutor.check.equivalence import equivalent
from calctutor.check.numeric import Undefined, Unsupported, evaluate, mp_context
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_variables, read_bound, read_expr, read_var

MIN_DIGITS = 4
DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$")


@dataclass(frozen=True)
class Target:
    """The value of the integral: exact, or only known numerically (then ``exact`` is False)."""

    value: Any
    exact: bool


def check_definite(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """Check the value of ∫ expr d var from lower to upper."""
    f, x = read_expr(problem), read_var(problem)
    a, b = read_bound(problem, "lower"), read_bound(problem, "upper")
    try:
        answer = read_answer(problem, text, infinite=True)
    except ParseError as error:
        return invalid(error)
    read_as = text.strip() if DECIMAL.match(text.strip()) else show(answer)
    if answer.has(x):
        return Verdict(
            "incorrect",
            f"A definite integral is a number, but your answer still contains {x}: evaluate the "
            "antiderivative at the upper limit and subtract its value at the lower limit.",
            ("antiderivative_given",),
            read_as,
        )
    target = integral_value(f, x, a, b)
    if target is None:
        return undecided(read_as, "the integral could not be evaluated")
    params = [s for s in symbols_of(answer_variables(problem)) if s != x]
    return judge_value(answer, text, target, params, rng, read_as)


def integral_value(f: Any, x: Any, a: Any, b: Any) -> Target | None:
    """The exact value by SymPy, or a 30-digit numerical value when SymPy gives up."""
    value = sympy.integrate(f, (x, a, b))
    if not value.has(sympy.Integral) and value is not sympy.nan:
        return Target(value, True)
    if f.free_symbols - {x} or a.free_symbols or b.free_symbols:
        return None
    ctx = mp_context(30)
    try:
        number = ctx.quad(
            lambda t: evaluate(f, {x: t}, ctx).value, [_bound(a, ctx), _bound(b, ctx)]
        )
    except (Undefined, Unsupported, ZeroDivisionError):
        return None
    if not ctx.isfinite(number) or abs(ctx.im(number)) > 1e-20 * max(1, abs(number)):
        return None
    return Target(sympy.Float(ctx.nstr(ctx.re(number), 30), 30), False)


def _bound(limit: Any, ctx: Any) -> Any:
    """A limit of integration as an mpmath number (±inf allowed)."""
    if limit == sympy.oo:
        return ctx.inf
    if limit == -sympy.oo:
        return -ctx.inf
    return ctx.mpf(str(sympy.N(limit, 40)))


def judge_value(
    answer: Any, text: str, target: Target, params: list[Any], rng: random.Random, read_as: str
) -> Verdict:
    """Exact match, infinite values, or the approximate-decimal rule."""
    if isinstance(target.value, sympy.AccumBounds):
        message = "This integral diverges: it oscillates and has no limit."
        return Verdict("incorrect", message, ("diverges",), read_as)
    if target.value.is_finite and answer.has(sympy.oo, -sympy.oo, sympy.zoo):
        message = f"This integral converges: its value is finite, not {read_as}."
        return Verdict("incorrect", message, ("converges",), read_as)
    if not target.value.is_finite and target.value.is_number:
        if answer == target.value:
            return Verdict("correct", "Correct: the integral diverges.", read_as=read_as)
        return Verdict("incorrect", "This integral diverges.", ("diverges",), read_as)
    if target.exact:
        found = equivalent(answer, target.value, params, rng)
        if found.result is None:
            return undecided(read_as, found.how)
        if found.result:
            return Verdict("correct", "Correct.", read_as=read_as)
    elif _close(answer, target.value, 20):
        return Verdict("correct", "Correct.", read_as=read_as)
    return _approximate(answer, text, target, params, rng, read_as)


def _approximate(
    answer: Any, text: str, target: Target, params: list[Any], rng: random.Random, read_as: str
) -> Verdict:
    """The decimal rule, or an incorrect verdict that says what the answer is off by."""
    digits = significant_digits(text)
    exact = show(target.value) if target.exact else number_text(sympy.N(target.value, 30))
    if digits is not None and not params:
        agrees = agrees_to_digits(text, target.value)
        if agrees and digits >= MIN_DIGITS:
            return Verdict(
                "correct",
                f"Correct to the digits given (the exact value is {exact}).",
                ("decimal_approximation",),
                read_as,
            )
        if agrees:
            return Verdict(
                "incorrect",
                f"{text.strip()} is close, but too rough: give the exact value or at least "
                f"{MIN_DIGITS} significant digits.",
                ("too_few_digits",),
                read_as,
            )
    return _wrong_value(answer, target, params, rng, read_as)


def _wrong_value(
    answer: Any, target: Target, params: list[Any], rng: random.Random, read_as: str
) -> Verdict:
    """A wrong value, with the sign mistake recognised."""
    if target.exact and equivalent(answer, -target.value, params, rng).result:
        return Verdict(
            "incorrect",
            "Sign error: your answer is minus the integral. Subtract F(lower) from F(upper), "
            "in that order.",
            ("sign_error",),
            read_as,
        )
    hint = difference(answer, target.value, params, "the integral is")
    return Verdict("incorrect", f"Not quite. {hint}".strip(), read_as=read_as)


def _close(answer: Any, value: Any, digits: int) -> bool:
    """True when two constants agree to ``digits`` significant digits."""
    if answer.free_symbols:
        return False
    mine, right = sympy.N(answer, digits + 10), sympy.N(value, digits + 10)
    if not (mine.is_number and right.is_number):
        return False
    return bool(abs(mine - right) <= sympy.Float(10) ** (-digits) * max(1, abs(right)))


def significant_digits(text: str) -> int | None:
    """How many significant digits a plain decimal has ('0.7854' → 4), or None for others."""
    match = DECIMAL.match(text.strip())
    if match is None:
        return None
    mantissa = match.group(1).replace(".", "").lstrip("0")
    return len(mantissa) if mantissa else 1


def agrees_to_digits(text: str, value: Any) -> bool:
    """True when the decimal is the value rounded or truncated to the places it shows."""
    match = DECIMAL.match(text.strip())
    if match is None or not value.is_number:
        return False
    mantissa, exponent = match.group(1), int(match.group(2) or 0)
    places = (len(mantissa.split(".")[1]) if "." in mantissa else 0) - exponent
    fraction = Fraction(text.strip())
    typed = sympy.Rational(fraction.numerator, fraction.denominator)
    exact = sympy.N(value, 60)
    if not exact.is_real:
        return False
    unit = sympy.Rational(10) ** (-places)
    scaled = exact / unit
    rounded = sympy.floor(scaled + sympy.Rational(1, 2)) * unit
    truncated = sympy.sign(scaled) * sympy.floor(abs(scaled)) * unit
    return bool(typed in (rounded, truncated))
