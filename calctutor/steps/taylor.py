"""Taylor polynomials: the derivative table at the centre, f⁽ᵏ⁾(a)/k!, the polynomial.

Where f is a known series with something else put in (e^(-x²)) or a product of known series
(sin x · eˣ), composing those series is the shorter way, and that is what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product
from math import factorial, prod
from typing import Any

import sympy

from calctutor.notation import join, math, prose
from calctutor.steps.model import Solution, Step
from calctutor.steps.taylor_known import composed

SIMPLIFY_OPS = 60
_K = sympy.Symbol("k")


def taylor_solution(
    f: Any, variables: Sequence[sympy.Symbol], centre: Sequence[Any], degree: int
) -> Solution:
    """The Taylor polynomial of f of the given degree about ``centre`` (one value per variable)."""
    xs, point = tuple(variables), tuple(sympy.sympify(c, strict=True) for c in centre)
    truth = _true_polynomial(f, xs, point, degree)
    question = f
    if all(c == 0 for c in point):
        shorter = composed(f, xs, degree)
        if shorter is not None and _same(shorter[1], truth):
            steps, result = shorter
            return Solution("taylor", question, result, (*steps, _check(truth)))
    if len(xs) == 1:
        steps, result = _table(f, xs[0], point[0], degree)
    else:
        steps, result = _partials_table(f, xs, point, degree)
    if not _same(result, truth):
        note = "the derivative table does not reproduce SymPy's series"
        return Solution("taylor", question, truth, tuple(steps), False, note)
    return Solution("taylor", question, result, (*steps, _check(truth)))


def _same(a: Any, b: Any) -> bool:
    """True when two polynomials are equal."""
    return bool(sympy.expand(a - b) == 0)


def _check(truth: Any) -> Step:
    """The last step: the polynomial agrees with SymPy's series."""
    return Step("check", "SymPy's series expansion gives the same polynomial", None, None)


def _true_polynomial(f: Any, xs: tuple[Any, ...], point: tuple[Any, ...], degree: int) -> Any:
    """SymPy's Taylor polynomial: f(a + t(x − a)) expanded in t to t^degree, then t = 1."""
    t = sympy.Dummy("t")
    moved = f.subs({x: a + t * (x - a) for x, a in zip(xs, point, strict=True)}, simultaneous=True)
    series = sympy.series(moved, t, 0, degree + 1).removeO()
    return sympy.expand(series.subs(t, 1))


def _tidy(expr: Any) -> Any:
    """A derivative in a readable form (simplify only while it is small)."""
    if sympy.count_ops(expr) > SIMPLIFY_OPS:
        return sympy.factor_terms(expr)
    return min((expr, sympy.simplify(expr), sympy.factor(expr)), key=sympy.count_ops)


def _order_name(k: int) -> str:
    """f, f′, f″, f‴, then f⁽ᵏ⁾ with k in superscript digits."""
    marks = {0: "", 1: "′", 2: "″", 3: "‴"}
    superscript = str(k).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return "f" + marks.get(k, f"⁽{superscript}⁾")


def _table(f: Any, x: sympy.Symbol, a: Any, degree: int) -> tuple[list[Step], Any]:
    """One row per derivative: f⁽ᵏ⁾(x), its value at a, the coefficient f⁽ᵏ⁾(a)/k!."""
    rows, coefficients, current = [], [], f
    for k in range(degree + 1):
        if k:
            current = _tidy(sympy.diff(current, x))
        value = sympy.simplify(current.subs(x, a))
        coefficient = value / factorial(k)
        coefficients.append(coefficient)
        name = _order_name(k)
        text = prose(
            f"{name}(", math(x), ") = ", math(current), f", so {name}(", math(a), ") = ",
            math(value), " and the coefficient is ", math(value), f"/{k}! = ", math(coefficient),
        )  # fmt: skip
        rows.append(Step(f"order {k}", text))
    text = prose(
        f"Differentiate {degree} times and evaluate at ", math(sympy.Eq(x, a)),
        "; the coefficient of ", math((x - a) ** _K), " is f⁽ᵏ⁾(", math(a), ")/k!",
    )  # fmt: skip
    table = Step("derivative table", text, None, None, tuple(rows))
    terms = [c * (x - a) ** k for k, c in enumerate(coefficients) if c != 0]
    result = sympy.Add(*terms) if a == 0 else sympy.Add(*terms, evaluate=False)
    shown = prose(
        "Assemble the coefficients: ", f"P{degree}(", math(x), ") = Σ f⁽ᵏ⁾(", math(a), ")/k! · ",
        math((x - a) ** _K), f" for k = 0, …, {degree}",
    )  # fmt: skip
    return [table, Step("Taylor polynomial", shown, None, result)], result


def _partials_table(
    f: Any, xs: tuple[Any, ...], point: tuple[Any, ...], degree: int
) -> tuple[list[Step], Any]:
    """Several variables: every partial of order k at the point, over α! for each multi-index."""
    at = dict(zip(xs, point, strict=True))
    steps, terms = [], []
    for k in range(degree + 1):
        rows = []
        for alpha in _multi_indices(len(xs), k):
            derivative = f
            for x, times in zip(xs, alpha, strict=True):
                derivative = sympy.diff(derivative, x, times) if times else derivative
            value = sympy.simplify(derivative.subs(at))
            weight = prod(factorial(i) for i in alpha)
            monomial = sympy.Mul(*[(x - at[x]) ** i for x, i in zip(xs, alpha, strict=True)])
            terms.append(value / weight * monomial)
            label = _partial_label(xs, alpha)
            rows.append(prose(f"{label} = ", math(_tidy(derivative)), ", at the point ",
                              math(value)))  # fmt: skip
        text = prose(f"Order {k} at ", math(sympy.Tuple(*point)), ": ", join(rows, "; "))
        steps.append(Step(f"order {k} partials", text, None, None))
    result = sympy.Add(*[t for t in terms if t != 0])
    text = prose(
        "Assemble P = Σ ∂^α f(a)/α! (x − a)^α over the partials above (for degree 2: "
        "f(a) + ∇f(a)·(x − a) + ½ (x − a)ᵀ H(a) (x − a))"
    )
    return [*steps, Step("Taylor polynomial", text, None, result)], result


def _multi_indices(n: int, k: int) -> list[tuple[int, ...]]:
    """Every (α₁, …, αₙ) of non-negative integers summing to k, highest first power first."""
    return sorted((a for a in product(range(k + 1), repeat=n) if sum(a) == k), reverse=True)


def _partial_label(xs: tuple[Any, ...], alpha: tuple[int, ...]) -> str:
    """f, f_x, f_xy, f_yy for the multi-index alpha."""
    letters = "".join(str(x) * i for x, i in zip(xs, alpha, strict=True))
    return f"f_{letters}" if letters else "f"
