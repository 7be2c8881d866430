"""Statistics over the progress store's attempts and cards: totals, accuracy, streak, what is due.

Pure functions: the attempts, the cards, ``now`` and the student's time zone come in; nothing is
read from the clock or the disk here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from calctutor.practice.scheduling import OUTCOMES, CardState, due_between
from calctutor.practice.store import Attempt

# Only a real try at an answer counts towards accuracy (not unreadable input, skips, timeouts).
COUNTED = frozenset({"correct", "incorrect"})
# Notes that describe the checker or the input, not a mathematical mistake.
NOT_MISTAKES = frozenset({"unreadable", "undecided", "timeout", "checker_error", "problem_error"})
CHART_DAYS = 14


@dataclass(frozen=True)
class Tally:
    """Attempts and correct answers in one group."""

    attempts: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float | None:
        """correct / attempts, or None with no attempts."""
        return self.correct / self.attempts if self.attempts else None

    def to_json(self) -> dict[str, Any]:
        """``{"attempts", "correct", "accuracy"}``."""
        return {"attempts": self.attempts, "correct": self.correct, "accuracy": self.accuracy}


@dataclass(frozen=True)
class Stats:
    """Everything ``calctutor stats`` shows."""

    total: Tally
    by_topic: tuple[tuple[str, Tally], ...]
    by_kind: tuple[tuple[str, Tally], ...]
    outcomes: tuple[tuple[str, int], ...]
    problems_seen: int
    streak_days: int
    due_now: int
    due_today: int
    due_week: int
    mistakes: tuple[tuple[str, int], ...]
    daily: tuple[tuple[date, Tally], ...]
    first: datetime | None
    last: datetime | None


def tally(attempts: Iterable[Attempt]) -> Tally:
    """Counted attempts and how many were right."""
    counted = [a for a in attempts if a.verdict in COUNTED]
    return Tally(len(counted), sum(a.verdict == "correct" for a in counted))


def _grouped(attempts: Sequence[Attempt], field: str) -> tuple[tuple[str, Tally], ...]:
    """A tally per value of one field (topic or kind), in name order."""
    names = sorted({getattr(a, field) or "general" for a in attempts if a.verdict in COUNTED})
    return tuple(
        (name, tally(a for a in attempts if (getattr(a, field) or "general") == name))
        for name in names
    )


def mistakes(attempts: Iterable[Attempt], limit: int = 5) -> tuple[tuple[str, int], ...]:
    """The mistakes the checker recognised most often in wrong answers."""
    counts = Counter(
        note
        for a in attempts
        if a.verdict == "incorrect"
        for note in a.notes
        if note not in NOT_MISTAKES
    )
    return tuple(counts.most_common(limit))


def local_day(moment: datetime, tz: tzinfo) -> date:
    """The student's calendar day of a moment."""
    return moment.astimezone(tz).date()


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days with practice ending today (or yesterday, if today has none yet)."""
    practised = set(days)
    day = today if today in practised else today - timedelta(days=1)
    run = 0
    while day in practised:
        run += 1
        day -= timedelta(days=1)
    return run


def daily(
    attempts: Sequence[Attempt], today: date, tz: tzinfo, days: int
) -> tuple[tuple[date, Tally], ...]:
    """A tally for each of the last ``days`` days, oldest first (days without practice included)."""
    by_day: dict[date, list[Attempt]] = {}
    for a in attempts:
        by_day.setdefault(local_day(a.at, tz), []).append(a)
    span = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    return tuple((d, tally(by_day.get(d, []))) for d in span)


def compute(
    attempts: Sequence[Attempt], cards: Mapping[str, CardState], now: datetime, tz: tzinfo
) -> Stats:
    """The statistics of a store at ``now`` in the student's time zone."""
    today = local_day(now, tz)
    end_of_today = datetime.combine(today + timedelta(days=1), time(), tz)
    counted_days = (local_day(a.at, tz) for a in attempts if a.verdict in COUNTED)
    outcomes = Counter(a.outcome for a in attempts if a.outcome)
    return Stats(
        total=tally(attempts),
        by_topic=_grouped(attempts, "topic"),
        by_kind=_grouped(attempts, "kind"),
        outcomes=tuple((o, outcomes.get(o, 0)) for o in OUTCOMES),
        problems_seen=len({a.key for a in attempts}),
        streak_days=streak(counted_days, today),
        due_now=due_between(cards, None, now),
        due_today=due_between(cards, None, end_of_today),
        due_week=due_between(cards, None, now + timedelta(days=7)),
        mistakes=mistakes(attempts),
        daily=daily(attempts, today, tz, CHART_DAYS),
        first=attempts[0].at if attempts else None,
        last=attempts[-1].at if attempts else None,
    )


def to_json(stats: Stats) -> dict[str, Any]:
    """The ``stats --json`` document."""
    return {
        "attempts": stats.total.attempts,
        "correct": stats.total.correct,
        "accuracy": stats.total.accuracy,
        "problems_seen": stats.problems_seen,
        "outcomes": dict(stats.outcomes),
        "by_topic": {name: t.to_json() for name, t in stats.by_topic},
        "by_kind": {name: t.to_json() for name, t in stats.by_kind},
        "streak_days": stats.streak_days,
        "due": {"now": stats.due_now, "today": stats.due_today, "week": stats.due_week},
        "mistakes": [{"note": note, "count": n} for note, n in stats.mistakes],
        "daily": [{"date": d.isoformat(), **t.to_json()} for d, t in stats.daily],
        "first_attempt": None if stats.first is None else stats.first.isoformat(),
        "last_attempt": None if stats.last is None else stats.last.isoformat(),
    }
