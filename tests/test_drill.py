"""The drill state machine, driven directly with a fake checker and solver (no I/O, no clock)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from calctutor.check.verdict import Verdict
from calctutor.practice.drill import (
    Action,
    Continue,
    Finished,
    Item,
    Line,
    Proceed,
    Record,
    Session,
    ShowCorrect,
    ShowHelp,
    ShowHint,
    ShowNoHint,
    ShowProblem,
    ShowSolution,
    ShowSummary,
    ShowVerdict,
    Stop,
    Tools,
    start,
    step,
)
from calctutor.practice.scheduling import AGAIN, EASY, GOOD, HARD, CardState, review
from calctutor.practice.select import Selection, pool, realize, select
from calctutor.sets.model import Problem, ProblemSet
from calctutor.steps.model import Solution

T0 = datetime(2022, 1, 2, 8, 0, tzinfo=UTC)
RIGHT = "right"


def fake_check(problem: Problem, answer: str) -> Verdict:
    """'right' is right, anything with '(' unclosed is unreadable, 'slow' is undecided."""
    if answer == RIGHT:
        return Verdict("correct", "Correct.", read_as=answer)
    if answer.count("(") > answer.count(")"):
        return Verdict("invalid", "missing ')'", ("unreadable",), position=answer.index("("))
    if answer == "slow":
        return Verdict("unknown", "Could not decide.", ("timeout",))
    return Verdict("incorrect", "Not quite.", ("chain_rule_factor",), read_as=answer)


class Counting:
    """A fake solver that counts its calls."""

    def __init__(self, solution: Solution | None) -> None:
        """Remember what to return."""
        self.solution = solution
        self.calls = 0

    def __call__(self, problem: Problem) -> Solution | None:
        """The solution, counted."""
        self.calls += 1
        return self.solution


SOLUTION = Solution("derivative", None, "2x")


def tools(solution: Solution | None = SOLUTION) -> tuple[Tools, Counting]:
    """Fake tools and the solver's counter."""
    solver = Counting(solution)
    return Tools(fake_check, solver, lambda s: ("generated 1", "generated 2")), solver


def item(n: int = 1, hints: tuple[str, ...] = (), difficulty: int = 1) -> Item:
    """A problem of set 's'."""
    problem = Problem(id=f"p{n}", kind="derivative", expr="x^2", var="x", hints=hints,
                      difficulty=difficulty)  # fmt: skip
    return Item("s", "derivatives", problem)


def at(seconds: float) -> datetime:
    """T0 plus seconds."""
    return T0 + timedelta(seconds=seconds)


def feed(
    session: Session, lines: list[str], t: Tools, start_at: float = 1
) -> tuple[Session, list[Action]]:
    """Type lines one second apart; every action, in order."""
    out: list[Action] = []
    for n, text in enumerate(lines):
        session, actions = respond(session, Line(text, at(start_at + n)), t)
        out += actions
    return session, out


def respond(session: Session, event: Line | Stop, t: Tools) -> tuple[Session, list[Action]]:
    """One event, then Proceed after each Continue, as the command line does."""
    session, actions = step(session, event, t)
    out = list(actions)
    while out and isinstance(out[-1], Continue):
        session, actions = step(session, Proceed(event.now), t)
        out += actions
    return session, out


def records(actions: list[Action]) -> list[Record]:
    """The Record actions."""
    return [a for a in actions if isinstance(a, Record)]


def test_start_shows_the_first_problem_with_its_position() -> None:
    session, actions = start([item(1), item(2)], T0)
    assert actions == (ShowProblem(1, 2, item(1)),)
    assert session.item.key == "s/p1"


def test_wrong_answer_is_recorded_before_its_feedback() -> None:
    t, _ = tools()
    session, _ = start([item(1)], T0)
    session, actions = step(session, Line(" 2x ", at(4)), t)
    assert isinstance(actions[0], Record) and isinstance(actions[1], ShowVerdict)
    attempt = actions[0].attempt
    assert (attempt.answer, attempt.verdict, attempt.try_number) == ("2x", "incorrect", 1)
    assert attempt.seconds == 4 and attempt.rating is None and attempt.key == "s/p1"
    assert actions[1].tries_left == 2


def test_three_wrong_answers_show_the_solution_and_move_on() -> None:
    t, solver = tools()
    session, _ = start([item(1), item(2)], T0)
    session, actions = feed(session, ["a", "b", "c"], t)
    last = records(actions)[-1].attempt
    assert (last.outcome, last.rating, last.try_number) == ("missed", AGAIN, 3)
    kinds = [type(a) for a in actions[-5:]]
    assert kinds == [Record, ShowVerdict, Continue, ShowSolution, ShowProblem]
    assert actions[-1] == ShowProblem(2, 2, item(2))
    solution = actions[-2]
    assert isinstance(solution, ShowSolution) and solution.final and solution.solution is SOLUTION
    assert solver.calls == 1


def test_the_last_feedback_goes_out_before_the_solving() -> None:
    t, solver = tools()
    session, _ = start([item(1), item(2)], T0)
    session, _ = feed(session, ["a", "b"], t)
    session, actions = step(session, Line("c", at(9)), t)
    assert [type(a) for a in actions] == [Record, ShowVerdict, Continue]
    assert solver.calls == 0 and session.revealing
    typed_on, more = step(session, Line("skip", at(10)), t)  # typing on still reveals first
    assert [type(a) for a in more][:2] == [ShowSolution, ShowProblem]
    assert typed_on.done[-1].key == "s/p2" and typed_on.finished
    stopped, last = step(session, Stop(at(10)), t)
    assert isinstance(last[0], ShowSolution) and stopped.finished


def test_unreadable_and_undecided_answers_do_not_count_as_tries() -> None:
    t, _ = tools()
    session, _ = start([item(1)], T0)
    session, actions = feed(session, ["sin(x", "slow", "wrong"], t)
    verdicts = [a for a in actions if isinstance(a, ShowVerdict)]
    assert [v.verdict.verdict for v in verdicts] == ["invalid", "unknown", "incorrect"]
    assert [v.tries_left for v in verdicts] == [3, 3, 2]
    assert [r.attempt.try_number for r in records(actions)] == [0, 0, 1]
    assert verdicts[0].answer == "sin(x" and verdicts[0].verdict.position == 3


def test_hints_come_from_the_author_first_then_the_solution() -> None:
    t, solver = tools()
    session, _ = start([item(1, hints=("author hint",))], T0)
    session, actions = step(session, Line("hint", at(1)), t)
    assert actions == (ShowHint("author hint", 1),)
    assert solver.calls == 0  # the solver is only asked when the author's hints run out
    session, later = feed(session, ["hint", "HINT", "hint"], t, 2)
    assert later == [ShowHint("generated 1", 2), ShowHint("generated 2", 3), ShowNoHint()]
    assert solver.calls == 1


def test_right_after_a_hint_counts_as_helped_and_rates_hard() -> None:
    t, _ = tools()
    session, _ = start([item(1, hints=("h",))], T0)
    session, actions = feed(session, ["hint", RIGHT], t)
    correct = next(a for a in actions if isinstance(a, ShowCorrect))
    assert correct.helped
    attempt = records(actions)[0].attempt
    assert (attempt.outcome, attempt.rating, attempt.hints_used) == ("helped", HARD, 1)
    assert isinstance(actions[-1], Finished)


def test_right_after_the_steps_counts_as_helped() -> None:
    t, _ = tools()
    session, _ = start([item(1)], T0)
    session, actions = feed(session, ["steps", RIGHT], t)
    assert actions[0] == ShowSolution(item(1), SOLUTION, False)
    attempt = records(actions)[0].attempt
    assert attempt.steps_shown and attempt.outcome == "helped"


def test_right_first_time_is_good_or_easy_by_speed() -> None:
    t, _ = tools()
    session, _ = start([item(1)], T0)
    _, fast = step(session, Line(RIGHT, at(5)), t)
    _, slow = step(session, Line(RIGHT, at(90)), t)
    assert records(list(fast))[0].attempt.rating == EASY
    assert records(list(slow))[0].attempt.rating == GOOD


def test_right_on_the_second_try_is_hard() -> None:
    t, _ = tools()
    session, _ = start([item(1)], T0)
    _, actions = feed(session, ["wrong", RIGHT], t)
    assert records(actions)[-1].attempt.rating == HARD


def test_skip_rates_again_and_shows_the_solution() -> None:
    t, _ = tools(None)
    session, _ = start([item(1), item(2)], T0)
    session, actions = step(session, Line("skip", at(3)), t)
    attempt = records(list(actions))[0].attempt
    assert (attempt.verdict, attempt.outcome, attempt.rating) == ("skipped", "skipped", AGAIN)
    assert ShowSolution(item(1), None, True) in actions
    assert actions[-1] == ShowProblem(2, 2, item(2))


def test_help_and_empty_lines_show_the_commands() -> None:
    t, _ = tools()
    session, _ = start([item(1)], T0)
    session, actions = feed(session, ["wrong", "help", "", "?"], t)
    assert actions[-3:] == [ShowHelp(2), ShowHelp(2), ShowHelp(2)]


def test_quit_and_stop_end_with_a_summary() -> None:
    t, _ = tools()
    for ending in ("quit", "q", "Q", None):
        session, _ = start([item(1), item(2)], T0)
        session, _ = feed(session, [RIGHT, "wrong"], t)
        event = Stop(at(30)) if ending is None else Line(ending, at(30))
        session, actions = step(session, event, t)
        assert isinstance(actions[0], ShowSummary) and isinstance(actions[1], Finished)
        summary = actions[0].summary
        assert summary.count("first_time") == 1 and summary.planned == 2
        assert summary.seconds == 30 and summary.mistakes == (("chain_rule_factor", 1),)
        assert step(session, Line(RIGHT, at(31)), t) == (session, ())


def test_summary_counts_every_outcome() -> None:
    t, _ = tools()
    items = [item(n) for n in range(1, 5)]
    session, _ = start(items, T0)
    lines = [RIGHT, "hint", RIGHT, "a", "b", "c", "skip"]
    session, actions = feed(session, lines, t)
    summary = next(a for a in actions if isinstance(a, ShowSummary)).summary
    counts = {o: summary.count(o) for o in ("first_time", "helped", "missed", "skipped")}
    assert counts == {"first_time": 1, "helped": 1, "missed": 1, "skipped": 1}
    assert summary.mistakes == (("chain_rule_factor", 3),)


def test_an_empty_session_ends_at_once() -> None:
    session, actions = start([], T0)
    assert session.finished and isinstance(actions[-1], Finished)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([RIGHT, "x", "(", "slow", "hint", "steps", "skip", "help", ""]),
                max_size=25))  # fmt: skip
def test_any_typing_keeps_the_promises(lines: list[str]) -> None:
    t, _ = tools()
    session, _ = start([item(1, hints=("h",)), item(2), item(3)], T0)
    for n, text in enumerate(lines):
        session, actions = respond(session, Line(text, at(n + 1)), t)
        kinds = [type(a) for a in actions]
        if Record in kinds:  # the record always comes before any feedback
            assert kinds.index(Record) == 0
        if not session.finished:
            assert 0 < session.tries_left <= 3
    session, _ = respond(session, Stop(at(99)), t)
    assert session.finished
    assert all(d.tries <= 3 for d in session.done)


# ---- choosing problems --------------------------------------------------------------------


def problem_set(name: str, topic: str, specs: list[tuple[str, str, int]]) -> ProblemSet:
    """A set of (id, kind, difficulty) problems."""
    problems = tuple(Problem(id=i, kind=k, expr="x", var="x", difficulty=d) for i, k, d in specs)
    return ProblemSet(name, name, topic, f"{name}.yaml", problems)


SETS = [
    problem_set("chain", "derivatives", [("c1", "derivative", 2), ("c2", "derivative", 1)]),
    problem_set("parts", "integrals", [("i1", "integral", 1), ("i2", "integral", 3)]),
]


def test_pool_filters_by_topic_and_kind() -> None:
    assert [i.key for i in pool(SETS, Selection(topic="Integrals"))] == ["parts/i1", "parts/i2"]
    assert [i.key for i in pool(SETS, Selection(kind="derivative"))] == ["chain/c1", "chain/c2"]
    assert pool(SETS, Selection(topic="derivatives", kind="integral")) == []
    assert len(pool([*SETS, SETS[0]], Selection())) == 4  # a set named twice counts once


def test_select_puts_due_first_then_new_easiest_first() -> None:
    items = pool(SETS, Selection())
    cards: dict[str, CardState] = {"parts/i2": review(None, "parts/i2", AGAIN, T0)}
    now = T0 + timedelta(hours=1)
    chosen = select(items, cards, now, Selection(shuffle=False), random.Random(0))
    assert [i.key for i in chosen] == ["parts/i2", "chain/c2", "parts/i1", "chain/c1"]
    due_only = select(items, cards, now, Selection(due_only=True, new_limit=1, shuffle=False),
                      random.Random(0))  # fmt: skip
    assert [i.key for i in due_only] == ["parts/i2", "chain/c2"]


def test_select_is_repeatable_with_a_seed() -> None:
    items = pool(SETS, Selection())
    picks = [select(items, {}, T0, Selection(count=3), random.Random(s)) for s in (7, 7)]
    assert picks[0] == picks[1] and len(picks[0]) == 3
    orders = {tuple(i.key for i in select(items, {}, T0, Selection(), random.Random(s)))
              for s in range(20)}  # fmt: skip
    assert len(orders) > 1  # the seed matters among problems of the same difficulty


def test_realize_draws_a_variant_and_refuses_broken_math() -> None:
    params = (("a", "randint(2, 5)"), ("n", "randint(2, 4)"))
    template = Problem(id="t", kind="derivative", expr="a*x^n", var="x", params=params)
    ready = realize(Item("s", "d", template), random.Random(1))
    assert ready is not None and ready.key == "s/t"
    assert ready.problem.params == () and ready.problem.expr != "a*x^n"
    assert ready.variant.startswith("a=") and ", n=" in ready.variant
    broken = Item("s", "d", Problem(id="b", kind="derivative", expr="x^", var="x"))
    assert realize(broken, random.Random(1)) is None
    fine = item(1)
    chosen = select([broken, fine], {}, T0, Selection(count=2, shuffle=False), random.Random(0),
                    realize)  # fmt: skip
    assert chosen == (fine,)  # the broken one is passed over


def test_right_on_a_second_try_is_not_called_helped() -> None:
    import io

    from rich.console import Console

    from calctutor.check.verdict import Verdict
    from calctutor.practice.drill import ShowCorrect
    from calctutor.render.drill import correct_view

    out = io.StringIO()
    view = correct_view(ShowCorrect(Verdict("correct", "Correct."), helped=False, tries=2))
    Console(file=out, width=80, no_color=True).print(view)
    assert "Right on try 2" in out.getvalue()
    assert "with help" not in out.getvalue()
