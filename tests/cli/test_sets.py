"""``calctutor sets``: list, show, validate through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from calctutor.cli.app import app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sets"
runner = CliRunner()


def test_list_json_has_the_documented_keys(calctutor_home: Path) -> None:
    (calctutor_home / "sets").mkdir()
    (calctutor_home / "sets" / "mine.yaml").write_text((FIXTURES / "good.yaml").read_text())
    result = runner.invoke(app, ["sets", "list", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    mine = next(r for r in rows if r["name"] == "mine")
    assert set(mine) == {"name", "title", "topic", "problems", "path"}
    assert mine["problems"] == 2


def test_show_a_file_by_path() -> None:
    result = runner.invoke(app, ["sets", "show", str(FIXTURES / "good.yaml")])
    assert result.exit_code == 0
    assert "p1" in result.stdout and "p2" in result.stdout


def test_show_json() -> None:
    result = runner.invoke(app, ["sets", "show", str(FIXTURES / "good.yaml"), "--json"])
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["problems"]] == ["p1", "p2"]


def test_show_unknown_set_exits_2() -> None:
    result = runner.invoke(app, ["sets", "show", "no-such-set"])
    assert result.exit_code == 2
    assert "no problem set named 'no-such-set'" in result.stderr


def test_validate_reports_errors_and_exits_1() -> None:
    result = runner.invoke(app, ["sets", "validate", str(FIXTURES / "bad.yaml")])
    assert result.exit_code == 1
    assert "unknown key 'hnts' (did you mean 'hints'?)" in result.stderr
    assert "Traceback" not in result.output


def test_validate_good_file_exits_0() -> None:
    result = runner.invoke(app, ["sets", "validate", str(FIXTURES / "good.yaml")])
    assert result.exit_code == 0


def test_validate_missing_path_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sets", "validate", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "not a set file" in result.stderr


def test_validate_reports_a_problem_calctutor_cannot_solve() -> None:
    path = str(FIXTURES / "unsolvable.yaml")
    result = runner.invoke(app, ["sets", "validate", path, "--timeout", "3"])
    assert result.exit_code == 1
    assert "unsolvable.yaml:9: [no-elementary] calctutor cannot solve it" in result.stderr
    assert "[ok]" not in result.stderr
    assert runner.invoke(app, ["sets", "validate", path, "--quick"]).exit_code == 0


def test_check_names_the_errors_of_an_invalid_problem() -> None:
    result = runner.invoke(app, ["check", f"{FIXTURES / 'bad.yaml'}/typo-key", "2x"])
    assert result.exit_code == 2
    assert "the problem 'typo-key' has errors" in result.stderr
    assert "unknown key 'hnts'" in result.stderr


def test_show_warns_about_problems_left_out() -> None:
    result = runner.invoke(app, ["sets", "show", str(FIXTURES / "bad.yaml")])
    assert result.exit_code == 0
    assert "warning: 5 error(s)" in result.stderr
