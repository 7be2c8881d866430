"""Choosing a drill's problems: filter the sets, put what is due first, draw template variants.

Pure apart from ``realize``'s parsing: the cards, ``now`` and a ``random.Random`` come in.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from calctutor.practice.drill import Item
from calctutor.practice.scheduling import Candidate, CardState, plan
from calctutor.sets.model import Problem, ProblemSet


@dataclass(frozen=True)
class Selection:
    """What to drill: how many, due only or mixed, and the filters."""

    count: int = 10
    due_only: bool = False
    topic: str | None = None
    kind: str | None = None
    new_limit: int | None = None
    shuffle: bool = True


def matches(problem_set: ProblemSet, problem: Problem, selection: Selection) -> bool:
    """Whether a problem passes the topic and kind filters (topic: the set's or a tag)."""
    if selection.kind and problem.kind != selection.kind.replace("-", "_").lower():
        return False
    if not selection.topic:
        return True
    wanted = selection.topic.lower()
    return wanted in (problem_set.topic.lower(), *(t.lower() for t in problem.tags))


def pool(sets: Sequence[ProblemSet], selection: Selection) -> list[Item]:
    """Every problem that passes the filters, once per ``set/id``."""
    items: dict[str, Item] = {}
    for problem_set in sets:
        for problem in problem_set.problems:
            item = Item(problem_set.name, problem_set.topic, problem)
            if matches(problem_set, problem, selection) and item.key not in items:
                items[item.key] = item
    return list(items.values())


def select(
    items: Sequence[Item],
    cards: Mapping[str, CardState],
    now: datetime,
    selection: Selection,
    rng: random.Random,
    prepare: Callable[[Item, random.Random], Item | None] | None = None,
) -> tuple[Item, ...]:
    """The session's problems: due first, then new ones (easiest first), then the rest.

    ``prepare`` readies each chosen item (a template becomes a variant) or refuses it (None);
    refused items are replaced by the next in line.
    """
    order = list(items)
    if selection.shuffle:
        rng.shuffle(order)
    by_key = {item.key: item for item in order}
    candidates = [Candidate(item.key, item.problem.difficulty) for item in order]
    keys = plan(
        candidates, cards, now, len(candidates),
        due_only=selection.due_only, new_limit=selection.new_limit,
    )  # fmt: skip
    chosen: list[Item] = []
    for key in keys:
        if len(chosen) >= selection.count:
            break
        ready = by_key[key] if prepare is None else prepare(by_key[key], rng)
        if ready is not None:
            chosen.append(ready)
    return tuple(chosen)


def realize(item: Item, rng: random.Random) -> Item | None:
    """The item ready to drill: its math checked, a template drawn as a fresh variant."""
    from calctutor.sets.reading import expression_errors
    from calctutor.sets.templates import draw_variant, is_template, read_template

    problem = item.problem
    if not is_template(problem):
        return None if expression_errors(problem) else item
    try:
        variant = draw_variant(read_template(problem), rng)
    except ValueError:  # an invalid template: `calctutor sets validate` reports it
        return None
    if variant is None or expression_errors(variant.problem):
        return None
    return replace(item, problem=variant.problem, variant=variant.label)
