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
from typing import Any

import sympy

from calctutor.check.common import (
    invalid,
    number_text,
    read_answer,
    show,
    symbols_of,
    undecided,
)
from calctutor.check.equivalence import equivalent
from calctutor.check.numbers import (
    Judgement,
    Tolerance,
    direction,
    judge_numerical,
    literal_for,
    rounding_words,
    same_number,
)
from calctutor.check.numeric import Undefined, Unsupported, evaluate, mp_context
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError, decimal_literals
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_variables, read_bound, read_expr, read_var

# A value known only numerically (by quadrature at 30 digits) is that close to the true value.
NUMERIC_UNCERTAINTY = sympy.Rational(1, 10**25)
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
    tolerance = Tolerance.from_pairs(problem.tolerance)
    return judge_value(answer, text, target, params, rng, read_as, tolerance)


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
    answer: Any,
    text: str,
    target: Target,
    params: list[Any],
    rng: random.Random,
    read_as: str,
    tolerance: Tolerance | None = None,
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
    if target.exact and _numbers(answer, target.value):
        if same_number(answer, target.value):  # exactly, not to 30 digits
            return Verdict("correct", "Correct.", read_as=read_as, expected=show(target.value))
    elif target.exact:
        found = equivalent(answer, target.value, params, rng)
        if found.result is None:
            return undecided(read_as, found.how)
        if found.result:
            return Verdict("correct", "Correct.", read_as=read_as, expected=show(target.value))
    return _approximate(answer, text, target, params, rng, read_as, tolerance)


def _numbers(answer: Any, value: Any) -> bool:
    """Both are real numbers (no symbols), so the number rule compares them exactly."""
    return bool(
        not answer.free_symbols and not value.free_symbols and answer.is_number and value.is_number
    )


def _approximate(
    answer: Any,
    text: str,
    target: Target,
    params: list[Any],
    rng: random.Random,
    read_as: str,
    tolerance: Tolerance | None,
) -> Verdict:
    """The numerical-answer rule, or an incorrect verdict that says how the answer is off."""
    expected = show(target.value) if target.exact else number_text(sympy.N(target.value, 30), 15)
    if params or answer.free_symbols or not target.value.is_number:
        return _wrong_value(answer, target, params, rng, read_as, expected)
    literal = literal_for(answer, decimal_literals(text))
    uncertainty = 0 if target.exact else NUMERIC_UNCERTAINTY
    judged = judge_numerical(answer, literal, target.value, tolerance, uncertainty)
    if judged.ok:
        return _accepted(judged, read_as, expected)
    if judged.reason in ("too_few_digits", "wrong_last_digit") and literal is not None:
        return Verdict(
            "incorrect",
            rounding_words(judged, literal),
            (judged.reason if judged.reason == "too_few_digits" else "wrong_digits",),
            read_as,
            expected=expected,
        )
    return _wrong_value(answer, target, params, rng, read_as, expected)


def _accepted(judged: Judgement, read_as: str, expected: str) -> Verdict:
    """The verdict for an approximation that counts."""
    how = {
        "rounded": "Correct: that is the value rounded to the digits you gave",
        "truncated": "Correct: that is the value truncated to the digits you gave",
        "tolerance": "Correct: within the tolerance this problem allows",
    }.get(judged.reason, "Correct")
    how += f" (the exact value is {expected})."
    return Verdict("correct", how, ("decimal_approximation",), read_as, expected=expected)


def _wrong_value(
    answer: Any, target: Target, params: list[Any], rng: random.Random, read_as: str,
    expected: str,
) -> Verdict:  # fmt: skip
    """A wrong value, with the sign mistake recognised; the value itself is never shown."""
    if target.exact and equivalent(answer, -target.value, params, rng).result:
        return Verdict(
            "incorrect",
            "Sign error: your answer is minus the integral. Subtract F(lower) from F(upper), "
            "in that order.",
            ("sign_error",),
            read_as,
            expected=expected,
        )
    how = ""
    if not params and not answer.free_symbols and answer.is_number and target.value.is_number:
        how = f" Your value is {direction(answer, target.value)}."
    return Verdict("incorrect", f"Not quite.{how}", read_as=read_as, expected=expected)
