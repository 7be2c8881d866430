"""Benchmark: a 100-question quiz with its key (cold), every export, and grading 1,000 answers.

Usage (from the repository root):

    python benchmarks/bench_quiz.py [--count 100] [--seed 1] [--answers 1000] [--sets NAME ...]
                                    [--formats json markdown latex moodle anki pdf]

Each quiz is built by a fresh ``python -m calctutor quiz`` process (cold: SymPy imported, every
candidate solved and its key checked in a worker), timed wall-clock; the budget is 15 s for the
100-question quiz with its key. It prints how many questions were built, their kinds and sets,
and whether two builds with the same seed gave the same bytes. Then it writes a CSV of
``--answers`` answers (key answers, wrong answers and unreadable ones, from several students)
and times ``calctutor grade --quiz`` on it, cold, printing answers per second and the share of
key answers graded correct (which must be 100%).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = {"json": "json", "markdown": "md", "latex": "tex", "moodle": "xml", "anki": "apkg",
          "pdf": "pdf"}  # fmt: skip
WRONG = ("0", "x", "(1, 2)", "sin(", "17*x^3 + C")


def run(args: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run calctutor in a fresh interpreter; the wall-clock seconds and the result."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "calctutor", *args], cwd=ROOT, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    return time.perf_counter() - start, done


def build(folder: Path, fmt: str, options: argparse.Namespace, name: str) -> tuple[float, Path]:
    """One cold quiz build in one format."""
    out = folder / f"{name}.{SUFFIX[fmt]}"
    args = ["quiz", *options.sets, "-n", str(options.count), "--seed", str(options.seed)]
    seconds, done = run([*args, "--format", fmt, "-o", str(out)])
    if done.returncode != 0:
        print(f"  {fmt}: FAILED ({done.returncode}): {done.stderr.strip()[-400:]}")
    return seconds, out


def describe(path: Path) -> None:
    """Questions built, by kind and by set, from the JSON export."""
    problems = json.loads(path.read_text())["problems"]
    kinds = Counter(p["kind"] for p in problems)
    sets = Counter(p["set"] for p in problems)
    print(f"  questions: {len(problems)}; kinds: {dict(kinds)}; sets: {dict(sets)}")


def answers_csv(quiz: Path, count: int, out: Path) -> int:
    """A class's answers: half key answers, half wrong or unreadable; the number of keys."""
    problems = json.loads(quiz.read_text())["problems"]
    keys = 0
    with out.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "question", "answer"])
        for i in range(count):
            problem = problems[i % len(problems)]
            student = f"student{i // len(problems):03d}"
            if i % 2 == 0:
                writer.writerow([student, problem["number"], problem["answer"]])
                keys += 1
            else:
                writer.writerow([student, problem["number"], WRONG[i % len(WRONG)]])
    return keys


def grade(quiz: Path, answers: int, folder: Path) -> None:
    """Time grading a CSV of answers against the quiz, cold."""
    path = folder / "answers.csv"
    keys = answers_csv(quiz, answers, path)
    seconds, done = run(["grade", "--quiz", str(quiz), str(path), "--json"])
    if done.returncode != 0:
        print(f"grading FAILED: {done.stderr.strip()[-400:]}")
        return
    report = json.loads(done.stdout)
    graded = sum(len(s["results"]) for s in report["students"])
    key_ok = sum(
        1 for s in report["students"] for r in s["results"]
        if r["verdict"] == "correct"
    )  # fmt: skip
    print(f"grading {graded} answers: {seconds:.2f} s wall ({graded / seconds:.0f} answers/s), "
          f"{key_ok}/{keys} key answers correct, {len(report['errors'])} rows skipped")  # fmt: skip


def main() -> None:
    """Parse the options, build the quizzes, grade, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--sets", nargs="*", default=[])
    parser.add_argument("--formats", nargs="*", default=["json", "markdown", "moodle", "anki"])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"quiz of {options.count} questions, seed {options.seed}, sets: "
              f"{' '.join(options.sets) or 'the bundled mix'}")  # fmt: skip
        seconds, quiz = build(folder, "json", options, "first")
        print(f"  json (cold, with key): {seconds:.2f} s wall  [budget 15 s]")
        if not quiz.exists():
            return
        describe(quiz)
        _, again = build(folder, "json", options, "again")
        print(f"  same seed, same bytes: {again.read_bytes() == quiz.read_bytes()}")
        for fmt in options.formats:
            if fmt != "json":
                seconds, out = build(folder, fmt, options, "other")
                size = out.stat().st_size if out.exists() else 0
                print(f"  {fmt} (cold): {seconds:.2f} s wall, {size} bytes")
        grade(quiz, options.answers, folder)


if __name__ == "__main__":
    main()
