"""``calctutor quiz`` and ``calctutor grade --quiz`` through the CLI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calctutor.cli.app import app

runner = CliRunner()
SET = """format_version: 1
title: Small
topic: derivatives
problems:
  - id: power
    kind: derivative
    var: x
    params:
      a: randint(2, 9)
      n: randint(2, 5)
    expr: a*x^n
  - id: fixed
    kind: derivative
    var: x
    expr: x*sin(x)
"""


@pytest.fixture
def small_set(tmp_path: Path) -> Path:
    """A tiny set of derivative problems (fast to solve and check)."""
    path = tmp_path / "small.yaml"
    path.write_text(SET)
    return path


def test_the_same_seed_gives_the_same_bytes(small_set: Path) -> None:
    args = ["quiz", str(small_set), "-n", "4", "--seed", "7", "--format", "json"]
    first, again = runner.invoke(app, args), runner.invoke(app, args)
    other = runner.invoke(app, [*args[:-3], "8", "--format", "json"])
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout != other.stdout
    data = json.loads(first.stdout)
    assert data["seed"] == 7 and data["sets"] == ["small"] and len(data["problems"]) == 4


def test_the_format_follows_the_output_extension(small_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "quiz.xml"
    result = runner.invoke(app, ["quiz", str(small_set), "-n", "2", "--seed", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert ET.parse(out).getroot().tag == "quiz"
    assert "wrote 2 questions (moodle)" in result.stderr


def test_markdown_to_stdout_with_a_title_and_no_key(small_set: Path) -> None:
    result = runner.invoke(
        app, ["quiz", str(small_set), "-n", "2", "--seed", "1", "--title", "Week 3", "--no-key"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Week 3\n") and "Answer key" not in result.stdout


def test_without_a_seed_one_is_chosen_and_shown(small_set: Path) -> None:
    result = runner.invoke(app, ["quiz", str(small_set), "-n", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    seed = json.loads(result.stdout)["seed"]
    assert f"seed {seed}" in result.stderr


def test_asking_for_more_than_the_sets_hold_warns(small_set: Path) -> None:
    fixed_only = small_set.parent / "fixed.yaml"
    fixed_only.write_text(SET.split("  - id: power")[0] + SET.split("expr: a*x^n\n")[1])
    result = runner.invoke(app, ["quiz", str(fixed_only), "-n", "3", "--seed", "1"])
    assert result.exit_code == 0
    assert "only 1 of 3 questions" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-set"], "no problem set named 'no-such-set'"),
        (["--format", "docx"], "unknown format 'docx'"),
        (["--format", "pdf"], "give a file with --output"),
        (["--format", "moodle", "--no-key"], "always carries the answers"),
        (["-n", "0"], "--count must be at least 1"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["quiz", *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_grade_a_class_against_the_quiz(small_set: Path, tmp_path: Path) -> None:
    quiz_path = tmp_path / "quiz.json"
    made = runner.invoke(
        app, ["quiz", str(small_set), "-n", "3", "--seed", "2", "-o", str(quiz_path)]
    )
    assert made.exit_code == 0, made.output
    problems = json.loads(quiz_path.read_text())["problems"]
    rows = ["student,question,answer"]
    rows += [f'ann,{p["number"]},"{p["answer"]}"' for p in problems]
    rows += ["bob,1,0", "bob,,x"]
    answers = tmp_path / "answers.csv"
    answers.write_text("\n".join(rows) + "\n")
    result = runner.invoke(app, ["grade", "--quiz", str(quiz_path), str(answers), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    ann, bob = report["students"]
    assert (ann["correct"], ann["total"], bob["correct"]) == (3, 3, 0)
    assert [q["number"] for q in report["questions"]] == [1, 2, 3]
    assert report["errors"] == [{"line": 6, "message": "the student or the question is empty"}]
    table = runner.invoke(app, ["grade", "--quiz", str(quiz_path), str(answers)])
    assert table.exit_code == 0 and "ann" in table.stdout and "3/3" in table.stdout
    rows_out = runner.invoke(app, ["grade", "--quiz", str(quiz_path), str(answers), "--csv"])
    assert rows_out.stdout.startswith("student,question,id,answer,verdict,message")


def test_grade_with_an_unreadable_quiz_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    answers = tmp_path / "a.csv"
    answers.write_text("student,question,answer\n")
    result = runner.invoke(app, ["grade", "--quiz", str(bad), str(answers)])
    assert result.exit_code == 2 and "not valid JSON" in result.stderr


def test_a_pdf_is_dated_now_or_at_source_date_epoch(
    small_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("fpdf")
    out = tmp_path / "quiz.pdf"
    args = ["quiz", str(small_set), "-n", "2", "--seed", "1", "-o", str(out)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert runner.invoke(app, args).exit_code == 0
    first = out.read_bytes()
    assert b"/CreationDate (D:20231114221320" in first
    assert runner.invoke(app, args).exit_code == 0 and out.read_bytes() == first
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert runner.invoke(app, args).exit_code == 0
    assert b"/CreationDate (D:2023" not in out.read_bytes()
