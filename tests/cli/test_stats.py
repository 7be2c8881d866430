"""``calctutor stats`` and ``calctutor reset`` through the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from calctutor.cli.app import app
from calctutor.practice.scheduling import AGAIN, GOOD, Outcome
from calctutor.practice.schema import MIGRATIONS
from calctutor.practice.store import Attempt, ProgressStore

runner = CliRunner()


def fill(home: Path) -> None:
    """A store with a few answers from today and yesterday."""
    now = datetime.now(UTC)
    rows = [
        ("chain", "c1", "derivatives", "derivative", "incorrect", ("chain_rule_factor",), None),
        ("chain", "c1", "derivatives", "derivative", "correct", (), GOOD),
        ("parts", "p1", "integrals", "integral", "incorrect", ("sign_error",), None),
        ("parts", "p1", "integrals", "integral", "invalid", ("unreadable",), None),
        ("parts", "p1", "integrals", "integral", "incorrect", ("sign_error",), AGAIN),
    ]
    with ProgressStore(home / "progress.db") as store:
        for n, (set_name, pid, topic, kind, verdict, notes, rating) in enumerate(rows):
            outcome: Outcome | None = None
            if rating is not None:
                outcome = "missed" if rating == AGAIN else "helped"
            at = now - timedelta(days=1 if n == 0 else 0, seconds=len(rows) - n)
            attempt = Attempt(at, set_name, pid, "x", verdict, 5.0, topic=topic, kind=kind,
                              notes=notes, rating=rating, outcome=outcome)  # fmt: skip
            store.record(attempt)


def test_stats_json_has_the_documented_keys(calctutor_home: Path) -> None:
    fill(calctutor_home)
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"attempts", "correct", "by_topic", "by_kind", "due", "streak_days"} <= set(data)
    assert (data["attempts"], data["correct"]) == (4, 1)
    assert data["by_topic"]["integrals"] == {"attempts": 2, "correct": 0, "accuracy": 0.0}
    assert data["by_topic"]["derivatives"]["correct"] == 1
    assert data["streak_days"] == 2
    assert data["due"]["now"] == 0 and data["due"]["today"] >= 1 and data["due"]["week"] == 2
    assert data["mistakes"][0] == {"note": "sign_error", "count": 2}


def test_stats_tables_show_topics_streak_mistakes_and_chart(calctutor_home: Path) -> None:
    fill(calctutor_home)
    result = runner.invoke(app, ["stats"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0
    out = result.stdout
    for text in ("Accuracy by topic", "integrals", "Accuracy by kind", "Streak", "2 day(s)"):
        assert text in out
    assert "2× sign error" in out and "Accuracy, last 14 days" in out


def test_stats_with_no_history(calctutor_home: Path) -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0 and "No practice recorded yet" in result.stdout
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert data["attempts"] == 0 and data["by_topic"] == {}


def test_stats_on_a_newer_store_explains_and_keeps_it(calctutor_home: Path) -> None:
    db = calctutor_home / "progress.db"
    ProgressStore(db, migrations=(*MIGRATIONS, ("CREATE TABLE later (x)",))).close()
    before = db.read_bytes()
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 2
    assert "newer calctutor" in result.stderr and "Traceback" not in result.output
    assert db.read_bytes() == before


def test_reset_asks_and_no_keeps_everything(calctutor_home: Path) -> None:
    fill(calctutor_home)
    result = runner.invoke(app, ["reset"], input="n\n")
    assert result.exit_code == 1
    assert "Delete all 5 recorded answers" in result.stdout
    assert "Nothing was deleted" in result.stderr
    with ProgressStore(calctutor_home / "progress.db") as store:
        assert store.count() == 5


def test_reset_with_no_input_deletes_nothing(calctutor_home: Path) -> None:
    fill(calctutor_home)
    result = runner.invoke(app, ["reset"], input="")
    assert result.exit_code == 1
    with ProgressStore(calctutor_home / "progress.db") as store:
        assert store.count() == 5


def test_reset_yes_starts_over(calctutor_home: Path) -> None:
    fill(calctutor_home)
    assert runner.invoke(app, ["reset"], input="y\n").exit_code == 0
    fill(calctutor_home)
    result = runner.invoke(app, ["reset", "--yes"])
    assert result.exit_code == 0 and "Progress deleted" in result.stdout
    with ProgressStore(calctutor_home / "progress.db") as store:
        assert store.count() == 0 and store.cards() == {}


def test_reset_moves_a_damaged_store_aside(calctutor_home: Path) -> None:
    db = calctutor_home / "progress.db"
    db.write_bytes(b"garbage" * 500)
    result = runner.invoke(app, ["reset", "--yes"])
    assert result.exit_code == 0
    assert "damaged" in result.stderr and "moved to" in result.stdout
    moved = list(calctutor_home.glob("progress.db.unreadable-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == b"garbage" * 500
    assert not db.exists()


def test_reset_with_nothing_recorded(calctutor_home: Path) -> None:
    result = runner.invoke(app, ["reset"])
    assert result.exit_code == 0 and "Nothing to reset" in result.stdout
