"""Building a quiz: sets and a seed in, a Quiz value out, every key answer checked.

Problems are taken round-robin across topics (each topic's problems in a seeded order), so a
quiz drawn from several sets is balanced by topic. A template gives a fresh variant each time
it comes round. A candidate is kept only when its reference answer exists, is written in the
answer-box syntax, and that text grades ``correct`` with ``calctutor.check`` — so the key of a
quiz is always accepted by ``calctutor grade``. The same sets and seed give the same quiz.
"""

from __future__ import annotations

import contextlib
import random
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from calctutor.notation.question import question
from calctutor.sets.answers import expr_latex
from calctutor.sets.model import Problem, ProblemSet
from calctutor.sets.templates import (
    Template,
    TemplateInvalid,
    draw_variant,
    problem_rng,
    read_template,
)
from calctutor.steps.model import Solution, Step

if TYPE_CHECKING:
    from calctutor.notation import Prose

DEFAULT_COUNT = 10
CANDIDATE_TIMEOUT = 30.0  # seconds to solve one candidate and check its key
MAX_REJECTS = 200  # candidates that may fail before the quiz stops short


@dataclass(frozen=True)
class SolutionLine:
    """One line of a worked solution: its depth, the sentence (Prose, or plain text from an
    engine not yet moved to Prose) and the result as LaTeX."""

    depth: int
    text: Prose | str
    math: str | None

    @property
    def sentence(self) -> str:
        """The sentence in plain unicode."""
        from calctutor.notation import to_unicode

        return to_unicode(self.text)


def solution_lines(solution: Solution, limit: int = 40) -> list[SolutionLine]:
    """The step tree flattened in reading order, at most ``limit`` lines."""
    lines: list[SolutionLine] = []

    def visit(step: Step, depth: int) -> None:
        if len(lines) >= limit:
            return
        after = None if step.after is None else _latex_or_none(step.after)
        lines.append(SolutionLine(depth, step.text, after))
        for sub in step.substeps:
            visit(sub, depth + 1)

    for step in solution.steps:
        visit(step, 0)
    return lines


def worked_lines(solution: Solution) -> tuple[SolutionLine, ...]:
    """The solution's lines; none when the solver only restated the expected answer (an
    ``expression`` problem with no limit or Taylor fields has no steps to show)."""
    if not solution.complete and solution.note == "no steps":
        return ()
    return tuple(solution_lines(solution))


def _latex_or_none(value: Any) -> str | None:
    """LaTeX of a step's result, or None when it cannot be printed."""
    try:
        return expr_latex(value)
    except Exception:  # a printer failure only loses the formula, never the export
        return None


@dataclass(frozen=True)
class Key:
    """A verified reference answer as text, LaTeX and Maxima, its numbers when it is numeric,
    its arbitrary constants (C1, C2 ...) and the worked solution's lines."""

    answer: str
    latex: str
    maxima: str
    numbers: tuple[float, ...] | None
    steps: tuple[SolutionLine, ...] = ()
    constants: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuizItem:
    """One question of a quiz."""

    number: int
    set_name: str
    topic: str
    problem: Problem
    variant: str
    prompt: str
    key: Key

    @property
    def reference(self) -> str:
        """``set/id``."""
        return f"{self.set_name}/{self.problem.id}"


@dataclass(frozen=True)
class Quiz:
    """A numbered list of questions with their keys, and what it was built from."""

    title: str
    seed: int
    sets: tuple[str, ...]
    items: tuple[QuizItem, ...] = field(default_factory=tuple)


class Rejected(ValueError):
    """A candidate problem whose key could not be produced or did not verify."""


# --- keys ----------------------------------------------------------------------------------


def make_key(problem: Problem) -> Key:
    """Solve, write the answer as text, and check that the text grades correct (or Rejected)."""
    from calctutor.check import check_seeded, seed_for
    from calctutor.sets.answers import (
        NoAnswer,
        answer_latex,
        answer_maxima,
        answer_text,
        constant_names,
        numeric_values,
    )
    from calctutor.steps.solve import solve_problem

    try:
        solution = solve_problem(problem)
        text = answer_text(problem, solution.result)
        key = Key(
            text,
            answer_latex(problem, solution.result),
            answer_maxima(problem, solution.result),
            numeric_values(problem, solution.result),
            worked_lines(solution),
            constant_names(solution.result),
        )
    except (NoAnswer, ValueError, TypeError, NotImplementedError) as error:
        raise Rejected(f"no reference answer: {error}") from None
    verdict = check_seeded(problem, text, seed_for(problem, text))
    if not verdict.is_correct:
        raise Rejected(f"the key '{text}' grades {verdict.verdict}: {verdict.message}")
    return key


def _try_key(problem: Problem) -> Key | str:
    """make_key, with the reason as text when rejected (a task for a worker process)."""
    try:
        return make_key(problem)
    except Rejected as error:
        return str(error)
    except Exception as error:  # a solver crash rejects the candidate, never the quiz
        return f"{type(error).__name__}: {error}"


KeyMaker = Callable[[Problem], "Key | str"]
KeyBatch = Callable[[Sequence[Problem]], "list[Key | str]"]
ENGINES = (
    "calctutor.steps.solve", "calctutor.steps.derivative", "calctutor.steps.gradient",
    "calctutor.steps.integral", "calctutor.steps.ode", "calctutor.steps.optimizer",
)  # fmt: skip


def _outcome(outcome: Any) -> Key | str:
    """A worker's answer: the key, the reason it was rejected, or the time limit it hit."""
    from calctutor.limits import TimedOut

    if isinstance(outcome, TimedOut):
        return f"no key: {outcome.message}"
    result: Key | str = outcome
    return result


def pooled_keys(pool: Any, timeout: float = CANDIDATE_TIMEOUT) -> tuple[KeyMaker, KeyBatch]:
    """Key makers that run candidates in ``pool`` under a time limit: one, or many at once."""

    def one(problem: Problem) -> Key | str:
        return _outcome(pool.run(_try_key, (problem,), timeout))

    def many(problems: Sequence[Problem]) -> list[Key | str]:
        return [_outcome(o) for o in pool.map(_try_key, [(p,) for p in problems], timeout)]

    return one, many


def _accept_all(problem: Problem) -> Key | str:
    """A stand-in key maker that accepts every candidate (to plan which ones come first)."""
    return Key("", "", "", None)


# --- planning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A problem of a set, as the planner hands it out."""

    problem_set: ProblemSet
    problem: Problem


def _topic_queues(sets: Sequence[ProblemSet], rng: random.Random) -> dict[str, deque[Slot]]:
    """Each topic's problems, shuffled; topics in a seeded order."""
    topics: dict[str, list[Slot]] = {}
    for problem_set in sets:
        for problem in problem_set.problems:
            topics.setdefault(problem_set.topic, []).append(Slot(problem_set, problem))
    order = sorted(topics)
    rng.shuffle(order)
    queues = {}
    for topic in order:
        slots = topics[topic]
        rng.shuffle(slots)
        queues[topic] = deque(slots)
    return queues


def plan(sets: Sequence[ProblemSet], seed: int, retired: set[Slot]) -> Iterator[Slot]:
    """Slots round-robin across topics; fixed problems once, templates again and again.

    A template the caller puts in ``retired`` (it has no new variants) is not offered again.
    """
    from calctutor.sets.templates import is_template

    queues = _topic_queues(sets, problem_rng(seed, "plan"))
    while queues:
        for topic in list(queues):
            queue = queues[topic]
            while queue and queue[0] in retired:
                queue.popleft()
            if not queue:
                del queues[topic]
                continue
            slot = queue.popleft()
            if is_template(slot.problem):
                queue.append(slot)
            yield slot


# --- building ------------------------------------------------------------------------------


@dataclass
class _Builder:
    """The mutable state of one build (local to ``build_quiz``)."""

    seed: int
    make: KeyMaker
    keys: dict[Problem, Key | str] = field(default_factory=dict)
    templates: dict[Slot, tuple[Template, random.Random]] = field(default_factory=dict)
    used: set[Problem] = field(default_factory=set)
    retired: set[Slot] = field(default_factory=set)
    rejects: list[str] = field(default_factory=list)

    asked: set[Problem] = field(default_factory=set)

    def key(self, problem: Problem) -> Key | str:
        """The key of a candidate, made once (or found among the keys made in advance)."""
        if problem not in self.keys:
            self.keys[problem] = self.make(problem)
        found = self.keys[problem]
        if isinstance(found, str) and problem not in self.asked:
            self.rejects.append(f"{problem.id}: {found}")
        self.asked.add(problem)
        return found

    def template(self, slot: Slot) -> tuple[Template, random.Random] | None:
        """The parsed template of a slot and its own seeded generator."""
        if slot not in self.templates:
            try:
                template = read_template(slot.problem)
            except TemplateInvalid:
                return None
            rng = problem_rng(self.seed, slot.problem_set.name, slot.problem.id)
            self.templates[slot] = (template, rng)
        return self.templates[slot]

    def candidate(self, slot: Slot) -> tuple[Problem, str] | None:
        """The next usable problem for this slot and its variant label, or None."""
        from calctutor.sets.templates import is_template

        if not is_template(slot.problem):
            accepted = slot.problem not in self.used and isinstance(self.key(slot.problem), Key)
            self.retired.add(slot)
            return (slot.problem, "") if accepted else None
        state = self.template(slot)
        variant = None
        if state is not None:
            accept = lambda p: isinstance(self.key(p), Key)  # noqa: E731
            variant = draw_variant(state[0], state[1], self.used, accept)
        if variant is None:
            self.retired.add(slot)
            return None
        return variant.problem, variant.label


def build_quiz(
    sets: Sequence[ProblemSet],
    seed: int,
    count: int = DEFAULT_COUNT,
    title: str | None = None,
    make: KeyMaker | None = None,
    batch: KeyBatch | None = None,
) -> Quiz:
    """A quiz of up to ``count`` questions from ``sets`` (fewer when the sets run out).

    With ``batch``, the candidates the quiz will most likely use are keyed all at once first
    (in parallel, say); the result is the same as without, since a key depends only on its
    problem.
    """
    builder = _Builder(seed, make or _try_key)
    if batch is not None:
        planned = build_quiz(sets, seed, count + count // 5 + 2, make=_accept_all)
        problems = [item.problem for item in planned.items]
        builder.keys.update(zip(problems, batch(problems), strict=True))
    items: list[QuizItem] = []
    for slot in plan(sets, seed, builder.retired):
        if len(items) >= count or len(builder.rejects) > MAX_REJECTS:
            break
        found = builder.candidate(slot)
        if found is None:
            continue
        problem, variant = found
        key = builder.key(problem)
        assert isinstance(key, Key)
        builder.used.add(problem)
        items.append(_item(len(items) + 1, slot.problem_set, problem, variant, key))
    names = tuple(dict.fromkeys(s.name for s in sets))
    return Quiz(title or default_title(sets), seed, names, tuple(items))


def _item(
    number: int, problem_set: ProblemSet, problem: Problem, variant: str, key: Key
) -> QuizItem:
    """One numbered question."""
    return QuizItem(
        number, problem_set.name, problem_set.topic, problem, variant, str(question(problem)), key
    )


def default_title(sets: Sequence[ProblemSet]) -> str:
    """'Quiz: Chain rule, Integrals' — or 'Calculus quiz' for a mix of many sets."""
    titles = list(dict.fromkeys(s.title for s in sets))
    if not titles or len(titles) > 3:
        return "Calculus quiz"
    return "Quiz: " + ", ".join(titles)


def bundled_sets() -> list[ProblemSet]:
    """Every usable bundled set (the default mix of a quiz)."""
    from calctutor.paths import bundled_sets_dir
    from calctutor.sets.files import load_file

    folder = bundled_sets_dir()
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    loaded = (load_file(p).problem_set for p in paths)
    return [s for s in loaded if s is not None and s.problems]


def build_with_pool(
    sets: Sequence[ProblemSet],
    seed: int,
    count: int = DEFAULT_COUNT,
    title: str | None = None,
) -> Quiz:
    """build_quiz with every candidate solved and checked in a killable worker process."""
    import importlib
    import os

    from calctutor.check import warm_up
    from calctutor.limits import WorkerPool

    warm_up()
    for engine in ENGINES:  # imported before the workers fork, so that each starts warm
        with contextlib.suppress(ImportError):
            importlib.import_module(engine)
    with WorkerPool(os.cpu_count() or 1) as pool:
        one, many = pooled_keys(pool)
        return build_quiz(sets, seed, count, title, one, many)
