"""gradient: component by component, in the problem's variable order."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from calctutor.check.common import invalid, read_vector, real_diff, show, symbols_of, undecided
from calctutor.check.derivative import judge_derivative
from calctutor.check.equivalence import equivalent
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_variables, read_expr, read_vars


def check_gradient(problem: Problem, text: str, rng: random.Random) -> Verdict:
    """Check a typed gradient of ``problem.expr`` in the order of ``problem.vars``."""
    f, variables = read_expr(problem), read_vars(problem)
    symbols = symbols_of(answer_variables(problem))
    try:
        answer = read_vector(problem, text, len(variables))
    except ParseError as error:
        return invalid(error)
    components = answer if isinstance(answer, tuple) else (answer,)
    return judge_gradient(f, variables, components, symbols, rng)


def judge_gradient(
    f: Any,
    variables: Sequence[Any],
    components: Sequence[Any],
    symbols: Sequence[Any],
    rng: random.Random,
) -> Verdict:
    """Compare each component with the partial derivative in the same place."""
    read_as = show(tuple(components))
    n = len(variables)
    if len(components) != n:
        return Verdict(
            "incorrect",
            f"The gradient of a function of {n} variables has {n} components: expected {n} "
            f"components, your answer has {len(components)}.",
            ("wrong_length",),
            read_as,
        )
    partials = [real_diff(f, v) for v in variables]
    results = [
        equivalent(c, p, symbols, rng).result for c, p in zip(components, partials, strict=True)
    ]
    if all(r is True for r in results):
        return Verdict("correct", "Correct: every partial derivative is right.", read_as=read_as)
    if any(r is None for r in results):
        return undecided(read_as)
    swapped = _swapped(components, partials, symbols, rng)
    if swapped is not None:
        return Verdict("incorrect", swapped, ("swapped_components",), read_as)
    return _wrong_components(f, variables, components, results, symbols, rng, read_as)


def _swapped(
    components: Sequence[Any], partials: Sequence[Any], symbols: Sequence[Any], rng: random.Random
) -> str | None:
    """The message when two components are right but exchanged, else None."""
    wrong = [
        i
        for i, (c, p) in enumerate(zip(components, partials, strict=True))
        if not _same(c, p, symbols, rng)
    ]
    if len(wrong) != 2:
        return None
    i, j = wrong
    if _same(components[i], partials[j], symbols, rng) and _same(
        components[j], partials[i], symbols, rng
    ):
        return (
            f"Components {i + 1} and {j + 1} are swapped: the gradient lists the partial "
            "derivatives in the order of the variables."
        )
    return None


def _same(a: Any, b: Any, symbols: Sequence[Any], rng: random.Random) -> bool:
    """Equivalent for certain."""
    return equivalent(a, b, symbols, rng).result is True


def _wrong_components(
    f: Any,
    variables: Sequence[Any],
    components: Sequence[Any],
    results: Sequence[bool | None],
    symbols: Sequence[Any],
    rng: random.Random,
    read_as: str,
) -> Verdict:
    """Say which components are wrong, each with its own diagnosis."""
    notes: list[str] = []
    sentences: list[str] = []
    for i, (v, c, ok) in enumerate(zip(variables, components, results, strict=True)):
        if ok:
            continue
        label = f"∂f/∂{v}"
        verdict = judge_derivative(f, v, c, symbols, rng, label)
        notes.append(f"wrong_component:{i + 1}")
        notes.extend(n for n in verdict.notes if n not in notes)
        detail = verdict.message.removeprefix("Not quite").lstrip(":. ")
        detail = detail[:1].lower() + detail[1:] if verdict.notes else detail
        sentences.append(f"Component {i + 1} ({label}) is wrong: {detail}")
    return Verdict("incorrect", " ".join(sentences), tuple(notes), read_as)
