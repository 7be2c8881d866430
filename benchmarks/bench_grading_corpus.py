"""False accepts and false rejects on a corpus of tricky grading cases written from the policy.

``benchmarks/data/grading_corpus.jsonl`` holds one case a line: the problem's fields, the
``answer``, the verdict the policy in docs/grading.md asks for (``want``) and why. A false accept
is a ``correct`` verdict where the policy says otherwise; a false reject is any other verdict
where it says ``correct``. Run: python benchmarks/bench_grading_corpus.py [--verbose]
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "data" / "grading_corpus.jsonl"


def grade(case: dict[str, Any]) -> tuple[str, str]:
    """The verdict and message calctutor gives this case (in process, seeded)."""
    from calctutor.check import check_now, seed_for
    from calctutor.sets.loader import problem_from_mapping

    fields = {k: v for k, v in case.items() if k not in ("group", "want", "answer", "why")}
    problem = problem_from_mapping({"id": "corpus", **fields})
    verdict = check_now(problem, case["answer"], random.Random(seed_for(problem, case["answer"])))
    return verdict.verdict, verdict.message


def main() -> int:
    """Grade every case and print the counts; exit 1 on any false accept."""
    verbose = "--verbose" in sys.argv
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    for case in cases:
        got, message = grade(case)
        want = case["want"]
        outcome = (
            "agree" if got == want
            else "false accept" if got == "correct"
            else "false reject" if want == "correct"
            else "other mismatch"
        )  # fmt: skip
        counts[outcome] += 1
        if outcome != "agree" or verbose:
            print(f"{outcome:>14}  [{case['group']}] {case['answer']!r} want {want}, got {got}: "
                  f"{message}")  # fmt: skip
    seconds = time.perf_counter() - started
    print(
        f"{len(cases)} cases in {seconds:.1f} s: {counts['agree']} agree, "
        f"{counts['false accept']} false accepts, {counts['false reject']} false rejects, "
        f"{counts['other mismatch']} other mismatches (invalid vs incorrect)"
    )
    return 1 if counts["false accept"] else 0


if __name__ == "__main__":
    sys.exit(main())
