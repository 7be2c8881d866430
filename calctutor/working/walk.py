"""One pass over the lines: each judged in turn, then the final line checked as an answer."""

from __future__ import annotations

import random
from typing import Any

import sympy

from calctutor.check import check_now
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseError
from calctutor.sets.model import Problem
from calctutor.working import lines as parse_lines
from calctutor.working.model import LineResult, Status, WorkingVerdict, worst
from calctutor.working.session import Outcome, Work, judge_clause, new_work
from calctutor.working.values import Undecided, forms_in

FAILURES = (Undecided, TypeError, ValueError, ArithmeticError, NotImplementedError, AttributeError)


def walk(
    problem: Problem, lines: list[str], rng: random.Random, answer: str | None = None
) -> WorkingVerdict:
    """Judge each non-blank line; the first wrong one is the focus."""
    work = new_work(problem, rng)
    results = []
    work.parts = any(parse_lines.PARTS.search(text) for text in lines)
    for n, text in enumerate(lines, start=1):
        if text.strip():
            results.append(judge_line(work, n, text))
    if answer is not None:
        return verdict(results, check_now(problem, answer, rng), answer)
    checked, text = final_answer(work, problem, results, rng)
    return verdict(results, checked, text)


def judge_line(work: Work, n: int, text: str) -> LineResult:
    """One line: all its clauses, the worst outcome counting."""
    if problem_kind(work) == "ode":
        from calctutor.working.ode import judge_ode_clause as judge
    else:
        judge = judge_clause
    outcomes: list[Outcome] = []
    for clause in sorted(parse_lines.clauses(text), key=_definitions_first):
        try:
            outcomes.extend(judge(work, clause, text))
        except ParseError as error:
            message = error.display() if error.text else error.message
            return LineResult(n, text, "unreadable", "", message, error.position)
        except RecursionError:
            return LineResult(n, text, "unreadable", "", "this line is nested too deeply")
        except FAILURES as error:
            outcomes.append(("unknown", "", f"This line could not be checked ({_reason(error)})."))
    return _merge(n, text, outcomes)


def _definitions_first(clause: parse_lines.Clause) -> int:
    """u = x² before y = sin u on the same line (a stable sort keeps the rest in order)."""
    if parse_lines.differential_name(clause) is not None:
        return 1
    name = parse_lines.declared_name(clause)
    return 0 if name is not None and name not in "yfgFI" else 2


def problem_kind(work: Work) -> str:
    """The kind of the problem being worked."""
    return work.problem.kind


def _reason(error: Exception) -> str:
    """A short reason for an undecided line."""
    return str(error) if isinstance(error, Undecided) else type(error).__name__


def _merge(n: int, text: str, outcomes: list[Outcome]) -> LineResult:
    """The line's status is its worst step's; rules are listed, the first problem is said."""
    if not outcomes:
        return LineResult(n, text, "ok")
    statuses: list[Status] = [o[0] for o in outcomes]
    status = worst(statuses)
    rules = ", ".join(dict.fromkeys(o[1] for o in outcomes if o[1]))
    message = next((o[2] for o in outcomes if o[0] == status and o[2]), "")
    if status in ("ok", "rule") and not message:
        message = "; ".join(o[2] for o in outcomes if o[2])
    if status == "rule" and not rules:
        status = "ok"
    return LineResult(n, text, status, rules, message)


def final_answer(
    work: Work, problem: Problem, results: list[LineResult], rng: random.Random
) -> tuple[Verdict | None, str]:
    """The last line checked as an answer (None when the working never reached one)."""
    if not results or results[-1].status in ("unreadable", "wrong") or work.last_clause is None:
        return None, ""
    text = answer_text(work, problem)
    if not text:
        return None, ""
    if work.last_value is not None and _unfinished(work.last_value):
        return (
            Verdict(
                "incorrect",
                "The working stops before the answer: the last line still has a derivative, an "
                "integral or a limit to carry out.",
                ("unfinished",),
            ),
            text,
        )
    return check_now(problem, text, rng), text


def answer_text(work: Work, problem: Problem) -> str:
    """The text of the final answer: the last right-hand side (all of ``y = …`` for an ODE)."""
    clause = work.last_clause
    assert clause is not None
    if problem.kind == "ode":
        return clause.whole.text.strip()
    side = clause.sides[-1]
    return side.text.strip()


def _unfinished(value: Any) -> bool:
    """True when a value still holds one of the working's forms."""
    return isinstance(value, sympy.Basic) and bool(forms_in(value))


def verdict(results: list[LineResult], answer: Verdict | None, text: str) -> WorkingVerdict:
    """The verdict: the first wrong line is the focus; a wrong final answer marks the last line."""
    first = next((r.n for r in results if r.status == "wrong"), None)
    if first is None and answer is not None and answer.verdict == "incorrect" and results:
        last = results[-1]
        results[-1] = LineResult(last.n, last.text, "wrong", last.rule, answer.message)
        first = last.n
    if first is not None:
        focus = next(r for r in results if r.n == first)
        return WorkingVerdict(
            "incorrect", tuple(results), first, answer, f"Line {first}: {focus.message}"
        )
    if any(r.status == "unreadable" for r in results):
        return WorkingVerdict(
            "invalid", tuple(results), None, answer, "Some lines could not be read."
        )
    if answer is None:
        return WorkingVerdict("unknown", tuple(results), None, None, "No answer was reached.")
    if answer.verdict == "invalid":
        return WorkingVerdict("invalid", tuple(results), None, answer, answer.message)
    if any(r.status == "unknown" for r in results) and answer.verdict == "correct":
        return WorkingVerdict(
            "unknown",
            tuple(results),
            None,
            answer,
            "The answer is right, but some steps could not be checked.",
        )
    return WorkingVerdict(answer.verdict, tuple(results), None, answer, answer.message)
