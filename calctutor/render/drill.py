"""Rich renderables for the drill (problem, feedback, hints, summary) and for ``stats``.

They return renderables and never print: the command decides where they go.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from calctutor.notation.question import question
from calctutor.practice.drill import (
    COMMANDS,
    ShowCorrect,
    ShowHint,
    ShowProblem,
    ShowSolution,
    ShowVerdict,
    Summary,
)
from calctutor.practice.stats import Stats, Tally
from calctutor.render.problems import problem_math
from calctutor.render.steps import solution_panel
from calctutor.render.verdict import verdict_view

BARS = "▁▂▃▄▅▆▇█"
# The mistakes the checker recognises, in a student's words (unknown notes: underscores → spaces).
MISTAKES = {
    "chain_rule_factor": "missing chain-rule factor",
    "constant_factor": "wrong constant factor",
    "sign_error": "sign error",
    "product_rule": "product rule done as a product of derivatives",
    "quotient_rule_reversed": "quotient rule upside down",
    "power_rule": "power rule off by one",
    "integrated_instead": "integrated instead of differentiated",
    "differentiated_instead": "differentiated instead of integrated",
    "antiderivative_given": "gave an antiderivative",
    "swapped_components": "components in the wrong order",
    "missing_constant": "missing + C",
    "constant_not_added": "missing + C",
    "initial_condition": "initial condition not met",
    "not_general": "not the general solution",
    "not_a_solution": "not a solution of the equation",
    "unusual_constant": "an unusual form of the constant",
    "decimal_approximation": "a decimal instead of the exact value",
    "too_few_digits": "too few digits",
    "wrong_digits": "wrong digits",
    "wrong_last_digit": "last digit wrong",
    "wrong_coordinate": "a wrong coordinate",
    "wrong_dimension": "wrong number of components",
    "wrong_length": "wrong number of components",
    "wrong_shape": "a matrix of the wrong size",
    "not_symmetric": "a Hessian that is not symmetric",
    "missing_point": "a critical point missed",
    "extra_point": "a point that is not critical",
    "repeated_point": "a point given twice",
    "missing_classification": "a point left unclassified",
    "wrong_classification": "a point classified wrongly",
    "trig_sign": "sign of a trigonometric derivative",
    "power_coefficient": "power rule coefficient",
    "power_same": "exponent not lowered by one",
    "plain_gradient_step": "a plain gradient step instead of the method's",
    "no_momentum": "momentum left out",
    "classical_momentum": "classical momentum instead of PyTorch's",
    "no_bias_correction": "bias correction left out",
    "warm_up": "the first step's special case",
    "m_factor": "first-moment factor",
    "v_factor": "second-moment factor",
    "wrong_step_count": "wrong number of steps",
    "unreadable": "unreadable answer",
    "undecided": "could not be decided in time",
    "checker_error": "an internal checker error",
    "problem_error": "a problem that could not be read",
}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def mistake_label(note: str) -> str:
    """A checker note in words: 'wrong_component:2' → 'wrong second component'."""
    code, _, index = note.partition(":")
    if code == "wrong_component" and index.isdigit():
        n = int(index)
        which = ORDINALS[n - 1] if 0 < n <= len(ORDINALS) else f"{n}th"
        return f"wrong {which} component"
    return MISTAKES.get(note, note.replace("_", " ").replace(":", " "))


def problem_view(show: ShowProblem) -> Group:
    """``3/10 · chain-rule/chain-2``, the question, and its math pretty-printed."""
    item = show.item
    header = Text(f"{show.position}/{show.total} · {item.key}", style="bold cyan")
    parts: list[RenderableType] = [Text(""), header, Text(str(question(item.problem)))]
    math = problem_math(item.problem)
    if math is not None:
        parts.append(Text(math, style="bold"))
    return Group(*parts)


def feedback_view(show: ShowVerdict) -> Group:
    """A wrong, unreadable or undecided answer, and what the student can do next."""
    parts: list[RenderableType] = [verdict_view(show.verdict, show.answer)]
    kind = show.verdict.verdict
    if kind == "incorrect" and show.tries_left > 0:
        tries = "1 try" if show.tries_left == 1 else f"{show.tries_left} tries"
        parts.append(Text(f"{tries} left: answer again, or type hint, steps or skip.", "dim"))
    elif kind == "incorrect" and show.verdict.expected:
        # the tries are over: now the expected answer may be shown
        parts.append(Text(f"The answer: {show.verdict.expected}", style="bold"))
    elif kind in ("invalid", "unknown"):
        parts.append(Text("This does not count as a try: type your answer again.", "dim"))
    return Group(*parts)


def correct_view(show: ShowCorrect) -> Group:
    """A right answer; after help it is marked so."""
    parts: list[RenderableType] = [Text(f"✓ {show.verdict.message}", style="bold green")]
    if show.helped:
        parts.append(Text("Right, with help: it will come back sooner.", style="dim"))
    elif show.tries > 1:
        parts.append(Text(f"Right on try {show.tries}: it will come back sooner.", style="dim"))
    return Group(*parts)


def hint_view(show: ShowHint) -> Text:
    """One hint."""
    text = Text(f"Hint {show.number}: ", style="bold yellow")
    text.append(show.text)
    return text


def no_hint_view() -> Text:
    """No more hints."""
    return Text("No more hints: type steps to see the worked solution.", style="yellow")


def solution_view(show: ShowSolution) -> RenderableType:
    """The worked solution, or a note that there is none."""
    if show.solution is None:
        return Text("No worked solution is available for this problem.", style="yellow")
    title = "Solution" if show.final else "Worked solution"
    return solution_panel(show.solution, f"{title} · {show.item.key}")


def help_view(tries_left: int) -> Text:
    """What can be typed at the prompt."""
    text = Text("Type your answer as you would write it (2x cos(x^2), e^(3x), (1, 2)), or:\n")
    lines = {
        "hint": "the next hint (the author's first, then from the worked solution)",
        "steps": "the whole worked solution (a right answer after it counts as helped)",
        "work": "type your working, one step a line (an empty line ends it): each line is checked",
        "plot": "a picture of the problem (the tangent line, the area, the slope field, …)",
        "skip": "give up on this problem and see its solution",
        "help": "this list",
        "quit": "end the session with its summary (also q, Ctrl-D, Ctrl-C)",
    }
    for command in COMMANDS:
        text.append(f"  {command:<7}", style="bold")
        text.append(f"{lines[command]}\n")
    text.append(f"Tries left on this problem: {tries_left}.", style="dim")
    return text


def duration(seconds: float) -> str:
    """``1 min 05 s`` or ``42 s``."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def summary_view(summary: Summary) -> Table:
    """Right first time, right after help, missed, time, and the mistakes that came up most."""
    table = Table(title="Session summary", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("value", justify="right")
    finished = len(summary.done)
    table.add_row("Problems finished", f"{finished} of {summary.planned}")
    table.add_row("Right first time", str(summary.count("first_time")), style="green")
    table.add_row("Right after help or a retry", str(summary.count("helped")), style="yellow")
    table.add_row("Missed", str(summary.count("missed")), style="red")
    table.add_row("Skipped", str(summary.count("skipped")))
    table.add_row("Time taken", duration(summary.seconds))
    for note, count in summary.mistakes:
        table.add_row(f"Mistake: {mistake_label(note)}", f"{count}×")
    return table


def _percent(tally: Tally) -> str:
    """Accuracy as a percentage, or a dash."""
    return "–" if tally.accuracy is None else f"{tally.accuracy:.0%}"


def _tally_table(title: str, rows: Sequence[tuple[str, Tally]]) -> Table:
    """One group's attempts, correct answers and accuracy."""
    table = Table(title=title, title_justify="left")
    table.add_column(title.split()[-1])
    for column in ("attempts", "correct", "accuracy"):
        table.add_column(column, justify="right")
    for name, tally in rows:
        table.add_row(name, str(tally.attempts), str(tally.correct), _percent(tally))
    return table


def sparkline(stats: Stats) -> Text:
    """Accuracy per day over the last days, one bar each (a dot for a day without practice)."""
    line = Text(f"Accuracy, last {len(stats.daily)} days: ", style="bold")
    for _day, tally in stats.daily:
        if tally.accuracy is None:
            line.append("·", style="dim")
        else:
            line.append(BARS[min(len(BARS) - 1, int(tally.accuracy * len(BARS)))], style="cyan")
    if stats.daily:
        line.append(f"  ({stats.daily[0][0]:%d %b} → {stats.daily[-1][0]:%d %b})", style="dim")
    return line


def stats_view(stats: Stats) -> Group:
    """Totals, accuracy by topic and kind, streak, due, frequent mistakes, and a chart."""
    if not stats.total.attempts and not stats.problems_seen:
        return Group(Text("No practice recorded yet: run `calctutor drill` to start."))
    totals = Table(title="Progress", show_header=False, title_justify="left")
    totals.add_column("what")
    totals.add_column("value", justify="right")
    totals.add_row("Answers", str(stats.total.attempts))
    totals.add_row("Correct", f"{stats.total.correct} ({_percent(stats.total)})")
    totals.add_row("Problems seen", str(stats.problems_seen))
    totals.add_row("Streak", f"{stats.streak_days} day(s)")
    totals.add_row(
        "Due now / today / this week", f"{stats.due_now} / {stats.due_today} / {stats.due_week}"
    )
    parts: list[RenderableType] = [totals, _tally_table("Accuracy by topic", stats.by_topic)]
    parts.append(_tally_table("Accuracy by kind", stats.by_kind))
    if stats.mistakes:
        lines = "\n".join(f"{count}× {mistake_label(note)}" for note, count in stats.mistakes)
        parts.append(Panel(lines, title="Most frequent mistakes", title_align="left", expand=False))
    parts.append(sparkline(stats))
    return Group(*parts)
