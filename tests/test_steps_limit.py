"""Worked limits: every bundled limit complete, each rule where a textbook uses it, true steps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sympy
from typer.testing import CliRunner

from calctutor.cli.app import app
from calctutor.sets.files import load_file
from calctutor.sets.loader import ProblemError, problem_from_mapping
from calctutor.sets.natural import NaturalInputError, read_request
from calctutor.steps.limit import limit_solution
from calctutor.steps.limit_context import DOES_NOT_EXIST
from calctutor.steps.model import Solution, Step
from calctutor.steps.solve import solve_problem

x = sympy.Symbol("x")
oo = sympy.oo
PROBLEMS = Path(__file__).parents[1] / "problems"
runner = CliRunner()


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step of a tree, depth first."""
    for s in steps:
        yield s
        yield from walk(s.substeps)


def rules(sol: Solution) -> list[str]:
    """Every rule name in the tree."""
    return [s.rule for s in walk(sol.steps)]


def bundled(name: str) -> list[object]:
    """The problems of a bundled set."""
    loaded = load_file(PROBLEMS / f"{name}.yaml")
    assert loaded.problem_set is not None and loaded.errors == ()
    return list(loaded.problem_set.problems)


@pytest.mark.parametrize("problem", bundled("limits"), ids=lambda p: p.id)  # type: ignore[attr-defined]
def test_every_bundled_limit_is_worked_and_agrees_with_expected(problem: object) -> None:
    sol = solve_problem(problem)  # type: ignore[arg-type]
    assert sol.complete, sol.note
    assert sol.kind == "limit" and sol.steps
    assert "SymPy's limit" not in rules(sol)


@pytest.mark.parametrize(
    ("f", "point", "side", "value", "rule"),
    [
        ((x**2 - 4) / (x - 2), 2, "+-", 4, "factor and cancel"),
        ((sympy.sqrt(x + 1) - 1) / x, 0, "+-", sympy.Rational(1, 2), "rationalise"),
        (1 / (x - 1) - 2 / (x**2 - 1), 1, "+-", sympy.Rational(1, 2), "common denominator"),
        (sympy.sin(3 * x) / x, 0, "+-", 3, "standard limit"),
        ((sympy.exp(2 * x) - 1) / x, 0, "+-", 2, "standard limit"),
        ((1 + 1 / x) ** x, oo, "-", sympy.E, "exponential form"),
        ((sympy.sin(x) - x) / x**3, 0, "+-", sympy.Rational(-1, 6), "L'Hôpital's rule"),
        ((3 * x**2 + x) / (2 * x**2 - 5), oo, "-", sympy.Rational(3, 2), "dominant terms"),
        ((2 * x**3 + 1) / (x**2 + 1), -oo, "+", -oo, "dominant terms"),
        (x * sympy.log(x), 0, "+", 0, "rewrite as a quotient"),
        (x**x, 0, "+", 1, "exponential form"),
        (1 / x, 0, "+", oo, "infinite limit"),
        (x * sympy.sin(1 / x), 0, "+-", 0, "squeeze theorem"),
        (x - sympy.log(x), oo, "-", oo, "dominant term"),
    ],
)
def test_each_rule_where_a_textbook_uses_it(
    f: sympy.Expr, point: object, side: str, value: object, rule: str
) -> None:
    sol = limit_solution(f, x, point, side)
    assert sol.complete, sol.note
    assert (
        sympy.simplify(sol.result - value) == 0 if value not in (oo, -oo) else sol.result == value
    )
    assert rule in rules(sol)


def test_different_one_sided_limits_do_not_exist() -> None:
    sol = limit_solution(sympy.Abs(x) / x, x, 0)
    assert sol.complete and sol.result == DOES_NOT_EXIST
    (top, _conclusion) = sol.steps
    assert top.rule == "one-sided limits" and "left −1, from the right 1" in str(top.text)
    assert [s.rule for s in top.substeps] == ["left-hand limit", "right-hand limit"]
    assert [s.after for s in top.substeps] == [-1, 1]
    blow_up = limit_solution(1 / x, x, 0)
    assert blow_up.result == DOES_NOT_EXIST and "−∞" in str(blow_up.steps[0].text)


def test_oscillation_does_not_exist() -> None:
    sol = limit_solution(sympy.sin(1 / x), x, 0)
    assert sol.complete and sol.result == DOES_NOT_EXIST
    assert "oscillation" in rules(sol)


def test_lhopital_names_and_checks_the_form_before_every_application() -> None:
    sol = limit_solution(x**3 * sympy.exp(-x), x, oo)
    applications = [s for s in walk(sol.steps) if s.rule == "L'Hôpital's rule"]
    assert len(applications) == 3
    for step in applications:
        assert isinstance(step.before, sympy.Limit)
        n, d = sympy.fraction(step.before.args[0])
        limits = {sympy.limit(n, x, oo), sympy.limit(d, x, oo)}
        assert limits == {oo}
        assert "the form ∞/∞" in step.text


def _claims(sol: Solution) -> Iterator[tuple[sympy.Limit, object]]:
    """Every (limit, value) a step states."""
    for step in walk(sol.steps):
        if isinstance(step.before, sympy.Limit) and step.after is not None:
            yield step.before, step.after


@pytest.mark.parametrize("problem", bundled("limits"), ids=lambda p: p.id)  # type: ignore[attr-defined]
def test_every_limit_a_step_states_is_true(problem: object) -> None:
    sol = solve_problem(problem)  # type: ignore[arg-type]
    for before, after in _claims(sol):
        target = after.doit() if isinstance(after, sympy.Limit) else after
        assert sympy.simplify(before.doit() - target) == 0, (before, after)


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("lim_{x->0} sin(x)/x", "x->0"),
        ("limit of (1 + 1/x)^x as x -> oo", "x -> oo"),
        ("lim x→0⁺ x*log(x)", "x→0⁺"),
        ("lim_(x->oo) log(x)/x", "x->oo"),
        ("lim (x^2-1)/(x-1) as x->1", "x->1"),
    ],
)
def test_solve_reads_limits(text: str, limit: str) -> None:
    problem = read_request(text)
    assert problem.kind == "expression" and problem.limit == limit
    assert solve_problem(problem).complete


def test_solve_limit_json_and_one_side() -> None:
    out = runner.invoke(app, ["solve", "lim x→0⁻ 1/x", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["result"] == "-oo" and data["complete"] is True


@pytest.mark.parametrize("bad", ["lim_{x->} sin(x)", "limit of as x -> 0", "lim_{x->0+-} 1/x"])
def test_unreadable_limits_exit_2(bad: str) -> None:
    out = runner.invoke(app, ["solve", bad])
    assert out.exit_code == 2, out.output
    assert "Traceback" not in out.output


def test_limit_fields_are_validated() -> None:
    base = {"id": "l", "kind": "expression", "prompt": "Find it.", "expected": "1"}
    with pytest.raises(ProblemError, match="missing key 'expr'"):
        problem_from_mapping({**base, "limit": "x -> 0"})
    with pytest.raises(ProblemError, match="limit"):
        problem_from_mapping({**base, "expr": "sin(x)/x", "limit": "x => 0"})
    with pytest.raises(ProblemError, match="no side"):
        problem_from_mapping({**base, "expr": "1/x", "limit": "x -> oo+"})
    good = problem_from_mapping({**base, "expr": "sin(x)/x", "var": "x", "limit": "x -> 0"})
    assert solve_problem(good).complete


def test_a_wrong_expected_answer_is_flagged() -> None:
    problem = problem_from_mapping(
        {"id": "l", "kind": "expression", "prompt": "Find it.", "expected": "2",
         "expr": "sin(x)/x", "var": "x", "limit": "x -> 0"}
    )  # fmt: skip
    sol = solve_problem(problem)
    assert not sol.complete and "differs from the expected" in sol.note


def test_natural_reader_refuses_a_limit_without_a_function() -> None:
    with pytest.raises((NaturalInputError, ValueError)):
        read_request("limit of as x -> 0")


def test_a_function_with_jumps_is_never_called_continuous() -> None:
    for side in ("+", "-", "+-"):
        sol = limit_solution(sympy.floor(x), x, 1, side)
        assert "direct substitution" not in rules(sol)


def test_zero_times_infinity_tries_the_other_quotient() -> None:
    sol = limit_solution(x * sympy.exp(1 / x), x, 0)
    assert sol.complete and sol.result == DOES_NOT_EXIST
    assert "rewrite as a quotient" in rules(sol)
