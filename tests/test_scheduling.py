"""FSRS wrapper: the rating of an outcome, reviews at a given time, and the order of a session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calctutor.practice.scheduling import (
    AGAIN,
    EASY,
    FAST_SECONDS_PER_LEVEL,
    GOOD,
    HARD,
    REVIEW,
    Candidate,
    CardState,
    Result,
    due_between,
    is_due,
    new_card,
    plan,
    rating_for,
    review,
)

T0 = datetime(2021, 3, 4, 9, 0, tzinfo=UTC)  # far from today: proves the clock is not read


@pytest.mark.parametrize(
    ("result", "outcome", "rating"),
    [
        (Result(False, 3, False, 40.0), "missed", AGAIN),
        (Result(False, 0, False, 5.0, skipped=True), "skipped", AGAIN),
        (Result(True, 1, True, 5.0), "helped", HARD),
        (Result(True, 2, False, 5.0), "helped", HARD),
        (Result(True, 1, False, FAST_SECONDS_PER_LEVEL + 1), "first_time", GOOD),
        (Result(True, 1, False, 3.0), "first_time", EASY),
    ],
)
def test_outcome_sets_the_rating(result: Result, outcome: str, rating: int) -> None:
    assert result.outcome == outcome
    assert rating_for(result) == rating


def test_fast_depends_on_difficulty() -> None:
    seconds = FAST_SECONDS_PER_LEVEL * 2
    assert rating_for(Result(True, 1, False, seconds, difficulty=1)) == GOOD
    assert rating_for(Result(True, 1, False, seconds, difficulty=3)) == EASY


def test_new_card_is_due_at_the_given_time() -> None:
    card = new_card("set/p1", T0)
    assert card.due == T0 and card.reviews == 0 and is_due(card, T0)
    assert not is_due(card, T0 - timedelta(seconds=1))


def test_review_uses_the_given_time_and_ratings_order_the_intervals() -> None:
    dues = {r: review(None, "set/p1", r, T0).due for r in (AGAIN, HARD, GOOD, EASY)}
    assert all(T0 < d < T0 + timedelta(days=60) for d in dues.values())
    assert dues[AGAIN] <= dues[HARD] <= dues[GOOD] < dues[EASY]


def test_review_is_deterministic_and_counts() -> None:
    first = review(None, "s/p", GOOD, T0)
    again = review(None, "s/p", GOOD, T0)
    assert first == again
    second = review(first, "s/p", GOOD, first.due)
    assert second.reviews == 2
    assert second.due - first.due > first.due - T0


def test_a_forgotten_review_card_is_a_lapse() -> None:
    card = review(None, "s/p", EASY, T0)
    assert card.state == REVIEW
    forgotten = review(card, "s/p", AGAIN, card.due)
    assert forgotten.lapses == 1
    assert forgotten.due - card.due < timedelta(days=1)  # a relearning step, not days


def _card(key: str, due: datetime) -> CardState:
    """A card due at a given time."""
    return CardState(key, due, REVIEW, "{}", reviews=1)


def test_plan_orders_due_then_new_then_rest() -> None:
    now = T0
    cards = {
        "a": _card("a", now - timedelta(days=1)),
        "b": _card("b", now - timedelta(days=3)),
        "c": _card("c", now + timedelta(days=2)),
        "d": _card("d", now + timedelta(days=1)),
    }
    candidates = [Candidate(k, 1) for k in "abcd"] + [Candidate("n2", 2), Candidate("n1", 1)]
    assert plan(candidates, cards, now, 10) == ["b", "a", "n1", "n2", "d", "c"]
    assert plan(candidates, cards, now, 3) == ["b", "a", "n1"]


def test_due_only_leaves_out_what_is_not_due_and_limits_new() -> None:
    cards = {"a": _card("a", T0), "c": _card("c", T0 + timedelta(days=2))}
    candidates = [Candidate("a"), Candidate("c"), Candidate("n1"), Candidate("n2")]
    assert plan(candidates, cards, T0, 10, due_only=True, new_limit=1) == ["a", "n1"]
    assert plan(candidates, cards, T0, 10, due_only=True, new_limit=0) == ["a"]


def test_due_between_counts_windows() -> None:
    cards = {k: _card(k, T0 + timedelta(days=d)) for k, d in (("a", -1), ("b", 0.5), ("c", 6))}
    assert due_between(cards, None, T0) == 1
    assert due_between(cards, None, T0 + timedelta(days=1)) == 2
    assert due_between(cards, T0, T0 + timedelta(days=7)) == 2
