"""Checking answers to critical_points problems: the set of points, and each one's label.

:func:`read_classified_points` reads text such as ``(0, 0) saddle, (1, 1): min``; it blanks the
labels out and hands every mathematical piece to the parser, so error positions stay right.
Coordinates are exact answers: a decimal counts only when it equals the coordinate
(:mod:`calctutor.check.numbers`). Labels are checked by
:func:`calctutor.optimization.classification.classify`, which decides also where the Hessian
test is inconclusive; a point it cannot decide makes the verdict ``unknown``, never ``correct``.
A wrong answer's message says what is wrong (a missed point, a coordinate off, a wrong label)
without the expected points, which go to the verdict's ``expected``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import sympy

from calctutor.check.common import words_list
from calctutor.check.numbers import same_number
from calctutor.check.optimization import show_values
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseContext, parse_answer
from calctutor.optimization.classification import PointKind, classify
from calctutor.optimization.critical import (
    CriticalPointsError,
    critical_points,
    hessian_matrix,
    normalize_label,
)

__all__ = ["check_critical_points", "read_classified_points"]


_LABEL = re.compile(
    r"(?:(?:[:=]|->|→|[-–—])\s*)?\b(?:is\s+(?:an?\s+)?)?"
    r"((?:local\s+)?(?:minimum|min|maximum|max)|saddle(?:\s+point)?|neither|degenerate|"
    r"inconclusive)\b"
    r"(?:\s+point)?(?:\s+at\b)?",
    re.IGNORECASE,
)
KIND_NAMES = {"min": "a minimum", "max": "a maximum", "saddle": "a saddle point"}


def _chunks(text: str) -> list[tuple[int, int]]:
    """Spans of the text between commas that are outside every bracket."""
    spans, depth, begin = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "([{<⟨"
        depth -= ch in ")]}>⟩"
        if ch in ",;" and depth == 0:
            spans.append((begin, i))
            begin = i + 1
    return [*spans, (begin, len(text))]


def _label(word: str) -> str | None:
    """A typed label as min, max, saddle or degenerate ('neither' is a saddle point)."""
    if word.lower() == "neither":
        return "saddle"
    return normalize_label(word)


def read_classified_points(
    text: str, context: ParseContext
) -> tuple[tuple[tuple[Any, ...], ...], tuple[str | None, ...]]:
    """Read "(0, 0) saddle, (1, 1) min" into points and labels (None where no label is typed).

    Label words are blanked out with spaces, so the parser's error positions still point into
    the original text; the points themselves are read by ``parse_answer(expect="points")``.
    """
    chars, labels = list(text.replace(";", ",")), []
    for begin, end in _chunks(text):
        found = _LABEL.search(text, begin, end)
        labels.append(_label(found.group(1)) if found else None)
        if found:
            chars[found.start() : found.end()] = " " * (found.end() - found.start())
    points = parse_answer("".join(chars), replace(context, expect="points"))
    if len(labels) != len(points):
        labels = [None] * len(points)
    return points, tuple(labels)


def _points(answer: Any, n: int) -> tuple[tuple[Any, ...], ...]:
    """A points answer as a tuple of points (bare numbers are points of a one-variable f)."""
    if isinstance(answer, tuple | list):
        if all(isinstance(p, tuple | list) for p in answer):
            return tuple(tuple(p) for p in answer)
        return tuple((c,) for c in answer) if n == 1 else (tuple(answer),)
    return ((answer,),)


def _real_number(value: Any) -> bool:
    """A coordinate that is a real number (no variables, not complex, finite)."""
    value = sympy.sympify(value, strict=True)
    if value.free_symbols or not value.is_number:
        return False
    number = sympy.N(value, 30)
    return bool(number.is_real and number.is_finite)


def _same_point(given: Sequence[Any], exact: Sequence[Any]) -> bool:
    """Every coordinate equal to the exact one."""
    return all(same_number(g, e) for g, e in zip(given, exact, strict=True))


@dataclass(frozen=True)
class _Answer:
    """The typed points and labels, the exact points, and the problem's function."""

    expr: sympy.Expr
    vs: tuple[sympy.Symbol, ...]
    given: tuple[tuple[Any, ...], ...]
    labels: tuple[str | None, ...]
    exact: tuple[tuple[Any, ...], ...]
    classify: bool
    read_as: str


def check_critical_points(
    expr: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    answer: Any,
    *,
    labels: Sequence[str | None] | None = None,
    classify: bool = False,
) -> Verdict:
    """Check the set of critical points (any order); with ``classify``, each point's label too."""
    vs = tuple(variables)
    points = _points(answer, len(vs))
    read_as = ", ".join(show_values(p) for p in points) or "none"
    if any(not _real_number(c) for p in points for c in p):
        return Verdict(
            "invalid", "Each critical point must have numeric coordinates.", read_as=read_as
        )
    if any(len(p) != len(vs) for p in points):
        return Verdict(
            "incorrect", f"Each point needs {len(vs)} coordinates.", ("wrong_dimension",), read_as
        )
    try:
        exact = critical_points(expr, vs)
    except CriticalPointsError as error:
        return Verdict(
            "unknown", f"These critical points cannot be listed: {error}.", read_as=read_as
        )
    typed = (
        tuple(_label(t) if t else None for t in labels)
        if labels is not None
        else (None,) * len(points)
    )
    return _judge(_Answer(expr, vs, points, typed, exact, classify, read_as))


def _pair(answer: _Answer) -> tuple[dict[int, int], list[int]]:
    """Match typed points to exact ones: {given index: exact index}, and the unmatched given."""
    matched: dict[int, int] = {}
    extra = []
    for i, p in enumerate(answer.given):
        free = [j for j in range(len(answer.exact)) if j not in matched.values()]
        j = next((j for j in free if _same_point(p, answer.exact[j])), None)
        if j is None:
            extra.append(i)
        else:
            matched[i] = j
    return matched, extra


def _judge(answer: _Answer) -> Verdict:
    """Missing and extra points, coordinates off, then the labels of the matched points."""
    matched, extra = _pair(answer)
    missing = [j for j in range(len(answer.exact)) if j not in matched.values()]
    notes, parts = _point_faults(answer, matched, extra, missing)
    kinds = _kinds(answer, matched)
    label_notes, label_parts, undecided = _label_faults(answer, matched, kinds)
    notes += label_notes
    parts += label_parts
    expected = _expected(answer, kinds)
    if notes:
        return Verdict(
            "incorrect", " ".join(parts), tuple(notes), answer.read_as, expected=expected
        )
    if undecided:
        return Verdict(
            "unknown",
            "The points are right, but " + " ".join(undecided) + " Ask your teacher.",
            ("undecided",),
            answer.read_as,
            expected=expected,
        )
    return Verdict("correct", "Correct.", read_as=answer.read_as, expected=expected)


def _point_faults(
    answer: _Answer, matched: dict[int, int], extra: list[int], missing: list[int]
) -> tuple[list[str], list[str]]:
    """Notes and sentences for points not critical, coordinates off, and points missed."""
    notes: list[str] = []
    parts: list[str] = []
    near: list[int] = []
    for i in extra:
        p = answer.given[i]
        close = _one_coordinate_off(p, [answer.exact[j] for j in missing])
        if close is not None and i not in near:
            near.append(i)
            notes.append("wrong_coordinate")
            parts.append(f"In {show_values(p)}, the {answer.vs[close]}-coordinate is off.")
    others = [i for i in extra if i not in near]
    repeated = [i for i in others if any(_same_point(answer.given[i], answer.given[k])
                                         for k in matched)]  # fmt: skip
    if repeated:
        notes.append("repeated_point")
        parts.append(
            f"{words_list([show_values(answer.given[i]) for i in repeated])}: listed twice."
        )
    wrong = [i for i in others if i not in repeated]
    if wrong:
        notes.append("extra_point")
        listed = words_list([show_values(answer.given[i]) for i in wrong])
        verb = "is not a critical point" if len(wrong) == 1 else "are not critical points"
        parts.append(f"{listed} {verb}.")
    unaccounted = len(missing) - len(near)
    if unaccounted > 0:
        notes.append("missing_point")
        parts.append(f"You missed {unaccounted} critical point{'s' if unaccounted > 1 else ''}.")
    return notes, parts


def _one_coordinate_off(point: Sequence[Any], candidates: Sequence[Sequence[Any]]) -> int | None:
    """The index of the only wrong coordinate when point matches a candidate elsewhere."""
    if len(point) < 2:
        return None
    for exact in candidates:
        off = [
            k for k, (g, e) in enumerate(zip(point, exact, strict=True)) if not same_number(g, e)
        ]
        if len(off) == 1:
            return off[0]
    return None


def _kinds(answer: _Answer, matched: dict[int, int]) -> dict[int, PointKind]:
    """The kind of each exact point that needs one (all when classifying, else the labelled)."""
    wanted = set(range(len(answer.exact))) if answer.classify else set()
    wanted |= {j for i, j in matched.items() if answer.labels[i] is not None}
    hessian = hessian_matrix(answer.expr, answer.vs)
    return {j: classify(answer.expr, answer.vs, answer.exact[j], hessian) for j in sorted(wanted)}


def _label_faults(
    answer: _Answer, matched: dict[int, int], kinds: dict[int, PointKind]
) -> tuple[list[str], list[str], list[str]]:
    """Notes and sentences about the labels of the matched points, and the undecided ones."""
    notes: list[str] = []
    parts: list[str] = []
    undecided: list[str] = []
    unlabelled = [i for i in sorted(matched) if answer.labels[i] is None]
    if answer.classify and unlabelled:
        notes.append("missing_classification")
        parts.append("Label each point min, max or saddle.")
    for i, j in sorted(matched.items()):
        label, where = answer.labels[i], show_values(answer.exact[j])
        if label is None:
            continue
        kind = kinds[j]
        if kind.kind is None:
            undecided.append(f"whether {where} is {KIND_NAMES.get(label, label)} cannot be "
                             f"decided ({kind.how}).")  # fmt: skip
        elif label == "degenerate":
            notes.append("wrong_classification")
            parts.append(
                f"At {where} the Hessian test may be inconclusive, but the point can still be "
                "classified: look at the sign of f - f(p) near it."
            )
        elif label != kind.kind:
            notes.append("wrong_classification")
            parts.append(f"{where} is not {KIND_NAMES[label]}.")
    return list(dict.fromkeys(notes)), parts, undecided


def _expected(answer: _Answer, kinds: dict[int, PointKind]) -> str:
    """The right answer as text: every point, with its kind when known."""
    if not answer.exact:
        return "none"
    shown = []
    for j, p in enumerate(answer.exact):
        kind = kinds.get(j)
        label = f" {kind.kind}" if kind is not None and kind.kind else ""
        shown.append(show_values(p) + label)
    return ", ".join(shown)
