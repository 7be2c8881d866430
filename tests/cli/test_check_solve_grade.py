"""``check``, ``solve`` and ``grade`` through the CLI: outputs, JSON contracts, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calctutor.cli.app import app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sets"
runner = CliRunner()
ADHOC = ["check", "--kind", "derivative", "--expr", "sin(x^2)", "--var", "x"]


@pytest.mark.parametrize(
    ("answer", "status", "verdict"),
    [("2x cos(x^2)", 0, "correct"), ("cos(x^2)", 1, "incorrect"), ("2x cos(x^2", 2, "invalid")],
)
def test_check_exit_codes_follow_the_verdict(answer: str, status: int, verdict: str) -> None:
    result = runner.invoke(app, [*ADHOC, "--json", answer])
    assert result.exit_code == status, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == verdict
    assert set(data) >= {"verdict", "message", "notes", "read_as"}


def test_check_names_the_missing_chain_rule_factor() -> None:
    result = runner.invoke(app, [*ADHOC, "cos(x^2)"])
    assert result.exit_code == 1
    assert "chain rule" in result.stdout


def test_check_points_at_the_unclosed_bracket() -> None:
    result = runner.invoke(app, [*ADHOC, "2x cos(x^2"])
    assert result.exit_code == 2
    assert "missing ')'" in result.stdout
    assert "      ^" in result.stdout


def test_check_a_problem_from_a_set_file() -> None:
    target = f"{FIXTURES / 'good.yaml'}/p1"
    assert runner.invoke(app, ["check", target, "x^2"]).exit_code == 0
    assert runner.invoke(app, ["check", target, "2xy"]).exit_code == 1


def test_check_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["check", "no-such-set/p1", "x"]).exit_code == 2
    assert runner.invoke(app, ["check", "--kind", "derivativ", "--expr", "x", "x"]).exit_code == 2
    assert runner.invoke(app, ["check", "only-one-argument"]).exit_code == 2


@pytest.mark.parametrize(
    ("request_text", "result"),
    [
        ("d/dx sin(x^2)", "2*x*cos(x**2)"),
        ("grad x^2 y + y^3", ["2*x*y", "x**2 + 3*y**2"]),
        ("y'' + y = 0, y(0) = 1, y'(0) = 0", "cos(x)"),
    ],
)
def test_solve_natural_input_json(request_text: str, result: object) -> None:
    out = runner.invoke(app, ["solve", request_text, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert set(data) == {"id", "kind", "complete", "result", "result_latex", "steps", "seconds"}
    assert data["result"] == result
    assert data["complete"] is True
    assert {"rule", "text", "before", "after", "substeps"} <= set(data["steps"][0])


def test_solve_panel_fits_80_columns() -> None:
    out = runner.invoke(app, ["solve", "d/dx x sin(x^2)"], env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert out.exit_code == 0
    assert "Product rule" in out.stdout and "Chain rule" in out.stdout
    assert max(len(line) for line in out.stdout.splitlines()) <= 80


def test_solve_markdown_and_latex() -> None:
    markdown = runner.invoke(app, ["solve", "d/dx sin(x^2)", "--markdown"]).stdout
    assert markdown.startswith("## ") and "Chain rule" in markdown and "$" in markdown
    latex = runner.invoke(app, ["solve", "d/dx sin(x^2)", "--latex"]).stdout
    assert "\\begin{document}" in latex and "\\end{document}" in latex


@pytest.mark.parametrize("bad", ["d/dx (x+1", "hello world", "grad", ""])
def test_solve_malformed_input_exits_2(bad: str) -> None:
    out = runner.invoke(app, ["solve", bad])
    assert out.exit_code == 2
    assert "Traceback" not in out.output
    assert out.stderr.strip()


def test_solve_input_lines(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "kind": "derivative", "expr": "x^3", "var": "x"},
        "not json",
        {"id": "c", "kind": "derivative", "expr": "x^3"},
        {"id": "d", "kind": "gradient", "expr": "x*y", "vars": ["x", "y"]},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines))
    out = runner.invoke(app, ["solve", "--input", str(path), "--json"])
    assert out.exit_code == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "2", "c", "d"]
    assert rows[0]["result"] == "3*x**2"
    assert "error" in rows[1] and "missing key 'var'" in rows[2]["error"]
    assert rows[3]["result"] == ["y", "x"]


def test_grade_jsonl_in_order_with_errors(tmp_path: Path) -> None:
    lines = [
        {"id": "a7", "kind": "integral", "expr": "x*exp(x)", "var": "x", "answer": "(x-1)e^x + C"},
        {"id": "b", "kind": "derivative", "expr": "x^2", "var": "x", "answer": "x"},
        {"id": "c", "kind": "derivative", "expr": "x^2", "var": "x", "answr": "2x"},
    ]
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n")
    out_path = tmp_path / "out.jsonl"
    out = runner.invoke(app, ["grade", str(path), "--output", str(out_path), "--jobs", "2"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out_path.read_text().splitlines()]
    assert [r["verdict"] for r in rows] == ["correct", "incorrect", "error", "error"]
    assert rows[0]["id"] == "a7"
    assert set(rows[0]) == {"id", "verdict", "message", "notes", "read_as", "expected", "seconds"}
    assert "graded 4 lines" in out.stderr


def test_grade_unreadable_file_exits_2(tmp_path: Path) -> None:
    out = runner.invoke(app, ["grade", str(tmp_path / "missing.jsonl")])
    assert out.exit_code == 2
    assert "cannot read" in out.stderr


@pytest.mark.parametrize(
    ("request_text", "message"),
    [("d/dx", "nothing to differentiate"), ("nosuch/id", "no problem set named 'nosuch'")],
)
def test_solve_says_what_is_wrong(request_text: str, message: str) -> None:
    out = runner.invoke(app, ["solve", request_text])
    assert out.exit_code == 2
    assert message in out.stderr


@pytest.mark.parametrize("answer", ["-2x cos(x^2)", "-(-2x cos(x^2))"])
def test_answers_may_start_with_a_minus_sign(answer: str) -> None:
    args = ["check", "--kind", "derivative", "--expr", "-sin(x^2)", "--var", "x", answer]
    out = runner.invoke(app, args)
    assert out.exit_code == (0 if answer.startswith("-2") else 1), out.output


def test_a_mistyped_option_is_not_taken_for_an_answer() -> None:
    out = runner.invoke(app, ["solve", "--markdwn"])
    assert out.exit_code == 2
    assert "no such option: --markdwn" in out.stderr
