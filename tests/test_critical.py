"""Critical points and their Hessian-test classification."""

from __future__ import annotations

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from calctutor.optimization.critical import (
    CriticalPointsError,
    classify_all,
    classify_point,
    critical_points,
    hessian_matrix,
    inertia,
    normalize_label,
    solve_gradient,
)

x, y, z = sympy.symbols("x y z")


def kinds(f: sympy.Expr, variables: tuple[sympy.Symbol, ...]) -> dict[tuple[object, ...], str]:
    """Each critical point with its classification."""
    return {c.point: c.kind for c in classify_all(f, variables)}


def test_the_issue_example_has_two_critical_points() -> None:
    system = solve_gradient(x**3 + y**3 - 3 * x * y, (x, y))
    assert system.points == ((0, 0), (1, 1))
    assert system.complex_discarded == 2


def test_the_issue_example_is_a_saddle_and_a_minimum() -> None:
    assert kinds(x**3 + y**3 - 3 * x * y, (x, y)) == {(0, 0): "saddle", (1, 1): "min"}


def test_two_variable_test_numbers() -> None:
    c = classify_point(x**3 + y**3 - 3 * x * y, (x, y), (1, 1))
    assert c.hessian == sympy.ImmutableMatrix([[6, -3], [-3, 6]])
    assert c.det == 27
    assert c.trace == 12


@pytest.mark.parametrize(("f", "variables", "expected"), [
    (x**3 - 3 * x, (x,), {(-1,): "max", (1,): "min"}),
    (x**2 - y**2, (x, y), {(0, 0): "saddle"}),
    (-(x**2) - 2 * y**2 + 4 * y, (x, y), {(0, 1): "max"}),
    (x**4 + y**4, (x, y), {(0, 0): "degenerate"}),
    (x**3 - 3 * x * y**2, (x, y), {(0, 0): "degenerate"}),  # the monkey saddle
    (x**2 + y**2 + z**2 - x * y, (x, y, z), {(0, 0, 0): "min"}),
    (x**2 - y**2 + z**2, (x, y, z), {(0, 0, 0): "saddle"}),
    (x**4 - 2 * x**2 + y**2, (x, y), {(-1, 0): "min", (0, 0): "saddle", (1, 0): "min"}),
])  # fmt: skip
def test_classification(
    f: sympy.Expr, variables: tuple[sympy.Symbol, ...], expected: dict[tuple[int, ...], str]
) -> None:
    assert kinds(f, variables) == expected


def test_irrational_points_are_exact_and_sorted() -> None:
    f = x * y * sympy.exp(-(x**2) - y**2)
    found = kinds(f, (x, y))
    r = sympy.sqrt(2) / 2
    assert found == {
        (-r, -r): "max", (-r, r): "min", (0, 0): "saddle", (r, -r): "min", (r, r): "max",
    }  # fmt: skip
    assert next(iter(found)) == (-r, -r)


def test_no_real_critical_points() -> None:
    assert critical_points(x**3 + x, (x,)) == ()


@pytest.mark.parametrize(("f", "variables", "words"), [
    (sympy.sin(x), (x,), "periodic"),
    (sympy.cos(x) + y**2, (x, y), "periodic"),
    ((x - y) ** 2, (x, y), "infinitely many"),
    (x**2, (x, y), "infinitely many"),
    (x**2 * y, (x, y), "infinitely many"),
    (sympy.Integer(3), (x, y), "constant"),
])  # fmt: skip
def test_infinite_sets_are_refused_with_a_reason(
    f: sympy.Expr, variables: tuple[sympy.Symbol, ...], words: str
) -> None:
    with pytest.raises(CriticalPointsError, match=words):
        critical_points(f, variables)


@settings(max_examples=15, deadline=None)
@given(
    a=st.integers(-3, 3),
    b=st.integers(-3, 3),
    c=st.integers(1, 3),
)
def test_every_point_found_makes_the_gradient_vanish(a: int, b: int, c: int) -> None:
    f = x**3 + a * x * y + c * y**2 + b * x
    for point in critical_points(f, (x, y)):
        subs = dict(zip((x, y), point, strict=True))
        assert all(sympy.simplify(sympy.diff(f, v).subs(subs)) == 0 for v in (x, y))


symmetric_entries = st.integers(-4, 4)


@settings(max_examples=40, deadline=None)
@given(entries=st.lists(symmetric_entries, min_size=6, max_size=6))
def test_inertia_agrees_with_numeric_eigenvalues(entries: list[int]) -> None:
    a, b, c, d, e, f = entries
    rows = [[a, b, c], [b, d, e], [c, e, f]]
    eigenvalues, _ = mpmath.eigsy(mpmath.matrix(rows))
    values = [float(v) for v in eigenvalues]
    expected = (
        sum(v > 1e-9 for v in values),
        sum(v < -1e-9 for v in values),
        sum(abs(v) <= 1e-9 for v in values),
    )
    assert inertia(sympy.Matrix(rows)) == expected


def test_inertia_with_irrational_entries() -> None:
    assert inertia(sympy.Matrix([[sympy.sqrt(2), 1], [1, sympy.sqrt(2) / 2]])) == (1, 0, 1)


def test_hessian_matrix_in_variable_order() -> None:
    h = hessian_matrix(x**2 * y + sympy.exp(y), (y, x))
    assert h == sympy.ImmutableMatrix([[sympy.exp(y), 2 * x], [2 * x, 2 * y]])


@pytest.mark.parametrize(("word", "kind"), [
    ("min", "min"), ("Local  Minimum", "min"), ("maximum", "max"), ("saddle point", "saddle"),
    ("inconclusive", "degenerate"), ("bowl", None),
])  # fmt: skip
def test_label_words(word: str, kind: str | None) -> None:
    assert normalize_label(word) == kind
