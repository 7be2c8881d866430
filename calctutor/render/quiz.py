"""Rich renderables for a graded quiz: scores by student, success by question, skipped rows."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from calctutor.quiz.grade import GradeReport, QuestionReport, StudentReport

STYLES = {"correct": "green", "incorrect": "red", "invalid": "yellow", "unknown": "magenta"}


def _feedback(student: StudentReport) -> Text:
    """Each answer that was not correct, with the checker's message."""
    text = Text()
    for result in student.results:
        if result.verdict.is_correct:
            continue
        if text:
            text.append("\n")
        text.append(f"Q{result.number} ", style="bold")
        text.append(result.verdict.verdict, style=STYLES.get(result.verdict.verdict, ""))
        text.append(f" ({result.answer}): {result.verdict.message}")
    return text


def students_table(report: GradeReport) -> Table:
    """One row per student: score and the feedback on every answer that was not correct."""
    table = Table(title=f"{report.title}: scores", show_lines=True)
    table.add_column("student", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("feedback")
    for student in report.students:
        score = f"{student.correct}/{student.total}"
        table.add_row(student.student, score, _feedback(student))
    return table


def _rate(question: QuestionReport) -> str:
    """The success rate as a percentage, or a dash when nobody answered."""
    rate = question.correct_rate
    return "–" if rate is None else f"{rate:.0%}"


def questions_table(report: GradeReport) -> Table:
    """One row per question: answers received, correct ones, success rate."""
    table = Table(title="Questions")
    for column in ("#", "id", "answered", "correct", "success"):
        table.add_column(column, justify="left" if column == "id" else "right")
    for q in report.questions:
        table.add_row(str(q.number), q.problem_id, str(q.answered), str(q.correct), _rate(q))
    return table


def errors_text(report: GradeReport) -> Text:
    """The skipped rows, one per line."""
    text = Text()
    for error in report.errors:
        if text:
            text.append("\n")
        text.append(f"line {error.line}: ", style="bold yellow")
        text.append(error.message)
    return text


def grade_report(report: GradeReport) -> RenderableType:
    """The whole report: students, questions, and the rows that were skipped."""
    parts: list[RenderableType] = [students_table(report), questions_table(report)]
    if report.errors:
        parts.append(Text(f"Skipped {len(report.errors)} row(s):", style="bold"))
        parts.append(errors_text(report))
    return Group(*parts)
