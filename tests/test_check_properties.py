"""Hypothesis: a derivative in any style is accepted, F + C too; perturbations are rejected."""

from __future__ import annotations

import random
from typing import Any

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calctutor.check import check_now
from calctutor.sets.model import Problem

x = sympy.Symbol("x")
UNARY = (
    sympy.sin,
    sympy.cos,
    sympy.exp,
    lambda u: sympy.log(u**2 + 1),
    lambda u: sympy.sqrt(u**2 + 1),
)
LEAVES = st.sampled_from([x, 2 * x, x + 1, 3 * x - 2, sympy.Rational(1, 2) * x])


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Sums, products, small powers and compositions of smaller functions."""
    return st.one_of(
        st.tuples(children, children).map(lambda p: p[0] + p[1]),
        st.tuples(children, children).map(lambda p: p[0] * p[1]),
        st.tuples(children, st.integers(2, 3)).map(lambda p: p[0] ** p[1]),
        st.tuples(st.sampled_from(UNARY), children).map(lambda p: p[0](p[1])),
    )


FUNCTIONS = st.recursive(LEAVES, _extend, max_leaves=4).filter(lambda f: f.has(x))
STYLES = (
    lambda e: sympy.sstr(e),
    lambda e: sympy.sstr(e).replace("**", "^"),
    lambda e: sympy.sstr(e).replace("**", "^").replace("*", " "),
    lambda e: sympy.sstr(sympy.expand(e)),
)
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(kind: str, expr: Any, answer: str) -> str:
    """The verdict of one answer to d/dx expr or ∫ expr dx."""
    problem = Problem(id="h", kind=kind, expr=sympy.sstr(expr), var="x")
    return check_now(problem, answer, random.Random(0)).verdict


@SETTINGS
@given(FUNCTIONS, st.sampled_from(STYLES))
def test_the_derivative_in_any_style_is_accepted(f: Any, style: Any) -> None:
    assert _check("derivative", f, style(sympy.diff(f, x))) == "correct"


@SETTINGS
@given(FUNCTIONS, st.sampled_from(STYLES))
def test_an_antiderivative_plus_c_is_accepted(big_f: Any, style: Any) -> None:
    assert _check("integral", sympy.diff(big_f, x), style(big_f) + " + C") == "correct"


@SETTINGS
@given(FUNCTIONS, st.sampled_from([2, 3, sympy.Rational(1, 2), -1]), st.booleans())
def test_a_perturbed_derivative_is_rejected(f: Any, k: Any, add: bool) -> None:
    right = sympy.diff(f, x)
    wrong = right + k * x if add else k * right
    if sympy.expand(right) == 0:
        return
    assert _check("derivative", f, sympy.sstr(wrong)) != "correct"


@SETTINGS
@given(FUNCTIONS, st.sampled_from([2, 3, -1]))
def test_a_perturbed_antiderivative_is_rejected(big_f: Any, k: Any) -> None:
    integrand = sympy.diff(big_f, x)
    if sympy.expand((k - 1) * integrand + 1) == 0:
        return  # k·F + x happens to be another antiderivative
    assert _check("integral", integrand, sympy.sstr(k * big_f + x) + " + C") != "correct"
