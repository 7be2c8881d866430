"""Benchmark: worked integral solutions on the Rubi elementary corpus, beside SymPy's own steps.

Usage (from the repository root):

    python benchmarks/bench_integral_steps.py [--corpus FILE] [--limit N] [--timeout 10]
                                              [--workers 2] [--engine both|calctutor|sympy]
                                              [--ids rubi-001,...] [--clock wall|cpu]
                                              [--details] [--json FILE]

``--corpus`` (or the environment variable ``CALCTUTOR_INTEGRAL_CORPUS``) names another JSONL file
of the same shape (``id``, ``expr``, ``var``, ``category``; ``rubi_steps`` optional) instead of the
shared Rubi-300: a broader corpus kept outside the repository, such as one drawn from Rubi's and
SymPy's test suites. Each category is then reported as a chapter.

Every problem runs in a fresh forked process with a hard timeout, two at a time. It prints, for
calctutor's ``integral_solution`` and for SymPy's ``integral_steps``: the share of problems with a
complete and verified step tree, the median and p95 seconds per problem, wall clock and CPU (a
timeout counts as the timeout), and the median number of steps shown beside Rubi's step count,
per category too. "wrong" counts results marked complete whose derivative, checked again
here with other sample points, is not the integrand: it must stay 0. For SymPy, "tree nodes"
counts the Rule objects of its raw tree (the first of alternatives) and "shown" the steps left
after calctutor's conversion collapses bookkeeping.
``--engine search-only`` runs calctutor's rule search without the SymPy fallbacks.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "rubi_elementary.jsonl"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@dataclass(frozen=True)
class Outcome:
    """What one engine did with one problem."""

    problem: str
    category: str
    rubi_steps: int
    complete: bool
    verified: bool
    seconds: float
    cpu: float
    steps: int
    status: str
    shown: int = 0
    wrong: bool = False


def _count_sympy_nodes(rule: Any) -> int:
    """How many Rule objects SymPy's raw tree holds (of alternatives, the first, which is shown)."""
    from sympy.integrals.manualintegrate import AlternativeRule, Rule

    if isinstance(rule, AlternativeRule):
        return 1 + _count_sympy_nodes(rule.alternatives[0])
    total = 1
    for value in vars(rule).values():
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if isinstance(item, tuple):
                item = item[0]
            if isinstance(item, Rule):
                total += _count_sympy_nodes(item)
    return total


def _run_sympy(f: Any, x: Any) -> dict[str, Any]:
    """SymPy's integral_steps alone: complete (no DontKnowRule), verified, node count."""
    from sympy.integrals import manualintegrate as mi

    from calctutor.steps.integral.convert import convert
    from calctutor.steps.integral.verify import verify_antiderivative

    start, cpu = time.perf_counter(), time.process_time()
    rule = mi.integral_steps(f, x)
    complete = not rule.contains_dont_know()
    result = rule.eval() if complete else None
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    verified = complete and verify_antiderivative(result, f, x)
    converted = convert(rule) if complete else None
    return {
        "complete": complete,
        "verified": verified,
        "seconds": seconds,
        "cpu": cpu,
        "steps": _count_sympy_nodes(rule),
        "shown": converted.step.count() if converted is not None else 0,
    }


def _independently_verified(result: Any, f: Any, x: Any) -> bool:
    """The result's derivative equals f at sample points other than the solver's own."""
    import random

    from calctutor.steps.integral.verify import verify_antiderivative

    return verify_antiderivative(result, f, x, random.Random(7919))


def _run_calctutor(f: Any, x: Any, fallback: bool = True) -> dict[str, Any]:
    """calctutor's integral_solution: complete means a full tree, verified again here."""
    from calctutor.steps.integral import integral_solution

    start, cpu = time.perf_counter(), time.process_time()
    solution = integral_solution(f, x, fallback=fallback)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    verified = solution.complete and _independently_verified(solution.result, f, x)
    return {
        "complete": solution.complete,
        "verified": verified,
        "wrong": solution.complete and not verified,
        "seconds": seconds,
        "cpu": cpu,
        "steps": solution.step_count(),
        "shown": solution.step_count(),
    }


def _run_search_only(f: Any, x: Any) -> dict[str, Any]:
    """calctutor without the sympy.integrate fallback: the step search alone."""
    return _run_calctutor(f, x, fallback=False)


RUNNERS: dict[str, Callable[[Any, Any], dict[str, Any]]] = {
    "calctutor": _run_calctutor,
    "search-only": _run_search_only,
    "sympy": _run_sympy,
}


def _child(engine: str, expr: str, var: str, conn: Connection) -> None:
    """Worker body: parse the trusted corpus expression, solve, send the outcome back."""
    import sympy

    try:
        x = sympy.Symbol(var)
        f = sympy.sympify(expr, locals={var: x})
        conn.send(RUNNERS[engine](f, x))
    except Exception as error:  # a crash is a failed problem, not a failed benchmark
        conn.send({"error": f"{type(error).__name__}: {error}"})
    finally:
        conn.close()


@dataclass
class _Running:
    """A worker in flight."""

    row: dict[str, Any]
    engine: str
    process: Any
    conn: Connection
    started: float


def _finish(job: _Running, timeout: float) -> Outcome:
    """Collect a worker's message, or record a timeout or crash."""
    data: dict[str, Any] = {}
    if job.conn.poll():
        try:
            data = job.conn.recv()
        except EOFError:
            data = {"error": "worker died"}
    if job.process.is_alive():
        job.process.kill()
    job.process.join()
    job.conn.close()
    row = job.row
    base = {
        "problem": row["id"],
        "category": row.get("category", "all"),
        "rubi_steps": row.get("rubi_steps", 0),
    }
    if not data:
        return Outcome(
            **base,
            complete=False,
            verified=False,
            seconds=timeout,
            cpu=timeout,
            steps=0,
            status="timeout",
        )
    if "error" in data:
        return Outcome(
            **base,
            complete=False,
            verified=False,
            seconds=timeout,
            cpu=timeout,
            steps=0,
            status=data["error"][:80],
        )
    status = "ok" if data["complete"] and data["verified"] else "incomplete"
    return Outcome(
        **base,
        complete=data["complete"],
        verified=data["verified"],
        seconds=data["seconds"],
        cpu=data["cpu"],
        steps=data["steps"],
        status="wrong" if data.get("wrong") else status,
        shown=data["shown"],
        wrong=bool(data.get("wrong")),
    )


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc; 0 when unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _overdue(job: _Running, timeout: float, clock: str) -> bool:
    """Past the limit: wall seconds, or CPU seconds (with a wall backstop of 6x the limit)."""
    wall = time.monotonic() - job.started
    if clock == "wall":
        return wall > timeout
    return wall > 6 * timeout or _cpu_seconds(job.process.pid) > timeout


def run_all(
    rows: list[dict[str, Any]],
    engines: list[str],
    timeout: float,
    workers: int,
    clock: str = "wall",
) -> dict[str, list[Outcome]]:
    """Run every (engine, problem) pair in forked workers, `workers` at a time.

    ``clock="cpu"`` times a worker out by its own CPU seconds, so that a machine shared with
    other work measures the code rather than the load.
    """
    ctx = mp.get_context("fork")
    queue = [(engine, row) for row in rows for engine in engines]
    running: list[_Running] = []
    results: dict[str, list[Outcome]] = {engine: [] for engine in engines}
    while queue or running:
        while queue and len(running) < workers:
            engine, row = queue.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_child, args=(engine, row["expr"], row["var"], child))
            process.start()
            child.close()
            running.append(_Running(row, engine, process, parent, time.monotonic()))
        time.sleep(0.005)
        for job in list(running):
            done = job.conn.poll() or not job.process.is_alive()
            if done or _overdue(job, timeout, clock):
                running.remove(job)
                results[job.engine].append(_finish(job, timeout))
    return results


def _p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1)]


def summarize(label: str, outcomes: list[Outcome]) -> str:
    """One line of figures for a set of outcomes."""
    if not outcomes:
        return f"{label:<22} (none)"
    good = [o for o in outcomes if o.complete and o.verified]
    seconds = [o.seconds for o in outcomes]
    cpu = [o.cpu for o in outcomes]
    steps = [o.steps for o in good] or [0]
    shown = [o.shown for o in good] or [0]
    rubi = [o.rubi_steps for o in good] or [0]
    within = sum(1 for o in good if o.shown <= 2 * o.rubi_steps)
    timeouts = sum(1 for o in outcomes if o.status == "timeout")
    wrong = sum(1 for o in outcomes if o.wrong)
    return (
        f"{label:<22} complete+verified {len(good):>3}/{len(outcomes):<3}"
        f" ({100 * len(good) / len(outcomes):5.1f}%)  median {statistics.median(seconds):6.3f}s"
        f"  p95 {_p95(seconds):6.3f}s (cpu median {statistics.median(cpu):6.3f}s"
        f" p95 {_p95(cpu):6.3f}s)  timeouts {timeouts:>2}  wrong {wrong}"
        f"  steps shown median {statistics.median(shown):4.1f} (tree nodes"
        f" {statistics.median(steps):4.1f}) vs Rubi {statistics.median(rubi):3.1f}"
        f"  (shown <= 2x Rubi: {within}/{len(good)})"
    )


def report(results: dict[str, list[Outcome]], details: bool) -> None:
    """Print the overall and per-category figures for every engine."""
    for engine, outcomes in results.items():
        print(f"== {engine}")
        print(summarize("all", outcomes))
        for category in sorted({o.category for o in outcomes}):
            print(summarize(category, [o for o in outcomes if o.category == category]))
    if details:
        for engine, outcomes in results.items():
            for o in sorted(outcomes, key=lambda o: o.problem):
                print(
                    f"{engine:<9} {o.problem} {o.status:<12} {o.seconds:6.2f}s"
                    f" cpu {o.cpu:6.2f}s shown {o.shown:>3} nodes {o.steps:>3} rubi {o.rubi_steps}"
                )


def main(argv: list[str] | None = None) -> int:
    """Parse options, run the corpus, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        default=os.environ.get("CALCTUTOR_INTEGRAL_CORPUS", ""),
        help="a JSONL corpus to run instead of the shared Rubi-300",
    )
    parser.add_argument("--limit", type=int, default=0, help="run only the first N problems")
    parser.add_argument("--timeout", type=float, default=10.0, help="hard limit per problem (s)")
    parser.add_argument("--workers", type=int, default=2, help="problems run at once")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time a problem out by wall-clock or by its own CPU seconds (for a busy machine)",
    )
    parser.add_argument(
        "--engine", choices=("both", "calctutor", "search-only", "sympy"), default="both"
    )
    parser.add_argument("--ids", default="", help="comma-separated problem ids to run")
    parser.add_argument("--details", action="store_true", help="print one line per problem")
    parser.add_argument("--json", default="", help="write the outcomes to this JSON file")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus) if args.corpus else CORPUS
    if not corpus.exists():
        print(f"skipped: corpus not found at {corpus} (the shared one lives in ../shared)")
        return 0 if not args.corpus else 2
    print(f"corpus: {corpus}")
    rows = [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
    if args.ids:
        wanted = set(args.ids.split(","))
        rows = [row for row in rows if row["id"] in wanted]
    if args.limit:
        rows = rows[: args.limit]
    engines = ["calctutor", "sympy"] if args.engine == "both" else [args.engine]
    import sympy  # noqa: F401  -- imported before forking so workers start warm

    import calctutor.steps.integral  # noqa: F401

    results = run_all(rows, engines, args.timeout, args.workers, args.clock)
    report(results, args.details)
    if args.json:
        Path(args.json).write_text(
            json.dumps({e: [vars(o) for o in out] for e, out in results.items()}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
