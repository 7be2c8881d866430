"""``calctutor drill`` through the CLI with piped input, and its durability under SIGKILL."""

from __future__ import annotations

import contextlib
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calctutor.cli.app import app
from calctutor.practice.store import ProgressStore

runner = CliRunner()
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
  - id: i1
    kind: integral
    expr: 2x
    var: x
"""
COLOR = re.compile(r"\x1b\[[0-9;]*3[0-7]m|\x1b\[[0-9;]*38;")


@pytest.fixture
def set_file(tmp_path: Path) -> Path:
    """A small problem set on disk."""
    path = tmp_path / "drill.yaml"
    path.write_text(SET, encoding="utf-8")
    return path


def attempts(home: Path) -> list[tuple[str, str, str | None]]:
    """(problem id, verdict, outcome) of every stored attempt."""
    with ProgressStore(home / "progress.db") as store:
        return [(a.problem_id, a.verdict, a.outcome) for a in store.attempts()]


def test_a_piped_session_answers_hints_and_saves(set_file: Path, calctutor_home: Path) -> None:
    lines = "3x\n3x^(2\nhint\n3x^2\n2cos(2x)\nq\n"
    result = runner.invoke(app, ["drill", str(set_file), "--kind", "derivative"], input=lines)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1/2 · drill/d1" in out and "2/2 · drill/d2" in out
    assert "2 tries left" in out
    assert "could not be read" in out and "does not count as a try" in out
    assert "Hint 1: Use the power rule." in out
    assert "Right, with help" in out
    assert "Session summary" in out and "Traceback" not in result.output
    assert attempts(calctutor_home) == [
        ("d1", "incorrect", None),
        ("d1", "invalid", None),
        ("d1", "correct", "helped"),
        ("d2", "correct", "first_time"),
    ]


def test_no_input_prints_the_first_problem_and_exits_0(
    set_file: Path, calctutor_home: Path
) -> None:
    result = runner.invoke(app, ["drill", str(set_file), "--count", "2"], input="")
    assert result.exit_code == 0
    assert "1/2 · drill/d1" in result.stdout and "Session summary" in result.stdout
    assert "0 of 2" in result.stdout
    assert attempts(calctutor_home) == []


def test_out_of_tries_shows_the_solution(set_file: Path, calctutor_home: Path) -> None:
    result = runner.invoke(
        app, ["drill", str(set_file), "--count", "1", "--tries", "2"], input="x\n2x\n"
    )
    assert result.exit_code == 0
    assert "Solution · drill/d1" in result.stdout
    assert attempts(calctutor_home)[-1] == ("d1", "incorrect", "missed")


def test_without_a_set_it_drills_the_users_own(set_file: Path, calctutor_home: Path) -> None:
    (calctutor_home / "sets").mkdir()
    (calctutor_home / "sets" / "mine.yaml").write_text(SET, encoding="utf-8")
    result = runner.invoke(app, ["drill", "--topic", "drilltest", "--seed", "3"], input="")
    assert result.exit_code == 0
    assert re.search(r"1/3 · mine/(d1|d2|i1)", result.stdout)


def test_due_with_nothing_due(set_file: Path) -> None:
    runner.invoke(app, ["drill", str(set_file), "--count", "1"], input="3x^2\n")
    result = runner.invoke(app, ["drill", str(set_file), "--due", "--kind", "derivative"], input="")
    assert "1/1 · drill/d2" in result.stdout  # the new one comes in; d1 is not due yet
    result = runner.invoke(
        app, ["drill", str(set_file), "--due", "--kind", "derivative", "--count", "1"],
        input="2cos(2x)\n",
    )  # fmt: skip
    result = runner.invoke(app, ["drill", str(set_file), "--due", "--kind", "derivative"], input="")
    assert result.exit_code == 0 and "Nothing is due now" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-set"], "no problem set named 'no-such-set'"),
        (["--kind", "limit"], "unknown kind 'limit'"),
        (["--topic", "astrology"], "no problems match topic 'astrology'"),
    ],
)
def test_usage_errors_exit_2(set_file: Path, args: list[str], message: str) -> None:
    extra = [] if args[0] == "no-such-set" else [str(set_file)]
    result = runner.invoke(app, ["drill", *extra, *args], input="")
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_a_damaged_store_is_reported_not_emptied(set_file: Path, calctutor_home: Path) -> None:
    (calctutor_home / "progress.db").write_bytes(b"garbage" * 500)
    result = runner.invoke(app, ["drill", str(set_file)], input="3x^2\n")
    assert result.exit_code == 2
    assert "damaged" in result.stderr and "Traceback" not in result.output
    assert (calctutor_home / "progress.db").read_bytes() == b"garbage" * 500


def test_no_color_is_respected(set_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = runner.invoke(app, ["drill", str(set_file)], input="x\n")
    assert COLOR.search(coloured.stdout)  # the test can fail: colours do appear without NO_COLOR
    monkeypatch.setenv("NO_COLOR", "1")
    plain = runner.invoke(app, ["drill", str(set_file)], input="x\n")
    assert plain.exit_code == 0 and not COLOR.search(plain.stdout)


def _read_until(process: subprocess.Popen[bytes], marker: bytes, timeout: float) -> bytes:
    """Read the process's stdout until a marker shows up (or fail after timeout seconds)."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"no {marker!r} after {timeout} s; got {seen.decode(errors='replace')}"
        if selector.select(left):
            chunk = os.read(process.stdout.fileno(), 4096)
            assert chunk, f"the drill ended early: {seen.decode(errors='replace')}"
            seen += chunk
    return seen


def test_sigkill_after_feedback_loses_nothing(set_file: Path, calctutor_home: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "CALCTUTOR_HOME": str(calctutor_home)}
    with subprocess.Popen(
        [sys.executable, "-m", "calctutor", "drill", str(set_file)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, start_new_session=True,
    ) as process:  # fmt: skip
        assert process.stdin is not None
        try:
            _read_until(process, b"1/3 \xc2\xb7 drill/d1", 60)
            process.stdin.write(b"3x\n")
            process.stdin.flush()
            _read_until(process, b"tries left", 60)  # feedback is shown only after the commit
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            # the drill's checker worker outlives a SIGKILLed parent: end it with its group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert attempts(calctutor_home) == [("d1", "incorrect", None)]


def test_the_quick_start_command_works_without_stdin(calctutor_home: Path) -> None:
    result = runner.invoke(app, ["drill"], input="")
    assert result.exit_code == 0, result.output
    assert re.search(r"1/10 · [\w-]+/[\w-]+", result.stdout)
    assert "Session summary" in result.stdout and "Traceback" not in result.output
