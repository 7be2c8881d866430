"""The progress store: every attempt and every problem's FSRS card, in SQLite (stdlib sqlite3).

The file lives at ``$CALCTUTOR_HOME/progress.db``. It runs in WAL mode with full syncs, and each
attempt (with its card's review, when the attempt ends the problem) is one ``BEGIN IMMEDIATE``
transaction committed before the caller shows any feedback: a killed drill loses nothing that
was answered, and two drills at once take turns instead of corrupting the file.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calctutor.practice.scheduling import CardState, Outcome, review
from calctutor.practice.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    check_usable,
    damaged,
    migrate,
)

__all__ = ["SCHEMA_VERSION", "Attempt", "ProgressStore", "StoreError", "move_aside", "store_path"]

BUSY_SECONDS = 10.0
_COLUMNS = (
    "at, set_name, problem_id, variant, topic, kind, answer, verdict, notes, seconds, "
    "hints_used, steps_shown, try_number, outcome, rating"
)


@dataclass(frozen=True)
class Attempt:
    """One answer (or skip) as the store keeps it; ``rating`` is set when it ends the problem."""

    at: datetime
    set_name: str
    problem_id: str
    answer: str
    verdict: str  # correct | incorrect | invalid | unknown | skipped
    seconds: float
    variant: str = ""
    topic: str = ""
    kind: str = ""
    notes: tuple[str, ...] = ()
    hints_used: int = 0
    steps_shown: bool = False
    try_number: int = 0
    outcome: Outcome | None = None
    rating: int | None = None

    @property
    def key(self) -> str:
        """The problem's card key, ``set/id``."""
        return f"{self.set_name}/{self.problem_id}"


def store_path(home: Path | None = None) -> Path:
    """Where the progress store lives: ``$CALCTUTOR_HOME/progress.db`` by default."""
    if home is None:
        from calctutor.paths import home as default_home

        home = default_home()
    return home / "progress.db"


def stamp(moment: datetime) -> str:
    """A time as fixed-width UTC text, so that text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("times given to the progress store must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _explain(error: sqlite3.Error, where: str) -> str:
    """A sqlite error in a student's words."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"{where} is busy: another calctutor has held it for over {BUSY_SECONDS:g} s."
    if "readonly" in text or "unable to open" in text or "disk I/O" in text:
        return f"{where} cannot be written ({text}). Check the folder's permissions and space."
    return damaged(where, text)


@contextlib.contextmanager
def _guard(where: str) -> Iterator[None]:
    """Turn sqlite's errors into a StoreError with a clear message."""
    try:
        yield
    except sqlite3.Error as error:
        raise StoreError(_explain(error, where)) from error


class ProgressStore:
    """An open progress store; use it as a context manager so the file is always closed."""

    def __init__(
        self, path: Path | None = None, *, migrations: Sequence[Sequence[str]] = MIGRATIONS
    ) -> None:
        """Open (creating when absent) and migrate the store, or raise StoreError."""
        self.path = path or store_path()
        self.where = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create {self.path.parent}: {error.strerror}") from error
        with _guard(self.where):
            self.conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            self._prepare(migrations)
        except BaseException:
            self.conn.close()
            raise

    def _prepare(self, migrations: Sequence[Sequence[str]]) -> None:
        """Refuse an unusable file before touching it, then set WAL and migrate."""
        with _guard(self.where):
            check_usable(self.conn, self.where, len(migrations))
            verdict = str(self.conn.execute("PRAGMA quick_check").fetchone()[0])
            if verdict != "ok":
                raise StoreError(damaged(self.where, verdict))
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
            self.version = migrate(self.conn, self.where, migrations)

    def __enter__(self) -> ProgressStore:
        """The store itself."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the file."""
        self.close()

    def close(self) -> None:
        """Close the connection (every attempt is already committed)."""
        self.conn.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction that holds the lock from its start (no upgrade deadlocks)."""
        with _guard(self.where):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def record(self, attempt: Attempt) -> CardState | None:
        """Save one attempt, and review its card when it ends the problem; committed on return."""
        with self._write() as conn:
            conn.execute(
                f"INSERT INTO attempts ({_COLUMNS}) VALUES ({', '.join('?' * 15)})",
                _attempt_row(attempt),
            )
            if attempt.rating is None:
                return None
            card = review(self._card(attempt.key), attempt.key, attempt.rating, attempt.at)
            conn.execute(
                "INSERT OR REPLACE INTO cards (key, due, state, data, reviews, lapses, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (card.key, stamp(card.due), card.state, card.data, card.reviews, card.lapses,
                 stamp(attempt.at)),
            )  # fmt: skip
            return card

    def _card(self, key: str) -> CardState | None:
        """One card, or None when the problem was never reviewed."""
        row = self.conn.execute(
            "SELECT key, due, state, data, reviews, lapses FROM cards WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else _card_from_row(row)

    def cards(self) -> dict[str, CardState]:
        """Every card, by key."""
        with _guard(self.where):
            rows = self.conn.execute(
                "SELECT key, due, state, data, reviews, lapses FROM cards"
            ).fetchall()
        return {str(r[0]): _card_from_row(r) for r in rows}

    def attempts(self, since: datetime | None = None) -> list[Attempt]:
        """Every attempt in time order (from ``since`` when given)."""
        query = f"SELECT {_COLUMNS} FROM attempts"
        params: tuple[Any, ...] = ()
        if since is not None:
            query, params = query + " WHERE at >= ?", (stamp(since),)
        with _guard(self.where):
            rows = self.conn.execute(query + " ORDER BY at, id", params).fetchall()
        return [_attempt_from_row(r) for r in rows]

    def count(self) -> int:
        """How many attempts the store holds."""
        with _guard(self.where):
            return int(self.conn.execute("SELECT count(*) FROM attempts").fetchone()[0])

    def reset(self) -> int:
        """Delete every attempt and card (only ``calctutor reset`` calls this); rows deleted."""
        with self._write() as conn:
            deleted = conn.execute("DELETE FROM attempts").rowcount
            deleted += conn.execute("DELETE FROM cards").rowcount
        return int(deleted)


def _attempt_row(a: Attempt) -> tuple[Any, ...]:
    """An attempt as the columns of its row."""
    return (
        stamp(a.at), a.set_name, a.problem_id, a.variant, a.topic, a.kind, a.answer, a.verdict,
        json.dumps(list(a.notes)), float(a.seconds), a.hints_used, int(a.steps_shown),
        a.try_number, a.outcome, a.rating,
    )  # fmt: skip


def _attempt_from_row(row: Sequence[Any]) -> Attempt:
    """An attempt read back from its row."""
    notes = json.loads(row[8]) if row[8] else []
    return Attempt(
        at=datetime.fromisoformat(row[0]), set_name=row[1], problem_id=row[2], variant=row[3],
        topic=row[4], kind=row[5], answer=row[6], verdict=row[7],
        notes=tuple(str(n) for n in notes), seconds=float(row[9]), hints_used=int(row[10]),
        steps_shown=bool(row[11]), try_number=int(row[12]), outcome=row[13], rating=row[14],
    )  # fmt: skip


def _card_from_row(row: Sequence[Any]) -> CardState:
    """A card read back from its row."""
    due = datetime.fromisoformat(row[1])
    return CardState(str(row[0]), due, int(row[2]), str(row[3]), int(row[4]), int(row[5]))


def move_aside(path: Path, now: datetime) -> Path:
    """Rename an unusable store (and its WAL files) out of the way; the new name is returned."""
    target = path.with_name(f"{path.name}.unreadable-{now.strftime('%Y%m%dT%H%M%S')}")
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target
