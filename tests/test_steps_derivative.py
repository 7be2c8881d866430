"""Worked derivatives: each textbook rule fires, says the right thing, and its result checks out."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calctutor.notation.unicode import inline
from calctutor.steps import derivative as derivative_module
from calctutor.steps.derivative import derivative_solution
from calctutor.steps.model import Solution, Step

x, y, z, a = sympy.symbols("x y z a")
u = sympy.Symbol("u")

# Points away from 0 and ±1, both signs, so every elementary function is defined at some of them.
POINTS = [sympy.Rational(k, 7) for k in (5, 9, 16, -4, -11, 3, 20, -17)]


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step of the trees, depth first."""
    for step in steps:
        yield step
        yield from walk(step.substeps)


def with_rule(sol: Solution, rule: str) -> list[Step]:
    """The steps of a solution that apply the given rule."""
    return [s for s in walk(sol.steps) if s.rule == rule]


def numeric(expr: Any, point: dict[Any, Any]) -> complex | None:
    """expr at point by SymPy's evalf, or None where it is not a finite number."""
    try:
        value = complex(sympy.sympify(expr).evalf(25, subs=point))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    # Beyond 1e30 evalf's 25 digits cannot place, say, cot(x^(x^(2x))) at x = 20/7: not a test.
    return value if value == value and abs(value) < 1e30 else None


def real_doit(d: Any) -> Any:
    """Evaluate an unevaluated Derivative over real symbols (so |u| has a derivative)."""
    real = {s: sympy.Dummy(str(s), real=True) for s in d.free_symbols}
    back = {r: s for s, r in real.items()}
    return d.xreplace(real).doit().xreplace(back)


def agree(a_expr: Any, b_expr: Any, needed: int = 2) -> bool:
    """Whether two expressions agree at every test point where both are defined (and some are)."""
    both = sympy.sympify(a_expr).free_symbols | sympy.sympify(b_expr).free_symbols
    symbols = sorted(both, key=str)
    compared = 0
    for i in range(len(POINTS)):
        point = {s: POINTS[(i + 3 * k) % len(POINTS)] for k, s in enumerate(symbols)}
        av, bv = numeric(a_expr, point), numeric(b_expr, point)
        if av is None or bv is None:
            continue
        if abs(av - bv) > 1e-9 * max(1.0, abs(av), abs(bv)):
            return False
        compared += 1
    return compared >= needed


def assert_verified(sol: Solution, f: Any, var: Any) -> None:
    """The solution is complete, equals diff, and every step's after equals its own derivative."""
    assert sol.complete, sol.note
    assert agree(sol.result, real_doit(sympy.Derivative(f, var)))
    for step in walk(sol.steps):
        assert step.rule and step.text
        if isinstance(step.before, sympy.Derivative):
            assert agree(step.after, real_doit(step.before)), (step.rule, step.before, step.after)


RULE_CASES = [
    (sympy.Integer(7), "constant rule", "derivative of a constant is 0"),
    (y**2, "constant rule", "y is constant with respect to x"),
    (x, "identity rule", "= 1"),
    (3 * x + 2, "linear function", "the slope, 3"),
    (a * x - 1, "linear function", "the slope, a"),
    (x**5, "power rule", "n = 5"),
    (sympy.sqrt(x), "power rule", "Write √x as x^(1/2)"),
    (1 / x**3, "power rule", "x^(−3)"),
    (x**a, "power rule", "n = a"),
    (3 * x**2, "constant multiple rule", "3 is a constant factor"),
    (-sympy.sin(x), "constant multiple rule", "minus sign"),
    (x**2 + sympy.sin(x), "sum rule", "sum of the derivatives"),
    (x**2 - x, "sum rule", "difference"),
    (x * sympy.sin(x), "product rule", "f = x and g = sin x"),
    (x * sympy.exp(x) * sympy.sin(x), "product rule", "3 factors"),
    (sympy.sin(x) / x**2, "quotient rule", "numerator f = sin x and denominator g = x²"),
    (sympy.sin(x**2), "chain rule", "Let u = x²"),
    (x**x, "logarithmic differentiation", "ln(y) = x ln x"),
    (sympy.exp(x), "derivative of exp", "= eˣ"),
    (2**x, "derivative of a^x", "a = 2"),
    (sympy.log(x), "derivative of ln", "= 1/x"),
    (sympy.log(x, 2), "derivative of log_b", "base 2"),
    (sympy.Abs(x), "derivative of absolute value", "= x/|x|"),
    (sympy.erf(x), "derivative of erf", "e^(−x²)"),
]


@pytest.mark.parametrize(("f", "rule", "fragment"), RULE_CASES)
def test_each_rule_fires_says_why_and_verifies(f: Any, rule: str, fragment: str) -> None:
    """The rule appears in the tree, its sentence names the right thing, the result is diff's."""
    sol = derivative_solution(f, x)
    steps = with_rule(sol, rule)
    assert steps, [s.rule for s in walk(sol.steps)]
    assert fragment in steps[0].text
    assert_verified(sol, f, x)


# The table: each function with the derivative a textbook gives, written out by hand here.
TABLE_CASES = [
    (sympy.sin, "sin", sympy.cos(x)),
    (sympy.cos, "cos", -sympy.sin(x)),
    (sympy.tan, "tan", sympy.sec(x) ** 2),
    (sympy.cot, "cot", -(sympy.csc(x) ** 2)),
    (sympy.sec, "sec", sympy.sec(x) * sympy.tan(x)),
    (sympy.csc, "csc", -sympy.csc(x) * sympy.cot(x)),
    (sympy.asin, "arcsin", 1 / sympy.sqrt(1 - x**2)),
    (sympy.acos, "arccos", -1 / sympy.sqrt(1 - x**2)),
    (sympy.atan, "arctan", 1 / (1 + x**2)),
    (sympy.acot, "arccot", -1 / (1 + x**2)),
    (sympy.asec, "arcsec", 1 / (sympy.Abs(x) * sympy.sqrt(x**2 - 1))),
    (sympy.acsc, "arccsc", -1 / (sympy.Abs(x) * sympy.sqrt(x**2 - 1))),
    (sympy.sinh, "sinh", sympy.cosh(x)),
    (sympy.cosh, "cosh", sympy.sinh(x)),
    (sympy.tanh, "tanh", sympy.sech(x) ** 2),
    (sympy.coth, "coth", -(sympy.csch(x) ** 2)),
    (sympy.sech, "sech", -sympy.sech(x) * sympy.tanh(x)),
    (sympy.csch, "csch", -sympy.csch(x) * sympy.coth(x)),
    (sympy.asinh, "arsinh", 1 / sympy.sqrt(x**2 + 1)),
    (sympy.acosh, "arcosh", 1 / (sympy.sqrt(x - 1) * sympy.sqrt(x + 1))),
    (sympy.atanh, "artanh", 1 / (1 - x**2)),
    (sympy.acoth, "arcoth", 1 / (1 - x**2)),
    (sympy.asech, "arsech", -1 / (x * sympy.sqrt(1 - x**2))),
    (sympy.acsch, "arcsch", -1 / (sympy.Abs(x) * sympy.sqrt(x**2 + 1))),
]


@pytest.mark.parametrize(("func", "name", "expected"), TABLE_CASES)
def test_every_elementary_function_has_its_textbook_derivative(
    func: Any, name: str, expected: Any
) -> None:
    """d/dx F(x) is the table's entry, stated in the sentence, and equal to diff."""
    sol = derivative_solution(func(x), x)
    (step,) = sol.steps
    assert step.rule == f"derivative of {name}"
    assert f"= {inline(expected)}" in step.text
    assert agree(sol.result, expected, needed=3)
    assert_verified(sol, func(x), x)


@pytest.mark.parametrize(("func", "name", "_expected"), TABLE_CASES)
def test_every_elementary_function_takes_the_chain_rule(
    func: Any, name: str, _expected: Any
) -> None:
    """F(3x^2 + 1): a chain rule whose outer step is F's table entry in u."""
    sol = derivative_solution(func(3 * x**2 + 1), x)
    top = sol.steps[0]
    assert top.rule == "chain rule"
    assert "Let u = 3x² + 1" in top.text
    outer, inner = top.substeps
    assert outer.rule == f"derivative of {name}"
    assert outer.before == sympy.Derivative(func(u), u)
    assert inner.rule == "sum rule"
    assert_verified(sol, func(3 * x**2 + 1), x)


def test_partial_derivative_treats_other_symbols_as_constants() -> None:
    """∂/∂x (x^2·y + sin(xy)) = 2xy + y·cos(xy); y is named as a constant, ∂ notation."""
    f = x**2 * y + sympy.sin(x * y)
    sol = derivative_solution(f, x)
    assert agree(sol.result, 2 * x * y + y * sympy.cos(x * y), needed=3)
    texts = " ".join(s.sentence for s in walk(sol.steps))
    assert "y is constant with respect to x" in texts
    assert "∂/∂x" in texts
    assert_verified(sol, f, x)


def test_partial_derivative_of_a_term_free_of_the_variable_is_zero() -> None:
    """∂/∂x (y^2·z + 3) = 0, by the constant rule."""
    sol = derivative_solution(y**2 * z + 3, x)
    assert sol.result == 0
    assert sol.steps[0].rule == "constant rule"
    assert "y, z are constant with respect to x" in sol.steps[0].text


def test_x_to_the_x_by_logarithmic_differentiation() -> None:
    """d/dx x^x = x^x·(ln x + 1), with ln y = x·ln x differentiated by the product rule."""
    sol = derivative_solution(x**x, x)
    top = sol.steps[0]
    assert top.rule == "logarithmic differentiation"
    assert top.substeps[0].rule == "product rule"
    assert agree(sol.result, x**x * (sympy.log(x) + 1), needed=3)
    assert_verified(sol, x**x, x)


def test_function_to_a_function_power() -> None:
    """sin(x)^cos(x) also goes through logarithmic differentiation."""
    f = sympy.sin(x) ** sympy.cos(x)
    sol = derivative_solution(f, x)
    assert sol.steps[0].rule == "logarithmic differentiation"
    assert_verified(sol, f, x)


@pytest.mark.parametrize(
    ("f", "top"),
    [
        (sympy.sin(x) / x**2, "quotient rule"),
        ((x + 1) / (x - 1), "quotient rule"),
        (sympy.exp(x) / sympy.sqrt(x), "quotient rule"),
        (3 / x, "constant multiple rule"),
        (1 / (x**2 + 1), "chain rule"),
        (x * sympy.exp(-x), "product rule"),
        (x * 2**-x, "product rule"),
    ],
)
def test_quotients_are_recognised_textbook_style(f: Any, top: str) -> None:
    """A factor with a negative power makes a quotient; a lone reciprocal is a power."""
    sol = derivative_solution(f, x)
    assert sol.steps[0].rule == top
    assert_verified(sol, f, x)


def test_quotient_rule_names_numerator_and_denominator() -> None:
    """(x^2 + 1)/(x - 1)^2: the numerator and denominator steps come in that order."""
    f = (x**2 + 1) / (x - 1) ** 2
    top = derivative_solution(f, x).steps[0]
    assert top.rule == "quotient rule"
    assert top.substeps[0].before == sympy.Derivative(x**2 + 1, x)
    assert top.substeps[1].before == sympy.Derivative((x - 1) ** 2, x)


def test_deep_chain_names_each_inner_function_afresh() -> None:
    """sin(cos(exp(x^2))): three chain rules, inner functions u, v, w, result equal to diff."""
    f = sympy.sin(sympy.cos(sympy.exp(x**2)))
    sol = derivative_solution(f, x)
    chains = with_rule(sol, "chain rule")
    assert len(chains) == 3
    assert [c.text.split(" =")[0] for c in chains] == ["Let u", "Let v", "Let w"]
    assert_verified(sol, f, x)


def test_substitution_name_avoids_the_problems_symbols() -> None:
    """Differentiating in u, the chain rule calls its inner function v."""
    sol = derivative_solution(sympy.sin(u**2), u)
    assert sol.steps[0].text.startswith("Let v = u²")
    assert_verified(sol, sympy.sin(u**2), u)


def test_result_is_tidied_and_the_tidying_is_the_last_step() -> None:
    """x^2·sin(x): the product rule's sum is factored, as a final 'simplify' line."""
    sol = derivative_solution(x**2 * sympy.sin(x), x)
    last = sol.steps[-1]
    assert last.rule == "simplify"
    assert last.after == sol.result
    assert sympy.count_ops(sol.result) < sympy.count_ops(last.before)
    assert_verified(sol, x**2 * sympy.sin(x), x)


def test_a_big_power_is_not_expanded() -> None:
    """(x^2 + 1)^10 differentiates to 20x(x^2 + 1)^9, not a degree-19 polynomial."""
    sol = derivative_solution((x**2 + 1) ** 10, x)
    assert sol.result == 20 * x * (x**2 + 1) ** 9


def test_function_without_a_rule_is_direct_and_incomplete() -> None:
    """atan2(y, x) has no textbook rule here: SymPy's derivative, marked incomplete."""
    f = sympy.atan2(y, x)
    sol = derivative_solution(f, x)
    assert not sol.complete
    assert sol.note
    assert with_rule(sol, "direct differentiation")
    assert agree(sol.result, sympy.diff(f, x), needed=3)


def test_steps_that_do_not_verify_fall_back_to_sympy(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the rules ever produced a wrong result, the solution shows diff and says so."""
    wrong = Step("power rule", "wrong on purpose", sympy.Derivative(x**3, x), 3 * x)
    monkeypatch.setattr(derivative_module, "derivative_step", lambda f, ctx: wrong)
    sol = derivative_solution(x**3, x)
    assert not sol.complete
    assert sol.result == 3 * x**2
    assert "did not verify" in sol.note


def test_solution_shape_and_json() -> None:
    """kind, question and a JSON-serialisable tree."""
    sol = derivative_solution(sympy.tan(x) ** 2, x)
    assert sol.kind == "derivative"
    assert sol.question == sympy.Derivative(sympy.tan(x) ** 2, x)
    payload = json.loads(json.dumps([s.to_json() for s in sol.steps]))
    assert payload[0]["rule"] == "chain rule"


def test_python_int_and_bad_input() -> None:
    """A plain int is a constant; anything not a SymPy expression is refused."""
    assert derivative_solution(5, x).result == 0
    with pytest.raises(TypeError):
        derivative_solution("x**2", x)


def test_same_rng_seed_same_solution() -> None:
    """The verifier's randomness only comes from the rng passed in."""
    f = sympy.asin(x) * sympy.log(x)
    one = derivative_solution(f, x, random.Random(3))
    two = derivative_solution(f, x, random.Random(3))
    assert one == two


def _depth(step: Step) -> int:
    """Levels in a step tree."""
    return 1 + max((_depth(s) for s in step.substeps), default=0)


def _expr_depth(e: Any) -> int:
    """Levels in an expression tree."""
    return 1 + max((_expr_depth(arg) for arg in e.args), default=0)


@pytest.mark.parametrize(
    "f",
    [
        x**3 * sympy.exp(2 * x) * sympy.cos(x) / (1 + x**2),
        sympy.sqrt(1 + sympy.sqrt(1 + sympy.sqrt(x))),
        sympy.log(sympy.log(sympy.log(x))) + x**x**2,
        sympy.atan(sympy.tanh(x) / (2 - sympy.sin(x))) ** 3,
    ],
)
def test_step_trees_stay_proportionate(f: Any) -> None:
    """No tree is deeper than twice the expression plus two, or larger than it can explain."""
    sol = derivative_solution(f, x)
    assert _depth(sol.steps[0]) <= 2 * _expr_depth(f) + 2
    assert sol.step_count() <= 8 * sympy.count_ops(f) + 8
    assert_verified(sol, f, x)


UNARY = (
    sympy.sin,
    sympy.cos,
    sympy.tan,
    sympy.exp,
    sympy.log,
    sympy.sqrt,
    sympy.atan,
    sympy.tanh,
    sympy.asin,
    sympy.sinh,
    sympy.acosh,
    sympy.asinh,
    sympy.cot,
)
EXPONENTS = (2, 3, -1, -2, sympy.Rational(1, 2), sympy.Rational(-3, 2))
LEAVES = (x, x, x, sympy.Integer(1), sympy.Integer(2), sympy.Integer(-3), sympy.Rational(1, 2))


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """One more layer of an elementary expression tree."""
    pairs = st.tuples(children, children)
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children).map(lambda t: t[0](t[1])),
        pairs.map(lambda t: t[0] + t[1]),
        pairs.map(lambda t: t[0] - t[1]),
        pairs.map(lambda t: t[0] * t[1]),
        pairs.map(lambda t: t[0] / t[1]),
        st.tuples(children, st.sampled_from(EXPONENTS)).map(lambda t: t[0] ** t[1]),
        children.map(lambda c: x**c),
    )


elementary = st.recursive(st.sampled_from(LEAVES), _extend, max_leaves=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elementary)
def test_random_elementary_derivative_is_complete_and_equals_diff(f: Any) -> None:
    """For random elementary f the worked result is complete and equals sympy.diff(f)."""
    assume(not f.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan))
    sol = derivative_solution(f, x)
    assert sol.complete, sol.note
    assume(any(numeric(f, {x: p}) is not None for p in POINTS))
    assert agree(sol.result, sympy.diff(f, x), needed=1)
