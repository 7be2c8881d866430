"""Worked limits: each rule checks its form first, and every value is checked against SymPy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from calctutor.steps import limit_algebra as algebra
from calctutor.steps import limit_basic as basic
from calctutor.steps import limit_forms as forms
from calctutor.steps.limit_context import (
    DOES_NOT_EXIST,
    Found,
    GiveUp,
    LimitContext,
    same_value,
    value_text,
)
from calctutor.steps.model import Solution, Step

Rule = Callable[[Any, LimitContext, Any], Found | None]

# The textbook's order: no form at all first, then algebra, standard limits, L'Hôpital last.
RULES: tuple[Rule, ...] = (
    basic.constant,
    basic.substitution,
    basic.at_infinity,
    basic.sides,
    basic.infinite_quotient,
    basic.oscillation,
    algebra.reflect,
    algebra.absolute_value,
    basic.squeeze,
    forms.exponent_form,
    algebra.factor_cancel,
    algebra.conjugate,
    algebra.common_denominator,
    algebra.dominant_terms,
    forms.standard_limit,
    algebra.zero_times_infinity,
    forms.lhopital,
    algebra.factor_dominant,
    basic.laws,
)


def work(f: Any, ctx: LimitContext) -> Found:
    """The first rule whose value agrees with SymPy's limit; GiveUp when none does."""
    truth = ctx.truth(f)
    if truth is None:
        raise GiveUp(f"SymPy cannot find the limit of {f} either")
    for rule in RULES:
        try:
            found = rule(f, ctx, work)
        except GiveUp:
            continue
        if found is not None and same_value(found.value, truth):
            return found
    raise GiveUp(f"no worked rule fits the limit of {f}")


def limit_solution(f: Any, var: sympy.Symbol, point: Any, side: str = "+-") -> Solution:
    """lim f as var → point from ``side`` ("+", "-" or "+-"), worked step by step.

    The result is the value (a number or ±∞) or DOES_NOT_EXIST; when no worked rule reaches
    SymPy's value the solution is incomplete and gives SymPy's value.
    """
    point = sympy.sympify(point, strict=True)
    ctx = LimitContext(var, point, _side(point, side))
    question = ctx.limit(f)
    try:
        found = work(f, ctx)
    except GiveUp as error:
        return _unworked(question, ctx.truth(f), str(error))
    text = f"The limit {value_text(found.value)}" if found.value == DOES_NOT_EXIST else ""
    steps = found.steps + ((Step("conclusion", text, None, None),) if text else ())
    return Solution("limit", question, found.value, steps)


def _side(point: Any, side: str) -> str:
    """SymPy's direction: from below for +∞, from above for −∞, else as given."""
    if point == sympy.oo:
        return "-"
    if point == -sympy.oo:
        return "+"
    return side


def _unworked(question: Any, truth: Any, why: str) -> Solution:
    """SymPy's value without worked steps (complete=False), or no result at all."""
    if truth is None:
        return Solution("limit", question, None, (), False, why)
    text = f"SymPy's limit gives {value_text(truth)}"
    step = Step("SymPy's limit", text, question, None if isinstance(truth, str) else truth)
    return Solution("limit", question, truth, (step,), False, why)
