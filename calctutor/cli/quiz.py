"""``calctutor quiz``: build a quiz with its key; ``grade --quiz``: grade a class's answers."""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from calctutor.cli.common import console, error_console, fail, print_json

FORMATS = ("json", "markdown", "latex", "pdf", "moodle", "anki")
SUFFIXES = {
    ".json": "json", ".md": "markdown", ".markdown": "markdown", ".tex": "latex",
    ".pdf": "pdf", ".xml": "moodle", ".apkg": "anki",
}  # fmt: skip
BINARY = ("pdf", "anki")
WITH_ANSWERS = ("moodle", "anki")


def _format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output's extension names, else markdown."""
    if fmt is not None:
        name = fmt.lower()
        if name not in FORMATS:
            fail(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
        return name
    if output is not None and output.suffix.lower() in SUFFIXES:
        return SUFFIXES[output.suffix.lower()]
    return "markdown"


def _check_extras(fmt: str) -> None:
    """Fail early, before the slow build, when the format's optional dependency is missing."""
    import importlib.util

    needed = {"pdf": ("fpdf", "matplotlib"), "anki": ("genanki",)}.get(fmt, ())
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        fail(f"the {fmt} format needs {', '.join(missing)}: pip install 'calctutor[{fmt}]'")


def _usage(fmt: str, output: Path | None, no_key: bool, count: int) -> None:
    """Refuse option combinations that cannot work."""
    if count < 1:
        fail("--count must be at least 1")
    if fmt in BINARY and output is None:
        fail(f"the {fmt} format is binary: give a file with --output")
    if no_key and fmt in WITH_ANSWERS:
        fail(f"the {fmt} format always carries the answers: --no-key applies to the others")
    _check_extras(fmt)


def _open_sets(names: list[str]) -> list[Any]:
    """The sets named (or the bundled mix), or a clear failure."""
    from calctutor.quiz.build import bundled_sets
    from calctutor.sets.catalog import SetNotFound, open_set

    if not names:
        sets = bundled_sets()
        if not sets:
            fail("no bundled problem sets were found")
        return sets
    try:
        return [open_set(name) for name in names]
    except SetNotFound as error:
        fail(str(error))


def render_quiz(quiz: Any, fmt: str, key: bool, timestamp: float) -> str | bytes:
    """The quiz in one format: text, or bytes for pdf and anki."""
    from calctutor.export import anki, latex, markdown, moodle, pdf
    from calctutor.export import json as json_export

    if fmt == "json":
        return json_export.dumps(quiz, key)
    if fmt == "markdown":
        return markdown.render(quiz, key)
    if fmt == "latex":
        return latex.render(quiz, key)
    if fmt == "moodle":
        return moodle.render(quiz)
    if fmt == "pdf":
        return pdf.render(quiz, key, datetime.fromtimestamp(timestamp, UTC))
    return anki.render(quiz, timestamp)


def build_time() -> float:
    """Now, or ``SOURCE_DATE_EPOCH`` when it is set (a reproducible build's fixed date)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return float(epoch) if epoch.isdigit() else time.time()


def _write(data: str | bytes, output: Path | None) -> None:
    """Write to the file, or text to stdout."""
    if output is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode())
        return
    try:
        if isinstance(data, bytes):
            output.write_bytes(data)
        else:
            output.write_text(data, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {output}: {error}")


def quiz(
    sets: Annotated[
        list[str] | None,
        typer.Argument(help="Sets by name or YAML file (default: a mix of the bundled sets)."),
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="Number of questions.")] = 10,
    seed: Annotated[
        int | None, typer.Option("--seed", help="The same sets and seed give the same quiz.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="json, markdown, latex, pdf, moodle or anki "
            "(default: from the --output extension, else markdown).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The quiz's title.")] = None,
    no_key: Annotated[bool, typer.Option("--no-key", help="Leave out the answer key.")] = False,
) -> None:
    """Build a quiz with its answer key, every key answer checked by the grader.

    Without a seed a random one is chosen and printed on stderr, so the quiz can be rebuilt.
    Exit status 0 on success, 2 for bad options, unknown sets or a missing optional extra.
    """
    chosen = _format(fmt, output)
    _usage(chosen, output, no_key, count)
    problem_sets = _open_sets(list(sets or []))
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
        error_console().print(f"seed {seed}", markup=False, highlight=False)
    from calctutor.quiz.build import build_with_pool

    with error_console().status("building the quiz and checking its key…"):
        built = build_with_pool(problem_sets, seed, count, title)
    if not built.items:
        fail("no question could be built from these sets")
    if len(built.items) < count:
        message = f"only {len(built.items)} of {count} questions could be built from these sets"
        error_console().print(f"warning: {message}", markup=False, highlight=False)
    _write(render_quiz(built, chosen, not no_key, build_time()), output)
    if output is not None:
        note = f"wrote {len(built.items)} questions ({chosen}) to {output}"
        error_console().print(note, markup=False, highlight=False, soft_wrap=True)


def grade_quiz_command(quiz: Path, answers: Path, as_json: bool, as_csv: bool) -> None:
    """Grade a CSV of answers (student, question, answer) against a quiz JSON file.

    Prints each student's score with feedback on wrong answers and each question's success
    rate (a JSON report with --json, one CSV row per answer with --csv). Malformed rows are
    reported with their line number and skipped. Exit status 0, or 2 for unreadable files.
    """
    from calctutor.quiz.grade import (
        QuizFileError,
        grade,
        load_quiz,
        pooled_checker,
        read_answers,
        report_csv,
        report_json,
    )

    if as_json and as_csv:
        fail("choose one of --json and --csv")
    try:
        loaded = load_quiz(_read_text(quiz))
        rows, errors = read_answers(_read_text(answers))
    except (QuizFileError, ValueError) as error:
        fail(str(error))
    report = grade(loaded, rows, pooled_checker(), errors)
    if as_json:
        print_json(report_json(report))
    elif as_csv:
        sys.stdout.write(report_csv(report))
    else:
        from calctutor.render.quiz import grade_report

        console().print(grade_report(report))


def _read_text(path: Path) -> str:
    """A file's text (stdin for -), or a clear failure."""
    try:
        if str(path) == "-":
            return sys.stdin.read()
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {error}")
