"""integral: an antiderivative is right when its derivative is the integrand.

Differentiating the answer (for real x, so that (ln|u|)' = u'/u) accepts every constant, every
equivalent form, and ln|x| as well as ln x. The constant of integration may be any of the
arbitrary-constant names (C, c, K, k, A, B, C1 …); it counts when the answer really varies with
it by a constant (x³/3 + C·x does not: its derivative depends on C, so it is wrong).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from typing import Any

import sympy

from calctutor.check.common import (
    difference,
    invalid,
    read_answer,
    real_diff,
    show,
    symbols_of,
    undecided,
)
from calctutor.check.equivalence import equivalent
from calctutor.check.mistakes import diagnose_antiderivative
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseContext, ParseError
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_context, answer_variables, read_expr, read_var

REMINDER = "Remember the constant of integration: + C."


def integral_context(problem: Problem) -> ParseContext:
    """The answer context of an integral: the problem's names plus the arbitrary constants."""
    return dataclasses.replace(answer_context(problem), constants="arbitrary")


def check_integral(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """Check a typed antiderivative of ``problem.expr`` with respect to ``problem.var``."""
    f, x = read_expr(problem), read_var(problem)
    context = integral_context(problem)
    try:
        answer = read_answer(problem, text, context)
    except ParseError as error:
        return invalid(error)
    constants = sorted(
        (s for s in answer.free_symbols if context.is_constant_name(s.name)), key=str
    )
    symbols = (*symbols_of(answer_variables(problem)), *constants)
    return judge_antiderivative(f, x, answer, constants, symbols, rng, problem.require_constant)


def judge_antiderivative(
    f: Any,
    x: Any,
    answer: Any,
    constants: Sequence[Any],
    symbols: Sequence[Any],
    rng: random.Random,
    require_constant: bool,
) -> Verdict:
    """Right when d/dx answer = f; then see whether an arbitrary constant was added."""
    read_as = show(answer)
    slope = real_diff(answer, x)
    found = equivalent(slope, f, symbols, rng)
    if found.result is None:
        return undecided(read_as, found.how)
    if not found.result:
        return _wrong(f, x, answer, slope, constants, symbols, rng)
    added = [c for c in constants if _varies_with(answer, c, symbols, rng)]
    if added:
        message = f"Correct: d/d{x} ({read_as}) = {show(f)}."
        if any(real_diff(answer, c).has(c) for c in added):
            message += " (Writing the constant simply as + C is clearer.)"
            return Verdict("correct", message, ("unusual_constant",), read_as)
        return Verdict("correct", message, read_as=read_as)
    if require_constant:
        return Verdict(
            "incorrect",
            "The antiderivative is right, but the constant of integration is missing: this "
            "problem asks for the general antiderivative, F(x) + C.",
            ("missing_constant",),
            read_as,
        )
    return Verdict("correct", f"Correct. {REMINDER}", ("missing_constant",), read_as)


def _varies_with(answer: Any, c: Any, symbols: Sequence[Any], rng: random.Random) -> bool:
    """True when the answer changes with the constant c (so c is really a constant added)."""
    return equivalent(real_diff(answer, c), sympy.S.Zero, symbols, rng).result is False


def _wrong(
    f: Any,
    x: Any,
    answer: Any,
    slope: Any,
    constants: Sequence[Any],
    symbols: Sequence[Any],
    rng: random.Random,
) -> Verdict:
    """An incorrect antiderivative: a misplaced constant, a named mistake, or a difference."""
    read_as = show(answer)
    misplaced = _misplaced_constant(f, x, answer, constants, symbols, rng)
    if misplaced is not None:
        return Verdict("incorrect", misplaced, ("constant_not_added",), read_as)
    diagnosis = diagnose_antiderivative(f, x, answer, slope, constants, symbols, rng)
    plain = dict.fromkeys(constants, 0)
    others = [s for s in symbols if s not in plain]
    mine = "the derivative of your answer is"
    hint = difference(slope.xreplace(plain), f, others, "the integrand is", mine)
    if diagnosis is None:
        message = f"Not quite: the derivative of {read_as} is not {show(f)}. {hint}"
        return Verdict("incorrect", message.strip(), read_as=read_as)
    message = f"Not quite. {diagnosis.message} {hint}"
    return Verdict("incorrect", message.strip(), (diagnosis.note,), read_as)


def _misplaced_constant(
    f: Any,
    x: Any,
    answer: Any,
    constants: Sequence[Any],
    symbols: Sequence[Any],
    rng: random.Random,
) -> str | None:
    """The message for x³/3 + C·x or x³/3·C: right for one value of C, wrong in general."""
    for c in constants:
        for value in (0, 1):
            fixed = answer.xreplace({c: value})
            if equivalent(real_diff(fixed, x), f, symbols, rng).result:
                return (
                    f"The constant of integration must be added on its own: in {show(answer)} "
                    f"the derivative depends on {c}, so {c} is not a constant added to an "
                    "antiderivative. Write F(x) + C."
                )
    return None
