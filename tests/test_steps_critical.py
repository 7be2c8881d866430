"""Critical points: the gradient worked once, periodic families with k ∈ ℤ, compact output."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sympy

from calctutor.notation import to_unicode
from calctutor.steps.critical import critical_points_solution
from calctutor.steps.critical_families import integers_in, periodic_families
from calctutor.steps.model import Solution, Step

x, y = sympy.symbols("x y")
k = sympy.Symbol("k", integer=True)


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step of a tree, depth first."""
    for s in steps:
        yield s
        yield from walk(s.substeps)


def text(sol: Solution) -> str:
    """Every sentence, as the terminal shows it."""
    return " ".join(to_unicode(s.text) for s in walk(sol.steps))


def test_the_gradient_is_worked_out_once() -> None:
    sol = critical_points_solution(x**3 - 3 * x + y**2, (x, y))
    rules = [s.rule for s in walk(sol.steps)]
    assert rules.count("partial derivative") == 2
    assert rules.count("second partial") == 3
    assert sol.result == (((-1, 0), "saddle"), ((1, 0), "min"))


def test_sin_x_plus_y_squared_gives_families() -> None:
    sol = critical_points_solution(sympy.sin(x) + y**2, (x, y))
    assert sol.complete and sol.result is not None
    assert "π/2 + πk" in text(sol) or "πk + π/2" in text(sol)
    assert "k ∈ ℤ" in text(sol)
    kinds = {kind for _, kind in sol.result}
    assert kinds == {"saddle", "min"}
    for point, kind in sol.result:
        for value in range(-2, 3):
            at = [sympy.sympify(c).subs(k, value) for c in point]
            gradient = [
                sympy.diff(sympy.sin(x) + y**2, v).subs(dict(zip((x, y), at, strict=True)))
                for v in (x, y)
            ]
            assert all(g == 0 for g in gradient)
            fxx = -sympy.sin(at[0])
            assert (kind == "min") == (fxx > 0)


@pytest.mark.parametrize(
    ("f", "count"),
    [
        (sympy.sin(x) + y**2, 1),
        (sympy.sin(x) + sympy.cos(y), 1),
        (sympy.sin(x) ** 2 + y**2, 1),
        (sympy.cos(2 * x) + y**3 - 3 * y, 2),
    ],
)
def test_families_cover_every_solution_once(f: sympy.Expr, count: int) -> None:
    gradient = [sympy.diff(f, v) for v in (x, y)]
    families = periodic_families(gradient, (x, y))
    assert families is not None and len(families) == count
    for point in families:
        names = integers_in(point)
        for values in [(0,) * len(names), (1,) * len(names), (-3,) * len(names)]:
            at = {
                v: c.subs(dict(zip(names, values, strict=True)))
                for v, c in zip((x, y), point, strict=True)
            }
            assert all(sympy.simplify(g.subs(at)) == 0 for g in gradient)
    # every zero of cos x in [−10, 10] is some member of the x-family
    if f == sympy.sin(x) + y**2:
        (point,) = families
        members = {float(point[0].subs(k, j)) for j in range(-5, 5)}
        for j in range(-3, 3):
            assert any(abs(m - float(sympy.pi / 2 + j * sympy.pi)) < 1e-12 for m in members)


def test_coupled_periodic_systems_stay_incomplete_with_a_reason() -> None:
    sol = critical_points_solution(sympy.sin(x) * y, (x, y))
    assert not sol.complete and sol.result is None and "periodic" in sol.note


def test_unclassified_families() -> None:
    sol = critical_points_solution(sympy.sin(x) + y**2, (x, y), classify=False)
    assert sol.complete and len(sol.result) == 1
