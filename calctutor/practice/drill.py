"""A drill session as a state machine: events in, actions out.

No I/O, no clock, no randomness of its own: each event carries the time it happened, the checker
and the solver are passed in (``Tools``), and the caller carries out the actions in order. A
``Record`` action always comes before the feedback it belongs to, so a caller that performs the
actions in order has stored each attempt before the student sees its verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from calctutor.check.verdict import Verdict
from calctutor.practice.scheduling import Outcome, Result, rating_for
from calctutor.practice.stats import NOT_MISTAKES
from calctutor.practice.store import Attempt
from calctutor.sets.model import Problem
from calctutor.steps.model import Solution
from calctutor.working.model import WorkingVerdict

DEFAULT_TRIES = 3
QUIT = frozenset({"quit", "q", "exit"})
COMMANDS = ("hint", "steps", "work", "plot", "skip", "help", "quit")


@dataclass(frozen=True)
class Item:
    """One problem of a session and where it comes from."""

    set_name: str
    topic: str
    problem: Problem
    variant: str = ""

    @property
    def key(self) -> str:
        """``set/id``: the problem's card and its header."""
        return f"{self.set_name}/{self.problem.id}"


@dataclass(frozen=True)
class Tools:
    """What the session calls out to: the checker, the solver, the hint maker."""

    check: Callable[[Problem, str], Verdict]
    solve: Callable[[Problem], Solution | None]
    hints: Callable[[Solution], tuple[str, ...]]
    check_working: Callable[[Problem, tuple[str, ...]], WorkingVerdict] | None = None


# ---- events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A line the student typed, and when Enter was pressed."""

    text: str
    now: datetime


@dataclass(frozen=True)
class Stop:
    """End of input, Ctrl-D or Ctrl-C: end the session with its summary."""

    now: datetime


@dataclass(frozen=True)
class Proceed:
    """Go on after a ``Continue`` action (the caller has shown what came before it)."""

    now: datetime


@dataclass(frozen=True)
class Working:
    """The lines of working typed after ``work`` (an empty line ended them)."""

    lines: tuple[str, ...]
    now: datetime


Event = Line | Stop | Proceed | Working


# ---- actions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """Store this attempt now, before showing anything else."""

    attempt: Attempt


@dataclass(frozen=True)
class ShowProblem:
    """Show a problem with its position: ``3/10 · chain-rule/chain-2``."""

    position: int
    total: int
    item: Item


@dataclass(frozen=True)
class ShowVerdict:
    """A wrong, unreadable or undecided answer, with how many tries are left."""

    verdict: Verdict
    answer: str
    tries_left: int


@dataclass(frozen=True)
class ShowCorrect:
    """A right answer; ``helped`` when a hint or the steps came first; ``tries`` it took."""

    verdict: Verdict
    helped: bool
    tries: int = 1


@dataclass(frozen=True)
class ShowHint:
    """One hint, numbered from 1."""

    text: str
    number: int


@dataclass(frozen=True)
class ShowNoHint:
    """There are no more hints for this problem."""


@dataclass(frozen=True)
class ShowPicture:
    """The current problem's picture; ``result`` is its solved answer where the picture uses it."""

    problem: Problem
    result: Any


@dataclass(frozen=True)
class ShowSolution:
    """The worked solution (None when there is none); ``final`` when the problem is over."""

    item: Item
    solution: Solution | None
    final: bool


@dataclass(frozen=True)
class ShowHelp:
    """What can be typed at the prompt."""

    tries_left: int


@dataclass(frozen=True)
class Done:
    """How one finished problem went."""

    key: str
    outcome: Outcome
    tries: int
    seconds: float


@dataclass(frozen=True)
class Summary:
    """The end-of-session summary."""

    done: tuple[Done, ...]
    planned: int
    seconds: float
    mistakes: tuple[tuple[str, int], ...]

    def count(self, outcome: Outcome) -> int:
        """How many problems ended this way."""
        return sum(d.outcome == outcome for d in self.done)


@dataclass(frozen=True)
class ShowSummary:
    """Show the summary."""

    summary: Summary


@dataclass(frozen=True)
class Continue:
    """Show what came before, then send ``Proceed``: the slow part (solving) comes next."""


@dataclass(frozen=True)
class AskWorking:
    """Read the student's working, one step a line, until an empty line; send ``Working``."""


@dataclass(frozen=True)
class ShowWorking:
    """Each line of the working judged, the first wrong one pointed at."""

    verdict: WorkingVerdict


@dataclass(frozen=True)
class Finished:
    """The session is over; stop reading input."""


Action = (
    Record | ShowProblem | ShowVerdict | ShowCorrect | ShowHint | ShowNoHint | ShowSolution
    | ShowPicture | ShowHelp | ShowSummary | Continue | Finished | AskWorking | ShowWorking
)  # fmt: skip
Step = tuple["Session", tuple[Action, ...]]


# ---- state --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Current:
    """The problem on screen: tries so far, help taken, the solution once computed."""

    shown_at: datetime
    tries: int = 0
    hints_used: int = 0
    steps_shown: bool = False
    solved: bool = False
    solution: Solution | None = None
    generated: tuple[str, ...] = ()

    @property
    def helped(self) -> bool:
        """Whether a hint or the steps were shown."""
        return self.hints_used > 0 or self.steps_shown


@dataclass(frozen=True)
class Session:
    """A whole drill: the problems, where we are, and how the finished ones went."""

    items: tuple[Item, ...]
    started_at: datetime
    tries: int = DEFAULT_TRIES
    index: int = 0
    current: Current | None = None
    done: tuple[Done, ...] = ()
    mistakes: tuple[str, ...] = ()
    revealing: bool = False  # the problem is over; its solution is shown on Proceed
    finished: bool = False

    @property
    def item(self) -> Item:
        """The problem on screen."""
        return self.items[self.index]

    @property
    def tries_left(self) -> int:
        """Tries left on the problem on screen."""
        return self.tries - (self.current.tries if self.current else 0)


def start(items: Sequence[Item], now: datetime, tries: int = DEFAULT_TRIES) -> Step:
    """A new session and its first action (the first problem, or the summary when empty)."""
    session = Session(tuple(items), now, max(1, tries))
    if not session.items:
        return _finish(session, now)
    return _show(session, 0, now)


def step(session: Session, event: Event, tools: Tools) -> Step:
    """The session after one event, and what to do about it, in order."""
    if session.finished:
        return session, ()
    if session.revealing:
        revealed = _reveal(session, event.now, tools)
        if isinstance(event, Proceed):
            return revealed
        return _then(step(revealed[0], event, tools), revealed[1])
    if isinstance(event, Stop):
        return _finish(session, event.now)
    if isinstance(event, Proceed):
        return session, ()
    if isinstance(event, Working):
        return _work(session, event, tools)
    return _typed(session, event, tools)


def _typed(session: Session, event: Line, tools: Tools) -> Step:
    """A line typed at the prompt: a command or an answer."""
    text = event.text.strip()
    command = text.lower()
    if command in QUIT:
        return _finish(session, event.now)
    handlers = {"hint": _hint, "steps": _steps, "plot": _plot, "skip": _skip, "help": _help,
                "?": _help}  # fmt: skip
    if command in handlers:
        return handlers[command](session, event.now, tools)
    if command == "work" and tools.check_working is not None:
        return session, (AskWorking(),)
    if not text:
        return session, (ShowHelp(session.tries_left),)
    return _answer(session, text, event.now, tools)


# ---- transitions --------------------------------------------------------------------------


def _show(session: Session, index: int, now: datetime) -> Step:
    """Put problem ``index`` on screen."""
    session = replace(session, index=index, current=Current(now))
    return session, (ShowProblem(index + 1, len(session.items), session.items[index]),)


def _current(session: Session) -> Current:
    """The current problem's state (a session that is not finished always has one)."""
    assert session.current is not None
    return session.current


def _finish(session: Session, now: datetime) -> Step:
    """End the session: the summary, then stop."""
    counts = Counter(session.mistakes)
    summary = Summary(
        session.done,
        len(session.items),
        max(0.0, (now - session.started_at).total_seconds()),
        tuple(counts.most_common(5)),
    )
    return replace(session, finished=True, current=None), (ShowSummary(summary), Finished())


def _advance(session: Session, now: datetime) -> Step:
    """The next problem, or the end of the session."""
    if session.index + 1 >= len(session.items):
        return _finish(session, now)
    return _show(session, session.index + 1, now)


def _solved(session: Session, tools: Tools) -> Session:
    """The session with the current problem's solution computed (once)."""
    current = _current(session)
    if current.solved:
        return session
    solution = tools.solve(session.item.problem)
    generated = tools.hints(solution) if solution is not None else ()
    return replace(
        session, current=replace(current, solved=True, solution=solution, generated=generated)
    )


def _hint(session: Session, now: datetime, tools: Tools) -> Step:
    """The next hint: the author's first, then those read off the worked solution."""
    authored = session.item.problem.hints
    used = _current(session).hints_used
    if used >= len(authored):
        session = _solved(session, tools)
    hints = (*authored, *_current(session).generated)
    if used >= len(hints):
        return session, (ShowNoHint(),)
    current = replace(_current(session), hints_used=used + 1)
    return replace(session, current=current), (ShowHint(hints[used], used + 1),)


def _steps(session: Session, now: datetime, tools: Tools) -> Step:
    """The whole worked solution; a right answer after it still counts, as helped."""
    session = _solved(session, tools)
    current = replace(_current(session), steps_shown=True)
    return replace(session, current=current), (ShowSolution(session.item, current.solution, False),)


def _plot(session: Session, now: datetime, tools: Tools) -> Step:
    """The problem's picture (it shows no answer, so it is not counted as help)."""
    problem = session.item.problem
    if problem.kind != "integral":
        return session, (ShowPicture(problem, None),)
    session = _solved(session, tools)
    solution = _current(session).solution
    return session, (ShowPicture(problem, None if solution is None else solution.result),)


def _help(session: Session, now: datetime, tools: Tools) -> Step:
    """What can be typed."""
    return session, (ShowHelp(session.tries_left),)


def _attempt(
    session: Session, now: datetime, answer: str, verdict: Verdict | None, tries: int
) -> Attempt:
    """The record of one answer to the current problem (``verdict`` None: a skip)."""
    current, item = _current(session), session.item
    return Attempt(
        at=now, set_name=item.set_name, problem_id=item.problem.id, answer=answer,
        verdict="skipped" if verdict is None else verdict.verdict,
        seconds=_seconds(current, now), variant=item.variant, topic=item.topic,
        kind=item.problem.kind, notes=() if verdict is None else verdict.notes,
        hints_used=current.hints_used, steps_shown=current.steps_shown, try_number=tries,
    )  # fmt: skip


def _seconds(current: Current, now: datetime) -> float:
    """Seconds since the problem was shown."""
    return max(0.0, (now - current.shown_at).total_seconds())


def _concluded(session: Session, attempt: Attempt, result: Result) -> tuple[Session, Attempt]:
    """Close the current problem: rate it and remember how it went."""
    attempt = replace(attempt, outcome=result.outcome, rating=rating_for(result))
    done = Done(session.item.key, result.outcome, result.tries, result.seconds)
    return replace(session, done=(*session.done, done)), attempt


def _work(session: Session, event: Working, tools: Tools) -> Step:
    """Judge the working line by line; its last line counts as the answer."""
    lines = tuple(line for line in event.lines if line.strip())
    if not lines or tools.check_working is None:
        return session, (ShowHelp(session.tries_left),)
    judged = tools.check_working(session.item.problem, lines)
    answer = judged.answer
    notes = answer.notes if answer is not None else ()
    verdict = Verdict(judged.verdict, judged.message, notes)  # type: ignore[arg-type]
    after, actions = _judge(session, lines[-1].strip(), verdict, event.now)
    return after, (ShowWorking(judged), *actions)


def _answer(session: Session, text: str, now: datetime, tools: Tools) -> Step:
    """Check an answer: right, wrong (a try), or not counted (unreadable, undecided)."""
    return _judge(session, text, tools.check(session.item.problem, text), now)


def _judge(session: Session, text: str, verdict: Verdict, now: datetime) -> Step:
    """Count a checked answer: right, wrong (a try), or not counted (unreadable, undecided)."""
    current = _current(session)
    if verdict.verdict in ("invalid", "unknown"):
        attempt = _attempt(session, now, text, verdict, 0)
        return session, (Record(attempt), ShowVerdict(verdict, text, session.tries_left))
    tries = current.tries + 1
    attempt = _attempt(session, now, text, verdict, tries)
    difficulty = session.item.problem.difficulty
    result = Result(verdict.is_correct, tries, current.helped, attempt.seconds, difficulty)
    if verdict.is_correct:
        session, attempt = _concluded(session, attempt, result)
        shown: tuple[Action, ...] = (
            Record(attempt),
            ShowCorrect(verdict, current.helped, tries),
        )
        return _then(_advance(session, now), shown)
    mistakes = (*session.mistakes, *(n for n in verdict.notes if n not in NOT_MISTAKES))
    session = replace(session, current=replace(current, tries=tries), mistakes=mistakes)
    if tries < session.tries:
        return session, (Record(attempt), ShowVerdict(verdict, text, session.tries - tries))
    session, attempt = _concluded(session, attempt, result)
    # the feedback goes out before the (slower) solving: the caller shows it, then proceeds
    session = replace(session, revealing=True)
    return session, (Record(attempt), ShowVerdict(verdict, text, 0), Continue())


def _reveal(session: Session, now: datetime, tools: Tools) -> Step:
    """Show the solution of the problem that just ended, then move on."""
    session = replace(_solved(session, tools), revealing=False)
    return _then(_advance(session, now), (_final_solution(session),))


def _final_solution(session: Session) -> ShowSolution:
    """The solution shown when a problem ends without a right answer."""
    return ShowSolution(session.item, _current(session).solution, True)


def _skip(session: Session, now: datetime, tools: Tools) -> Step:
    """Give up on this problem: it is rated Again and its solution is shown."""
    current = _current(session)
    attempt = _attempt(session, now, "", None, current.tries)
    result = Result(False, current.tries, current.helped, attempt.seconds, skipped=True)
    session, attempt = _concluded(session, attempt, result)
    session = _solved(session, tools)
    return _then(_advance(session, now), (Record(attempt), _final_solution(session)))


def _then(after: Step, first: tuple[Action, ...]) -> Step:
    """Prefix actions to a step's own."""
    session, actions = after
    return session, (*first, *actions)
