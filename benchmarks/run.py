"""Every benchmark, one after another, each printing its figures: python benchmarks/run.py

Pass --quick for a shorter run (smaller samples) while developing.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FULL = [
    ["bench_startup_parser.py"],
    ["bench_check.py", "--repeat", "3"],
    ["bench_grading_corpus.py"],
    ["bench_derivative_steps.py", "--count", "500"],
    ["bench_integral_steps.py"],
    ["bench_drill.py", "--runs", "5", "--answers", "40"],
    ["bench_quiz.py", "--count", "100", "--answers", "1000"],
    ["bench_working.py"],
]
QUICK = [
    ["bench_startup_parser.py"],
    ["bench_check.py", "--repeat", "1"],
    ["bench_grading_corpus.py"],
    ["bench_derivative_steps.py", "--count", "100", "--no-corpus"],
    ["bench_integral_steps.py", "--limit", "40"],
    ["bench_drill.py", "--runs", "2", "--answers", "10"],
    ["bench_quiz.py", "--count", "20", "--answers", "200"],
    ["bench_working.py", "--part", "heldout"],
]


def main() -> int:
    """Run each benchmark in its own process; return non-zero if any failed."""
    failures = 0
    for script, *args in QUICK if "--quick" in sys.argv else FULL:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / script), *args], check=False)
        print(f"=== {script}: {time.perf_counter() - started:.0f} s, exit {done.returncode}")
        failures += done.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
