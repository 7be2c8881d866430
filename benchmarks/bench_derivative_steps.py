"""Benchmark: worked derivative solutions on random elementary functions and the Rubi corpus.

Usage (from the repository root):

    python benchmarks/bench_derivative_steps.py [--count 500] [--seed 1] [--depth 4]
                                                [--timeout 10] [--no-corpus] [--details]

It builds `--count` random elementary expressions in x (and sometimes a second symbol y, so
partial derivatives are exercised), plus, when ../shared is present, every integrand and every
antiderivative of the Rubi elementary corpus (read with calctutor's own parser), and runs
`derivative_solution` on each, warm, in this process. It prints per source: the share whose step
tree is complete and whose result verified against sympy.diff, the median / p95 / max seconds
per derivative (verification included; wall clock and this process's CPU time, which a
loaded machine inflates less), the median and max step count and tree depth, and the
problems that were not complete, or timed out.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import sympy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calctutor.steps.derivative import derivative_solution
from calctutor.steps.model import Step

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "rubi_elementary.jsonl"
X, Y = sympy.Symbol("x"), sympy.Symbol("y")
UNARY: tuple[Callable[[Any], Any], ...] = (
    sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc,
    sympy.exp, sympy.log, sympy.sqrt, sympy.cbrt, sympy.Abs,
    sympy.asin, sympy.acos, sympy.atan, sympy.acot, sympy.asec, sympy.acsc,
    sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch,
    sympy.asinh, sympy.acosh, sympy.atanh, sympy.acoth, sympy.asech, sympy.acsch,
)  # fmt: skip
FIELDS = (("expr", "rubi integrand"), ("antiderivative", "rubi antiderivative"))
NOT_FINITE = (sympy.oo, -sympy.oo, sympy.zoo, sympy.nan, sympy.I)
EXPONENTS = (2, 3, -1, -2, sympy.Rational(1, 2), sympy.Rational(-1, 2), sympy.Rational(3, 2), 5)


@dataclass(frozen=True)
class Outcome:
    """What derivative_solution did with one expression."""

    source: str
    expr: str
    complete: bool
    seconds: float
    cpu: float
    steps: int
    depth: int
    status: str


def _leaf(rng: random.Random, with_y: bool) -> Any:
    """x most of the time, else a small constant or (for partials) y."""
    r = rng.random()
    if r < 0.6:
        return X
    if with_y and r < 0.75:
        return Y
    return rng.choice([*map(sympy.Integer, (-3, -2, -1, 1, 2, 3, 4, 5)), sympy.S.Half, sympy.pi])


def random_expr(rng: random.Random, depth: int, with_y: bool = False) -> Any:
    """A random elementary expression tree of at most the given depth."""
    if depth == 0 or rng.random() < 0.2:
        return _leaf(rng, with_y)
    r = rng.random()
    a = random_expr(rng, depth - 1, with_y)
    if r < 0.35:
        return rng.choice(UNARY)(a)
    b = random_expr(rng, depth - 1, with_y)
    if r < 0.52:
        return a + b if rng.random() < 0.6 else a - b
    if r < 0.7:
        return a * b
    if r < 0.82:
        return a / b
    if r < 0.94:
        return a ** rng.choice(EXPONENTS)
    return rng.choice([a**b, 2**a, X**a])


def _depth(step: Step) -> int:
    """How many levels the step tree has."""
    return 1 + max((_depth(s) for s in step.substeps), default=0)


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    """Turn SIGALRM into an exception so one slow problem cannot stall the run."""
    raise TimeoutError


def run_one(source: str, f: Any, var: Any, timeout: int) -> Outcome:
    """Solve d/dvar f under a timeout and record the outcome."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        sol = derivative_solution(f, var)
    except TimeoutError:
        return Outcome(source, str(f), False, float(timeout), float(timeout), 0, 0, "timeout")
    except Exception as exc:  # a benchmark reports crashes rather than dying on the first
        spent = time.perf_counter() - start
        return Outcome(source, str(f), False, spent, spent, 0, 0, repr(exc))
    finally:
        signal.alarm(0)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    status = "ok" if sol.complete else f"incomplete: {sol.note}"
    depth = max(_depth(s) for s in sol.steps)
    return Outcome(source, str(f), sol.complete, seconds, cpu, sol.step_count(), depth, status)


def random_problems(count: int, seed: int, depth: int) -> Iterator[tuple[str, Any, Any]]:
    """`count` random elementary expressions; about one in five also contains y."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        f = random_expr(rng, depth, with_y=rng.random() < 0.2)
        if not f.has(*NOT_FINITE):  # e.g. acoth(1) = oo: not a problem anyone would pose
            made += 1
            yield "random", f, X


def corpus_problems() -> Iterator[tuple[str, Any, Any]]:
    """Every Rubi integrand and antiderivative, read with calctutor's parser."""
    from calctutor.expr import ParseContext, ParseError, parse_expr

    for line in CORPUS.read_text().splitlines():
        item = json.loads(line)
        ctx = ParseContext(variables=(item["var"],))
        for field, source in FIELDS:
            try:
                yield source, parse_expr(item[field], ctx), sympy.Symbol(item["var"])
            except ParseError as exc:
                print(f"  skipped {item['id']} {field}: {exc}", file=sys.stderr)


def _p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def report(source: str, outcomes: list[Outcome], details: bool) -> None:
    """Print the figures for one source."""
    n = len(outcomes)
    ok = sum(o.complete for o in outcomes)
    secs = [o.seconds for o in outcomes]
    steps = [o.steps for o in outcomes]
    depths = [o.depth for o in outcomes]
    print(f"{source}: {n} derivatives")
    print(f"  complete + verified: {ok}/{n} ({100 * ok / n:.1f}%)")
    median, p95 = statistics.median(secs), _p95(secs)
    print(f"  wall seconds: median {median:.3f}  p95 {p95:.3f}  max {max(secs):.3f}")
    cpus = [o.cpu for o in outcomes]
    median, p95 = statistics.median(cpus), _p95(cpus)
    print(f"  CPU seconds:  median {median:.3f}  p95 {p95:.3f}  max {max(cpus):.3f}")
    print(f"  steps: median {statistics.median(steps):.0f}  max {max(steps)}", end="")
    print(f";  tree depth max {max(depths)}")
    bad = [o for o in outcomes if not o.complete]
    for o in bad if details else bad[:10]:
        print(f"  NOT OK [{o.status}] {o.expr}")
    slow = sorted(outcomes, key=lambda o: -o.seconds)[:3]
    print("  slowest: " + "; ".join(f"{o.seconds:.2f}s {o.expr[:60]}" for o in slow))


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--timeout", type=int, default=10)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    problems = list(random_problems(args.count, args.seed, args.depth))
    if not args.no_corpus and CORPUS.exists():
        problems += list(corpus_problems())
    derivative_solution(sympy.sin(X) * X, X)  # warm SymPy's caches and imports
    outcomes: dict[str, list[Outcome]] = {}
    for source, f, var in problems:
        outcomes.setdefault(source, []).append(run_one(source, f, var, args.timeout))
    for source, results in outcomes.items():
        report(source, results, args.details)


if __name__ == "__main__":
    main()
