"""Grading the answers to a quiz: a quiz JSON file and a CSV of answers in, a report out.

The CSV has the columns ``student``, ``question`` (the number in the quiz, the problem id, or
``set/id``) and ``answer``. Each answer is checked against the quiz's own problem (rebuilt from
the JSON, so the sets need not be at hand). A malformed row is reported with its line number
and skipped; nothing in the input makes grading crash.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from calctutor.check.verdict import Verdict
from calctutor.sets.fields import ALL_KEYS
from calctutor.sets.model import Problem

COLUMNS = ("student", "question", "answer")
MAX_ANSWER = 2000
Checker = Callable[[Sequence[tuple[Problem, str]]], list[Verdict]]


class QuizFileError(ValueError):
    """A quiz file that cannot be used for grading."""


@dataclass(frozen=True)
class QuizQuestion:
    """One question of the quiz being graded."""

    number: int
    set_name: str
    problem: Problem


@dataclass(frozen=True)
class LoadedQuiz:
    """The questions of a quiz file."""

    title: str
    seed: Any
    questions: tuple[QuizQuestion, ...]

    def lookup(self, reference: str) -> list[QuizQuestion]:
        """The questions a CSV ``question`` cell names: a number, an id, or set/id."""
        text = reference.strip()
        if text.isdigit():
            return [q for q in self.questions if q.number == int(text)]
        return [q for q in self.questions if text in (q.problem.id, f"{q.set_name}/{q.problem.id}")]


@dataclass(frozen=True)
class AnswerRow:
    """One answer read from the CSV, with its line."""

    line: int
    student: str
    question: str
    answer: str


@dataclass(frozen=True)
class RowError:
    """A row that was skipped, and why."""

    line: int
    message: str


@dataclass(frozen=True)
class Result:
    """One graded answer."""

    line: int
    student: str
    number: int
    problem_id: str
    answer: str
    verdict: Verdict


@dataclass(frozen=True)
class StudentReport:
    """A student's score and each of their graded answers."""

    student: str
    correct: int
    total: int
    results: tuple[Result, ...]


@dataclass(frozen=True)
class QuestionReport:
    """How one question went: answers received, correct ones, and the rate."""

    number: int
    problem_id: str
    answered: int
    correct: int

    @property
    def correct_rate(self) -> float | None:
        """The share of the answers that were correct (None when nobody answered)."""
        return None if not self.answered else round(self.correct / self.answered, 4)


@dataclass(frozen=True)
class GradeReport:
    """Everything a grading run found."""

    title: str
    students: tuple[StudentReport, ...]
    questions: tuple[QuestionReport, ...]
    errors: tuple[RowError, ...]


# --- reading -------------------------------------------------------------------------------


def _question(entry: Any, index: int) -> QuizQuestion:
    """One question of the quiz JSON, or QuizFileError."""
    from calctutor.sets.loader import ProblemError, problem_from_mapping

    if not isinstance(entry, Mapping) or not isinstance(entry.get("number"), int):
        raise QuizFileError(f"problem {index + 1} has no number")
    fields = {k: v for k, v in entry.items() if k in ALL_KEYS and k != "prompt"}
    try:
        problem = problem_from_mapping(fields, default_id=f"question-{entry['number']}")
    except ProblemError as error:
        raise QuizFileError(f"question {entry['number']} is not a valid problem: {error}") from None
    return QuizQuestion(entry["number"], str(entry.get("set", "")), problem)


def load_quiz(text: str) -> LoadedQuiz:
    """The quiz in a ``calctutor quiz --format json`` file, or QuizFileError."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise QuizFileError(f"the quiz file is not valid JSON: {error}") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("problems"), list):
        raise QuizFileError("the quiz file has no 'problems' list (make it with --format json)")
    questions = tuple(_question(entry, i) for i, entry in enumerate(data["problems"]))
    numbers = [q.number for q in questions]
    if len(set(numbers)) != len(numbers):
        raise QuizFileError("two questions of the quiz file have the same number")
    return LoadedQuiz(str(data.get("title", "Quiz")), data.get("seed"), questions)


def _header(fields: Sequence[str] | None) -> dict[str, int] | None:
    """The position of each required column, or None when one is missing."""
    names = [f.strip().lower() for f in fields or ()]
    if not all(c in names for c in COLUMNS):
        return None
    return {c: names.index(c) for c in COLUMNS}


def read_answers(text: str) -> tuple[list[AnswerRow], list[RowError]]:
    """The answer rows of the CSV and the rows skipped (ValueError for a missing column)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        columns = _header(next(reader, None))
    except csv.Error as error:
        raise ValueError(f"the answers file is not CSV: {error}") from None
    if columns is None:
        raise ValueError(f"the answers file needs the columns {', '.join(COLUMNS)} in a header row")
    width = max(columns.values()) + 1
    rows: list[AnswerRow] = []
    errors: list[RowError] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as error:
            errors.append(RowError(line, f"not valid CSV ({error})"))
            break
        if cells is None:
            break
        found = _row(cells, columns, width, line)
        if isinstance(found, AnswerRow):
            rows.append(found)
        elif found is not None:
            errors.append(found)
        line = reader.line_num + 1
    return rows, errors


def _row(
    cells: list[str], columns: Mapping[str, int], width: int, line: int
) -> AnswerRow | RowError | None:
    """One CSV row as an answer, an error, or None when the row is blank."""
    if not any(c.strip() for c in cells):
        return None
    if len(cells) < width:
        return RowError(line, f"{len(cells)} fields, expected at least {width}")
    if len(cells) > width and columns["answer"] == width - 1 and any(cells[width:]):
        return RowError(line, "too many fields: put an answer with commas in double quotes")
    student, question, answer = (cells[columns[c]].strip() for c in COLUMNS)
    if not student or not question:
        return RowError(line, "the student or the question is empty")
    if len(answer) > MAX_ANSWER:
        return RowError(line, f"the answer is longer than {MAX_ANSWER} characters")
    return AnswerRow(line, student, question, answer)


# --- grading -------------------------------------------------------------------------------


def _match(
    quiz: LoadedQuiz, rows: Sequence[AnswerRow]
) -> tuple[list[tuple[AnswerRow, QuizQuestion]], list[RowError]]:
    """Each row with its question; rows naming no question, or an ambiguous one, are errors."""
    matched: list[tuple[AnswerRow, QuizQuestion]] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        found = quiz.lookup(row.question)
        if not found:
            errors.append(RowError(row.line, f"no question '{row.question}' in the quiz"))
            continue
        if len(found) > 1:
            numbers = ", ".join(str(q.number) for q in found)
            message = f"'{row.question}' names questions {numbers}: use the number"
            errors.append(RowError(row.line, message))
            continue
        key = (row.student, found[0].number)
        if key in seen:
            message = f"{row.student} already answered question {key[1]} on line {seen[key]}"
            errors.append(RowError(row.line, message))
            continue
        seen[key] = row.line
        matched.append((row, found[0]))
    return matched, errors


def grade(
    quiz: LoadedQuiz,
    rows: Sequence[AnswerRow],
    checker: Checker,
    skipped: Sequence[RowError] = (),
) -> GradeReport:
    """Check every answer against its question and sum up by student and by question.

    ``skipped`` are the rows already refused while reading; they join the report's errors.
    """
    matched, errors = _match(quiz, rows)
    errors += skipped
    tasks = list(dict.fromkeys((q.problem, r.answer) for r, q in matched))
    verdicts = dict(zip(tasks, checker(tasks), strict=True))
    results = [
        Result(r.line, r.student, q.number, q.problem.id, r.answer, verdicts[(q.problem, r.answer)])
        for r, q in matched
    ]
    students = tuple(_student(name, results, len(quiz.questions)) for name in _names(results))
    questions = tuple(_question_report(q, results) for q in quiz.questions)
    return GradeReport(quiz.title, students, questions, tuple(sorted(errors, key=lambda e: e.line)))


def _names(results: Sequence[Result]) -> list[str]:
    """The students in the order they first appear."""
    return list(dict.fromkeys(r.student for r in results))


def _student(name: str, results: Sequence[Result], total: int) -> StudentReport:
    """One student's results, by question number."""
    mine = sorted((r for r in results if r.student == name), key=lambda r: r.number)
    correct = sum(r.verdict.is_correct for r in mine)
    return StudentReport(name, correct, total, tuple(mine))


def _question_report(question: QuizQuestion, results: Sequence[Result]) -> QuestionReport:
    """How the answers to one question went."""
    mine = [r for r in results if r.number == question.number]
    correct = sum(r.verdict.is_correct for r in mine)
    return QuestionReport(question.number, question.problem.id, len(mine), correct)


def pooled_checker(timeout: float = 3.0, jobs: int | None = None) -> Checker:
    """A checker that checks answers in parallel worker processes, each under ``timeout``."""

    def run(tasks: Sequence[tuple[Problem, str]]) -> list[Verdict]:
        import os

        from calctutor.check import check_seeded, seed_for, timed_out, warm_up
        from calctutor.limits import TimedOut, WorkerPool

        if not tasks:
            return []
        warm_up()
        items = [(p, a, seed_for(p, a)) for p, a in tasks]
        size = min(jobs or os.cpu_count() or 1, len(items))
        with WorkerPool(size) as pool:
            outcomes = list(pool.map(check_seeded, items, timeout))
        return [timed_out(o) if isinstance(o, TimedOut) else o for o in outcomes]

    return run


# --- output --------------------------------------------------------------------------------


def result_json(result: Result) -> dict[str, Any]:
    """One graded answer as JSON."""
    return {
        "line": result.line,
        "question": result.number,
        "id": result.problem_id,
        "answer": result.answer,
        **result.verdict.to_json(),
    }


def student_json(student: StudentReport) -> dict[str, Any]:
    """One student's score and results as JSON."""
    return {
        "student": student.student,
        "correct": student.correct,
        "total": student.total,
        "results": [result_json(r) for r in student.results],
    }


def question_json(question: QuestionReport) -> dict[str, Any]:
    """One question's success as JSON."""
    return {
        "number": question.number,
        "id": question.problem_id,
        "answered": question.answered,
        "correct": question.correct,
        "correct_rate": question.correct_rate,
    }


def report_json(report: GradeReport) -> dict[str, Any]:
    """The report as the JSON of ``grade --quiz --json``."""
    return {
        "title": report.title,
        "students": [student_json(s) for s in report.students],
        "questions": [question_json(q) for q in report.questions],
        "errors": [{"line": e.line, "message": e.message} for e in report.errors],
    }


def report_csv(report: GradeReport) -> str:
    """One row per graded answer: student, question, id, answer, verdict, message."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "question", "id", "answer", "verdict", "message"])
    for student in report.students:
        for r in student.results:
            v = r.verdict
            writer.writerow([r.student, r.number, r.problem_id, r.answer, v.verdict, v.message])
    return buffer.getvalue()
