"""Benchmark: how quickly `calctutor drill` shows its first problem, and answers feedback.

Usage (from the repository root):

    python benchmarks/bench_drill.py [--runs 5] [--answers 40] [--set chain-rule]

1. Start-up: ``calctutor drill`` (a mixed session over every bundled set) and
   ``calctutor drill SET`` are started ``--runs`` times each in a pseudo-terminal with a fresh,
   empty CALCTUTOR_HOME; the time from the start of the process to the first problem's header
   (``1/10 · set/id``) on screen is measured. Target: < 1.5 s cold. Also timed: the whole run
   with stdin closed (``< /dev/null``), which prints the first problem and exits 0.
2. Feedback: one session of ``calctutor drill SET`` in a pseudo-terminal; wrong and right
   answers are typed, and the time from Enter to the verdict line on screen is measured for
   each (the attempt is committed to the store before that line is printed). The first answer
   of the session is reported apart; the others are "warm". Target: p95 < 150 ms warm.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pexpect

HEADER = re.compile(r"\d+/\d+ · \S+/\S+")
VERDICT = r"✗ incorrect|✓ |\? invalid|… unknown"
ANSWERS = ("0", "x^2", "1/x", "2x cos(x^2)", "e^x", "sin(x", "3", "x")


def command() -> list[str]:
    """The installed ``calctutor`` script beside this Python, else ``python -m calctutor``."""
    script = Path(sys.executable).with_name("calctutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "calctutor"]


@contextmanager
def fresh_home() -> Iterator[dict[str, str]]:
    """An environment with an empty CALCTUTOR_HOME, removed afterwards."""
    home = tempfile.mkdtemp(prefix="calctutor-bench-")
    try:
        yield {**os.environ, "CALCTUTOR_HOME": home, "NO_COLOR": "1", "TERM": "xterm"}
    finally:
        shutil.rmtree(home, ignore_errors=True)


def spawn(args: list[str], env: dict[str, str]) -> Any:
    """A drill in a pseudo-terminal."""
    argv = command() + args
    return pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=60,
                         dimensions=(50, 100))  # fmt: skip


def time_to_first_problem(args: list[str]) -> float:
    """Seconds from starting the process to the first problem's header on screen."""
    with fresh_home() as env:
        start = time.perf_counter()
        child = spawn(args, env)
        child.expect(HEADER)
        seconds = time.perf_counter() - start
        child.close(force=True)
    return seconds


def time_closed_stdin(args: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds for a whole run with stdin closed, and its exit status.

    CPU time (user + system, the process and its workers) is what an idle machine's wall time
    would be close to: on a loaded machine the wall time mostly measures the load.
    """
    with fresh_home() as env:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command() + args, stdin=subprocess.DEVNULL, env=env,
                              capture_output=True, timeout=120)  # fmt: skip
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def feedback_times(set_name: str, answers: int) -> list[float]:
    """Seconds from Enter to the verdict on screen, for each answer of one session."""
    times: list[float] = []
    with fresh_home() as env:
        child = spawn(["drill", set_name, "--count", "50", "--seed", "1"], env)
        for n in range(answers):
            if child.expect_exact(["answer> ", "Session summary"]) == 1:
                break
            start = time.perf_counter()
            child.send(ANSWERS[n % len(ANSWERS)] + "\r")
            child.expect(VERDICT)
            times.append(time.perf_counter() - start)
        child.close(force=True)
    return times


def describe(label: str, values: list[float]) -> str:
    """median / p95 / min / max of a list of seconds."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{label}: n={len(values)} median {statistics.median(values) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, min {ordered[0] * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"
    )


def main() -> None:
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--set", default="chain-rule")
    options = parser.parse_args()
    print(f"command: {' '.join(command())}; cores: {os.cpu_count()}; "
          f"load: {os.getloadavg()[0]:.2f}")  # fmt: skip
    for args in (["drill"], ["drill", options.set]):
        starts = [time_to_first_problem(args) for _ in range(options.runs)]
        print(describe(f"start → first problem, `{' '.join(args)}`", starts)
              + "   (target < 1500 ms)")  # fmt: skip
    for args in (["drill"], ["drill", options.set]):
        closed = [time_closed_stdin(args) for _ in range(options.runs)]
        statuses = sorted({status for _, _, status in closed})
        label = f"`{' '.join(args)} < /dev/null`, whole run"
        print(describe(label + ", wall", [w for w, _, _ in closed]) + f", exit {statuses}")
        print(describe(label + ", CPU", [c for _, c, _ in closed]))
    times = feedback_times(options.set, options.answers)
    print(f"first answer of the session (cold checker worker): {times[0] * 1000:.0f} ms")
    print(describe("Enter → feedback, warm", times[1:]) + "   (target p95 < 150 ms)")


if __name__ == "__main__":
    main()
