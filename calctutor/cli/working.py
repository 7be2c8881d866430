"""``calctutor check … --working FILE``: a student's working judged line by line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from calctutor.cli import problem_options as opt
from calctutor.cli.common import console, fail, print_json
from calctutor.cli.exits import ExitStatus

STATUS = {
    "correct": ExitStatus.OK,
    "incorrect": ExitStatus.INCORRECT,
    "invalid": ExitStatus.BAD_INPUT,
    "unknown": ExitStatus.UNKNOWN,
}
MAX_BYTES = 200_000


def read_working_file(source: str) -> str:
    """The working's text from a file (or stdin for -), or a clear failure."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        fail(f"cannot read {source}: {error.strerror or error}")
    if len(data) > MAX_BYTES:
        fail(f"cannot read {source}: the working is too long (more than {MAX_BYTES} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"cannot read {source}: it is not UTF-8 text")


def check_working_command(
    target: str | None,
    answer: str | None,
    source: str,
    options: dict[str, Any],
    seed: int,
    timeout: float,
    as_json: bool,
) -> None:
    """Load the problem, read the working, judge it, print the verdict, exit with its status."""
    from calctutor.sets.catalog import SetNotFound, open_problem
    from calctutor.sets.loader import ProblemError
    from calctutor.working import WorkingError, check_working, working_lines

    if answer is not None:
        fail("with --working, give the problem only (the working file holds the answer)")
    if timeout <= 0:
        fail("--timeout must be positive")
    try:
        problem = opt.options_problem(**options)
        if problem is None:
            if target is None:
                fail("give SET/ID, or --kind and the problem's fields")
            problem = open_problem(target, seed)[1]
        elif target is not None:
            fail("with --kind and --working, give no SET/ID")
    except (SetNotFound, ProblemError) as error:
        fail(str(error))
    text = read_working_file(source)
    try:
        result = check_working(problem, working_lines(text), timeout=max(timeout, 10.0))
    except WorkingError as error:
        fail(str(error))
    if as_json:
        print_json(result.to_json())
    else:
        from calctutor.render.working import working_view

        console().print(working_view(result))
    raise typer.Exit(int(STATUS[result.verdict]))
