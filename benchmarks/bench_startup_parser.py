"""Startup and parser figures: `calctutor --help` wall time beside bare Python's, parser throughput.

Run: python benchmarks/bench_startup_parser.py
"""

from __future__ import annotations

import contextlib
import random
import shutil
import statistics
import subprocess
import sys
import time

ANSWERS = [
    "3x^2", "2x cos(x^2)", "e^(2x)", "x(2sin(x) + x cos(x))", "sin^2(x) + cos^2(x)",
    "\\frac{1}{2}x^{2} + C", "(x-1)(x+1)", "ln|x| + C", "√(x^2+1)", "2(w*x + b - y)*x",
    "-sin(x)/cos(x)^2", "x e^x - e^x + C", "atan(x)", "1/(1+x^2)", "3 x² − 2x + 1",
    "(0, 0), (1, 1)", "⟨2x, 3y²⟩", "C1 cos(x) + C2 sin(x)", "0.785398", "sec(x)tan(x)",
]  # fmt: skip


def wall(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of each run of a command."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return times


def parser_throughput(count: int, rng: random.Random) -> float:
    """Answers parsed per second over a shuffled realistic mix."""
    from calctutor.expr import ParseContext, ParseError, parse_answer

    context = ParseContext(variables=("x", "y", "w", "b"), constants="arbitrary", expect="any")
    answers = [rng.choice(ANSWERS) for _ in range(count)]
    started = time.perf_counter()
    for text in answers:
        with contextlib.suppress(ParseError):
            parse_answer(text, context)
    return count / (time.perf_counter() - started)


def main() -> None:
    """Print the figures."""
    exe = shutil.which("calctutor") or sys.exit("calctutor is not installed")
    runs = 15
    bare = statistics.median(wall([sys.executable, "-c", "pass"], runs))
    helped = statistics.median(wall([exe, "--help"], runs))
    listed = statistics.median(wall([exe, "sets", "list"], runs))
    print(f"bare python -c pass       median {bare * 1000:7.1f} ms  ({runs} runs)")
    print(f"calctutor --help          median {helped * 1000:7.1f} ms  (budget 250 ms)")
    print(f"calctutor sets list       median {listed * 1000:7.1f} ms  (budget 250 ms)")
    print(f"--help / bare python      ratio  {helped / bare:7.2f}")
    rate = parser_throughput(600, random.Random(7))
    print(f"parser throughput         {rate:9.0f} answers/s  (600 realistic answers, warm)")


if __name__ == "__main__":
    main()
