"""Templates: generators, conditions, seeded variants, substitution and validation."""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from calctutor.expr import ParseContext, parse_answer, parse_expr
from calctutor.paths import bundled_sets_dir
from calctutor.sets.files import load_file
from calctutor.sets.loader import ProblemError, build_problem, problem_from_mapping
from calctutor.sets.model import Problem
from calctutor.sets.params import compare, parse_condition, parse_generator
from calctutor.sets.reading import expression_errors
from calctutor.sets.templates import (
    TemplateInvalid,
    draw_variant,
    draw_variants,
    is_template,
    problem_rng,
    read_template,
    template_errors,
)

x = sympy.Symbol("x")

POWER_CHAIN = {
    "id": "power-chain",
    "kind": "derivative",
    "var": "x",
    "params": {
        "a": "randint(2, 9)",
        "n": "randint(2, 6)",
        "b": "choice(1, 3, 5, -1)",
        "k": "nonzero(-4, 4)",
    },
    "where": ["a != b"],
    "expr": "(a*x + b)**n",
    "hints": ["The inside is {a}x + {b}; {unknown} stays."],
}


def template(data: Mapping[str, object]) -> Problem:
    """A Problem built from a mapping without validation."""
    return build_problem(data, "t")


def power_chain() -> Problem:
    """The issue's example template."""
    return template(POWER_CHAIN)


# --- generators ----------------------------------------------------------------------------


def test_randint_is_inclusive() -> None:
    assert parse_generator("a", "randint(2, 9)").values == tuple(range(2, 10))


def test_nonzero_never_gives_zero() -> None:
    values = parse_generator("k", "nonzero(-4, 4)").values
    assert 0 not in values and len(values) == 8


def test_choice_reads_numbers_safely() -> None:
    values = parse_generator("b", "choice(1, -3, 1/2, sqrt(2))").values
    assert values == (1, -3, sympy.Rational(1, 2), sympy.sqrt(2))


def test_a_plain_number_is_a_fixed_parameter() -> None:
    param = parse_generator("c", "7")
    assert param.generator == "value" and param.values == (7,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("randit(1, 5)", "unknown generator 'randit' (did you mean 'randint'?)"),
        ("randint(5, 1)", "the lower bound is above the upper bound"),
        ("randint(1)", "randint needs two whole numbers"),
        ("randint(1.5, 3)", "'1.5' is not a whole number"),
        ("randint(0, 100000)", "too many values"),
        ("nonzero(0, 0)", "no value other than 0"),
        ("choice()", "choice needs at least one value"),
        ("choice(1, x)", "cannot be read"),
        ("__import__('os')", "unknown generator '__import__'"),
        ("import os", "expected randint(a, b), choice"),
    ],
)
def test_bad_generators_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_generator("a", text)
    assert message in str(error.value)


# --- conditions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values", "holds"),
    [
        ("a != b", {"a": 2, "b": 2}, False),
        ("a != b", {"a": 2, "b": 3}, True),
        ("a ≠ b", {"a": 2, "b": 3}, True),
        ("0 < a*b <= 6", {"a": 2, "b": 3}, True),
        ("0 < a*b <= 6", {"a": 2, "b": 4}, False),
        ("a^2 - 4*b >= 0", {"a": 4, "b": 4}, True),
        ("a == 2*b", {"a": 4, "b": 2}, True),
        ("sqrt(a) > b", {"a": 2, "b": 1}, True),
        ("sqrt(a) > b", {"a": -4, "b": 1}, False),
    ],
)
def test_conditions(text: str, values: dict[str, int], holds: bool) -> None:
    condition = parse_condition(text, ("a", "b"))
    assert condition.holds({sympy.Symbol(k): sympy.Integer(v) for k, v in values.items()}) is holds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a ! b", "has no comparison"),
        ("a != c", "c is not a parameter"),
        ("a <", "missing an expression"),
        ("a => b", "missing an expression"),
        ("a < (b", "missing ')'"),
    ],
)
def test_bad_conditions_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_condition(text, ("a", "b"))
    assert message in str(error.value)


def test_compare_decides_irrational_numbers() -> None:
    assert compare("<", sympy.sqrt(2), sympy.Rational(3, 2))
    assert not compare("==", sympy.pi, sympy.Rational(22, 7))
    assert compare("==", sympy.sqrt(8), 2 * sympy.sqrt(2))


# --- drawing -------------------------------------------------------------------------------


def test_same_seed_same_variants_other_seed_others() -> None:
    parsed = read_template(power_chain())
    first = [v.problem for v in draw_variants(parsed, problem_rng(1, "s", "power-chain"), 10)]
    again = [v.problem for v in draw_variants(parsed, problem_rng(1, "s", "power-chain"), 10)]
    other = [v.problem for v in draw_variants(parsed, problem_rng(2, "s", "power-chain"), 10)]
    assert first == again
    assert first != other


def test_forty_variants_are_distinct_and_obey_the_conditions() -> None:
    variants = draw_variants(read_template(power_chain()), random.Random(0), 40)
    assert len(variants) == 40
    assert len({v.problem.expr for v in variants}) == 40
    for variant in variants:
        values = dict(variant.values)
        assert values["a"] != values["b"]
        assert 2 <= int(values["a"]) <= 9 and values["b"] in ("1", "3", "5", "-1")
        a, n, b = (sympy.Integer(values[k]) for k in ("a", "n", "b"))
        expected = (a * x + b) ** n
        assert parse_expr(str(variant.problem.expr), ParseContext()) == expected


def test_a_variant_is_a_concrete_problem_with_the_template_id() -> None:
    variant = draw_variant(read_template(power_chain()), random.Random(3))
    assert variant is not None
    problem = variant.problem
    assert problem.id == "power-chain" and not is_template(problem)
    assert problem.params == () and problem.where == ()
    assert variant.label.startswith("a=") and expression_errors(problem) == []
    values = dict(variant.values)
    assert problem.hints == (f"The inside is {values['a']}x + {values['b']}; {{unknown}} stays.",)


def test_seen_problems_and_rejected_ones_are_not_drawn() -> None:
    parsed = read_template(template({**POWER_CHAIN, "params": {"a": "choice(2, 3)", "n": "2",
                                                              "b": "1"}, "where": []}))  # fmt: skip
    first = draw_variant(parsed, random.Random(0))
    assert first is not None
    second = draw_variant(parsed, random.Random(0), seen={first.problem})
    assert second is not None and second.problem != first.problem
    assert draw_variant(parsed, random.Random(0), seen={first.problem, second.problem}) is None
    refused = draw_variant(parsed, random.Random(0), accept=lambda p: "3" in str(p.expr))
    assert refused is not None and "3*x" in str(refused.problem.expr)


def test_undefined_variants_are_skipped() -> None:
    data = {"id": "z", "kind": "derivative", "var": "x", "params": {"a": "randint(1, 2)"},
            "expr": "x/(a - 1)"}  # fmt: skip
    parsed = read_template(template(data))
    variants = draw_variants(parsed, random.Random(0), 5)
    assert [v.values for v in variants] == [(("a", "2"),)]


def test_ode_templates_print_in_prime_notation_and_read_back() -> None:
    data = {"id": "o", "kind": "ode", "var": "x", "func": "y",
            "equation": "y'' - (r + s)*y' + r*s*y = 0", "ics": {"y(0)": "r", "y'(0)": "1"},
            "params": {"r": "randint(-3, 3)", "s": "randint(-3, 3)"},
            "where": ["r < s"]}  # fmt: skip
    for variant in draw_variants(read_template(template(data)), random.Random(5), 6):
        values = {k: int(v) for k, v in variant.values}
        assert values["r"] < values["s"]
        text = str(variant.problem.equation)
        assert text.startswith("y''")
        context = ParseContext(
            variables=("x",), functions=("y",), constants="arbitrary", expect="any"
        )
        equation = parse_answer(text, context)
        f = sympy.Function("y")(x)
        r, s = values["r"], values["s"]
        expected = f.diff(x, 2) - (r + s) * f.diff(x) + r * s * f
        assert sympy.expand(equation.lhs - equation.rhs - expected) == 0
        assert dict(variant.problem.ics)["y(0)"] == str(r)


@settings(max_examples=25, deadline=None)
@given(st.integers(-50, 50), st.integers(-50, 50))
def test_substitution_matches_sympy(a: int, b: int) -> None:
    data = {"id": "h", "kind": "integral", "var": "x", "params": {"a": str(a), "b": str(b)},
            "expr": "a*x^2 + b*sin(a*x) - b"}  # fmt: skip
    variant = draw_variant(read_template(template(data)), random.Random(0))
    assert variant is not None and variant.problem.expr is not None
    read = parse_expr(variant.problem.expr, ParseContext())
    assert read == a * x**2 + b * sympy.sin(a * x) - b


# --- validation ----------------------------------------------------------------------------


def test_every_error_of_a_template_is_listed() -> None:
    data = {"id": "bad", "kind": "derivative", "var": "x", "expr": "a*x",
            "params": {"a": "randint(1, 3)", "x": "randint(1, 2)", "sin": "choice(1)",
                       "b": "randit(1, 2)"},
            "where": ["a > q", "a"]}  # fmt: skip
    with pytest.raises(TemplateInvalid) as error:
        read_template(template(data))
    messages = [str(e) for e in error.value.errors]
    assert "params: x: 'x' is a variable of the problem, not a parameter" in messages
    assert any(m.startswith("params: sin: 'sin' is a function") for m in messages)
    assert any("did you mean 'randint'" in m for m in messages)
    assert "where: condition 1: 'a > q': q is not a parameter" in messages
    assert any(m.startswith("where: condition 2:") for m in messages)


def test_impossible_conditions_are_reported() -> None:
    data = {"id": "i", "kind": "derivative", "var": "x", "expr": "a*b*x",
            "params": {"a": "randint(1, 5)", "b": "randint(1, 5)"},
            "where": ["a*b > 25"]}  # fmt: skip
    errors = template_errors(template(data))
    assert [str(e) for e in errors] == [
        "where: the conditions never hold (all 25 combinations of values were tried)"
    ]


def test_a_template_whose_every_variant_is_undefined_is_reported() -> None:
    data = {"id": "u", "kind": "derivative", "var": "x", "params": {"a": "choice(1)"},
            "expr": "log(x)/(a - 1)"}  # fmt: skip
    [error] = template_errors(template(data))
    assert "no drawn variant is well-formed" in str(error) and "a=1" in str(error)


def test_where_without_params_is_an_error() -> None:
    problem = template(
        {"id": "w", "kind": "derivative", "var": "x", "expr": "x", "where": ["1 < 2"]}
    )
    assert any("need parameters" in str(e) for e in template_errors(problem))


def test_problem_from_mapping_validates_templates() -> None:
    assert problem_from_mapping(POWER_CHAIN).params
    with pytest.raises(ProblemError, match="unknown generator"):
        problem_from_mapping({**POWER_CHAIN, "params": {"a": "rand(1, 2)"}})


def test_set_files_report_template_errors_on_their_lines(tmp_path: Path) -> None:
    text = """format_version: 1
title: T
topic: t
problems:
  - id: ok
    kind: derivative
    var: x
    params:
      a: randint(1, 5)
    expr: a*x^2
  - id: broken
    kind: derivative
    var: x
    params:
      a: randint(1, 5)
      b: randit(1, 5)
    where:
      - a > 1
      - a > 10
    expr: a*x
"""
    path = tmp_path / "t.yaml"
    path.write_text(text)
    loaded = load_file(path)
    assert loaded.problem_set is not None
    assert [p.id for p in loaded.problem_set.problems] == ["ok"]
    [error] = loaded.errors
    assert error.line == 16 and error.problem_id == "broken" and "randit" in error.message


def test_the_bundled_templates_are_valid_and_varied() -> None:
    loaded = load_file(bundled_sets_dir() / "templates.yaml")
    assert loaded.errors == ()
    assert loaded.problem_set is not None
    problems = loaded.problem_set.problems
    assert 10 <= len(problems) <= 15 and all(is_template(p) for p in problems)
    kinds = {p.kind for p in problems}
    assert {"derivative", "integral", "definite_integral", "gradient", "ode"} <= kinds
