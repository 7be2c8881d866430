"""Spaced repetition with FSRS: a rating from how a problem went, and the order of a session.

Each problem is one FSRS card, keyed ``set/id``. The clock is never read here: every function
that needs the time takes ``now`` (an aware datetime). Fuzzing is off, so a review is a pure
function of the card, the rating and the time.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Outcome = Literal["first_time", "helped", "missed", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("first_time", "helped", "missed", "skipped")

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
# A first-time answer within this many seconds per level of difficulty is "fast" (rated Easy).
FAST_SECONDS_PER_LEVEL = 20.0
LEARNING, REVIEW, RELEARNING = 1, 2, 3


@dataclass(frozen=True)
class Result:
    """How one problem went: right or not, in how many tries, with help, how fast."""

    correct: bool
    tries: int
    helped: bool
    seconds: float
    difficulty: int = 1
    skipped: bool = False

    @property
    def outcome(self) -> Outcome:
        """first_time, helped (hint, steps or more than one try), missed or skipped."""
        if self.skipped and not self.correct:
            return "skipped"
        if not self.correct:
            return "missed"
        return "helped" if self.helped or self.tries > 1 else "first_time"


def is_fast(result: Result) -> bool:
    """Whether a right answer came quickly for a problem of its difficulty."""
    return result.seconds <= FAST_SECONDS_PER_LEVEL * max(1, result.difficulty)


def rating_for(result: Result) -> int:
    """The FSRS rating: missed → Again, helped → Hard, right → Good, right and fast → Easy."""
    outcome = result.outcome
    if outcome in ("missed", "skipped"):
        return AGAIN
    if outcome == "helped":
        return HARD
    return EASY if is_fast(result) else GOOD


@dataclass(frozen=True)
class CardState:
    """One problem's FSRS card: when it is due and the scheduler's memory of it."""

    key: str
    due: datetime
    state: int
    data: str  # the fsrs Card as JSON (Card.to_dict), kept whole for fsrs to read back
    reviews: int = 0
    lapses: int = 0

    @property
    def is_learning(self) -> bool:
        """Still in (re)learning steps rather than long-term review."""
        return self.state != REVIEW


def card_id(key: str) -> int:
    """A stable positive id for a problem's card."""
    return zlib.crc32(key.encode("utf-8")) + 1


def _scheduler() -> Any:
    """The FSRS scheduler with its default parameters and no random fuzz."""
    import fsrs

    return fsrs.Scheduler(enable_fuzzing=False)


def new_card(key: str, now: datetime) -> CardState:
    """A card never reviewed, due now."""
    import fsrs

    card = fsrs.Card(card_id=card_id(key), due=now)
    return _from_fsrs(key, card, reviews=0, lapses=0)


def review(card: CardState | None, key: str, rating: int, now: datetime) -> CardState:
    """The card after one review with this rating at ``now`` (a new card when ``card`` is None)."""
    import fsrs

    current = card or new_card(key, now)
    fsrs_card = fsrs.Card.from_dict(json.loads(current.data))
    after, _log = _scheduler().review_card(fsrs_card, fsrs.Rating(rating), now)
    lapses = current.lapses + int(rating == AGAIN and current.state == REVIEW)
    return _from_fsrs(key, after, reviews=current.reviews + 1, lapses=lapses)


def _from_fsrs(key: str, card: Any, *, reviews: int, lapses: int) -> CardState:
    """Our value for an fsrs Card."""
    data = card.to_dict()
    return CardState(key, card.due, int(data["state"]), json.dumps(data), reviews, lapses)


def is_due(card: CardState, now: datetime) -> bool:
    """Whether the card is due at ``now``."""
    return card.due <= now


@dataclass(frozen=True)
class Candidate:
    """A problem that may be drilled: its key and difficulty (earlier candidates win ties)."""

    key: str
    difficulty: int = 1


def plan(
    candidates: Sequence[Candidate],
    cards: Mapping[str, CardState],
    now: datetime,
    count: int,
    *,
    due_only: bool = False,
    new_limit: int | None = None,
) -> list[str]:
    """The keys to drill, in order: due (most overdue first), then new (easiest first), then,
    unless ``due_only``, the rest (soonest due first). At most ``new_limit`` new ones come in."""
    seen = [c for c in candidates if c.key in cards]
    due = sorted((c for c in seen if is_due(cards[c.key], now)), key=lambda c: cards[c.key].due)
    fresh = sorted((c for c in candidates if c.key not in cards), key=lambda c: c.difficulty)
    fresh = fresh[: len(fresh) if new_limit is None else max(0, new_limit)]
    rest: list[Candidate] = []
    if not due_only:
        rest = sorted(
            (c for c in seen if not is_due(cards[c.key], now)), key=lambda c: cards[c.key].due
        )
    return [c.key for c in (*due, *fresh, *rest)][: max(0, count)]


def due_between(cards: Mapping[str, CardState], start: datetime | None, end: datetime) -> int:
    """How many cards fall due after ``start`` (None: any time before) and by ``end``."""
    return sum(1 for c in cards.values() if c.due <= end and (start is None or c.due > start))
