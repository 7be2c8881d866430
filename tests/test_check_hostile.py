"""Hostile input: refused with a clear message, never executed, never a traceback, never a hang."""

from __future__ import annotations

import random
import time

import pytest

from calctutor.check import check, check_now
from calctutor.limits import WorkerPool
from calctutor.sets.model import Problem

DERIVATIVE = Problem(id="h", kind="derivative", expr="sin(x^2)", var="x")

HOSTILE = [
    "__import__('os').system('touch /tmp/calctutor-pwned')",
    "lambda: 0",
    "x.__class__.__mro__",
    "eval('2*x')",
    "exec",
    "getattr(x, 'real')",
    '"2x cos(x^2)"',
    "1e999999999",
    "9^9^9^9",
    "x^(10^10)",
    "1000!",
    "(1000!)!",
    "(" * 300 + "x" + ")" * 300,
    "x" + "+x" * 600,
    "\\int x\\,dx",
    "\\input{/etc/passwd}",
    "x; import os",
    "2x # comment",
    "😀",
    "\x00",
    "oo",
    "log(0)",
    "",
]


@pytest.mark.parametrize("answer", HOSTILE)
def test_hostile_answers_are_invalid_with_a_message(answer: str) -> None:
    verdict = check_now(DERIVATIVE, answer, random.Random(0))
    assert verdict.verdict == "invalid", verdict
    assert verdict.message.startswith("Your answer could not be read: ")
    assert "Traceback" not in verdict.message


def test_answers_that_are_defined_nowhere_are_unknown_not_correct() -> None:
    verdict = check_now(DERIVATIVE, "exp(10^100)", random.Random(0))
    assert verdict.verdict == "unknown"


def test_a_check_over_its_time_is_killed_and_unknown() -> None:
    slow = Problem(id="slow", kind="definite_integral", expr="exp(sin(x)) x^x", var="x",
                   lower="0", upper="1")  # fmt: skip
    start = time.perf_counter()
    verdict = check(slow, "1.2345", timeout=0.3)
    assert time.perf_counter() - start < 2.5
    assert (verdict.verdict, verdict.notes) == ("unknown", ("timeout",))
    assert "longer than 0.3 s" in verdict.message


def test_a_pool_carries_on_after_a_timeout() -> None:
    slow = Problem(id="slow", kind="definite_integral", expr="exp(sin(x)) x^x", var="x",
                   lower="0", upper="1")  # fmt: skip
    with WorkerPool(1) as pool:
        assert check(slow, "1", timeout=0.3, pool=pool).verdict == "unknown"
        assert check(DERIVATIVE, "2x cos(x^2)", timeout=3, pool=pool).verdict == "correct"


def test_an_unknown_kind_and_a_problem_that_does_not_read() -> None:
    odd = Problem(id="odd", kind="limit", expr="x", var="x")
    assert check_now(odd, "1", random.Random(0)).notes == ("problem_error",)
    broken = Problem(id="b", kind="derivative", expr="sin(x", var="x")
    verdict = check_now(broken, "cos(x)", random.Random(0))
    assert (verdict.verdict, verdict.notes) == ("invalid", ("problem_error",))


def test_the_optimization_kinds_are_dispatched() -> None:
    hessian = Problem(id="hs", kind="hessian", expr="x^2 y", vars=("x", "y"))
    verdict = check_now(hessian, "[[2y, 2x], [2x, 0]]", random.Random(0))
    assert verdict.verdict == "correct", verdict
