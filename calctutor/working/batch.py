"""Grading JSON Lines whose problems carry ``"working": [lines]`` beside (or instead of) ``answer``.

A line with ``working`` is judged line by line (``calctutor.working``); its result holds the usual
keys (``id``, ``verdict``, ``message``, ``notes``, ``read_as``, ``seconds``) plus ``lines`` and
``first_error``. ``answer``, when given, is the final answer checked in place of the last line.
Other lines are graded exactly as ``calctutor.check.batch`` grades them.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from calctutor.check.batch import (
    DEFAULT_TIMEOUT,
    Result,
    error,
    grade_lines,
    grade_prepared,
    prepare,
    result,
)
from calctutor.limits import DEFAULT_MEMORY_MB

KEYS = ("working", "answer")


def prepare_working(line: str, number: int) -> tuple[str, Any]:
    """A line with ``working`` as ("working", payload); any other line as ``prepare`` makes it."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return prepare(line, number)
    if not isinstance(data, Mapping) or "working" not in data:
        return prepare(line, number)
    identifier, working = data.get("id"), data["working"]
    if not isinstance(working, list) or not all(isinstance(w, str) for w in working):
        return "done", error(identifier, f"line {number}: 'working' must be a list of lines")
    answer = data.get("answer")
    if answer is not None and (
        isinstance(answer, bool) or not isinstance(answer, str | int | float)
    ):
        return "done", error(identifier, f"line {number}: 'answer' must be text")
    fields = {k: v for k, v in data.items() if k not in KEYS}
    text = None if answer is None else str(answer)
    return "working", (fields, tuple(working), identifier, number, text)


def grade_working(kind: str, payload: Any) -> Result:
    """Grade one prepared line (this runs in a worker)."""
    if kind != "working":
        return grade_prepared(kind, payload)
    fields, lines, identifier, number, answer = payload
    from calctutor.check import seed_for
    from calctutor.sets.loader import ProblemError, problem_from_mapping
    from calctutor.working import WorkingError, check_working_now, working_lines

    try:
        problem = problem_from_mapping(fields, default_id=f"line-{number}")
    except ProblemError as problem_error:
        return error(identifier, f"line {number} is not a valid problem: {problem_error}")
    start = time.perf_counter()
    try:
        checked = working_lines("\n".join(lines))
        rng = random.Random(seed_for(problem, "\n".join(lines)))
        verdict = check_working_now(problem, checked, rng, answer=answer)
    except WorkingError as bad:
        return error(identifier, f"line {number}: {bad}")
    seconds = time.perf_counter() - start
    notes = verdict.answer.notes if verdict.answer is not None else ()
    read_as = verdict.answer.read_as if verdict.answer is not None else ""
    out = result(identifier, verdict.verdict, verdict.message, notes, read_as, seconds)
    out["lines"] = [line.to_json() for line in verdict.lines]
    out["first_error"] = verdict.first_error
    return out


def grade_with_working(
    lines: Iterable[str],
    *,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> Iterator[Result]:
    """``calctutor.check.batch.grade_lines``, with lines of working judged line by line."""
    return grade_lines(
        lines,
        jobs=jobs,
        timeout=timeout,
        memory_mb=memory_mb,
        prepare_line=prepare_working,
        grader=grade_working,
    )
