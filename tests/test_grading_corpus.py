"""Every third case of the tricky-case corpus grades as the policy says.

The corpus is benchmarks/data/grading_corpus.jsonl; the whole of it runs in
``benchmarks/bench_grading_corpus.py``. Here a false accept or a false reject fails the suite.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
CASES = [
    json.loads(line)
    for line in (BENCHMARKS / "data" / "grading_corpus.jsonl").read_text("utf-8").splitlines()
    if line
][::3]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['group']}:{c['answer']}")
def test_the_case_grades_as_the_policy_says(case: dict[str, Any]) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from bench_grading_corpus import grade
    finally:
        sys.path.remove(str(BENCHMARKS))
    got, message = grade(case)
    assert got == case["want"], message
