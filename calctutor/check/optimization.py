"""Checking answers to optimizer_step, hessian and critical_points problems.

Every function takes the problem's values already parsed (SymPy objects and numbers) and the
student's answer already read by ``calctutor.expr.parse_answer``; only
:func:`read_classified_points` reads text, and it hands every mathematical piece to the parser.

Notes name the recognised mistakes: ``no_bias_correction``, ``no_momentum``,
``plain_gradient_step``, ``classical_momentum``, ``sign_error``, ``wrong_step_count``,
``wrong_component:N`` (1-based), ``wrong_dimension``, ``wrong_shape``, ``wrong_entry:I,J``,
``not_symmetric``, ``missing_point``, ``extra_point``, ``wrong_classification``,
``missing_classification``.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import sympy

from calctutor.check.equivalence import equivalent
from calctutor.check.verdict import Verdict
from calctutor.critical import (
    CriticalPointsError,
    classify_point,
    critical_points,
    hessian_matrix,
    normalize_label,
)
from calctutor.expr import ParseContext, parse_answer
from calctutor.optimize import METHOD_NAMES, Hyper, Objective, compile_objective, run_objective

__all__ = [
    "accepts",
    "check_critical_points",
    "check_hessian",
    "check_optimizer_step",
    "normalize_label",
    "numeric_value",
    "read_classified_points",
]

REL_TOL = 1e-3
ABS_TOL = 1e-4


def accepts(value: float, exact: float) -> bool:
    """Within 0.1% of the exact value, or within 1e-4 of it near zero."""
    return abs(value - exact) <= max(REL_TOL * abs(exact), ABS_TOL) * (1 + 1e-9)


def numeric_value(expr: Any) -> float | None:
    """A typed component as a real float, or None when it is not a real number."""
    expr = sympy.sympify(expr)
    if expr.free_symbols:
        return None
    try:
        value = complex(sympy.N(expr, 30))
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value.real) or abs(value.imag) > 1e-12 * max(1.0, abs(value.real)):
        return None
    return value.real


def _component(value: Any) -> str:
    """One coordinate as typed: 0.7016 rather than 877/1250 when it is a terminating decimal."""
    if not isinstance(value, sympy.Basic):
        return f"{value:.6g}"
    if isinstance(value, sympy.Rational) and not value.is_Integer:
        q = int(value.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if q == 1:
            return str(Decimal(int(value.p)) / Decimal(int(value.q)))
    return str(sympy.sstr(value))


def _show(values: Sequence[Any]) -> str:
    """A point as the student would write it."""
    return "(" + ", ".join(_component(v) for v in values) + ")"


def _as_point(answer: Any) -> tuple[Any, ...]:
    """A vector answer as a tuple (a scalar is a one-component point)."""
    if isinstance(answer, tuple | list):
        return tuple(answer)
    if isinstance(answer, sympy.MatrixBase):
        return tuple(answer)
    return (answer,)


@dataclass(frozen=True)
class _Problem:
    """An optimizer_step problem with its numbers as floats and its objective compiled."""

    objective: Objective
    method: str
    lr: float
    start: tuple[float, ...]
    steps: int
    hyper: Hyper

    def final(self, **changes: Any) -> tuple[float, ...] | None:
        """The point after the steps, with fields replaced; None if the run breaks down."""
        p = replace(self, **changes) if changes else self
        trace = run_objective(
            p.objective, p.method, p.lr, p.start, p.steps, p.hyper, stop_on_divergence=False
        )
        return trace.final if len(trace.points) == p.steps + 1 else None


def _float(value: Any, what: str) -> float:
    """A problem number (SymPy or float) as a float."""
    number = numeric_value(value)
    if number is None:
        raise ValueError(f"{what} must be a real number, not {value}")
    return number


def _mistakes(problem: _Problem) -> list[tuple[str, str, dict[str, Any]]]:
    """The classic wrong answers: (note, message, how the problem changes to produce them)."""
    h, m, n = problem.hyper, problem.method, problem.steps
    table: list[tuple[bool, str, str, dict[str, Any]]] = [
        (m == "adam", "no_bias_correction", _NO_BIAS, {"hyper": replace(h, bias_correction=False)}),
        (m in ("momentum", "nesterov", "adam"), "no_momentum", _NO_MOMENTUM, {"method": "gd"}),
        (m == "rmsprop", "plain_gradient_step", _PLAIN, {"method": "gd"}),
        (m == "nesterov", "classical_momentum", _CLASSICAL, {"method": "momentum"}),
        (True, "sign_error", _SIGN, {"hyper": replace(h, maximize=True)}),
        (n >= 1, "wrong_step_count", _STEPS.format(_steps(n - 1), n), {"steps": n - 1}),
        (True, "wrong_step_count", _STEPS.format(_steps(n + 1), n), {"steps": n + 1}),
    ]
    name = METHOD_NAMES[m]
    return [(note, text.format(name=name), change) for use, note, text, change in table if use]


_NO_BIAS = (
    "This is Adam without bias correction: divide m by 1 - beta1^t and v by 1 - beta2^t "
    "before the update (at t = 1 that multiplies m by 10 and v by 1000)."
)
_NO_MOMENTUM = "This is a plain gradient step; {name} steps along its momentum, not along g alone."
_PLAIN = "This is a plain gradient step; RMSprop divides g by sqrt(s_t) + eps first."
_CLASSICAL = "This is ordinary momentum; Nesterov (as torch) steps along g_t + momentum * b_t."
_SIGN = "You moved uphill: the update is x <- x - lr * d; your point adds lr * d."
_STEPS = "This is the point after {}; the problem asks for {}."


def _steps(n: int) -> str:
    """'1 step', '3 steps'."""
    return f"{n} step" if n == 1 else f"{n} steps"


def _matches(values: Sequence[float], exact: Sequence[float] | None) -> bool:
    """Every component accepted against a reference point."""
    return exact is not None and all(accepts(v, e) for v, e in zip(values, exact, strict=True))


def check_optimizer_step(
    expr: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    method: str,
    lr: Any,
    start: Sequence[Any],
    answer: Any,
    *,
    steps: int = 1,
    hyper: Hyper | None = None,
) -> Verdict:
    """Check the point after ``steps`` updates of ``method`` (torch.optim), 0.1% per component."""
    point = _as_point(answer)
    read_as = _show(point)
    values = [numeric_value(c) for c in point]
    if any(v is None for v in values):
        return Verdict("invalid", "Each coordinate of the point must be a number.", read_as=read_as)
    problem = _Problem(
        compile_objective(expr, variables), method, _float(lr, "lr"),
        tuple(_float(c, "start") for c in start), steps, hyper or Hyper(),
    )  # fmt: skip
    exact = problem.final()
    if exact is None:
        return Verdict("unknown", "This run breaks down before the last step.", read_as=read_as)
    numbers = [v for v in values if v is not None]
    return _judge_point(problem, numbers, exact, read_as)


def _judge_point(
    problem: _Problem, values: list[float], exact: tuple[float, ...], read_as: str
) -> Verdict:
    """Correct, a recognised mistake, or the wrong components."""
    n = len(exact)
    if len(values) != n:
        message = (
            f"The point should have {n} coordinates, one per variable; yours has {len(values)}."
        )
        return Verdict("incorrect", message, ("wrong_dimension",), read_as)
    if _matches(values, exact):
        return Verdict(
            "correct",
            f"Correct: after {_steps(problem.steps)} the point is {_show(exact)}.",
            read_as=read_as,
        )
    wrong = tuple(
        f"wrong_component:{i + 1}"
        for i, (v, e) in enumerate(zip(values, exact, strict=True))
        if not accepts(v, e)
    )
    for note, message, change in _mistakes(problem):
        alternative = problem.final(**change)
        if _matches(values, alternative) and not _matches(exact, alternative):
            return Verdict("incorrect", message, (note, *wrong), read_as)
    names = " and ".join(str(problem.objective.variables[int(w.split(":")[1]) - 1]) for w in wrong)
    noun = "coordinate is" if len(wrong) == 1 else "coordinates are"
    return Verdict("incorrect", f"Not quite: the {names} {noun} off.", wrong, read_as)


def _matrix(answer: Any) -> sympy.ImmutableMatrix | None:
    """A matrix answer (a Matrix or nested tuples) as an ImmutableMatrix, or None."""
    if isinstance(answer, sympy.MatrixBase):
        return sympy.ImmutableMatrix(answer)
    rows = answer if isinstance(answer, tuple | list) else ()
    if rows and all(isinstance(r, tuple | list) for r in rows) and len({len(r) for r in rows}) == 1:
        return sympy.ImmutableMatrix([list(r) for r in rows])
    return None


def check_hessian(
    expr: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    answer: Any,
    rng: random.Random | None = None,
) -> Verdict:
    """Check a Hessian entry by entry (equivalence by evaluation, see check.equivalence)."""
    rng = rng or random.Random(0)
    vs = tuple(variables)
    exact = sympy.ImmutableMatrix(sympy.hessian(expr, vs))
    given = _matrix(answer)
    if given is None:
        return Verdict("invalid", "Write the Hessian as a matrix, e.g. [[a, b], [c, d]].")
    read_as = sympy.sstr(given.tolist())
    n = len(vs)
    if given.shape != (n, n):
        rows, cols = given.shape
        message = f"The Hessian of a function of {n} variables is {n}x{n}; yours is {rows}x{cols}."
        return Verdict("incorrect", message, ("wrong_shape",), read_as)
    results = {
        (i, j): equivalent(given[i, j], exact[i, j], vs, rng).result
        for i in range(n)
        for j in range(n)
    }
    return _judge_matrix(given, exact, results, vs, rng, read_as)


def _judge_matrix(
    given: sympy.ImmutableMatrix,
    exact: sympy.ImmutableMatrix,
    results: dict[tuple[int, int], bool | None],
    vs: tuple[sympy.Symbol, ...],
    rng: random.Random,
    read_as: str,
) -> Verdict:
    """Turn the entry-by-entry decisions into a verdict with the wrong entries named."""
    wrong = sorted(k for k, r in results.items() if r is False)
    if not wrong:
        if any(r is None for r in results.values()):
            return Verdict("unknown", "Some entries could not be compared.", read_as=read_as)
        return Verdict("correct", "Correct.", read_as=read_as)
    notes = [f"wrong_entry:{i + 1},{j + 1}" for i, j in wrong]
    if all(equivalent(-given[k], exact[k], vs, rng).result for k in wrong):
        notes.insert(0, "sign_error")
    message = (
        "Not quite: check "
        + ", ".join(f"the entry in row {i + 1}, column {j + 1}" for i, j in wrong)
        + "."
    )
    if any(equivalent(given[i, j], given[j, i], vs, rng).result is False for i, j in wrong):
        notes.append("not_symmetric")
        message += " A Hessian is symmetric: d2f/dxdy = d2f/dydx."
    return Verdict("incorrect", message, tuple(notes), read_as)


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
    read_as = ", ".join(_show(p) for p in points) or "none"
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
        parts.append("Missing: " + ", ".join(_show(p) for p in missing) + ".")
    if extra:
        notes.append("extra_point")
        parts.append(
            "Not critical points (or listed twice): "
            + ", ".join(_show(given[i]) for i in extra)
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
                where = _show(exact[j])
                parts.append(
                    f"The Hessian test is inconclusive at {where}; '{label}' is unchecked."
                )
        elif label != kind:
            if "wrong_classification" not in notes:
                notes.append("wrong_classification")
            parts.append(f"{_show(exact[j])} is a {kind}, not a {label}.")
    return notes, parts
