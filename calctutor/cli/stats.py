"""``calctutor stats`` and ``calctutor reset``: read the progress store, or start over."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from calctutor.cli.common import console, error_console, fail, print_json
from calctutor.cli.exits import ExitStatus


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Totals, accuracy by topic and kind, your streak, what is due, your frequent mistakes."""
    from calctutor.practice.stats import compute, to_json
    from calctutor.practice.store import ProgressStore, StoreError

    now = datetime.now(UTC)
    try:
        with ProgressStore() as store:
            result = compute(store.attempts(), store.cards(), now, now.astimezone().tzinfo or UTC)
    except StoreError as error:
        fail(str(error))
    if as_json:
        print_json(to_json(result))
        return
    from calctutor.render.drill import stats_view

    console().print(stats_view(result))


def reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask (for scripts).")] = False,
) -> None:
    """Delete your progress (every answer and schedule) to start over. Asks first.

    A store that cannot be read (damaged, or from a newer calctutor) is moved aside, not deleted.
    Exit status 0 when reset, 1 when you said no.
    """
    from calctutor.practice.store import ProgressStore, StoreError, store_path

    path = store_path()
    if not path.exists():
        console().print(f"Nothing to reset: no progress is recorded at {path}.", markup=False)
        return
    try:
        store: ProgressStore | None = ProgressStore(path)
        problem = ""
    except StoreError as error:
        store, problem = None, str(error)
    if store is None:
        _move_aside(path, problem, yes)
        return
    with store:
        question = f"Delete all {store.count()} recorded answers and every schedule in {path}?"
        _confirm(question, yes)
        store.reset()
    console().print("Progress deleted: your next drill starts afresh.")


def _confirm(question: str, yes: bool) -> None:
    """Ask; anything but yes (end of input included) stops with nothing deleted."""
    if yes:
        return
    try:
        agreed = typer.confirm(question, default=False)
    except typer.Abort:
        agreed = False
    if not agreed:
        error_console().print("Nothing was deleted.")
        raise typer.Exit(int(ExitStatus.INCORRECT))


def _move_aside(path: Path, problem: str, yes: bool) -> None:
    """Move an unreadable store out of the way, after saying why."""
    from calctutor.practice.store import move_aside

    error_console().print(problem, markup=False)
    _confirm(f"Move {path} aside and start a new, empty store?", yes)
    try:
        moved = move_aside(path, datetime.now(UTC))
    except OSError as error:
        fail(f"could not move {path}: {error.strerror}")
    console().print(f"The old store was moved to {moved}; your next drill starts afresh.")
