"""Rich renderables for a verdict: the outcome, the message, how the answer was read."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from calctutor.check.verdict import Verdict

STYLES = {"correct": "bold green", "incorrect": "bold red", "invalid": "bold yellow",
          "unknown": "bold magenta"}  # fmt: skip
MARKS = {"correct": "✓", "incorrect": "✗", "invalid": "?", "unknown": "…"}


def verdict_view(verdict: Verdict, answer: str) -> Group:
    """The verdict as a student sees it, with a caret under the spot for unreadable answers."""
    lines = [Text(f"{MARKS[verdict.verdict]} {verdict.verdict}", style=STYLES[verdict.verdict])]
    lines.append(Text(verdict.message))
    if verdict.verdict == "invalid" and verdict.position is not None:
        lines.append(Text(f"  {answer}\n  {' ' * verdict.position}^", style="yellow"))
    if verdict.read_as and verdict.verdict != "correct":
        lines.append(Text(f"Read as: {verdict.read_as}", style="dim"))
    return Group(*lines)
