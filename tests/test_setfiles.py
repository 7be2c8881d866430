"""Loading problem sets: every error kind reported with file, line and problem id."""

from __future__ import annotations

from pathlib import Path

import pytest

from calctutor.sets.files import discover, load_file
from calctutor.sets.loader import ProblemError, problem_from_mapping

FIXTURES = Path(__file__).parent / "fixtures" / "sets"


def messages(name: str) -> list[str]:
    """The error lines of one fixture file."""
    return [str(e) for e in load_file(FIXTURES / name).errors]


def test_every_error_in_a_file_is_reported_at_once() -> None:
    found = messages("bad.yaml")
    assert any(":13: [typo-key] unknown key 'hnts' (did you mean 'hints'?)" in m for m in found)
    bad_kind = "[bad-kind] unknown kind 'derivativ' (did you mean 'derivative'?)"
    assert any(bad_kind in m for m in found)
    assert any(":20: [bad-expr] expr: missing ')'" in m and "^" in m for m in found)
    assert any("[ok-1] duplicate id 'ok-1' (first used on line 5)" in m for m in found)
    assert any("[no-var] missing key 'var'" in m for m in found)
    assert len(found) == 5


def test_valid_problems_survive_beside_invalid_ones() -> None:
    loaded = load_file(FIXTURES / "bad.yaml")
    assert loaded.problem_set is not None
    assert [p.id for p in loaded.problem_set.problems] == ["ok-1"]


def test_yaml_syntax_error_has_a_line() -> None:
    (only,) = messages("syntax.yaml")
    assert "YAML syntax error" in only
    assert "syntax.yaml:7:" in only or "syntax.yaml:6:" in only


def test_unsupported_format_version() -> None:
    (only,) = messages("version.yaml")
    assert "version.yaml:1:" in only
    assert "format_version 2 is not one this version reads" in only
    assert load_file(FIXTURES / "version.yaml").problem_set is None


def test_good_file_loads_every_field() -> None:
    loaded = load_file(FIXTURES / "good.yaml")
    assert loaded.errors == ()
    assert loaded.problem_set is not None
    ode = loaded.problem_set.find("p2")
    assert ode is not None
    assert ode.ics == (("y(0)", "1"), ("y'(0)", "0"))
    assert loaded.problem_set.find("p1") is not None


def test_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    loaded = load_file(tmp_path / "nope.yaml")
    assert loaded.problem_set is None
    assert "cannot read the file" in str(loaded.errors[0])


def test_user_sets_are_discovered(calctutor_home: Path) -> None:
    sets = calctutor_home / "sets"
    sets.mkdir()
    (sets / "mine.yaml").write_text((FIXTURES / "good.yaml").read_text())
    assert sets / "mine.yaml" in discover()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"kind": "derivative", "expr": "x^2"}, "missing key 'var'"),
        ({"kind": "integral", "expr": "x", "var": "x", "answr": "1"}, "unknown key 'answr'"),
        ({"kind": "integral", "expr": "(x + 1", "var": "x"}, "expr: missing ')'"),
        ({"kind": "limit", "expr": "x"}, "unknown kind 'limit'"),
        ({"kind": "gradient", "expr": "x", "vars": ["x"], "difficulty": 9}, "difficulty"),
        ({"expr": "x"}, "missing key 'kind'"),
        ({"kind": "ode", "equation": "y'' + y = 0", "func": "y", "var": "x", "ics": 3}, "ics"),
    ],
)
def test_problem_from_mapping_refuses_with_a_reason(data: dict[str, object], reason: str) -> None:
    with pytest.raises(ProblemError) as caught:
        problem_from_mapping(data)
    assert reason in str(caught.value)


def test_problem_from_mapping_reads_lists_and_numbers() -> None:
    problem = problem_from_mapping(
        {"id": "o", "kind": "optimizer_step", "expr": "x^2 + 10y^2", "vars": "x, y",
         "method": "adam", "lr": 0.1, "start": [1, 1], "steps": 3}
    )  # fmt: skip
    assert problem.vars == ("x", "y")
    assert problem.start == "(1, 1)"
    assert problem.lr == "0.1"


def test_bundled_sets_are_valid_and_large_enough() -> None:
    from calctutor.paths import bundled_sets_dir

    files = sorted(bundled_sets_dir().glob("*.yaml"))
    loaded = [load_file(p) for p in files]
    errors = [str(e) for item in loaded for e in item.errors]
    assert errors == []
    counts = [len(item.problem_set.problems) for item in loaded if item.problem_set]
    assert len(files) >= 8
    assert sum(counts) >= 120


def test_structure_only_loading_keeps_problems_whose_math_is_unread() -> None:
    quick = load_file(FIXTURES / "bad.yaml", check_math=False)
    assert quick.problem_set is not None
    assert [p.id for p in quick.problem_set.problems] == ["ok-1", "bad-expr"]
    assert not any("missing ')'" in str(e) for e in quick.errors)
