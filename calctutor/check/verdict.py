"""The verdict a check returns: what was decided, why, and how the answer was read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

VerdictKind = Literal["correct", "incorrect", "invalid", "unknown"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer against one problem.

    ``message`` never states the expected value of a value kind (expression, definite_integral,
    optimizer_step, critical_points, hessian); ``expected`` holds it, for teachers' reports and
    for the drill once the tries are over.
    """

    verdict: VerdictKind
    message: str
    notes: tuple[str, ...] = ()
    read_as: str = ""
    position: int | None = None
    expected: str | None = None

    @property
    def is_correct(self) -> bool:
        """True when the answer was accepted."""
        return self.verdict == "correct"

    def to_json(self) -> dict[str, Any]:
        """The verdict as the JSON contract of ``check --json`` and ``grade``."""
        return {
            "verdict": self.verdict,
            "message": self.message,
            "notes": list(self.notes),
            "read_as": self.read_as,
            "expected": self.expected,
        }
