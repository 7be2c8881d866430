"""Killable workers: a wall-clock limit that holds inside C code, a memory limit, ordered maps."""

from __future__ import annotations

import os
import time

import pytest

from calctutor.limits import TimedOut, WorkerPool, run_limited


def stuck_in_c() -> bool:
    """A GMP power that never returns to the interpreter (no signal could stop it)."""
    return bool(10 ** (10**10) > 5)


def hog() -> int:
    """Allocate far beyond any memory limit."""
    return len(bytearray(8 * 1024**3))


def double(value: int) -> int:
    """Twice the value."""
    return 2 * value


def napping(seconds: float) -> float:
    """Sleep, then answer."""
    time.sleep(seconds)
    return seconds


def fail() -> None:
    """Raise a plain exception."""
    raise KeyError("missing")


def my_pid() -> int:
    """The worker's process id."""
    return os.getpid()


def test_a_result_comes_back() -> None:
    assert run_limited(double, 21, timeout=5) == 42


def test_code_stuck_inside_c_is_killed_at_the_deadline() -> None:
    start = time.perf_counter()
    outcome = run_limited(stuck_in_c, timeout=0.5)
    assert outcome == TimedOut(0.5, "time")
    assert time.perf_counter() - start < 2.0
    assert "longer than 0.5 s" in outcome.message


def test_a_runaway_allocation_hits_the_memory_limit() -> None:
    outcome = run_limited(hog, timeout=10, memory_mb=256)
    assert isinstance(outcome, TimedOut) and outcome.reason == "memory"


def test_exceptions_are_raised_in_the_caller() -> None:
    with pytest.raises(KeyError):
        run_limited(fail, timeout=5)


def test_map_keeps_input_order_and_survives_timeouts() -> None:
    items = [(0.2,), (5.0,), (0.0,), (5.0,), (0.1,)]
    start = time.perf_counter()
    with WorkerPool(2) as pool:
        results = list(pool.map(napping, items, 0.6))
    assert results[0::2] == [0.2, 0.0, 0.1]
    assert results[1] == results[3] == TimedOut(0.6, "time")
    assert time.perf_counter() - start < 4.0


def test_workers_are_reused_and_replaced_after_a_kill() -> None:
    with WorkerPool(1) as pool:
        first = pool.run(my_pid, (), 5)
        assert pool.run(my_pid, (), 5) == first
        assert isinstance(pool.run(napping, (5.0,), 0.2), TimedOut)
        assert pool.run(my_pid, (), 5) != first


def test_a_pool_is_parallel() -> None:
    start = time.perf_counter()
    with WorkerPool(2) as pool:
        assert list(pool.map(napping, [(0.5,), (0.5,)], 5)) == [0.5, 0.5]
    assert time.perf_counter() - start < 0.95
