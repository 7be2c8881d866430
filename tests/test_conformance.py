"""STACK's answer-test fixtures (../shared/conformance): agreement must not fall below today's.

Every row where calctutor disagrees with STACK on purpose is listed, with its reason, in
docs/grading.md; a new disagreement fails here until it is fixed or documented.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import shared_path

from calctutor.check.batch import grade_lines

STACK_FIELDS = ("verdict", "source", "stack_note", "known_stack_failure")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "grading.md"
EQUIVALENCE_AGREEMENT = 239  # of 246 (x1 and x_1 are one symbol: stack-000, stack-039)
STRICT_AGREEMENT = 105  # of 127


def disagreements(name: str) -> tuple[int, int, list[str]]:
    """Grade one fixture file: (rows, agreeing rows, ids of the rows that disagree)."""
    rows = [json.loads(t) for t in shared_path("conformance", name).read_text().splitlines() if t]
    lines = [json.dumps({k: v for k, v in r.items() if k not in STACK_FIELDS}) for r in rows]
    results = list(grade_lines(lines, jobs=2))
    differ = [
        row["id"]
        for row, result in zip(rows, results, strict=True)
        if (result["verdict"] == "correct") != (row["verdict"] == "correct")
    ]
    return len(rows), len(rows) - len(differ), differ


def documented(section: str) -> set[str]:
    """The row ids listed in one section of docs/grading.md."""
    text = DOCS.read_text()
    start = text.index(section)
    end = text.find("\n## ", start + 1)
    return set(re.findall(r"stack-[a-z-]*\d{3}", text[start : end if end > 0 else None]))


def test_stack_equivalence_agreement_and_documented_disagreements() -> None:
    total, agree, differ = disagreements("stack_equivalence.jsonl")
    assert total == 246
    assert agree >= EQUIVALENCE_AGREEMENT, differ
    assert set(differ) <= documented("## Where calctutor disagrees with STACK"), differ


def test_stack_strict_integral_agreement() -> None:
    total, agree, differ = disagreements("stack_int_strict.jsonl")
    assert total == 127
    assert agree >= STRICT_AGREEMENT, differ
    listed: Any = documented("## The strict integral test")
    assert set(differ) <= listed, sorted(set(differ) - listed)
