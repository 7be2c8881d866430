"""Checking answers to optimizer_step, hessian and critical_points problems.

Every function takes the problem's values already parsed (SymPy objects and numbers) and the
student's answer already read by ``calctutor.expr.parse_answer``; only
:mod:`calctutor.check.critical_points` reads the text of classified points.

Notes name the recognised mistakes: ``no_bias_correction``, ``no_momentum``,
``plain_gradient_step``, ``classical_momentum``, ``sign_error``, ``wrong_step_count``,
``wrong_component:N`` (1-based), ``wrong_dimension``, ``wrong_shape``, ``wrong_entry:I,J``,
``not_symmetric``, ``missing_point``, ``extra_point``, ``wrong_classification``,
``missing_classification``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import sympy

from calctutor.check.common import words_list
from calctutor.check.equivalence import equivalent
from calctutor.check.numbers import (
    Judgement,
    Tolerance,
    direction,
    judge_numerical,
    literal_for,
    rounding_words,
)
from calctutor.check.verdict import Verdict
from calctutor.notation.unicode import inline
from calctutor.optimization.critical import (
    normalize_label,
)
from calctutor.optimization.runs import (
    METHOD_NAMES,
    Hyper,
    Objective,
    compile_objective,
    run_objective,
)

__all__ = [
    "accepts",
    "check_hessian",
    "check_optimizer_step",
    "normalize_label",
    "numeric_value",
]

# The reference run is computed in double precision, as torch computes it (it agrees with torch to
# better than 1e-12 relative); this is the reference's own uncertainty, not an allowance.
RUN_UNCERTAINTY = sympy.Rational(1, 10**12)


def judge_coordinate(typed: Any, exact: float, literals: Sequence[str] = (),
                     tolerance: Tolerance | None = None) -> Judgement:  # fmt: skip
    """The numerical-answer rule of :mod:`calctutor.check.numbers` for one coordinate."""
    reference = sympy.Rational(exact)
    return judge_numerical(
        typed, literal_for(typed, literals), reference, tolerance, RUN_UNCERTAINTY
    )


def accepts(typed: Any, exact: float, literals: Sequence[str] = (),
            tolerance: Tolerance | None = None) -> bool:  # fmt: skip
    """True when a typed coordinate counts for the run's exact coordinate."""
    return judge_coordinate(typed, exact, literals, tolerance).ok


def numeric_value(expr: Any) -> float | None:
    """A typed component as a real float, or None when it is not a real number."""
    expr = sympy.sympify(expr, strict=True)
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
    return str(inline(value))


def show_values(values: Sequence[Any]) -> str:
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
    words = {"name": name, "m_factor": _factor(h.beta1), "v_factor": _factor(h.beta2)}
    return [(note, text.format(**words), change) for use, note, text, change in table if use]


def _factor(beta: float) -> str:
    """1 / (1 - beta) at t = 1, as the problem's numbers give it (10 for 0.9)."""
    value = sympy.Integer(1) / (1 - sympy.Rational(str(beta)))
    return str(value) if value.is_Integer else f"{float(value):.6g}"


_NO_BIAS = (
    "This is Adam without bias correction: divide m by 1 - beta1^t and v by 1 - beta2^t "
    "before the update (at t = 1 that multiplies m by {m_factor} and v by {v_factor})."
)
_NO_MOMENTUM = "This is a plain gradient step; {name} steps along its momentum, not along g alone."
_PLAIN = "This is a plain gradient step; RMSprop divides g by sqrt(s_t) + eps first."
_CLASSICAL = "This is ordinary momentum; Nesterov (as torch) steps along g_t + momentum * b_t."
_SIGN = "You moved uphill: the update is x <- x - lr * d; your point adds lr * d."
_STEPS = "This is the point after {}; the problem asks for {}."


def _steps(n: int) -> str:
    """'1 step', '3 steps'."""
    return f"{n} step" if n == 1 else f"{n} steps"


def _resembles(values: Sequence[Any], other: Sequence[float] | None) -> bool:
    """Within 0.1% per coordinate: only to name a mistake, never to accept an answer."""
    if other is None:
        return False
    return all(
        abs(float(v) - o) <= 1e-3 * max(abs(o), 1e-3) for v, o in zip(values, other, strict=True)
    )


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
    literals: Sequence[str] = (),
    tolerance: Tolerance | None = None,
) -> Verdict:
    """Check the point after ``steps`` updates of ``method`` (torch.optim).

    Each coordinate follows the numerical-answer rule (:mod:`calctutor.check.numbers`):
    ``literals`` are the decimals as typed (their digits count), ``tolerance`` the problem's.
    """
    point = _as_point(answer)
    read_as = show_values(point)
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
    typed = [sympy.sympify(c, strict=True) for c in point]
    return _judge_point(problem, typed, exact, read_as, literals, tolerance)


def _point_text(exact: Sequence[float]) -> str:
    """The run's point with 12 significant digits per coordinate (for ``expected``)."""
    return "(" + ", ".join(f"{c:.12g}" for c in exact) + ")"


def _judge_point(
    problem: _Problem,
    values: list[Any],
    exact: tuple[float, ...],
    read_as: str,
    literals: Sequence[str],
    tolerance: Tolerance | None,
) -> Verdict:
    """Correct, a recognised mistake, or the wrong components (never the right point)."""
    n = len(exact)
    expected = _point_text(exact)
    if len(values) != n:
        message = (
            f"The point should have {n} coordinates, one per variable; yours has {len(values)}."
        )
        return Verdict("incorrect", message, ("wrong_dimension",), read_as, expected=expected)
    judged = [
        judge_coordinate(v, e, literals, tolerance) for v, e in zip(values, exact, strict=True)
    ]
    if all(j.ok for j in judged):
        extra = f" (accepted {tolerance.words()})" if tolerance else ""
        return Verdict("correct", f"Correct{extra}.", read_as=read_as, expected=expected)
    wrong = tuple(f"wrong_component:{i + 1}" for i, j in enumerate(judged) if not j.ok)
    for note, message, change in _mistakes(problem):
        alternative = problem.final(**change)
        if _resembles(values, alternative) and not _resembles(exact, alternative):
            return Verdict("incorrect", message, (note, *wrong), read_as, expected=expected)
    message = _coordinates_off(problem, values, exact, judged, literals)
    return Verdict("incorrect", message, wrong, read_as, expected=expected)


def _coordinates_off(
    problem: _Problem,
    values: Sequence[Any],
    exact: Sequence[float],
    judged: Sequence[Judgement],
    literals: Sequence[str],
) -> str:
    """'Not quite: the x-coordinate is too big and the y-coordinate too small.'"""
    names = problem.objective.variables
    rough = [
        rounding_words(j, literal_for(v, literals) or "")
        for v, j in zip(values, judged, strict=True)
        if j.reason in ("too_few_digits", "wrong_last_digit")
    ]
    if rough:
        return rough[0]
    phrases = [
        f"the {names[i]}-coordinate is {direction(v, sympy.Rational(e))}"
        for i, (v, e, j) in enumerate(zip(values, exact, judged, strict=True))
        if not j.ok
    ]
    return f"Not quite: {words_list(phrases)}."


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
    read_as = inline(given)
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
        return Verdict("correct", "Correct.", read_as=read_as, expected=_matrix_text(exact))
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
    return Verdict("incorrect", message, tuple(notes), read_as, expected=_matrix_text(exact))


def _matrix_text(matrix: sympy.ImmutableMatrix) -> str:
    """[[a, b], [c, d]] with ^ for powers."""
    return str(sympy.sstr(matrix.tolist())).replace("**", "^")
