"""The checkable facts that limit and ODE steps state are checked here, over many examples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sympy

from calctutor.notation import to_unicode
from calctutor.steps.limit import limit_solution
from calctutor.steps.model import Step
from calctutor.steps.ode import ode_solution

x = sympy.Symbol("x")
y = sympy.Function("y")
Y = y(x)


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step of a tree, depth first."""
    for s in steps:
        yield s
        yield from walk(s.substeps)


@pytest.mark.parametrize(
    ("f", "point", "side"),
    [
        (1 / x, 0, "+"),
        (1 / x, 0, "-"),
        (-1 / x**2, 0, "+-"),
        ((x + 1) / (x - 2), 2, "-"),
        (sympy.exp(x) / (1 - x), 1, "+"),
        (1 / x - 1 / x**3, 0, "+"),
    ],
)
def test_an_infinite_limit_states_the_true_sign_of_the_denominator(
    f: sympy.Expr, point: int, side: str
) -> None:
    sol = limit_solution(f, x, point, side)
    stated = [s for s in walk(sol.steps) if s.rule == "infinite limit"]
    assert stated, "no infinite-limit step to check"
    for step in stated:
        limit = step.before
        _, d = sympy.fraction(limit.args[0])
        direction = limit.args[3].name if hasattr(limit.args[3], "name") else str(limit.args[3])
        offsets = [sympy.Rational(1, 10**k) for k in range(3, 7)]
        signs = set()
        for h in offsets:
            for s in [1] if direction == "+" else [-1] if direction == "-" else [1, -1]:
                signs.add(sympy.sign(d.subs(x, point + s * h)))
        said = "positive" if "through positive" in to_unicode(step.text) else "negative"
        assert signs == ({1} if said == "positive" else {-1}), (f, step.text)


@pytest.mark.parametrize(
    "equation",
    [
        sympy.Derivative(Y, x) + Y / x - Y**2,
        sympy.Derivative(Y, x) + Y - sympy.exp(x) * Y**2,
        x * sympy.Derivative(Y, x) + Y - x**3 * Y**3,
    ],
)
def test_the_solution_bernoulli_sets_aside_is_one(equation: sympy.Expr) -> None:
    sol = ode_solution(sympy.Eq(equation, 0), Y, x)
    assert "y = 0 is a solution" in to_unicode(sol.steps[0].text)
    assert sympy.simplify(equation.subs(Y, 0).doit()) == 0


@pytest.mark.parametrize(
    "rhs", [(x**2 + Y**2) / (x * Y), (Y**2 + x * Y) / x**2, (Y - x) / (Y + x), Y / x + x / Y]
)
def test_the_solutions_homogeneous_sets_aside_are_solutions(rhs: sympy.Expr) -> None:
    """y = r·x for each root of F(v) = v (none for some of these: then nothing is claimed)."""
    sol = ode_solution(sympy.Eq(sympy.Derivative(Y, x), rhs), Y, x)
    for step in walk(sol.steps):
        if step.rule != "substitution y = v x":
            continue
        maths = [m.value for m in step.text.maths()] if hasattr(step.text, "maths") else []
        for lost in (m for m in maths if isinstance(m, sympy.Eq) and m.lhs == sympy.Symbol("y")):
            candidate = lost.rhs
            residual = sympy.diff(candidate, x) - rhs.subs(Y, candidate)
            assert sympy.simplify(residual) == 0, lost


@pytest.mark.parametrize(
    "equation",
    [
        (2 * x * Y + Y**2) + (x**2 + 2 * x * Y) * sympy.Derivative(Y, x),
        (3 * x**2 * Y + 2 * x * Y + Y**3) + (x**2 + Y**2) * sympy.Derivative(Y, x),
        Y + (2 * x - Y * sympy.exp(Y)) * sympy.Derivative(Y, x),
    ],
)
def test_exactness_as_stated(equation: sympy.Expr) -> None:
    sol = ode_solution(sympy.Eq(equation, 0), Y, x)
    (exact,) = [s for s in walk(sol.steps) if s.rule == "exact equation"]
    m, n = [mm.value for mm in exact.text.maths()][:2]
    ys = sympy.Symbol("y")
    assert sympy.simplify(sympy.diff(m, ys) - sympy.diff(n, x)) == 0
    factor = [s for s in walk(sol.steps) if s.rule == "integrating factor"]
    if factor:
        mu = factor[0].after
        original_m = equation.subs(sympy.Derivative(Y, x), 0).subs(Y, ys)
        assert sympy.simplify(m - mu * original_m) == 0
