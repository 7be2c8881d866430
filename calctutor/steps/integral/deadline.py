"""A time limit for the parts of a solve that cannot check a deadline themselves.

The rule search checks its own deadline between rules, but SymPy's ``integral_steps``,
``integrate`` and ``limit`` run as long as they like. In the main thread of a process a CPU-time
timer (``ITIMER_PROF``: the process's own seconds, so a busy machine gives the same outcome as an
idle one, as the search's budget does) can interrupt them: its signal raises :class:`TimeUp` in
whatever Python code is running, and the caller gives up with an honest "not complete". TimeUp is
a BaseException, and the timer repeats until the block ends, because SymPy swallows ordinary
exceptions in places (``except Exception``) and would carry on. Elsewhere (a worker thread) no
signal can be delivered, so the limit is not enforced there: the process-level kill of
``calctutor.limits`` is the backstop in every case.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_REPEAT = 0.25


class TimeUp(BaseException):
    """Raised by the timer inside the limited block."""


def _raise_time_up(signum: int, frame: FrameType | None) -> None:
    """The timer's handler: stop whatever is running."""
    raise TimeUp


def _can_interrupt() -> bool:
    """Signals reach only the main thread, and an outer limit already running is respected."""
    if threading.current_thread() is not threading.main_thread():
        return False
    return signal.getitimer(signal.ITIMER_PROF)[0] == 0.0


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeUp in the block once it has used ``seconds`` of CPU time (main thread only).

    Inside an outer limit the block runs under the outer one alone.
    """
    if seconds <= 0:
        raise TimeUp
    if not _can_interrupt():
        yield
        return
    previous = signal.signal(signal.SIGPROF, _raise_time_up)
    signal.setitimer(signal.ITIMER_PROF, seconds, _REPEAT)
    try:
        yield
    finally:
        _disarm(previous)


def _disarm(previous: signal.Handlers | int | object | None) -> None:
    """Stop the timer (a last tick may still arrive while stopping it) and restore the handler."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_PROF, 0.0)
            break
        except TimeUp:
            continue
    signal.signal(signal.SIGPROF, previous)  # type: ignore[arg-type]
