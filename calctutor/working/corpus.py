"""Worked derivations with a known first wrong line: reading them and scoring the checker.

The corpus files (``tests/fixtures/working/*/*.yaml``) are lists of ``{id, problem, working,
first_wrong}``. A right derivation (``first_wrong: null``) counts as accepted when the verdict is
``correct`` and no line is wrong, unreadable or undecided; a wrong one counts as found when the
verdict's first wrong line is the known one.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calctutor.sets.model import Problem
from calctutor.working.model import WorkingVerdict


@dataclass(frozen=True)
class Derivation:
    """One worked derivation of the corpus."""

    id: str
    problem: Problem
    lines: tuple[str, ...]
    first_wrong: int | None


@dataclass(frozen=True)
class Outcome:
    """How the checker did on one derivation."""

    derivation: Derivation
    verdict: WorkingVerdict
    seconds: float

    @property
    def passed(self) -> bool:
        """Accepted line by line (a right derivation), or its first wrong line found."""
        if self.derivation.first_wrong is None:
            return self.verdict.verdict == "correct" and all(
                line.status in ("ok", "rule") for line in self.verdict.lines
            )
        return self.verdict.first_error == self.derivation.first_wrong


def load(path: Path) -> list[Derivation]:
    """The derivations of one YAML file."""
    import yaml

    from calctutor.sets.loader import problem_from_mapping

    found = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        problem = problem_from_mapping(dict(entry["problem"]), default_id=str(entry["id"]))
        lines = tuple(str(entry["working"]).rstrip("\n").split("\n"))
        found.append(Derivation(str(entry["id"]), problem, lines, _line(entry.get("first_wrong"))))
    return found


def _line(value: Any) -> int | None:
    """The first wrong line as a number, or None."""
    return None if value is None else int(value)


def run(derivation: Derivation, seed: int = 0) -> Outcome:
    """Check one derivation in this process and time it."""
    from calctutor.working import check_working_now

    started = time.perf_counter()
    verdict = check_working_now(derivation.problem, derivation.lines, random.Random(seed))
    return Outcome(derivation, verdict, time.perf_counter() - started)
