"""The judgement of a student's working: one result per line, and the verdict on the whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from calctutor.check.verdict import Verdict

Status = Literal["ok", "rule", "wrong", "unreadable", "unknown"]
SEVERITY = {"ok": 0, "rule": 1, "unknown": 2, "unreadable": 3, "wrong": 4}
MAX_LINES = 200


@dataclass(frozen=True)
class LineResult:
    """One line of working: its number in the input, its text, and what was decided about it.

    ``status`` is ``ok`` (equivalent to the line before), ``rule`` (a recognised step, named in
    ``rule``), ``wrong`` (``message`` says why), ``unreadable`` (``message`` holds the caret
    display) or ``unknown`` (it could not be decided).
    """

    n: int
    text: str
    status: Status
    rule: str = ""
    message: str = ""
    position: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The line as ``{"n", "text", "status", "rule", "message"}``."""
        return {
            "n": self.n,
            "text": self.text,
            "status": self.status,
            "rule": self.rule,
            "message": self.message,
        }


@dataclass(frozen=True)
class WorkingVerdict:
    """The whole working: each line's result, the first wrong line, and the final answer's check."""

    verdict: str  # correct, incorrect, invalid, unknown
    lines: tuple[LineResult, ...]
    first_error: int | None
    answer: Verdict | None
    message: str = ""

    @property
    def focus(self) -> LineResult | None:
        """The first wrong line (the verdict's focus), if there is one."""
        return next((line for line in self.lines if line.n == self.first_error), None)

    def to_json(self) -> dict[str, Any]:
        """``{"verdict", "lines", "first_error", "message", "answer"}``."""
        return {
            "verdict": self.verdict,
            "lines": [line.to_json() for line in self.lines],
            "first_error": self.first_error,
            "message": self.message,
            "answer": None if self.answer is None else self.answer.to_json(),
        }


def worst(statuses: list[Status]) -> Status:
    """The most serious of several statuses (a line with two steps is as wrong as its worst)."""
    return max(statuses, key=lambda s: SEVERITY[s]) if statuses else "ok"
