"""The progress store: round trips, migrations, refusing bad files, concurrency, stats."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from calctutor.practice.scheduling import AGAIN, GOOD, review
from calctutor.practice.schema import MIGRATIONS
from calctutor.practice.stats import compute, streak, to_json
from calctutor.practice.store import (
    SCHEMA_VERSION,
    Attempt,
    ProgressStore,
    StoreError,
    move_aside,
    store_path,
)

T0 = datetime(2024, 5, 6, 10, 30, 15, 123456, tzinfo=UTC)


def attempt(n: int = 0, **changes: object) -> Attempt:
    """An attempt n seconds after T0, with fields changed."""
    base = Attempt(
        at=T0 + timedelta(seconds=n), set_name="chain", problem_id="c1", answer="2x",
        verdict="incorrect", seconds=4.5, variant="v1", topic="derivatives", kind="derivative",
        notes=("chain_rule_factor",), hints_used=1, steps_shown=True, try_number=2,
    )  # fmt: skip
    return Attempt(**{**base.__dict__, **changes})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A path for a store."""
    return tmp_path / "data" / "progress.db"


def test_store_path_is_under_calctutor_home(calctutor_home: Path) -> None:
    assert store_path() == calctutor_home / "progress.db"


def test_attempts_round_trip(db: Path) -> None:
    one = attempt(0)
    two = attempt(5, verdict="correct", notes=(), outcome="helped", rating=2, steps_shown=False)
    with ProgressStore(db) as store:
        assert store.record(one) is None
        assert store.record(two) is not None
    with ProgressStore(db) as store:
        assert store.attempts() == [one, two]
        assert store.attempts(since=T0 + timedelta(seconds=1)) == [two]
        assert store.count() == 2


def test_a_rated_attempt_reviews_the_card_in_the_same_write(db: Path) -> None:
    with ProgressStore(db) as store:
        store.record(attempt(0))
        assert store.cards() == {}
        first = store.record(attempt(1, outcome="missed", rating=AGAIN))
        second = store.record(attempt(600, outcome="first_time", rating=GOOD))
        cards = store.cards()
    assert first is not None and second is not None
    assert set(cards) == {"chain/c1"}
    assert cards["chain/c1"] == second and second.reviews == 2
    assert second.due > T0


def test_new_store_is_wal_at_the_current_version(db: Path) -> None:
    with ProgressStore(db) as store:
        assert store.version == SCHEMA_VERSION
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_migrations_run_once_and_keep_the_data(db: Path) -> None:
    with ProgressStore(db) as store:
        store.record(attempt(0))
    later = (*MIGRATIONS, ("ALTER TABLE attempts ADD COLUMN mood TEXT",))
    with ProgressStore(db, migrations=later) as store:
        assert store.version == SCHEMA_VERSION + 1
        assert store.attempts() == [attempt(0)]
    with ProgressStore(db, migrations=later) as store:  # a second open changes nothing
        assert store.version == SCHEMA_VERSION + 1


def test_a_newer_store_is_refused_and_left_untouched(db: Path) -> None:
    later = (*MIGRATIONS, ("CREATE TABLE future (x)",))
    with ProgressStore(db, migrations=later) as store:
        store.record(attempt(0))
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer calctutor") as caught:
        ProgressStore(db)
    assert "Nothing was changed" in str(caught.value)
    assert db.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_untouched(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="damaged"):
        ProgressStore(db)
    assert db.read_bytes() == b"this is not sqlite at all" * 100


def test_a_damaged_database_is_refused(db: Path) -> None:
    ProgressStore(db).close()
    conn = sqlite3.connect(db)
    rows = [(f"t{n}", "s", "p", "x" * 200, "incorrect", 1.0) for n in range(300)]
    conn.executemany(
        "INSERT INTO attempts (at, set_name, problem_id, answer, verdict, seconds) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 2 : page * 4] = b"\xff" * (page * 2)  # scribble over two pages of the table
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged") as caught:
        ProgressStore(db)
    assert "calctutor reset" in str(caught.value)


def test_another_programs_database_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a calctutor progress store"):
        ProgressStore(db)


def test_a_missing_table_is_damage(db: Path) -> None:
    with ProgressStore(db):
        pass
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE cards")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="missing table"):
        ProgressStore(db)


def test_naive_times_are_refused(db: Path) -> None:
    with ProgressStore(db) as store, pytest.raises(ValueError, match="timezone"):
        store.record(attempt(0, at=datetime(2024, 1, 1)))


def test_two_writers_at_once_lose_nothing(db: Path) -> None:
    ProgressStore(db).close()
    errors: list[BaseException] = []

    def drill(name: str) -> None:
        try:
            with ProgressStore(db) as store:
                for n in range(40):
                    store.record(attempt(n, set_name="s", problem_id="p", answer=name, rating=GOOD))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=drill, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with ProgressStore(db) as store:
        answers = [a.answer for a in store.attempts()]
        card = store.cards()["s/p"]
    assert answers.count("a") == 40 and answers.count("b") == 40
    assert card.reviews == 80  # each review read and wrote the card inside one lock


def test_reset_deletes_everything(db: Path) -> None:
    with ProgressStore(db) as store:
        store.record(attempt(0, rating=GOOD))
        assert store.reset() == 2
        assert store.attempts() == [] and store.cards() == {}


def test_move_aside_keeps_the_old_file(db: Path) -> None:
    with ProgressStore(db) as store:
        store.record(attempt(0))
        moved = move_aside(db, T0)
    assert not db.exists() and moved.exists()
    assert moved.name == "progress.db.unreadable-20240506T103015"
    with ProgressStore(moved) as old:
        assert old.count() == 1


# ---- statistics ---------------------------------------------------------------------------


def test_streak_counts_consecutive_days() -> None:
    today = date(2024, 5, 10)
    days = [date(2024, 5, d) for d in (5, 7, 8, 9)]
    assert streak(days, today) == 3  # today not practised yet: the streak is still alive
    assert streak([*days, today], today) == 4
    assert streak([date(2024, 5, 1)], today) == 0


def test_compute_totals_topics_kinds_due_and_mistakes() -> None:
    tz = timezone(timedelta(hours=-5))
    rows = [
        attempt(0),
        attempt(1, verdict="correct", notes=()),
        attempt(2, verdict="invalid", notes=("unreadable",)),
        attempt(3, verdict="incorrect", topic="integrals", kind="integral", notes=("sign_error",)),
        attempt(4, verdict="skipped", notes=(), outcome="skipped", rating=AGAIN),
        attempt(86400 * 2, verdict="correct", notes=(), outcome="helped", rating=2),
    ]
    now = T0 + timedelta(days=2, hours=1)
    cards = {
        "a": review(None, "a", AGAIN, now - timedelta(minutes=30)),  # due already
        "b": review(None, "b", GOOD, now),  # due within the day or so
    }
    stats = compute(rows, cards, now, tz)
    data = to_json(stats)
    assert (data["attempts"], data["correct"]) == (4, 2)
    assert data["by_topic"]["derivatives"] == {"attempts": 3, "correct": 2, "accuracy": 2 / 3}
    assert data["by_kind"]["integral"]["attempts"] == 1
    assert data["mistakes"][0] == {"note": "chain_rule_factor", "count": 1}
    assert {m["note"] for m in data["mistakes"]} == {"chain_rule_factor", "sign_error"}
    assert data["due"]["now"] == 1 and data["due"]["week"] == 2
    assert data["streak_days"] == 1  # a gap of one day between practice
    assert data["outcomes"]["skipped"] == 1 and data["outcomes"]["helped"] == 1
    assert len(data["daily"]) == 14 and data["daily"][-1]["attempts"] == 1


def test_compute_on_nothing() -> None:
    data = to_json(compute([], {}, T0, UTC))
    assert data["attempts"] == 0 and data["streak_days"] == 0 and data["by_topic"] == {}
