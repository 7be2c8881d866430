"""Inverse-function families and the textbook sub-steps of substitution and trig substitution."""

from __future__ import annotations

import pytest
import sympy
from sympy import acosh, asin, asinh, atan, atanh, cos, exp, sqrt, tanh

from calctutor.steps.integral import integral_solution, verify_antiderivative
from calctutor.steps.integral.derivation import differential, fmt, integral_text
from calctutor.steps.integral.partial_fractions import decompose
from calctutor.steps.model import Solution, Step

x = sympy.Symbol("x")


def _solve(f: sympy.Expr) -> Solution:
    """The rule search alone (no SymPy fallback), checked by differentiation."""
    solution = integral_solution(f, x, budget_seconds=4.0, fallback=False)
    assert solution.complete, f
    assert verify_antiderivative(solution.result, f, x)
    return solution


def _all_steps(solution: Solution) -> list[Step]:
    """Every step, depth first."""
    out: list[Step] = []
    stack = list(solution.steps)
    while stack:
        step = stack.pop(0)
        out.append(step)
        stack = list(step.substeps) + stack
    return out


def _rules(solution: Solution) -> list[str]:
    """Every rule name in the tree."""
    return [s.rule for s in _all_steps(solution)]


@pytest.mark.parametrize(
    ("f", "substitution"),
    [
        (asinh(x) ** 2, "sinh(t)"),
        ((1 + 2 * acosh(x)) ** 2 / sqrt(x**2 - 1), None),
        (x**2 * asinh(3 * x) ** 2, "sinh(t)"),
        (acosh(2 * x) ** 2, "cosh(t)"),
        (atanh(x) / (1 - x**2) ** 2, "tanh(t)"),
        (asin(x) ** 3, "sin(t)"),
        (x * (1 + asin(x)) ** 2, "sin(t)"),
    ],
)
def test_inverse_function_substitution(f: sympy.Expr, substitution: str | None) -> None:
    """Powers of an inverse function: t = G(x) turns them into polynomials in t times sinh, cos …"""
    solution = _solve(f)
    if substitution is not None:
        step = next(s for s in _all_steps(solution) if s.rule == "inverse-function substitution")
        t = sympy.Symbol("t")
        forward = sympy.sympify(substitution, locals={"t": t})  # a literal of this test
        assert f"x = {fmt(forward)}" in step.substeps[0].text


@pytest.mark.parametrize(
    ("atom", "branch"),
    [(asinh(x), "cosh t > 0"), (acosh(x), "sinh t ≥ 0"), (asin(x), "cos t ≥ 0")],
)
def test_branch_sentence_is_true(atom: sympy.Expr, branch: str) -> None:
    """The sign the sentence claims holds at sample points of the branch (t = G(x))."""
    solution = _solve(atom**2 * x)
    step = next(s for s in _all_steps(solution) if s.rule == "inverse-function substitution")
    assert branch in step.substeps[0].text
    t = sympy.Symbol("t")
    forward = {asinh: sympy.cosh(t), acosh: sympy.sinh(t), asin: cos(t)}[type(atom)]
    for value in (0.2, 0.5, 0.9, 1.5, 3.0):
        point = atom.subs(x, value)
        if point.is_real:
            assert float(forward.subs(t, point)) >= 0


def test_polynomial_times_inverse_goes_by_parts() -> None:
    """x² arctan x: one integration by parts with u = arctan x, not a substitution."""
    solution = _solve(x**2 * atan(x))
    assert solution.steps[0].rule == "integration by parts"
    assert f"u = {fmt(atan(x))}" in solution.steps[0].substeps[0].text


@pytest.mark.parametrize(
    "f",
    [
        exp(asinh(x)),
        x * exp(2 * asinh(x)),
        exp(atanh(x)) / (1 + x),
        exp(-2 * atanh(3 * x)),
        x**2 * atanh(tanh(3 * x + 1)),
    ],
)
def test_algebraic_forms(f: sympy.Expr) -> None:
    """e^(arsinh x) = x + √(x² + 1) and artanh(tanh u) = u: the rewrite is shown and verified."""
    solution = _solve(f)
    assert "algebraic form" in _rules(solution)


def test_substitution_shows_u_du_integral_in_u_and_back() -> None:
    """∫ x/(x² + 1) dx: u and du, the integral in u, its antiderivative, back-substitution."""
    solution = _solve(x / (x**2 + 1))
    top = solution.steps[0]
    assert top.rule == "u-substitution"
    u = sympy.Symbol("u")
    texts = [str(s.text) for s in top.substeps]
    assert texts[0] == f"Let u = {fmt(x**2 + 1)}, so du = {differential(2 * x, x)}."
    assert texts[1] == f"{integral_text(x / (x**2 + 1), x)} = {integral_text(1 / (2 * u), u)}."
    assert texts[2].startswith(f"{integral_text(1 / (2 * u), u)} = {fmt(sympy.log(u) / 2)}")
    assert texts[3] == f"Put u = {fmt(x**2 + 1)} back: {fmt(sympy.log(x**2 + 1) / 2)}."


def test_differential_of_a_sum_is_bracketed() -> None:
    """du = (2x + 2) dx, never '2*x + 2 dx'."""
    solution = _solve((x + 1) / (x**2 + 2 * x + 5))
    texts = " ".join(s.text for s in _all_steps(solution))
    assert f"({fmt(2 * x + 2)}) dx" in texts


def test_trig_substitution_triangle() -> None:
    """√(9 − x²): x = 3 sin θ on −π/2 ≤ θ ≤ π/2, and the triangle's ratios bring θ back."""
    solution = _solve(sqrt(9 - x**2))
    top = solution.steps[0]
    assert top.rule == "trigonometric substitution"
    setup, rewrite, _, triangle = top.substeps
    theta = sympy.Symbol("θ")
    assert f"x = {fmt(3 * sympy.sin(theta))}" in setup.text and "cos θ ≥ 0" in setup.text
    in_theta = integral_text(9 * cos(theta) ** 2, theta)
    assert rewrite.text.startswith(f"{integral_text(sqrt(9 - x**2), x)} = {in_theta}")
    assert f"θ = {fmt(asin(x / 3))}" in triangle.text
    assert f"cos θ = {fmt(sqrt(9 - x**2) / 3)}" in triangle.text


@pytest.mark.parametrize(
    ("f", "form"),
    [
        ((4 * x - 7) / (x**2 - 5 * x + 6), "A/(x - 3) + B/(x - 2)"),
        ((x + 4) / ((x + 1) ** 2 * (x - 2)), "A/(x - 2) + B/(x + 1) + C/(x + 1)**2"),
        ((x**2 + x + 2) / (x * (x**2 + 4)), "A/x + (B*x + C)/(x**2 + 4)"),
    ],
)
def test_partial_fractions_are_written_out(f: sympy.Expr, form: str) -> None:
    """Factor, the form with unknowns, the coefficients solved — and they really fit f."""
    solution = _solve(f)
    top = solution.steps[0]
    assert top.rule == "partial fractions"
    steps = {s.rule: str(s.text) for s in top.substeps}
    numer, denom = sympy.fraction(f)
    found = decompose(sympy.expand(numer), sympy.expand(denom), x)
    assert found is not None
    template = sympy.sympify(form, locals={"x": x})  # a literal of this test
    assert sympy.expand(template - sum(a / b for a, b in found.terms)) == 0
    assert sympy.cancel(template.subs(found.solution) - f) == 0
    for name, value in found.solution.items():
        assert f"{fmt(name)} = {fmt(value)}" in steps["solve for the coefficients"]


def test_partial_fractions_divide_first_when_improper() -> None:
    """x³/(x² − 3x + 2): long division comes before the decomposition."""
    solution = _solve(x**3 / (x**2 - 3 * x + 2))
    rules = [s.rule for s in solution.steps[0].substeps]
    assert rules.index("long division") < rules.index("form with unknown coefficients")
    text = solution.steps[0].substeps[rules.index("long division")].text
    assert f"{fmt(x + 3)} + {fmt((7 * x - 6) / (x**2 - 3 * x + 2))}" in text


@pytest.mark.parametrize(
    ("f", "kind"),
    [
        (1 / (x + sqrt(x**2 + 4)), "first"),
        (x / (x - sqrt(x**2 - 1)), "first"),
        (1 / (2 + sqrt(x**2 + 2 * x + 2)), "first"),
        (1 / (1 + sqrt(1 + x - x**2)), "second"),
    ],
)
def test_euler_substitution(f: sympy.Expr, kind: str) -> None:
    """√Q added to something: Euler's substitution makes it rational in t, and t goes back."""
    solution = _solve(f)
    step = next(s for s in _all_steps(solution) if s.rule == "Euler substitution")
    assert f"Euler's {kind} substitution" in step.substeps[0].text
    back = step.substeps[-1]
    assert back.rule == "back-substitution"


@pytest.mark.parametrize(
    "f",
    [
        1 / cos(x) ** 5,
        1 / sympy.sin(3 * x) ** 4,
        sympy.tan(x) ** -3,
        sympy.sin(x) ** 2 / cos(x) ** 6,
        1 / (sympy.sin(x) ** 2 * cos(x) ** 4),
        sympy.cot(2 * x) ** 5,
    ],
)
def test_negative_trig_powers(f: sympy.Expr) -> None:
    """Negative powers of sin and cos: reduction formulas and tan/sec, cot/csc substitutions."""
    solution = _solve(f)
    assert "computer algebra" not in _rules(solution)


@pytest.mark.parametrize(
    ("f", "claim", "angle", "nonnegative"),
    [
        (sqrt(9 - x**2), "cos θ ≥ 0", asin(x / 3), cos),
        (1 / (x**2 + 4) ** sympy.Rational(3, 2), "sec θ > 0", atan(x / 2), sympy.sec),
    ],
)
def test_trig_substitution_sign_claims_hold(
    f: sympy.Expr, claim: str, angle: sympy.Expr, nonnegative: type
) -> None:
    """The sign the setup claims holds for θ at sample points of the integrand's domain."""
    solution = _solve(f)
    setup = next(s for s in _all_steps(solution) if s.rule == "substitution")
    assert claim in setup.text
    for value in (-2.5, -1.0, 0.0, 0.7, 2.9):
        assert float(nonnegative(angle.subs(x, value))) >= 0
