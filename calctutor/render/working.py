"""Rich renderables for a student's working: each line with its mark, the first wrong one shown."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from calctutor.render.verdict import MARKS, STYLES
from calctutor.working.model import LineResult, WorkingVerdict

LINE_MARKS = {"ok": "✓", "rule": "✓", "wrong": "✗", "unreadable": "?", "unknown": "…"}
LINE_STYLES = {"ok": "green", "rule": "green", "wrong": "bold red", "unreadable": "yellow",
               "unknown": "magenta"}  # fmt: skip


def working_view(verdict: WorkingVerdict, *, messages: bool = True) -> Group:
    """The verdict, a table of the lines, and what is wrong with the first wrong line.

    ``messages=False`` gives the table alone (the drill says the verdict itself).
    """
    parts: list[Text | Table] = []
    if messages:
        head = Text(f"{MARKS[verdict.verdict]} {verdict.verdict}", style=STYLES[verdict.verdict])
        parts.append(head)
    if verdict.lines:
        parts.append(_lines_table(verdict.lines, verdict.first_error))
    if messages:
        parts.extend(_messages(verdict))
    return Group(*parts)


def _lines_table(lines: tuple[LineResult, ...], first_error: int | None) -> Table:
    """One row a line: number, mark, text, and the rule or the status."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(justify="right", style="dim")
    table.add_column()
    table.add_column(overflow="fold")
    table.add_column(style="dim", overflow="fold")
    for line in lines:
        style = LINE_STYLES[line.status]
        label = line.rule or ("" if line.status in ("ok", "rule") else line.status)
        if line.n == first_error:
            label = f"{label} ← first wrong line".strip()
        mark = Text(LINE_MARKS[line.status], style=style)
        table.add_row(str(line.n), mark, Text(line.text.strip()), Text(label))
    return table


def _messages(verdict: WorkingVerdict) -> list[Text]:
    """The first wrong line's diagnosis, unreadable lines' carets, and the answer's verdict."""
    out: list[Text] = []
    focus = verdict.focus
    if focus is not None:
        out.append(Text(f"Line {focus.n}: {focus.message}"))
    for line in verdict.lines:
        if line.status == "unreadable":
            out.append(Text(f"Line {line.n} cannot be read: {line.message}", style="yellow"))
    if focus is None and verdict.message:
        out.append(Text(verdict.message))
    return out
