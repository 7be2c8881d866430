"""Grade JSON Lines: one problem plus ``answer`` (and an optional ``id``) per line.

Each line gives one result object, in input order: ``id``, ``verdict``, ``message``, ``notes``,
``read_as`` and ``seconds`` (that check's own time). A line that is not JSON, or not a valid
problem, gives ``"verdict": "error"`` with the reason, and grading goes on. Lines are checked in
parallel by a pool of worker processes, each check under the time and memory limits of
``calctutor.limits``.
"""

from __future__ import annotations

import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from calctutor.limits import DEFAULT_MEMORY_MB, TimedOut, WorkerPool

DEFAULT_TIMEOUT = 3.0
GRADE_KEYS = ("answer",)
Result = dict[str, Any]


def result(
    identifier: Any,
    verdict: str,
    message: str,
    notes: Iterable[str] = (),
    read_as: str = "",
    seconds: float = 0.0,
    expected: str | None = None,
) -> Result:
    """One output object, its keys in the documented order."""
    return {
        "id": identifier,
        "verdict": verdict,
        "message": message,
        "notes": list(notes),
        "read_as": read_as,
        "expected": expected,
        "seconds": round(seconds, 4),
    }


def error(identifier: Any, message: str) -> Result:
    """The result of a line that cannot be graded."""
    return result(identifier, "error", message)


def prepare(line: str, number: int) -> tuple[str, Any]:
    """A line as ("task", (data, answer, id)) or ("done", error result)."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as problem:
        return "done", error(None, f"line {number} is not valid JSON: {problem}")
    if not isinstance(data, Mapping):
        return "done", error(None, f"line {number} is not a JSON object")
    identifier = data.get("id")
    answer = data.get("answer")
    if answer is None:
        return "done", error(identifier, f"line {number}: missing key 'answer'")
    if isinstance(answer, bool) or not isinstance(answer, str | int | float):
        return "done", error(identifier, f"line {number}: 'answer' must be text")
    fields = {k: v for k, v in data.items() if k not in GRADE_KEYS}
    return "task", (fields, str(answer), identifier, number)


def grade_prepared(kind: str, payload: Any) -> Result:
    """Build the problem and check the answer (this runs in a worker)."""
    if kind == "done":
        done: Result = payload
        return done
    fields, answer, identifier, number = payload
    from calctutor.check import check_seeded, seed_for
    from calctutor.sets.loader import ProblemError, problem_from_mapping

    try:
        problem = problem_from_mapping(fields, default_id=f"line-{number}")
    except ProblemError as problem_error:
        return error(identifier, f"line {number} is not a valid problem: {problem_error}")
    start = time.perf_counter()
    verdict = check_seeded(problem, answer, seed_for(problem, answer))
    seconds = time.perf_counter() - start
    out = verdict.to_json()
    return result(
        identifier,
        out["verdict"],
        out["message"],
        out["notes"],
        out["read_as"],
        seconds,
        out["expected"],
    )


def grade_lines(
    lines: Iterable[str],
    *,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    prepare_line: Callable[[str, int], tuple[str, Any]] = prepare,
    grader: Callable[[str, Any], Result] = grade_prepared,
) -> Iterator[Result]:
    """Grade each non-blank line in parallel (``jobs`` workers, default all cores), in order.

    ``prepare_line`` and ``grader`` (module-level functions, so that workers can run them) let a
    layer above grade more than answers (``calctutor.working.batch`` grades working).
    """
    from calctutor.check import warm_up

    warm_up()
    sent: deque[tuple[str, Any]] = deque()
    items = _remember(_items(lines, prepare_line), sent)
    with WorkerPool(jobs or os.cpu_count() or 1, memory_mb=memory_mb) as pool:
        for outcome in pool.map(grader, items, timeout):
            yield _finish(sent.popleft(), outcome, timeout)


def _items(
    lines: Iterable[str], prepare_line: Callable[[str, int], tuple[str, Any]] = prepare
) -> Iterator[tuple[str, Any]]:
    """The prepared work of every line; a blank line inside the file is an error line, so that
    output line N still answers input line N (blank lines at the end are ignored)."""
    blanks: list[int] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            blanks.append(number)
            continue
        for blank in blanks:
            yield "done", error(None, f"line {blank} is empty")
        blanks = []
        yield prepare_line(line, number)


def _remember(
    items: Iterator[tuple[str, Any]], sent: deque[tuple[str, Any]]
) -> Iterator[tuple[str, Any]]:
    """Pass items on, keeping each in ``sent`` until its result comes back (in order)."""
    for item in items:
        sent.append(item)
        yield item


def _finish(item: tuple[str, Any], outcome: Any, timeout: float) -> Result:
    """The worker's result, or an 'unknown' result for a check that ran out of time/memory."""
    if not isinstance(outcome, TimedOut):
        done: Result = outcome
        return done
    identifier = item[1][2] if item[0] != "done" else None
    return result(
        identifier,
        "unknown",
        f"Could not decide: {outcome.message}.",
        ("timeout",),
        seconds=timeout,
    )
