"""Working through the CLI: check --working, grade lines with working, the drill's work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calctutor.cli.app import app

runner = CliRunner()
PARTS = ["check", "--kind", "integral", "--expr", "x e^x", "--var", "x"]
RIGHT = "u = x, dv = e^x dx\ndu = dx, v = e^x\n∫ x e^x dx = x e^x − ∫ e^x dx\n= x e^x − e^x + C\n"
WRONG = "∫ x e^x dx = x e^x + ∫ e^x dx\n= x e^x + e^x + C\n"


def write(tmp_path: Path, text: str | bytes) -> str:
    """A working file with this content."""
    path = tmp_path / "working.txt"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def test_right_working_exits_0_and_names_the_rules(tmp_path: Path) -> None:
    result = runner.invoke(app, [*PARTS, "--working", write(tmp_path, RIGHT)])
    assert result.exit_code == 0, result.output
    assert "integration by parts" in result.stdout


def test_json_contract_and_the_first_wrong_line(tmp_path: Path) -> None:
    result = runner.invoke(app, [*PARTS, "--working", write(tmp_path, WRONG), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) >= {"verdict", "lines", "first_error"}
    assert data["verdict"] == "incorrect" and data["first_error"] == 1
    assert [set(line) for line in data["lines"]] == [{"n", "text", "status", "rule", "message"}] * 2
    assert data["lines"][0]["status"] == "wrong"


def test_working_from_stdin_for_a_set_problem() -> None:
    working = "d/dx (x^5) = 5x^4\n"
    result = runner.invoke(
        app, ["check", "power-product-quotient/power-1", "--working", "-", "--json"], input=working
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["lines"][0]["status"] == "rule"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8 text"),
        ("= x\n" * 10_000, "too long"),
        ("x\x00y\n", "not text"),
    ],
)
def test_bad_working_files_exit_2_with_a_message(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    result = runner.invoke(app, [*PARTS, "--working", write(tmp_path, content)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_working_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, [*PARTS, "--working", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "cannot read" in message and "No such file" in message


def test_working_with_an_answer_argument_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["check", "power-product-quotient/power-1", "5x^4", "--working", write(tmp_path, RIGHT)],
    )
    assert result.exit_code == 2


def test_unreadable_lines_show_a_caret(tmp_path: Path) -> None:
    text = "∫ x e^x dx = x e^x − ∫ e^x dx + (x\n= x e^x − e^x + C\n"
    result = runner.invoke(app, [*PARTS, "--working", write(tmp_path, text)])
    assert result.exit_code == 2
    assert "never closed" in result.stdout and "^" in result.stdout


def test_grade_lines_may_carry_working(tmp_path: Path) -> None:
    lines = [
        {"id": "w", "kind": "integral", "expr": "x e^x", "var": "x", "working": WRONG.splitlines()},
        {"id": "a", "kind": "derivative", "expr": "x^2", "var": "x", "answer": "2x"},
        {"id": "bad", "kind": "derivative", "expr": "x^2", "var": "x", "working": "2x"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["grade", str(path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["verdict"] == "incorrect" and out[0]["first_error"] == 1
    assert out[0]["lines"][0]["status"] == "wrong"
    assert out[1]["verdict"] == "correct" and "lines" not in out[1]
    assert out[2]["verdict"] == "error" and "list of lines" in out[2]["message"]


def test_the_drill_work_command_points_at_the_first_wrong_line() -> None:
    session = "work\nd/dx (x^5) = 5x^5\n= 5x^5\n\nquit\n"
    result = runner.invoke(
        app, ["drill", "power-product-quotient", "--count", "1", "--seed", "1"], input=session
    )
    assert result.exit_code == 0, result.output
    assert "first wrong line" in result.stdout
    assert "Line 1:" in result.stdout
