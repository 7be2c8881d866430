"""``calctutor drill``: a practice session, saved answer by answer to the progress store."""

from __future__ import annotations

import contextlib
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from calctutor.cli.common import console, error_console, fail

if TYPE_CHECKING:
    from rich.console import Console

    from calctutor.limits import WorkerPool
    from calctutor.practice.drill import Action, Event, Session, Tools
    from calctutor.practice.store import ProgressStore
    from calctutor.sets.model import Problem, ProblemSet
    from calctutor.steps.model import Solution

PROMPT = "answer> "
SOLVE_TIMEOUT = 10.0
CHECK_TIMEOUT = 3.0
WORKING_TIMEOUT = 10.0
WORK_PROMPT = "   ...> "
HISTORY_LENGTH = 500


def drill(
    sets: Annotated[
        list[str] | None,
        typer.Argument(help="Set names or YAML files (default: every set, yours included)."),
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, help="How many problems.")] = 10,
    seed: Annotated[int | None, typer.Option(help="Seed for a repeatable session.")] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Only what is due, then a few new problems.")
    ] = False,
    topic: Annotated[str | None, typer.Option(help="Only this topic (a set topic or tag).")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind, e.g. derivative.")] = None,
    tries: Annotated[int, typer.Option(min=1, help="Tries per problem.")] = 3,
) -> None:
    """Practise: answer, or type hint, steps, skip, help, quit. Every answer is saved at once.

    With stdin not a terminal, answers are read line by line and the session ends (exit 0) at
    the end of input.
    """
    from calctutor.practice.drill import start
    from calctutor.practice.select import Selection, pool, realize, select
    from calctutor.practice.store import ProgressStore, StoreError

    new_limit = max(1, count // 3) if due else None  # with --due, new problems come in slowly
    # named sets keep their authors' order; a session over every set is mixed
    selection = Selection(count, due, topic, _kind(kind), new_limit, shuffle=not sets)
    items = pool(_load_sets(sets or []), selection)
    if not items:
        fail(_nothing_matches(topic, kind))
    try:
        store = ProgressStore()
    except StoreError as error:
        fail(str(error))
    with store:
        now = _now()
        picked = select(items, store.cards(), now, selection, random.Random(seed), realize)
        if not picked:
            console().print("Nothing is due now. Run `calctutor drill` for a mixed session.")
            return
        _run(store, start(picked, now, tries))


def _now() -> datetime:
    """The time, as the core wants it (aware, UTC)."""
    return datetime.now(UTC)


def _kind(kind: str | None) -> str | None:
    """A known kind (``definite-integral`` reads ``definite_integral``), or a usage error."""
    from calctutor.sets.model import KINDS

    if kind is None:
        return None
    name = kind.replace("-", "_").lower()
    if name not in KINDS:
        fail(f"unknown kind '{kind}' (kinds: {', '.join(KINDS)})")
    return name


def _nothing_matches(topic: str | None, kind: str | None) -> str:
    """Why a drill has no problems."""
    filters = [f"{name} '{value}'" for name, value in (("topic", topic), ("kind", kind)) if value]
    if not filters:
        return "no problems found: no problem set could be loaded (see `calctutor sets validate`)"
    return f"no problems match {' and '.join(filters)} (see `calctutor sets list`)"


def _load_sets(names: list[str]) -> list[ProblemSet]:
    """The named sets, fully validated (SetNotFound is a usage error), or every set, quickly."""
    from calctutor.sets.catalog import SetNotFound, open_set

    if not names:
        return _every_set()
    try:
        return [open_set(name) for name in names]
    except SetNotFound as error:
        fail(str(error))


def _every_set() -> list[ProblemSet]:
    """Every bundled and user set, read without checking each problem's math.

    Validating several hundred problems takes seconds; a session needs ten. So here each
    problem's structure is checked, and its math only when it is chosen (``drill.realize``).
    """
    from calctutor.sets.files import discover, load_file

    loaded = [load_file(path, check_math=False) for path in discover()]
    skipped = sum(len(item.errors) for item in loaded)
    if skipped:
        error_console().print(
            f"note: {skipped} problem(s) or set(s) with errors are left out "
            "(see `calctutor sets validate`)",
            markup=False,
        )
    return [item.problem_set for item in loaded if item.problem_set is not None]


# ---- the session loop ---------------------------------------------------------------------


@dataclass(frozen=True)
class Screen:
    """Where actions go: the console for feedback, the store for records."""

    out: Console
    store: ProgressStore

    def perform(self, actions: tuple[Action, ...]) -> None:
        """Carry out actions in order: a Record is committed before what follows is shown."""
        from calctutor.practice.drill import Record
        from calctutor.practice.store import StoreError

        for action in actions:
            if isinstance(action, Record):
                try:
                    self.store.record(action.attempt)
                except StoreError as error:
                    fail(f"your answer could not be saved: {error}")
                continue
            view = _view(action)
            if view is not None:
                self.out.print(view)


def _view(action: Action) -> Any:
    """The renderable for one action (None for those with nothing to show)."""
    from calctutor.practice import drill as d
    from calctutor.render import drill as r

    if isinstance(action, d.ShowProblem):
        return r.problem_view(action)
    if isinstance(action, d.ShowVerdict):
        return r.feedback_view(action)
    if isinstance(action, d.ShowCorrect):
        return r.correct_view(action)
    if isinstance(action, d.ShowHint):
        return r.hint_view(action)
    if isinstance(action, d.ShowNoHint):
        return r.no_hint_view()
    if isinstance(action, d.ShowSolution):
        return r.solution_view(action)
    if isinstance(action, d.ShowPicture):
        return _picture(action)
    if isinstance(action, d.ShowHelp):
        return r.help_view(action.tries_left)
    if isinstance(action, d.ShowSummary):
        return r.summary_view(action.summary)
    if isinstance(action, d.ShowWorking):
        from calctutor.render.working import working_view

        return working_view(action.verdict, messages=False)
    return None


def _picture(action: Any) -> Any:
    """The problem's picture for the terminal, computed in a worker under a time limit."""
    from rich.text import Text

    from calctutor.cli.pictures import picture_in_worker
    from calctutor.limits import TimedOut, run_limited
    from calctutor.optimization.problem_pictures import Options
    from calctutor.render.pictures import picture_view

    found = run_limited(picture_in_worker, action.problem, Options(), action.result, timeout=10)
    if isinstance(found, TimedOut):
        return Text("No picture: it took too long to compute.", style="yellow")
    if isinstance(found, str):
        return Text(f"No picture: {found}", style="yellow")
    return picture_view(found, min(console().width, 100))


def _run(store: ProgressStore, first: tuple[Session, tuple[Action, ...]]) -> None:
    """Show the first problem, then read, step and perform until the session finishes."""
    from calctutor.limits import WorkerPool
    from calctutor.practice.drill import AskWorking, Continue, Proceed, Stop, step

    session, actions = first
    screen = Screen(console(), store)
    screen.perform(actions)
    interactive = _interactive()
    with WorkerPool(1) as workers, _history(interactive):
        tools = _tools(workers)
        if interactive and not session.finished:
            try:
                _warm(workers, session.item.problem)
            except KeyboardInterrupt:
                session, actions = step(session, Stop(_now()), tools)
                screen.perform(actions)
        while not session.finished:
            event = _read(screen.out, interactive)
            while True:
                try:
                    session, actions = step(session, event, tools)
                except KeyboardInterrupt:
                    session, actions = step(session, Stop(_now()), tools)
                screen.perform(actions)
                if actions and isinstance(actions[-1], AskWorking):
                    event = _read_working(screen.out, interactive)
                    continue
                if not actions or not isinstance(actions[-1], Continue):
                    break
                event = Proceed(_now())  # the feedback is on screen; now the slow part


def _tools(workers: WorkerPool) -> Tools:
    """The real checker and solver, each in a worker process under a time limit."""
    from calctutor.practice.drill import Tools
    from calctutor.steps.hints import hints_from_solution

    def check(problem: Problem, answer: str) -> Any:
        from calctutor.check import check

        return check(problem, answer, timeout=CHECK_TIMEOUT, pool=workers)

    def solve(problem: Problem) -> Solution | None:
        return _solve(workers, problem)

    def hints(solution: Solution) -> tuple[str, ...]:
        try:
            return hints_from_solution(solution)
        except Exception:  # a tree the hint reader does not know: the author's hints remain
            return ()

    def check_working(problem: Problem, lines: tuple[str, ...]) -> Any:
        from calctutor.working import check_working

        return check_working(problem, lines, timeout=WORKING_TIMEOUT, pool=workers)

    return Tools(check, solve, hints, check_working)


def _solve(workers: WorkerPool, problem: Problem) -> Solution | None:
    """The worked solution, or None when there is none (unsolvable, too slow, broken)."""
    from calctutor.steps.model import Solution
    from calctutor.steps.solve import solve_problem

    try:
        result = workers.run(solve_problem, (problem,), SOLVE_TIMEOUT)
    except Exception:  # a problem the engines cannot solve has no worked solution to show
        return None
    return result if isinstance(result, Solution) else None


def _warm(workers: WorkerPool, problem: Problem) -> None:
    """Start the checker's worker while the student reads, so the first answer is quick."""
    from calctutor.check import check

    with contextlib.suppress(Exception):
        check(problem, "0", timeout=CHECK_TIMEOUT, pool=workers)


# ---- reading answers ----------------------------------------------------------------------


def _interactive() -> bool:
    """Whether stdin is a terminal (line editing and history then)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # a closed stdin
        return False


def _read(out: Console, interactive: bool) -> Event:
    """The next line as an event; end of input and Ctrl-C end the session."""
    from calctutor.practice.drill import Line, Stop

    try:
        text = input(PROMPT) if interactive else _read_piped(out)
    except (EOFError, KeyboardInterrupt):
        if interactive:
            out.print()
        return Stop(_now())
    return Line(text, _now()) if text is not None else Stop(_now())


def _read_working(out: Console, interactive: bool) -> Event:
    """The lines of working after ``work``, up to an empty line (or the end of input)."""
    from calctutor.practice.drill import Working

    out.print("Type your working, one step a line; an empty line ends it.", style="dim")
    lines: list[str] = []
    while True:
        try:
            text = input(WORK_PROMPT) if interactive else _read_piped(out, WORK_PROMPT)
        except (EOFError, KeyboardInterrupt):
            text = None
        if not text or not text.strip():
            return Working(tuple(lines), _now())
        lines.append(text)


def _read_piped(out: Console, prompt: str = PROMPT) -> str | None:
    """One line from a pipe or file, echoed after the prompt so a transcript reads well."""
    try:
        line = sys.stdin.readline() if sys.stdin is not None else ""
    except (ValueError, OSError):
        line = ""
    if not line:
        return None
    text = line.rstrip("\r\n")
    out.print(f"{prompt}{text}", markup=False, highlight=False)
    return text


@contextlib.contextmanager
def _history(interactive: bool) -> Iterator[None]:
    """Arrow-key editing and a history of answers kept between sessions, on a terminal."""
    if not interactive:
        yield
        return
    try:
        import readline
    except ImportError:  # no readline on this platform: plain input still works
        yield
        return
    path = _history_path()
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    try:
        yield
    finally:
        readline.set_history_length(HISTORY_LENGTH)
        with contextlib.suppress(OSError):
            readline.write_history_file(path)


def _history_path() -> Path:
    """Where the answer history is kept."""
    from calctutor.paths import home

    return home() / "drill_history"
