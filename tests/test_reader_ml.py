"""What solve is asked, the functions of machine learning, and the losses' textbook gradients."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import sympy
from typer.testing import CliRunner

from calctutor.check import check_now
from calctutor.check.batch import grade_lines
from calctutor.cli.app import app
from calctutor.expr.functions import logsumexp, relu, sigmoid, softplus
from calctutor.sets.loader import problem_from_mapping
from calctutor.sets.natural import NaturalInputError, read_request
from calctutor.steps.solve import solve_problem

runner = CliRunner()
x, y, w, b, z = sympy.symbols("x y w b z")
z1, z2, z3 = sympy.symbols("z1 z2 z3")
LOGISTIC = "-(y log(σ(wx+b)) + (1-y) log(1 - σ(wx+b)))"


# --- what solve is asked -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "variables"),
    [
        ("d/dw (wx + b - y)^2", "derivative", ("w",)),
        ("∂/∂w (wx + b - y)^2", "derivative", ("w",)),
        ("d/dθ₀ (θ₀ + θ₁x - y)^2", "derivative", ("theta0",)),
        ("∂/∂z_1 z₁^2 + z2", "derivative", ("z1",)),
        ("partial derivative of (wx+b-y)^2 with respect to b", "derivative", ("b",)),
        ("derivative of x^2 y with respect to y", "derivative", ("y",)),
        ("gradient of x^2 w + b with respect to w, b", "gradient", ("w", "b")),
        ("gradient of x^2 w + b wrt w and b", "gradient", ("w", "b")),
        ("grad x^2 y + e^(xy)", "gradient", ("x", "y")),
        ("∇ x^2 + y^2", "gradient", ("x", "y")),
        ("grad -log(e^(z1)/(e^(z1)+e^(z2)+e^(z3)))", "gradient", ("z1", "z2", "z3")),
        ("hessian of x^2 y in x, y", "hessian", ("x", "y")),
        ("critical points of x^3 - 3x", "critical_points", ("x",)),
    ],
)
def test_solve_reads_the_phrasings(text: str, kind: str, variables: tuple[str, ...]) -> None:
    problem = read_request(text)
    assert problem.kind == kind
    assert problem.variables == variables
    assert not set(problem.constants) & set(variables)


def test_the_other_letters_are_constants() -> None:
    problem = read_request("gradient of x^2 w + b with respect to w, b")
    assert problem.constants == ("x",)
    assert solve_problem(problem).result == (x**2, 1)


@pytest.mark.parametrize("text", ["frobnicate x", "solve this please", "gradient"])
def test_an_unreadable_request_says_what_is_understood(text: str) -> None:
    with pytest.raises(NaturalInputError) as caught:
        read_request(text)
    message = str(caught.value)
    assert "ient" not in message.replace("gradient", "")
    assert "d/dx f" in message and "gradient of f with respect to w, b" in message


@pytest.mark.parametrize(
    ("text", "given", "message"),
    [
        ("gradient of x^2 with respect to q", (), "q is not in the expression (it uses x)"),
        ("grad (wx+b-y)^2", ("w", "q"), "q is not in the expression"),
        ("∫ x y dx", ("y",), "the request is in x, but --var says y"),
        ("derivative of x y with respect to x, y", (), "with respect to one variable"),
        ("grad x y", ("x",), "x"),
        ("gradient of x y with respect to x, y", ("x",), "give the variables once"),
    ],
)
def test_variables_that_do_not_fit_are_refused(
    text: str, given: tuple[str, ...], message: str
) -> None:
    if text == "grad x y":  # one variable of two is fine: the gradient in x alone
        assert read_request(text, given).variables == ("x",)
        return
    with pytest.raises(NaturalInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_request(text, given)


def test_vars_are_honoured() -> None:
    problem = read_request(LOGISTIC, ("w", "b"))
    assert problem.kind == "gradient" and problem.variables == ("w", "b")
    assert set(problem.constants) == {"x", "y"}
    assert read_request("(wx + b - y)^2", ("w",)).kind == "derivative"
    assert read_request("∫ x y", ("y",)).var == "y"


def test_solve_on_the_command_line_honours_vars() -> None:
    result = runner.invoke(app, ["solve", "--json", "--vars", "w, b", "--", LOGISTIC])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["result"]) == 2
    refused = runner.invoke(app, ["solve", "grad (wx+b-y)^2", "--vars", "w, q"])
    assert refused.exit_code == 2 and "q is not in the expression" in refused.output
    both = runner.invoke(app, ["solve", "grad x y", "--var", "x", "--vars", "x, y"])
    assert both.exit_code == 2 and "not both" in both.output


# --- the losses' gradients in textbook form ------------------------------------------------


def test_squared_error_gradient_is_textbook() -> None:
    result = solve_problem(read_request("gradient of (wx + b - y)^2 with respect to w, b")).result
    assert result == (2 * x * (w * x + b - y), sympy.Mul(2, w * x + b - y, evaluate=False))


def test_logistic_loss_gradient_is_sigma_minus_y() -> None:
    result = solve_problem(read_request(LOGISTIC, ("w", "b"))).result
    assert result == (x * (sigmoid(w * x + b) - y), sigmoid(w * x + b) - y)


def test_softmax_cross_entropy_gradient_is_softmax_minus_y() -> None:
    total = sympy.exp(z1) + sympy.exp(z2) + sympy.exp(z3)
    for label, k in (("z1", 0), ("z2", 1)):
        text = f"grad -log(e^({label})/(e^(z1)+e^(z2)+e^(z3)))"
        result = solve_problem(read_request(text)).result
        one_hot = [1 if i == k else 0 for i in range(3)]
        softmax = [sympy.exp(v) / total for v in (z1, z2, z3)]
        assert result == tuple(s - yi for s, yi in zip(softmax, one_hot, strict=True))


def test_textbook_forms_survive_the_worker() -> None:
    result = runner.invoke(app, ["solve", "--json", "∂/∂b (wx + b - y)^2"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["result"] == "2*(b + w*x - y)"


# --- the functions of machine learning -----------------------------------------------------


def _rules(problem_text: str) -> set[str]:
    """Every rule name in the worked solution of a request."""
    found: set[str] = set()

    def visit(step: object) -> None:
        found.add(step.rule)  # type: ignore[attr-defined]
        for sub in step.substeps:  # type: ignore[attr-defined]
            visit(sub)

    for step in solve_problem(read_request(problem_text)).steps:
        visit(step)
    return found


@pytest.mark.parametrize(
    ("text", "rule", "result"),
    [
        ("d/dz sigmoid(z)", "derivative of σ", sigmoid(z) * (1 - sigmoid(z))),
        ("d/dz softplus(z)", "derivative of softplus", sigmoid(z)),
        ("d/dz relu(z)", "derivative of ReLU", sympy.Heaviside(z)),
        ("d/dz1 logsumexp(z1, z2)", "log-sum-exp rule",
         sympy.exp(z1) / (sympy.exp(z1) + sympy.exp(z2))),
        ("d/dz2 log(e^(z1)/(e^(z1) + e^(z2)))", "log-softmax rule",
         -sympy.exp(z2) / (sympy.exp(z1) + sympy.exp(z2))),
    ],
)  # fmt: skip
def test_named_rules_of_machine_learning(text: str, rule: str, result: sympy.Expr) -> None:
    assert rule in _rules(text)
    assert sympy.simplify(solve_problem(read_request(text)).result - result) == 0


def test_relu_says_its_derivative_is_undefined_at_0() -> None:
    solution = solve_problem(read_request("d/dx relu(3x - 1)"))
    assert "no derivative where its argument is 0" in solution.note


def test_sigma_is_the_logistic_function_unless_declared() -> None:
    sigma = sympy.Symbol("sigma")
    assert solve_problem(read_request("d/dz σ(2z)")).result == 2 * sigmoid(2 * z) * (
        1 - sigmoid(2 * z)
    )
    problem = problem_from_mapping(
        {"kind": "derivative", "expr": "σ z^2", "var": "z", "constants": ["sigma"]}
    )
    assert solve_problem(problem).result == 2 * sigma * z


def test_the_functions_evaluate_and_print() -> None:
    assert sympy.N(sigmoid(0)) == 0.5
    assert abs(float(softplus(1).evalf()) - 1.3132616875) < 1e-9
    assert relu(-2) == 0 and relu(3) == 3
    assert abs(float(logsumexp(1, 2).evalf()) - 2.3132616875) < 1e-9
    assert sympy.latex(sigmoid(z)) == r"\sigma\left(z\right)"
    assert sympy.pretty(sigmoid(z)) == "σ(z)"


@pytest.mark.parametrize(
    ("problem", "answers"),
    [
        ({"kind": "derivative", "expr": "sigmoid(w x + b)", "var": "w"},
         ["x σ(wx+b)(1 - σ(wx+b))", "x e^(-(wx+b))/(1 + e^(-(wx+b)))^2",
          "x sigmoid(wx+b) - x sigmoid(wx+b)^2"]),
        ({"kind": "derivative", "expr": LOGISTIC, "var": "w"},
         ["(σ(wx+b) - y)x", "x/(1 + e^(-wx-b)) - xy", "x (1/(1+exp(-(w x + b))) - y)"]),
        ({"kind": "gradient", "expr": "-log(e^(z1)/(e^(z1)+e^(z2)+e^(z3)))",
          "vars": ["z1", "z2", "z3"]},
         ["(e^(z1)/(e^z1+e^z2+e^z3) - 1, e^z2/(e^z1+e^z2+e^z3), e^z3/(e^z1+e^z2+e^z3))",
          "(-(e^z₂ + e^z₃)/(e^z₁+e^z₂+e^z₃), e^z_2/(e^z_1+e^z_2+e^z_3), "
          "1/(1 + e^(z1 - z3) + e^(z2 - z3)))"]),
        ({"kind": "derivative", "expr": "relu(z)", "var": "z"},
         ["step(z)", "Heaviside(z)", "(sign(z) + 1)/2"]),
        ({"kind": "derivative", "expr": "softplus(z)", "var": "z"},
         ["σ(z)", "1/(1 + e^(-z))", "e^z/(1 + e^z)"]),
    ],
)  # fmt: skip
def test_grading_accepts_every_equivalent_form(
    problem: dict[str, object], answers: list[str]
) -> None:
    typed = problem_from_mapping(problem)
    for answer in answers:
        verdict = check_now(typed, answer, random.Random(0))
        assert verdict.verdict == "correct", (answer, verdict.message)
    wrong = check_now(typed, "x", random.Random(0))
    assert wrong.verdict in ("incorrect", "invalid")


def test_ml_functions_cross_the_grading_workers() -> None:
    lines = [
        json.dumps({"kind": "derivative", "expr": "sigmoid(wx)", "var": "w",
                    "answer": "x σ(wx)(1 - σ(wx))"}),
        json.dumps({"kind": "gradient", "expr": "logsumexp(z1, z_2)", "vars": "z₁, z2",
                    "answer": "(e^z1/(e^z1 + e^z2), e^z2/(e^z1 + e^z2))"}),
    ]  # fmt: skip
    assert [r["verdict"] for r in grade_lines(lines, jobs=2)] == ["correct", "correct"]


# --- the set of the issue, through every command -------------------------------------------

EXY = """\
format_version: 1
title: Gradient of e^(xy)
topic: gradients
problems:
  - id: g1
    kind: gradient
    expr: x^2 y + e^(xy)
    vars: [x, y]
"""
RIGHT = "(2xy + y e^(xy), x^2 + x e^(xy))"


@pytest.fixture
def exy(tmp_path: Path) -> Path:
    """The e^(xy) gradient set of issue 11."""
    path = tmp_path / "exy.yaml"
    path.write_text(EXY, encoding="utf-8")
    return path


def test_the_exy_set_validates_and_checks(exy: Path) -> None:
    assert runner.invoke(app, ["sets", "validate", str(exy)]).exit_code == 0
    right = runner.invoke(app, ["check", f"{exy}/g1", RIGHT])
    assert right.exit_code == 0 and "correct" in right.stdout
    assert runner.invoke(app, ["check", f"{exy}/g1", "(2xy, x^2)"]).exit_code == 1
    adhoc = ["check", "--kind", "derivative", "--expr", "e^(xy)", "--var", "x", "y e^(xy)"]
    assert runner.invoke(app, adhoc).exit_code == 0


def test_the_exy_set_grades_in_lines_and_quizzes(exy: Path, tmp_path: Path) -> None:
    lines = tmp_path / "lines.jsonl"
    line = {"kind": "gradient", "expr": "x^2 y + e^(xy)", "vars": ["x", "y"], "answer": RIGHT}
    lines.write_text(json.dumps(line) + "\n", encoding="utf-8")
    graded = runner.invoke(app, ["grade", str(lines)])
    assert graded.exit_code == 0 and '"correct"' in graded.stdout
    quiz = tmp_path / "quiz.json"
    made = runner.invoke(app, ["quiz", str(exy), "--count", "1", "--seed", "1", "--format",
                               "json", "--output", str(quiz)])  # fmt: skip
    assert made.exit_code == 0, made.output
    key = json.loads(quiz.read_text())["problems"][0]["answer"]
    answers = tmp_path / "answers.csv"
    answers.write_text(
        f'student,question,answer\nann,1,"{RIGHT}"\nkey,1,"{key}"\nbob,1,"(2xy, x^2)"\n',
        encoding="utf-8",
    )
    report = runner.invoke(app, ["grade", "--quiz", str(quiz), str(answers), "--json"])
    scores = {s["student"]: s["correct"] for s in json.loads(report.stdout)["students"]}
    assert scores == {"ann": 1, "key": 1, "bob": 0}


def test_the_exy_set_in_the_drill(exy: Path) -> None:
    result = runner.invoke(app, ["drill", str(exy), "--count", "1"], input=f"{RIGHT}\nq\n")
    assert result.exit_code == 0
    assert "Correct" in result.stdout


def test_an_undeclared_run_fails_validation_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "xz.yaml"
    path.write_text(EXY.replace("x^2 y + e^(xy)", "x^2 y + xz"), encoding="utf-8")
    result = runner.invoke(app, ["sets", "validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:7: [g1] expr: xz is not a variable: did you mean x·z?" in result.output


def test_indexed_names_are_one_symbol_on_the_command_line() -> None:
    base = ["check", "--kind", "derivative", "--expr", "z1^2 + z_1 z2", "--var", "z₁"]
    assert runner.invoke(app, [*base, "2z_1 + z₂"]).exit_code == 0
    assert runner.invoke(app, [*base, "2 z1 + z2"]).exit_code == 0
    solved = runner.invoke(app, ["solve", "--json", "d/dz_1 z₁^2 z2"])
    assert json.loads(solved.stdout)["result"] == "2*z1*z2"
