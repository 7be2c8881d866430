"""Benchmark: answer checking speed and STACK agreement on the conformance corpus.

Usage (from the repository root):

    python benchmarks/bench_check.py [--jobs 2] [--repeat 3] [--timeout 3]

1. Per check, warm, in this process: every row of ../shared/conformance/stack_equivalence.jsonl
   and stack_int_strict.jsonl is checked with ``check_now``; the median, p95 and max seconds
   per check are printed (wall clock and this process's CPU time, which a loaded machine
   inflates less), with the agreement with STACK's verdicts. Targets: median < 30 ms,
   p95 < 150 ms.
2. Throughput: the same rows, ``--repeat`` times over, are graded by ``grade_lines`` with
   ``--jobs`` worker processes (each check under the hard time limit); checks per second of wall
   clock are printed. Target: >= 40 checks/s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calctutor.check import check_now, seed_for, warm_up
from calctutor.check.batch import grade_lines
from calctutor.sets.loader import problem_from_mapping

CONFORMANCE = Path(__file__).resolve().parents[1] / ".." / "shared" / "conformance"
FILES = ("stack_equivalence.jsonl", "stack_int_strict.jsonl")
STACK_FIELDS = ("verdict", "source", "stack_note", "known_stack_failure")


def rows(name: str) -> list[dict[str, Any]]:
    """The fixture rows of one conformance file."""
    return [json.loads(t) for t in (CONFORMANCE / name).read_text().splitlines() if t.strip()]


def grade_line(row: dict[str, Any]) -> str:
    """A row as a grade line (STACK's own fields removed)."""
    return json.dumps({k: v for k, v in row.items() if k not in STACK_FIELDS})


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the sorted values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def per_check(name: str) -> None:
    """Time every row in this process and print the figures."""
    wall: list[float] = []
    cpu: list[float] = []
    agree = 0
    data = rows(name)
    for row in data:
        fields = {k: v for k, v in row.items() if k not in (*STACK_FIELDS, "answer")}
        problem = problem_from_mapping(fields)
        answer = row["answer"]
        start, start_cpu = time.perf_counter(), time.process_time()
        verdict = check_now(problem, answer, random.Random(seed_for(problem, answer)))
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        agree += (verdict.verdict == "correct") == (row["verdict"] == "correct")
    print(
        f"{name}: {len(data)} checks, agreement with STACK {agree}/{len(data)} "
        f"({agree / len(data):.2%})"
    )
    for label, values in (("wall", wall), ("cpu", cpu)):
        print(
            f"  per check ({label}): median {statistics.median(values) * 1000:.1f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.1f} ms, max {max(values) * 1000:.0f} ms"
        )


def throughput(jobs: int, repeat: int, timeout: float) -> None:
    """Grade every row ``repeat`` times with ``jobs`` workers and print checks per second."""
    lines = [grade_line(r) for name in FILES for r in rows(name)] * repeat
    start = time.perf_counter()
    results = list(grade_lines(lines, jobs=jobs, timeout=timeout))
    seconds = time.perf_counter() - start
    unknown = sum(r["verdict"] == "unknown" for r in results)
    own = [r["seconds"] for r in results]
    print(
        f"grade, {jobs} jobs: {len(results)} checks in {seconds:.1f} s = "
        f"{len(results) / seconds:.1f} checks/s (own time per check: median "
        f"{statistics.median(own) * 1000:.1f} ms, p95 {percentile(own, 0.95) * 1000:.1f} ms; "
        f"{unknown} unknown)"
    )


def main() -> None:
    """Parse the options and run both parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=3.0)
    options = parser.parse_args()
    if not CONFORMANCE.exists():
        sys.exit(f"{CONFORMANCE} is absent: the corpus is only beside the developers' checkout")
    warm_up()
    for name in FILES:
        per_check(name)
    throughput(options.jobs, options.repeat, options.timeout)


if __name__ == "__main__":
    main()
