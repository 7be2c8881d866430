"""Improper integrals: each limit written out and justified; the time limit gives up honestly."""

from __future__ import annotations

import time

import pytest
import sympy
from sympy import exp, log, oo, sqrt

from calctutor.steps.integral import definite_integral_solution, integral_solution
from calctutor.steps.integral.derivation import fmt
from calctutor.steps.integral.limit_reasons import Approach, limit_reasons, term_reason

x = sympy.Symbol("x")
t = sympy.Symbol("t", real=True)


def _texts(solution: sympy.Basic) -> list[str]:
    """Every step text of a solution, depth first."""
    out: list[str] = []
    stack = list(solution.steps)
    while stack:
        step = stack.pop(0)
        out.append(step.text)
        stack = list(step.substeps) + stack
    return out


def test_log_on_unit_interval_justifies_t_log_t() -> None:
    """∫₀¹ ln x dx: the limit t ln t → 0 is argued (0·∞, L'Hôpital), not just asserted."""
    solution = definite_integral_solution(log(x), x, 0, 1)
    assert solution.result == -1
    texts = " ".join(_texts(solution))
    assert f"lim t→0⁺ ∫ from t to 1 of {fmt(log(x))} dx" in texts
    assert "0·∞" in texts and "L'Hôpital" in texts
    assert "oo" not in texts


def test_infinite_bound_is_written_as_a_limit() -> None:
    """∫₁^∞ dx/x² = lim t→∞ ∫₁ᵗ: the bound is t, the limit is named with ∞, not 'oo'."""
    solution = definite_integral_solution(1 / x**2, x, 1, oo)
    texts = " ".join(_texts(solution))
    assert "lim t→∞ ∫ from 1 to t of" in texts
    assert "oo" not in texts
    assert solution.result == 1


def test_numbers_are_put_in() -> None:
    """F(b) − F(a) shows F at the numbers before the values."""
    solution = definite_integral_solution(x**2, x, 0, 3)
    ftc = solution.steps[-1]
    put_in = fmt((x**3 / 3).xreplace({x: sympy.UnevaluatedExpr(3)}))
    assert "F(3) − F(0)" in ftc.text and put_in in ftc.text
    assert solution.result == 9


@pytest.mark.parametrize(
    ("term", "point", "direction", "form"),
    [
        (t * log(t), 0, "+", "0·∞"),
        (t**2 * exp(-t), oo, "+", "∞/∞"),
        (sympy.sin(t) / t, 0, "+", "0/0"),
        (log(t) / t, oo, "+", "∞/∞"),
    ],
)
def test_named_forms_are_true(
    term: sympy.Expr, point: sympy.Expr, direction: str, form: str
) -> None:
    """The form a sentence names is the form the parts really have, and the value is the limit."""
    how = Approach(t, point, direction)
    value, reason = term_reason(term, how)
    assert value == sympy.limit(term, t, point, direction)
    assert form in reason
    numer, denom = sympy.fraction(sympy.together(term))
    parts = [how.limit(numer), how.limit(denom)]
    if form == "0/0":
        assert parts == [0, 0]
    if form == "∞/∞":
        assert all(abs(p) == oo for p in parts)


def test_infinite_minus_infinite_is_combined() -> None:
    """log t − log(t + 1): the terms are ∞ − ∞, the combined term's limit is given."""
    tp = sympy.Symbol("t", positive=True)
    value, reasons = limit_reasons(log(tp) - log(tp + 1), Approach(tp, oo))
    assert value == 0
    assert "∞ − ∞" in reasons[0]


def test_divergence_keeps_its_limit_argument() -> None:
    """∫₁^∞ dx/x diverges, and the step says which limit is infinite."""
    solution = definite_integral_solution(1 / x, x, 1, oo)
    assert solution.note == "diverges"
    assert solution.steps[-1].substeps, "the infinite limit is shown"
    assert "∞" in solution.steps[-1].substeps[0].text


def test_time_limit_gives_up_with_a_reason() -> None:
    """Past its limit a solve stops soon, incomplete, with a step that says why."""
    f = sqrt(sympy.tan(x)) / (1 + sympy.cos(x) ** 3)
    started = time.process_time()
    solution = integral_solution(f, x, limit=0.2)
    assert time.process_time() - started < 5
    assert not solution.complete and solution.result is None
    assert solution.steps[0].rule == "time limit"
    assert "gave up" in solution.steps[0].text
