"""The progress store's schema: numbered migrations, applied once each, under ``user_version``.

A store is never emptied to make it fit: a store newer than this code, a file that is not a
calctutor store, or a damaged file stops with a :class:`StoreError` that says what to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

# Each entry moves the store from version i to version i + 1; never edit one, only append.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            set_name TEXT NOT NULL,
            problem_id TEXT NOT NULL,
            variant TEXT NOT NULL DEFAULT '',
            topic TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            answer TEXT NOT NULL,
            verdict TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '[]',
            seconds REAL NOT NULL,
            hints_used INTEGER NOT NULL DEFAULT 0,
            steps_shown INTEGER NOT NULL DEFAULT 0,
            try_number INTEGER NOT NULL DEFAULT 0,
            outcome TEXT,
            rating INTEGER
        )""",
        "CREATE INDEX attempts_at ON attempts(at)",
        "CREATE INDEX attempts_problem ON attempts(set_name, problem_id)",
        """CREATE TABLE cards (
            key TEXT PRIMARY KEY,
            due TEXT NOT NULL,
            state INTEGER NOT NULL,
            data TEXT NOT NULL,
            reviews INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            updated TEXT NOT NULL
        )""",
        "CREATE INDEX cards_due ON cards(due)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
TABLES = ("attempts", "cards")


class StoreError(Exception):
    """The progress store cannot be used; the message says why and what to do."""


def version_of(conn: sqlite3.Connection) -> int:
    """The store's schema version (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _tables(conn: sqlite3.Connection) -> set[str]:
    """The names of the tables in the file."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(r[0]) for r in rows if not str(r[0]).startswith("sqlite_")}


def check_usable(conn: sqlite3.Connection, where: str, latest: int) -> int:
    """The version of a store this code can read, or StoreError saying why it cannot."""
    version = version_of(conn)
    if version > latest:
        raise StoreError(
            f"{where} was written by a newer calctutor (store version {version}; this one reads "
            f"up to {latest}). Upgrade calctutor, or set CALCTUTOR_HOME to another folder. "
            "Nothing was changed."
        )
    tables = _tables(conn)
    if version == 0 and tables:
        raise StoreError(
            f"{where} is not a calctutor progress store (it holds other tables). Nothing was "
            "changed; move it away or set CALCTUTOR_HOME to another folder."
        )
    missing = [t for t in TABLES if t not in tables]
    if version > 0 and missing:
        raise StoreError(damaged(where, f"missing table(s): {', '.join(missing)}"))
    return version


def damaged(where: str, detail: str) -> str:
    """The message for a damaged store."""
    return (
        f"{where} is damaged ({detail}). Your history was left as it is: copy the file somewhere "
        "safe, then run `calctutor reset` to move it aside and start afresh."
    )


def migrate(conn: sqlite3.Connection, where: str, migrations: Sequence[Sequence[str]]) -> int:
    """Bring the store up to the latest version, one migration per transaction."""
    latest = len(migrations)
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # read again inside the lock: another drill may have migrated meanwhile
            version = check_usable(conn, where, latest)
            if version == latest:
                conn.execute("COMMIT")
                return version
            for statement in migrations[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
