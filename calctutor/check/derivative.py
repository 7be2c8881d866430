"""derivative: the answer must equal d/dx of the problem's expression."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

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
from calctutor.check.mistakes import diagnose_derivative
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_variables, read_expr, read_var


def check_derivative(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """Check a typed derivative of ``problem.expr`` with respect to ``problem.var``."""
    f, x = read_expr(problem), read_var(problem)
    symbols = symbols_of(answer_variables(problem))
    try:
        answer = read_answer(problem, text)
    except ParseError as error:
        return invalid(error)
    return judge_derivative(f, x, answer, symbols, rng)


def judge_derivative(
    f: Any, x: Any, answer: Any, symbols: Sequence[Any], rng: random.Random, label: str = ""
) -> Verdict:
    """Compare ``answer`` with df/dx, naming a common mistake when it is wrong."""
    right = real_diff(f, x)
    read_as = show(answer)
    found = equivalent(answer, right, symbols, rng)
    if found.result is None:
        return undecided(read_as, found.how)
    if found.result:
        return Verdict("correct", f"Correct: d/d{x} ({show(f)}) = {read_as}.", read_as=read_as)
    what = f"{label or 'the derivative'} is"
    diagnosis = diagnose_derivative(f, x, answer, symbols, rng)
    hint = difference(answer, right, symbols, what)
    if diagnosis is None:
        message = f"Not quite: {read_as} is not d/d{x} ({show(f)}). {hint}"
        return Verdict("incorrect", message.strip(), read_as=read_as)
    message = f"Not quite. {diagnosis.message} {hint}"
    return Verdict("incorrect", message.strip(), (diagnosis.note,), read_as)
