"""expression: the answer must be equivalent to the expected expression."""

from __future__ import annotations

import random
from typing import Any

import sympy

from calctutor.check.common import (
    Diagnosis,
    how_off,
    invalid,
    read_answer,
    show,
    symbols_of,
    undecided,
)
from calctutor.check.equivalence import Equivalence, equivalent
from calctutor.check.mistakes import factor_diagnosis
from calctutor.check.numbers import same_number
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_variables, read_expected


def _numbers(answer: Any, expected: Any) -> bool:
    """Both sides are plain real numbers (a value, a limit)."""
    return all(
        isinstance(v, sympy.Basic) and not v.free_symbols and bool(v.is_number)
        for v in (answer, expected)
    ) and bool(sympy.N(expected, 30).is_real)


def check_expression(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """Check a typed expression against ``problem.expected``."""
    expected = read_expected(problem)
    symbols = symbols_of(answer_variables(problem))
    try:
        answer = read_answer(problem, text)
    except ParseError as error:
        return invalid(error)
    read_as = show(answer)
    if _numbers(answer, expected):
        found = Equivalence(same_number(answer, expected))  # the number rule: exactly
    else:
        found = equivalent(answer, expected, symbols, rng)
    if found.result is None:
        return undecided(read_as, found.how)
    if found.result:
        return Verdict("correct", "Correct.", read_as=read_as, expected=show(expected))
    diagnosis = factor_diagnosis(answer, expected, symbols, rng, "expected expression")
    if diagnosis is not None and diagnosis.note == "constant_factor" and not expected.free_symbols:
        diagnosis = None  # a value k times another: "too big" says it without the value
    elif diagnosis is not None and diagnosis.note == "constant_factor":
        # "k times the expected value" would give the value away
        diagnosis = Diagnosis("constant_factor", "A constant factor is off.")
    hint = "" if diagnosis is not None else how_off(answer, expected, symbols)
    notes = (diagnosis.note,) if diagnosis else ()
    lead = (
        f"Not quite. {diagnosis.message}" if diagnosis else "Not equivalent to the expected answer."
    )
    return Verdict("incorrect", f"{lead} {hint}".strip(), notes, read_as, expected=show(expected))
