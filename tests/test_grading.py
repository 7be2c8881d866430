"""grade: JSON Lines in, one result per line out, in order, errors reported and skipped over."""

from __future__ import annotations

import json

from calctutor.check.batch import grade_lines

KEYS = ["id", "verdict", "message", "notes", "read_as", "expected", "seconds"]


def line(**fields: object) -> str:
    """One JSON line."""
    return json.dumps(fields)


def test_each_line_gives_one_result_in_order() -> None:
    lines = [
        line(id="a7", kind="integral", expr="x*exp(x)", var="x", answer="(x-1)e^x + C"),
        line(id="a8", kind="derivative", expr="sin(x^2)", var="x", answer="cos(x^2)"),
        "this is not json",
        line(id="a9", kind="derivative", expr="x^2", var="x", answr="2x"),
        line(id="a10", kind="derivative", expr="x^2", var="x", colour="red", answer="2x"),
        line(id="a11", kind="gradient", expr="x y", vars=["x", "y"], answer="(y, x"),
        "",
        line(kind="expression", expected="1/2", answer="0.5"),
    ]
    results = list(grade_lines(lines, jobs=2))
    assert [list(r) for r in results] == [KEYS] * 8
    assert [r["id"] for r in results] == ["a7", "a8", None, "a9", "a10", "a11", None, None]
    verdicts = [r["verdict"] for r in results]
    assert verdicts == [
        "correct", "incorrect", "error", "error", "error", "invalid", "error", "correct"
    ]  # fmt: skip
    assert results[1]["notes"] == ["chain_rule_factor"]
    assert "line 3 is not valid JSON" in results[2]["message"]
    assert "missing key 'answer'" in results[3]["message"]
    assert "unknown key 'colour'" in results[4]["message"]
    assert all(isinstance(r["seconds"], float) for r in results)


def test_a_line_over_its_time_is_unknown_and_grading_goes_on() -> None:
    lines = [
        line(id="slow", kind="definite_integral", expr="exp(sin(x)) x^x", var="x",
             lower="0", upper="1", answer="1.29"),
        line(id="fast", kind="derivative", expr="x^3", var="x", answer="3x^2"),
    ]  # fmt: skip
    results = list(grade_lines(lines, jobs=2, timeout=0.5))
    assert [(r["id"], r["verdict"]) for r in results] == [("slow", "unknown"), ("fast", "correct")]
    assert results[0]["notes"] == ["timeout"] and results[0]["seconds"] == 0.5


def test_a_non_text_answer_and_a_non_object_line() -> None:
    lines = [line(kind="expression", expected="2", answer=2), "[1, 2]", line(answer=["x"])]
    results = list(grade_lines(lines, jobs=1))
    assert [r["verdict"] for r in results] == ["correct", "error", "error"]


def test_a_blank_line_inside_the_file_keeps_lines_aligned() -> None:
    good = line(kind="derivative", expr="x^2", var="x", answer="2x")
    results = list(grade_lines([good, "", "  ", good, "", ""], jobs=1))
    assert [r["verdict"] for r in results] == ["correct", "error", "error", "correct"]
    assert results[1]["message"] == "line 2 is empty"
