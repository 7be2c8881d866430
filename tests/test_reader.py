"""One reader for every expression: the same text reads the same through every entry point.

Runs of letters, indexed and Greek names, the functions of machine learning, and the undeclared
names a problem set may never hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from calctutor.expr import (
    ParseContext,
    ParseError,
    canonical_name,
    names_used,
    parse_answer,
    parse_expr,
)
from calctutor.expr.functions import logsumexp, relu, sigmoid, softplus
from calctutor.sets.files import load_file
from calctutor.sets.loader import problem_from_mapping
from calctutor.sets.natural import read_request
from calctutor.sets.reading import answer_context, read_expr

x, y, z, w, b = sympy.symbols("x y z w b")
z1, z2, z3, w1, x12, theta0 = sympy.symbols("z1 z2 z3 w1 x12 theta0")

# (text, variables, the expression every entry point must read)
SAME = [
    ("x^2 y + e^(xy)", ("x", "y"), x**2 * y + sympy.exp(x * y)),
    ("xe^x", ("x",), x * sympy.exp(x)),
    ("xsin(x)", ("x",), x * sympy.sin(x)),
    ("2xy", ("x", "y"), 2 * x * y),
    ("w1x1", ("w1", "x1"), w1 * sympy.Symbol("x1")),
    ("-log(e^(z1)/(e^(z_1)+e^(z₂)+e^(z3)))", ("z1", "z2", "z3"),
     -sympy.log(sympy.exp(z1) / (sympy.exp(z1) + sympy.exp(z2) + sympy.exp(z3)))),
    ("(θ₀ + theta_1 x - y)^2", ("theta0", "theta1", "x", "y"),
     (theta0 + sympy.Symbol("theta1") * x - y) ** 2),
    ("σ(wx + b)", ("w", "x", "b"), sigmoid(w * x + b)),
    ("softplus(z) + relu(z)", ("z",), softplus(z) + relu(z)),
    ("logsumexp(z1, z2, z3)", ("z1", "z2", "z3"), logsumexp(z1, z2, z3)),
]  # fmt: skip


def _yaml_problem(tmp_path: Path, text: str, names: tuple[str, ...]) -> object:
    """The problem of a one-problem set whose expr is ``text`` (gradient in ``names``)."""
    path = tmp_path / "one.yaml"
    path.write_text(
        "format_version: 1\ntitle: t\ntopic: t\nproblems:\n"
        f'  - id: p\n    kind: gradient\n    expr: "{text}"\n    vars: [{", ".join(names)}]\n',
        encoding="utf-8",
    )
    loaded = load_file(path)
    assert loaded.errors == (), loaded.errors
    assert loaded.problem_set is not None
    return loaded.problem_set.problems[0]


@pytest.mark.parametrize(("text", "names", "expected"), SAME)
def test_every_entry_point_reads_the_same_expression(
    tmp_path: Path, text: str, names: tuple[str, ...], expected: sympy.Expr
) -> None:
    context = ParseContext(variables=names)
    typed = problem_from_mapping({"kind": "derivative", "expr": text, "var": names[0]})
    readings = {
        "parser": parse_expr(text, context),
        "problem set": read_expr(_yaml_problem(tmp_path, text, names)),  # type: ignore[arg-type]
        "--expr": read_expr(
            problem_from_mapping({"kind": "gradient", "expr": text, "vars": names})
        ),
        "solve": read_expr(read_request(f"gradient of {text} with respect to {', '.join(names)}")),
        "answer": parse_answer(text, answer_context(typed)),
    }
    for where, value in readings.items():
        assert value == expected, where


@pytest.mark.parametrize(
    ("text", "name"),
    [("w1", "w1"), ("w_1", "w1"), ("w₁", "w1"), ("w_{1}", "w1"), ("x_{12}", "x12"),
     ("θ0", "theta0"), ("θ₀", "theta0"), ("\\theta_0", "theta0"), ("theta_0", "theta0")],
)  # fmt: skip
def test_indexed_names_are_one_symbol(text: str, name: str) -> None:
    context = ParseContext(variables=(name,))
    assert parse_expr(text, context) == sympy.Symbol(name)
    assert canonical_name(text) == name


def test_indexed_names_are_shown_with_subscripts() -> None:
    assert sympy.pretty(w1) == "w₁"
    assert sympy.pretty(x12) == "x₁₂"
    assert sympy.pretty(theta0) == "θ₀"


def test_a_digit_after_a_letter_is_an_index_never_a_product() -> None:
    both = ParseContext(variables=("x", "x2"))
    assert parse_expr("2x", both) == 2 * x
    assert parse_expr("x2", both) == sympy.Symbol("x2")
    with pytest.raises(ParseError, match=r"x₂ is not a variable .*index"):
        parse_expr("x2", ParseContext(variables=("x",)))


def test_greek_names_typed_or_spelled_can_be_declared() -> None:
    context = ParseContext(variables=("eta", "lambda", "sigma"))
    eta, lam, sig = sympy.symbols("eta lambda sigma")
    assert parse_expr("η λ + lambda σ", context) == eta * lam + lam * sig
    assert parse_expr("σ(z)", ParseContext(variables=("z",))) == sigmoid(z)
    assert parse_expr("σ z", ParseContext(variables=("z", "sigma"))) == sig * z


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("xz", "xz is not a variable: did you mean x·z? (variables: x, y)"),
        ("z", "z is not a variable in this problem (variables: x, y)"),
        ("f(x)", "f is not a known function"),
        ("w1x", "w₁x is not a variable: did you mean w₁·x? (variables: x, y)"),
    ],
)
def test_an_unknown_run_is_named(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_expr(text, ParseContext(variables=("x", "y")))
    assert caught.value.message == message
    assert caught.value.position == 0


def test_the_command_line_declares_every_other_letter() -> None:
    assert names_used("x^2 y + e^(xy)") == ("x", "y")
    assert names_used("f(x) + sin(θ₀ x) + sigmoid(wx+b)") == ("x", "theta0", "w", "b")
    problem = problem_from_mapping({"kind": "derivative", "expr": "e^(xy)", "var": "x"})
    assert problem.constants == ("y",)
    assert read_expr(problem) == sympy.exp(x * y)


# --- problem sets: no undeclared name, errors on their key's line ------------------------------

BAD_SET = """\
format_version: 1
title: Bad
topic: t
problems:
  - id: ok
    kind: derivative
    expr: x^2
    var: x
  - id: undeclared
    kind: derivative
    expr: x^2 y + xz
    var: x
    constants: [y]
  - id: typo
    kind: derivitive
    expr: x^2
    var: x
  - id: constant-a
    kind: derivative
    expr: a x^2
    var: x
"""


def test_a_set_never_holds_an_undeclared_name(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_SET, encoding="utf-8")
    errors = {e.problem_id: e for e in load_file(path).errors}
    assert set(errors) == {"undeclared", "typo", "constant-a"}
    undeclared = errors["undeclared"]
    assert undeclared.line == 11
    assert "xz is not a variable: did you mean x·z? (variable: x; constants: y)" in str(undeclared)
    lines = undeclared.message.splitlines()
    assert lines[1].strip() == "x^2 y + xz"
    assert lines[2].index("^") == lines[1].index("xz")
    assert errors["typo"].line == 15
    assert errors["constant-a"].line == 20
    assert "a is not a variable" in errors["constant-a"].message


def test_every_bundled_problem_uses_only_declared_names() -> None:
    from calctutor.paths import bundled_sets_dir
    from calctutor.sets.reading import field_readers

    for path in sorted(bundled_sets_dir().glob("*.yaml")):
        loaded = load_file(path)
        assert loaded.errors == (), loaded.errors
        assert loaded.problem_set is not None
        for problem in loaded.problem_set.problems:
            if problem.params or problem.kind == "ode" or problem.expr is None:
                continue
            declared = {*problem.variables, *problem.constants}
            for name, read in field_readers(problem):
                if name == "expr":
                    assert {s.name for s in read().free_symbols} <= declared, problem.id


def test_constants_are_names_and_not_variables(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "format_version: 1\ntitle: t\ntopic: t\nproblems:\n"
        "  - id: p\n    kind: gradient\n    expr: x y\n    vars: [x, y]\n    constants: [y]\n"
        "  - id: q\n    kind: derivative\n    expr: x\n    var: x\n    constants: [sin]\n",
        encoding="utf-8",
    )
    messages = [e.message for e in load_file(path).errors]
    assert "constants: 'y' is both a variable and a constant" in messages
    assert any("'sin' is not a valid name" in m for m in messages)


def test_greek_names_as_template_parameters_and_variables(tmp_path: Path) -> None:
    from calctutor.sets.templates import draw_variant, problem_rng, read_template

    path = tmp_path / "greek.yaml"
    path.write_text(
        "format_version: 1\ntitle: t\ntopic: t\nproblems:\n"
        "  - id: step\n    kind: derivative\n    expr: η θ₀^2 + σ θ₀\n    var: θ₀\n"
        "    constants: [σ]\n    params:\n      η: choice(2, 3)\n",
        encoding="utf-8",
    )
    loaded = load_file(path)
    assert loaded.errors == (), loaded.errors
    assert loaded.problem_set is not None
    template = loaded.problem_set.problems[0]
    assert template.var == "theta0" and template.params[0][0] == "eta"
    variant = draw_variant(read_template(template), problem_rng(1, "t", "step"))
    assert variant is not None
    sigma = sympy.Symbol("sigma")
    assert read_expr(variant.problem) in (
        2 * theta0**2 + sigma * theta0,
        3 * theta0**2 + sigma * theta0,
    )
