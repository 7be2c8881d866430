"""``calctutor drill`` in a real pseudo-terminal: line editing, history, hints, steps, quitting."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from calctutor.practice.store import ProgressStore

pexpect = pytest.importorskip("pexpect")

SET = """\
format_version: 1
title: Drill test
topic: drilltest
problems:
  - id: d1
    kind: derivative
    expr: x^3
    var: x
    hints: [Use the power rule.]
  - id: d2
    kind: derivative
    expr: sin(2x)
    var: x
"""
UP = "\x1b[A"
TIMEOUT = 60


@pytest.fixture
def spawn(tmp_path: Path, calctutor_home: Path) -> Iterator[Any]:
    """Start a drill on a small set in a pseudo-terminal."""
    path = tmp_path / "drill.yaml"
    path.write_text(SET, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "CALCTUTOR_HOME": str(calctutor_home)}
    child = pexpect.spawn(
        sys.executable, ["-m", "calctutor", "drill", str(path)],
        env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 100),
    )  # fmt: skip
    yield child
    child.close(force=True)


def answer(child: Any, text: str, expected: str) -> None:
    """Wait for the prompt, type a line, and wait for what it should show."""
    child.expect_exact("answer> ")
    child.send(text + "\r")
    child.expect(expected)


def test_a_whole_session_at_a_terminal(spawn: Any, calctutor_home: Path) -> None:
    child = spawn
    child.expect_exact("1/2 · drill/d1")
    answer(child, "3x", "2 tries left")
    answer(child, "hint", "Hint 1: Use the power rule.")
    answer(child, "steps", "Worked solution")
    answer(child, "3x^(2", r"could not be read.*\r\n\s+3x\^\(2\r\n\s+\^")
    answer(child, UP * 4, "1 try left")  # the arrow keys bring back the first answer, 3x
    answer(child, "3x^2", "Right, with help")
    child.expect_exact("2/2 · drill/d2")
    answer(child, "q", "Session summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with ProgressStore(calctutor_home / "progress.db") as store:
        rows = [(a.answer, a.verdict, a.outcome) for a in store.attempts()]
    assert rows == [
        ("3x", "incorrect", None),
        ("3x^(2", "invalid", None),
        ("3x", "incorrect", None),
        ("3x^2", "correct", "helped"),
    ]


@pytest.mark.parametrize("ending", ["ctrl-c", "ctrl-d"])
def test_ctrl_c_and_ctrl_d_end_with_the_summary(spawn: Any, ending: str) -> None:
    child = spawn
    child.expect_exact("answer> ")
    if ending == "ctrl-c":
        child.sendintr()
    else:
        child.sendeof()
    child.expect_exact("Session summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
