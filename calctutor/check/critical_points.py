"""Checking answers to critical_points problems: the set of points, and each one's label.

:func:`read_classified_points` reads text such as ``(0, 0) saddle, (1, 1): min``; it blanks the
labels out and hands every mathematical piece to the parser, so error positions stay right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sympy

from calctutor.check.optimization import accepts, numeric_value, show_values
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseContext, parse_answer
from calctutor.optimization.critical import (
    CriticalPointsError,
    classify_point,
    critical_points,
    hessian_matrix,
    normalize_label,
)

__all__ = ["check_critical_points", "read_classified_points"]


_LABEL = re.compile(
    r"(?:(?:[:=]|->|→|[-–—])\s*)?\b(?:is\s+(?:an?\s+)?)?"
    r"((?:local\s+)?(?:minimum|min|maximum|max)|saddle(?:\s+point)?|degenerate|inconclusive)\b"
    r"(?:\s+point)?(?:\s+at\b)?",
    re.IGNORECASE,
)


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
        labels.append(normalize_label(found.group(1)) if found else None)
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


def _same_point(given: Sequence[float], exact: Sequence[Any]) -> bool:
    """Each coordinate accepted against the exact critical point."""
    return all(accepts(g, float(sympy.N(e, 30))) for g, e in zip(given, exact, strict=True))


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
    if any(numeric_value(c) is None for p in points for c in p):
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
    return _judge_points(expr, vs, points, exact, labels, classify, read_as)


def _pair(
    given: tuple[tuple[Any, ...], ...], exact: tuple[tuple[Any, ...], ...]
) -> tuple[dict[int, int], list[int]]:
    """Match typed points to exact ones: {given index: exact index}, and the unmatched given."""
    matched: dict[int, int] = {}
    extra = []
    for i, p in enumerate(given):
        values = [numeric_value(c) or 0.0 for c in p]
        free = [j for j in range(len(exact)) if j not in matched.values()]
        j = next((j for j in free if _same_point(values, exact[j])), None)
        if j is None:
            extra.append(i)
        else:
            matched[i] = j
    return matched, extra


def _judge_points(
    expr: sympy.Expr,
    vs: tuple[sympy.Symbol, ...],
    given: tuple[tuple[Any, ...], ...],
    exact: tuple[tuple[Any, ...], ...],
    labels: Sequence[str | None] | None,
    classify: bool,
    read_as: str,
) -> Verdict:
    """Missing and extra points by name, then the classification of the matched ones."""
    matched, extra = _pair(given, exact)
    missing = [e for j, e in enumerate(exact) if j not in matched.values()]
    notes, parts = [], []
    if missing:
        notes.append("missing_point")
        parts.append("Missing: " + ", ".join(show_values(p) for p in missing) + ".")
    if extra:
        notes.append("extra_point")
        parts.append(
            "Not critical points (or listed twice): "
            + ", ".join(show_values(given[i]) for i in extra)
            + "."
        )
    label_notes, label_parts = _judge_labels(expr, vs, given, exact, matched, labels, classify)
    notes += label_notes
    parts += label_parts
    if notes:
        return Verdict("incorrect", " ".join(parts), tuple(notes), read_as)
    return Verdict("correct", " ".join(["Correct.", *parts]), read_as=read_as)


def _judge_labels(
    expr: sympy.Expr,
    vs: tuple[sympy.Symbol, ...],
    given: tuple[tuple[Any, ...], ...],
    exact: tuple[tuple[Any, ...], ...],
    matched: dict[int, int],
    labels: Sequence[str | None] | None,
    classify: bool,
) -> tuple[list[str], list[str]]:
    """Notes and sentences about the labels of the matched points."""
    notes: list[str] = []
    parts: list[str] = []
    hessian = hessian_matrix(expr, vs)
    for i, j in sorted(matched.items()):
        typed = labels[i] if labels is not None and i < len(labels) else None
        label = normalize_label(typed) if typed else None
        if label is None:
            if classify and "missing_classification" not in notes:
                notes.append("missing_classification")
                parts.append("Label each point min, max or saddle.")
            continue
        kind = classify_point(expr, vs, exact[j], hessian).kind
        if kind == "degenerate":
            if label != "degenerate":
                where = show_values(exact[j])
                parts.append(
                    f"The Hessian test is inconclusive at {where}; '{label}' is unchecked."
                )
        elif label != kind:
            if "wrong_classification" not in notes:
                notes.append("wrong_classification")
            parts.append(f"{show_values(exact[j])} is a {kind}, not a {label}.")
    return notes, parts
