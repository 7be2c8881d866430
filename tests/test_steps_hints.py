"""Hints for the drill: read off the step tree level by level, never stating the answer."""

from __future__ import annotations

from typing import Any

import pytest
import sympy

from calctutor.steps.derivative import derivative_solution
from calctutor.steps.gradient import gradient_solution, hessian_solution
from calctutor.steps.hints import hints_from_solution
from calctutor.steps.model import Solution, Step

x, y = sympy.symbols("x y")


def show(expr: Any) -> str:
    """How a step's sentence writes an expression."""
    from calctutor.notation.unicode import inline

    return inline(expr)


def answers(sol: Solution) -> list[Any]:
    """The answers the hints must keep back: the result's components and their raw forms."""
    result = sol.result
    parts = list(result) if isinstance(result, tuple | sympy.MatrixBase) else [result]
    raws = []
    stack = list(sol.steps)
    while stack:
        step = stack.pop()
        stack.extend(step.substeps)
        if step.rule == "simplify":
            raws.append(step.before)
    return parts + raws


FUNCTIONS = [
    sympy.sin(x),
    x**3,
    sympy.Integer(5),
    x,
    3 * x**2 + 2 * x + 1,
    sympy.sin(x) / x**2,
    sympy.sin(sympy.cos(sympy.exp(x**2))),
    x**x,
    sympy.exp(x),
    sympy.log(x),
    sympy.sqrt(x**2 + 1),
    x**2 * sympy.exp(x),
]


@pytest.mark.parametrize("f", FUNCTIONS)
def test_hints_never_state_the_answer(f: Any) -> None:
    """No hint says '= answer' or 'is answer', nor contains a non-trivial answer at all."""
    sol = derivative_solution(f, x)
    hints = hints_from_solution(sol)
    assert hints
    for answer in map(show, answers(sol)):
        for hint in hints:
            assert f"= {answer}" not in hint
            assert f"is {answer}" not in hint
            if len(answer) > 2:
                assert answer not in hint, (answer, hint)


def test_first_hint_is_the_top_rule_and_its_sentence() -> None:
    """For sin(x)/x^2 the first hint is the quotient rule, naming numerator and denominator."""
    hints = hints_from_solution(derivative_solution(sympy.sin(x) / x**2, x))
    assert hints[0].startswith("Quotient rule")
    assert "numerator f = sin x" in hints[0]


def test_hints_go_one_level_deeper_each_time() -> None:
    """Chain inside chain: each hint introduces the next inner function, then the last rule."""
    hints = hints_from_solution(derivative_solution(sympy.sin(sympy.cos(sympy.exp(x**2))), x))
    assert "Let u = cos(e^(x²))" in hints[0]
    assert "Let v = e^(x²)" in hints[1] and "derivative of sin" in hints[1].lower()
    assert "Let w = x²" in hints[2]
    assert "power rule" in hints[3]
    assert len(hints) == 4


def test_a_one_rule_problem_only_names_the_rule() -> None:
    """d/dx sin(x): the sentence would give cos(x) away, so the hint only names the rule."""
    assert hints_from_solution(derivative_solution(sympy.sin(x), x)) == (
        "Rule to use: derivative of sin.",
    )


def test_simplification_is_the_last_hint_and_does_not_show_the_raw_result() -> None:
    """x^2·e^x: product rule first, then its parts, then 'simplify'."""
    hints = hints_from_solution(derivative_solution(x**2 * sympy.exp(x), x))
    assert hints[0].startswith("Product rule")
    assert hints[-1] == "Finally, simplify what you get."


def test_trivial_leaves_are_left_out_below_the_top() -> None:
    """d/dx x = 1 and d/dx 3 = 0 need no hint inside 2x + 3."""
    hints = hints_from_solution(derivative_solution(2 * x + 3, x))
    assert not any("identity rule" in h.lower() for h in hints[1:])
    assert not any("3 is a constant" in h for h in hints)


def test_gradient_hints_label_each_partial() -> None:
    """Several trees: each level's hint labels the partial it belongs to."""
    sol = gradient_solution(x**2 * y + sympy.sin(x * y), (x, y))
    hints = hints_from_solution(sol)
    assert hints[0].startswith("∂f/∂x: Partial derivative: hold y constant")
    assert "∂f/∂y:" in hints[0]
    assert "y is constant with respect to x" in " ".join(hints)


def test_hessian_hints_label_second_partials() -> None:
    """The Hessian's first hint lists ∂²f/∂x², ∂²f/∂y∂x ... with their sentences."""
    hints = hints_from_solution(hessian_solution(x**3 * y**2, (x, y)))
    assert "∂²f/∂x²: Second partial" in hints[0]
    assert "∂²f/∂y∂x: Second partial" in hints[0]
    assert "Clairaut" in hints[0]
    sol = hessian_solution(x**3 * y**2, (x, y))
    for answer in map(show, answers(sol)):
        assert all(f"= {answer}." not in h for h in hints)


def test_no_steps_no_hints() -> None:
    """An empty solution gives no hints rather than failing."""
    assert hints_from_solution(Solution("derivative", None, 0)) == ()


def test_hand_built_tree_hint_order() -> None:
    """Levels in breadth-first order; a step whose text names its rule is used as is."""
    leaf = Step("power rule", "By the power rule d/dx x^n = n·x^(n-1) with n = 4.")
    mid = Step("constant multiple rule", "7 is a constant factor.", substeps=(leaf,))
    top = Step("sum rule", "Differentiate term by term.", substeps=(mid,))
    hints = hints_from_solution(Solution("derivative", None, 28 * x**3, (top,)))
    assert hints == (
        "Sum rule: differentiate term by term.",
        "Constant multiple rule: 7 is a constant factor.",
        "By the power rule d/dx x^n = n·x^(n-1) with n = 4.",
    )


def test_stages_of_an_ode_hint_their_set_up_not_their_results() -> None:
    """The forced ODE of the templates: the first hint was every sentence, ending in the answer."""
    from calctutor.sets.model import Problem
    from calctutor.steps.solve import solve_problem

    problem = Problem(
        id="f", kind="ode", equation="y' = 4x + 2", func="y", var="x", ics=(("y(0)", "0"),)
    )
    hints = hints_from_solution(solve_problem(problem))
    assert hints[0].startswith("Direct integration")
    assert hints[0].endswith("dx = …")  # the set-up, not the integral's value
    assert not any("Check" in h or "2*x*(x + 1)" in h or "2x(x + 1)" in h for h in hints)
    assert not any(h.startswith("Rule to use") for h in hints)


def test_a_step_never_states_its_own_result() -> None:
    """A hand-built step whose sentence ends in its result keeps only the set-up."""
    u = sympy.Symbol("u")
    step = Step(
        "u-substitution",
        "Let u = x^2, so du = 2x dx. Then ∫ 2x cos(x^2) dx = ∫ cos(u) du = sin(u).",
        before=None,
        after=sympy.sin(u),
    )
    hints = hints_from_solution(Solution("integral", None, sympy.sin(x**2), (step,)))
    assert hints == (
        "U-substitution: let u = x^2, so du = 2x dx. Then ∫ 2x cos(x^2) dx = ∫ cos(u) du = …",
    )
