"""Benchmark: checking a student's working line by line, on the corpus of worked derivations.

Usage (from the repository root):

    python benchmarks/bench_working.py [--part tuning|heldout|all] [--show-failures]

For each part of tests/fixtures/working/ (``tuning``, used while building the checker, and
``heldout``, never looked at while tuning) it prints: right derivations accepted line by line,
wrong derivations whose first wrong line was found, the median and the largest time per
derivation (warm, in this process). Targets: >= 97% accepted, >= 95% found, none over 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calctutor.working.corpus import Outcome, load, run

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "working"


def score(part: str, show: bool) -> list[Outcome]:
    """Run every derivation of one part and print its figures."""
    outcomes = [run(d) for path in sorted((CORPUS / part).glob("*.yaml")) for d in load(path)]
    right = [o for o in outcomes if o.derivation.first_wrong is None]
    wrong = [o for o in outcomes if o.derivation.first_wrong is not None]
    times = [o.seconds for o in outcomes]
    print(f"{part}: {len(outcomes)} derivations ({len(right)} right, {len(wrong)} wrong)")
    print(f"  right derivations accepted line by line: {_share(right)}")
    print(f"  first wrong line found: {_share(wrong)}")
    print(
        f"  time per derivation: median {statistics.median(times):.3f} s, max {max(times):.2f} s,"
        f" over 3 s: {sum(t > 3 for t in times)}"
    )
    if show:
        for o in outcomes:
            if not o.passed:
                print(
                    f"  FAIL {o.derivation.id}: expected {o.derivation.first_wrong}, got "
                    f"{o.verdict.verdict} first_error={o.verdict.first_error}"
                )
    return outcomes


def _share(outcomes: list[Outcome]) -> str:
    """'31/32 (96.9%)'."""
    if not outcomes:
        return "0/0"
    passed = sum(o.passed for o in outcomes)
    return f"{passed}/{len(outcomes)} ({100 * passed / len(outcomes):.1f}%)"


def main() -> int:
    """Score the chosen parts of the corpus."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("tuning", "heldout", "all"), default="all")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    parts = ("tuning", "heldout") if args.part == "all" else (args.part,)
    everything = []
    for part in parts:
        everything += score(part, args.show_failures)
    if len(parts) > 1:
        times = [o.seconds for o in everything]
        print(f"all: {len(everything)} derivations, median {statistics.median(times):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
