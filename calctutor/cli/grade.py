"""``calctutor grade``: many answers at once, for teachers and scripts."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from calctutor.cli.common import error_console, fail


def grade(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSON Lines of problems with answers (- for stdin), or with "
            "--quiz the CSV of answers (student, question, answer)."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write results here (default: stdout).")
    ] = None,
    jobs: Annotated[int | None, typer.Option(help="Parallel checks (default: all cores).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per check before 'unknown'.")] = 3.0,
    quiz: Annotated[
        Path | None, typer.Option("--quiz", help="Grade a class's CSV against this quiz JSON.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="With --quiz: a JSON report.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="With --quiz: a CSV report.")] = False,
) -> None:
    """Grade JSON Lines, one problem plus `answer` (and optional `id`) per line; one JSON line
    out per line in, in order, with id, verdict, message, notes, read_as and seconds. A line may
    carry `"working": [lines]`: each line is judged (`lines`, `first_error` in the result).

    Exit status: 0 when every line was processed (wrong answers included), 2 when the input
    cannot be read.
    """
    if quiz is not None:
        from calctutor.cli.quiz import grade_quiz_command

        grade_quiz_command(quiz, file, as_json, as_csv)
        return
    if as_json or as_csv:
        fail("--json and --csv choose the report of --quiz; JSON Lines grading always writes JSON")
    if jobs is not None and jobs < 1:
        fail("--jobs must be at least 1")
    if timeout <= 0:
        fail("--timeout must be positive")
    lines = _read(file)
    with _sink(output) as out:
        _run(lines, out, jobs, timeout)


def _read(path: Path) -> list[str]:
    """Every line of the input (stdin for -), or a clear failure."""
    try:
        if str(path) == "-":
            return sys.stdin.read().splitlines()
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {error}")


class _sink:
    """stdout, or a file opened for writing (closed at the end)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: TextIO = sys.stdout

    def __enter__(self) -> TextIO:
        if self.path is not None:
            try:
                self.handle = self.path.open("w", encoding="utf-8")
            except OSError as error:
                fail(f"cannot write {self.path}: {error}")
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.path is not None:
            self.handle.close()


def _run(lines: list[str], out: TextIO, jobs: int | None, timeout: float) -> None:
    """Grade, write each result as it comes, show progress, then a one-line summary."""
    from calctutor.working.batch import grade_with_working

    started = time.perf_counter()
    counts: Counter[str] = Counter()
    total = sum(1 for line in lines if line.strip())
    with _progress(total) as advance:
        for result in grade_with_working(lines, jobs=jobs, timeout=timeout):
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            out.flush()
            counts[result["verdict"]] += 1
            advance()
    _summary(counts, time.perf_counter() - started)


def _summary(counts: Counter[str], seconds: float) -> None:
    """'graded 12 lines in 0.8 s: 9 correct, 2 incorrect, 1 error' on stderr."""
    order = ("correct", "incorrect", "invalid", "unknown", "error")
    parts = ", ".join(f"{counts[k]} {k}" for k in order if counts[k])
    total = sum(counts.values())
    line = f"graded {total} line{'s' * (total != 1)} in {seconds:.1f} s"
    line += f": {parts}" if parts else ""
    error_console().print(line, markup=False, highlight=False, soft_wrap=True)


class _progress:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not sys.stderr.isatty() or self.total < 2:
            return lambda: None
        from rich.progress import Progress

        self.bar = Progress(console=error_console(), transient=True)
        self.bar.start()
        task = self.bar.add_task("grading", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
