"""Checking answers to optimizer_step, hessian and critical_points problems.

Every function takes the problem's values already parsed (SymPy objects and numbers) and the
student's answer already read by ``calctutor.expr.parse_answer``; only
:mod:`calctutor.check.critical_points` reads the text of classified points.

Notes name the recognised mistakes: ``no_bias_correction``, ``no_momentum``,
``plain_gradient_step``, ``classical_momentum``, ``no_dampening``, ``no_weight_decay``,
``coupled_weight_decay``, ``not_centered``, ``no_amsgrad``, ``no_lr_decay``, ``no_schedule``,
``sign_error``, ``wrong_step_count``,
``wrong_component:N`` (1-based), ``wrong_dimension``, ``wrong_shape``, ``wrong_entry:I,J``,
``not_symmetric``, ``missing_point``, ``extra_point``, ``wrong_classification``,
``missing_classification``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
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
    OptimizeError,
    Optimizer,
    Schedule,
    compile_objective,
    make_optimizer,
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
    optimizer: Optimizer
    start: tuple[float, ...]
    steps: int

    def final(self, steps: int | None = None, **changes: Any) -> tuple[float, ...] | None:
        """The point after the steps, the optimizer's fields replaced; None if the run breaks."""
        optimizer = replace(self.optimizer, **changes) if changes else self.optimizer
        n = self.steps if steps is None else steps
        try:
            trace = run_objective(self.objective, optimizer, self.start, n, judge=False)
        except OptimizeError:
            return None
        return trace.final if len(trace.points) == n + 1 else None


def _float(value: Any, what: str) -> float:
    """A problem number (SymPy or float) as a float."""
    number = numeric_value(value)
    if number is None:
        raise ValueError(f"{what} must be a real number, not {value}")
    return number


Change = dict[str, Any]


def _mistakes(problem: _Problem) -> list[tuple[str, str, Change]]:
    """The classic wrong answers: (note, message in this problem's numbers, the change)."""
    o, n = problem.optimizer, problem.steps
    h, m = o.hyper, o.method
    table: list[tuple[bool, str, str, Change]] = [
        (m in ("adam", "adamw"), "no_bias_correction", _no_bias(h),
         {"hyper": replace(h, bias_correction=False)}),
        (_has_momentum(o), "no_momentum", _NO_MOMENTUM.format(name=METHOD_NAMES[o.name]),
         _plain(o)),
        (m == "rmsprop", "plain_gradient_step", _PLAIN, _plain(o)),
        (m == "sgd" and h.nesterov, "classical_momentum", _CLASSICAL.format(mu=h.momentum),
         {"hyper": replace(h, nesterov=False)}),
        (m == "sgd" and h.momentum != 0 and h.dampening != 0, "no_dampening",
         _DAMPENING.format(tau=h.dampening, keep=1 - h.dampening),
         {"hyper": replace(h, dampening=0.0)}),
        (h.weight_decay != 0 and m != "adamw", "no_weight_decay",
         _DECAY.format(wd=h.weight_decay), {"hyper": replace(h, weight_decay=0.0)}),
        (m == "adamw" and h.weight_decay != 0, "no_weight_decay",
         _DECOUPLED.format(wd=h.weight_decay, factor=1 - o.lr * h.weight_decay),
         {"hyper": replace(h, weight_decay=0.0)}),
        (m == "adamw" and h.weight_decay != 0, "coupled_weight_decay",
         _COUPLED.format(factor=1 - o.lr * h.weight_decay), {"method": "adam", "name": "adam"}),
        (m == "rmsprop" and h.centered, "not_centered", _CENTERED,
         {"hyper": replace(h, centered=False)}),
        (h.amsgrad, "no_amsgrad", _AMSGRAD, {"hyper": replace(h, amsgrad=False)}),
        (m == "adagrad" and h.lr_decay != 0, "no_lr_decay", _LR_DECAY.format(d=h.lr_decay),
         {"hyper": replace(h, lr_decay=0.0)}),
        (o.schedule is not None, "no_schedule", _schedule_text(o, n), {"schedule": None}),
        (True, "sign_error", _SIGN_MAX if h.maximize else _SIGN,
         {"hyper": replace(h, maximize=not h.maximize)}),
    ]  # fmt: skip
    out = [(note, text, change) for use, note, text, change in table if use]
    if n >= 1:
        out.append(("wrong_step_count", _STEPS.format(_steps(n - 1), n), {"steps": n - 1}))
    out.append(("wrong_step_count", _STEPS.format(_steps(n + 1), n), {"steps": n + 1}))
    return out


def _has_momentum(o: Optimizer) -> bool:
    """The method keeps a momentum-like average of past gradients."""
    return o.method in ("adam", "adamw") or (
        o.method in ("sgd", "rmsprop") and o.hyper.momentum != 0
    )


def _plain(o: Optimizer) -> Change:
    """The change that turns the run into plain gradient descent with the same lr."""
    return {"method": "sgd", "name": "gd", "hyper": Hyper(), "schedule": o.schedule}


def _no_bias(h: Hyper) -> str:
    """The bias-correction message with this problem's betas."""
    return (
        f"This is Adam without bias correction: divide m by 1 - beta1^t and v by 1 - beta2^t "
        f"before the update (with betas = ({h.beta1:g}, {h.beta2:g}), at t = 1 that multiplies "
        f"m by {_factor(h.beta1)} and v by {_factor(h.beta2)})."
    )


def _factor(beta: float) -> str:
    """1 / (1 - beta) at t = 1, as the problem's numbers give it (10 for 0.9)."""
    value = sympy.Integer(1) / (1 - sympy.Rational(str(beta)))
    return str(value) if value.is_Integer else f"{float(value):.6g}"


def _schedule_text(o: Optimizer, n: int) -> str:
    """The schedule message with this problem's learning rates."""
    if o.schedule is None:
        return ""
    rates = ", ".join(f"{r:.6g}" for r in o.rates(max(n, 1))[:6])
    return (f"You kept lr fixed; {o.schedule.text()} changes it after every step: the rates of "
            f"the steps are {rates}{', …' if n > 6 else ''}.")  # fmt: skip


_NO_MOMENTUM = "This is a plain gradient step; {name} steps along its momentum, not along g alone."
_PLAIN = "This is a plain gradient step; RMSprop divides g by sqrt(s_t) + eps first."
_CLASSICAL = (
    "This is ordinary momentum; Nesterov (as torch) steps along g_t + {mu:g} * b_t, not b_t."
)
_DAMPENING = (
    "You left out dampening = {tau:g}: from the second step on torch adds only "
    "{keep:g} * g_t to the momentum buffer (b_t = momentum * b_(t-1) + {keep:g} * g_t)."
)
_DECAY = "You left out weight_decay = {wd:g}: torch adds {wd:g} * x to the gradient first."
_DECOUPLED = (
    "You left out weight_decay = {wd:g}: AdamW first multiplies the point by "
    "1 - lr * weight_decay = {factor:.6g}."
)
_COUPLED = (
    "This is Adam's L2 weight decay (added to the gradient); AdamW decays the point itself, "
    "x <- {factor:.6g} * x, before the Adam step."
)
_CENTERED = (
    "This is uncentered RMSprop; centered=True divides by sqrt(s_t - gbar_t^2) + eps, "
    "where gbar_t is the running mean of the gradient."
)
_AMSGRAD = "With amsgrad=True the denominator uses the running maximum of v_t, not v_t itself."
_LR_DECAY = "Adagrad decays the rate: step t uses lr / (1 + (t - 1) * {d:g}); you kept lr fixed."
_SIGN = "You moved uphill: the update is x <- x - lr * d; your point adds lr * d."
_SIGN_MAX = "You moved downhill: with maximize=True torch steps along +gradient (x <- x + lr * d)."
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
    options: Mapping[str, Any] | None = None,
    schedule: Schedule | None = None,
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
    optimizer = make_optimizer(method, _float(lr, "lr"), options, schedule)
    problem = _Problem(
        compile_objective(expr, variables), optimizer,
        tuple(_float(c, "start") for c in start), steps,
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
