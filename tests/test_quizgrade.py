"""Grading a class's CSV against a quiz JSON: scores, rates, skipped rows, never a crash."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pytest
from export_sample import sample_quiz
from hypothesis import given, settings
from hypothesis import strategies as st

from calctutor.check.verdict import Verdict
from calctutor.export.json import dumps
from calctutor.quiz.grade import (
    QuizFileError,
    grade,
    load_quiz,
    pooled_checker,
    read_answers,
    report_csv,
    report_json,
)
from calctutor.sets.model import Problem

QUIZ = sample_quiz()
LOADED = load_quiz(dumps(QUIZ))
KEYS = {q.problem: i.key.answer for q, i in zip(LOADED.questions, QUIZ.items, strict=True)}


def fake_checker(tasks: Sequence[tuple[Problem, str]]) -> list[Verdict]:
    """Correct exactly when the answer is the key's text."""
    return [
        Verdict("correct", "Correct.") if KEYS.get(p) == a else Verdict("incorrect", "Not quite.")
        for p, a in tasks
    ]


def csv_text(rows: list[list[str]]) -> str:
    """Rows as CSV with the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([["student", "question", "answer"], *rows])
    return buffer.getvalue()


def test_scores_feedback_and_rates() -> None:
    text = csv_text([
        ["ann", "1", QUIZ.items[0].key.answer], ["ann", "i1", QUIZ.items[1].key.answer],
        ["bob", "1", "0"], ["bob", "several/g1", QUIZ.items[4].key.answer],
    ])  # fmt: skip
    rows, errors = read_answers(text)
    report = grade(LOADED, rows, fake_checker, errors)
    data = report_json(report)
    ann, bob = data["students"]
    assert (ann["student"], ann["correct"], ann["total"]) == ("ann", 2, 9)
    assert (bob["correct"], [r["verdict"] for r in bob["results"]]) == (1, ["incorrect", "correct"])
    assert bob["results"][0]["message"] == "Not quite." and bob["results"][0]["line"] == 4
    rates = {q["number"]: q["correct_rate"] for q in data["questions"]}
    assert rates[1] == 0.5 and rates[2] == 1.0 and rates[5] == 1.0 and rates[3] is None
    assert data["errors"] == []


def test_malformed_rows_are_reported_with_their_line_and_skipped() -> None:
    text = (
        "Student , Question,Answer\n"
        "ann,1,x\n"
        "\n"
        "ann,42,x\n"
        "bob,2,sin(x^2) + C,extra\n"
        ",3,9\n"
        'carl,1,"multi\nline"\n'
        "carl,1,again\n"
        "dan,4\n"
    )
    rows, errors = read_answers(text)
    report = grade(LOADED, rows, fake_checker, errors)
    lines = {e.line: e.message for e in report.errors}
    assert set(lines) == {4, 5, 6, 9, 10}
    assert "no question '42'" in lines[4] and "double quotes" in lines[5]
    assert "already answered question 1 on line 7" in lines[9]
    assert "fields" in lines[10]
    assert [s.student for s in report.students] == ["ann", "carl"]


def test_an_id_used_twice_must_be_named_by_number() -> None:
    doubled = type(QUIZ)(QUIZ.title, QUIZ.seed, QUIZ.sets, (QUIZ.items[0], QUIZ.items[0]))
    numbered = [type(i)(n, *[getattr(i, f) for f in ("set_name", "topic", "problem", "variant",
                "prompt", "key")]) for n, i in enumerate(doubled.items, start=1)]  # fmt: skip
    quiz = load_quiz(dumps(type(QUIZ)(QUIZ.title, 1, QUIZ.sets, tuple(numbered))))
    rows, _ = read_answers(csv_text([["ann", "d1", "x"], ["ann", "2", "x"]]))
    report = grade(quiz, rows, fake_checker)
    assert "names questions 1, 2: use the number" in report.errors[0].message
    assert report.students[0].results[0].number == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"title": "x"}', "no 'problems' list"),
        ('{"problems": [{"number": 1, "kind": "derivative"}]}', "not a valid problem"),
        ('{"problems": [{"kind": "derivative"}]}', "has no number"),
    ],
)
def test_bad_quiz_files(text: str, message: str) -> None:
    with pytest.raises(QuizFileError, match=message):
        load_quiz(text)


def test_a_csv_without_the_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="student, question, answer"):
        read_answers("name,answer\nann,1\n")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_any_csv_text_grades_without_crashing(text: str) -> None:
    try:
        rows, errors = read_answers("student,question,answer\n" + text)
    except ValueError:
        return
    report = grade(LOADED, rows, fake_checker, errors)
    assert len(report_csv(report).splitlines()) >= 1


def test_grading_round_trips_with_the_real_checker() -> None:
    rows = [["key", str(item.number), item.key.answer] for item in QUIZ.items]
    rows += [["zero", str(item.number), "17"] for item in QUIZ.items]
    answers, errors = read_answers(csv_text(rows))
    report = grade(LOADED, answers, pooled_checker(timeout=10.0, jobs=2), errors)
    by_name = {s.student: s for s in report.students}
    assert by_name["key"].correct == by_name["key"].total == 9
    assert by_name["zero"].correct == 0
    assert all(q.correct_rate == 0.5 for q in report.questions)
    table = list(csv.reader(io.StringIO(report_csv(report))))
    assert table[0] == ["student", "question", "id", "answer", "verdict", "message"]
    assert len(table) == 19
