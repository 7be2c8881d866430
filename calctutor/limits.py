"""Run a function in a killable worker process under a wall-clock limit and a memory limit.

A signal is not enough to stop SymPy: code stuck inside a C routine (a huge integer power, a
float conversion) never returns to the interpreter to notice an alarm. So the work runs in a
separate process; when its time is up the parent kills the process and starts a fresh one.
Each worker caps its own address space with ``RLIMIT_AS`` so that a runaway allocation ends in a
``MemoryError`` (reported as :class:`TimedOut` with reason ``"memory"``), not in the machine's
swap. Workers are forked, so a warm parent (SymPy imported, caches filled) makes warm workers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Literal

DEFAULT_MEMORY_MB = 1024
PR_SET_PDEATHSIG = 1  # linux/prctl.h
Reason = Literal["time", "memory", "crashed"]


@dataclass(frozen=True)
class TimedOut:
    """A run that did not finish: over its time, over its memory, or its worker died."""

    seconds: float
    reason: Reason = "time"

    @property
    def message(self) -> str:
        """The reason in a student's words."""
        if self.reason == "memory":
            return "checking this answer needed more memory than allowed"
        if self.reason == "crashed":
            return "the checker stopped unexpectedly on this answer"
        return f"checking this answer took longer than {self.seconds:g} s"


def run_limited(
    fn: Callable[..., Any],
    *args: Any,
    timeout: float,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> Any:
    """``fn(*args)`` in a fresh worker: its result, or TimedOut; its exceptions are re-raised."""
    with WorkerPool(1, memory_mb=memory_mb) as pool:
        return pool.run(fn, args, timeout)


class WorkerPool:
    """A small set of persistent worker processes; a worker that overruns is killed and replaced.

    Use it as a context manager so that the workers always end with the pool.
    """

    def __init__(self, size: int, *, memory_mb: int | None = DEFAULT_MEMORY_MB) -> None:
        """Prepare ``size`` workers (started lazily, on first use)."""
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self._context = _context()
        self._workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        """The pool itself."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop every worker."""
        self.close()

    def close(self) -> None:
        """Stop every worker: ask politely, then kill what is left."""
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def run(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        """One call in one worker: its result or TimedOut; its exceptions are re-raised."""
        return next(self.map(fn, [args], timeout))

    def map(
        self, fn: Callable[..., Any], items: Iterable[tuple[Any, ...]], timeout: float
    ) -> Iterator[Any]:
        """``fn(*item)`` for every item, in parallel, yielded in input order."""
        return _Scheduler(self, fn, iter(items), timeout).results()

    def _worker(self) -> _Worker:
        """A running idle worker, started on demand."""
        for worker in self._workers:
            if worker.task is None:
                return worker
        worker = _Worker(self._context, self.memory_mb)
        self._workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker that overran or died; a fresh one is started when next needed."""
        worker.kill()
        self._workers.remove(worker)

    def _busy(self) -> list[_Worker]:
        """The workers running a task."""
        return [w for w in self._workers if w.task is not None]


class _Scheduler:
    """Feeds items to idle workers, enforces deadlines, and yields results in order."""

    def __init__(
        self,
        pool: WorkerPool,
        fn: Callable[..., Any],
        items: Iterator[tuple[Any, ...]],
        timeout: float,
    ) -> None:
        """Set up one map call."""
        self.pool, self.fn, self.items, self.timeout = pool, fn, items, timeout
        self.done: dict[int, tuple[bool, Any]] = {}
        self.next_index = 0
        self.next_out = 0
        self.exhausted = False
        self.window = pool.size * 4

    def results(self) -> Iterator[Any]:
        """Yield each result (or re-raise each exception) in input order."""
        while True:
            self.fill()
            while self.next_out in self.done:
                ok, value = self.done.pop(self.next_out)
                self.next_out += 1
                if not ok:
                    raise value
                yield value
            if self.exhausted and not self.pool._busy():
                return
            self.collect()

    def fill(self) -> None:
        """Give items to idle workers while the look-ahead window allows."""
        while (
            not self.exhausted
            and len(self.pool._busy()) < self.pool.size
            and self.next_index - self.next_out < self.window
        ):
            item = next(self.items, None)
            if item is None:
                self.exhausted = True
                return
            self.pool._worker().start(self.next_index, self.fn, item, self.timeout)
            self.next_index += 1

    def collect(self) -> None:
        """Wait for a worker to answer or for the nearest deadline, and record what happened."""
        busy = self.pool._busy()
        if not busy:
            return
        nearest = min(w.deadline for w in busy)
        ready = wait([w.conn for w in busy], timeout=max(0.0, nearest - time.monotonic()))
        for worker in busy:
            if worker.conn in ready:
                self.receive(worker)
            elif time.monotonic() >= worker.deadline:
                self.expire(worker, "time")

    def receive(self, worker: _Worker) -> None:
        """Take a worker's answer; a worker that died is replaced."""
        index = worker.task
        assert index is not None
        try:
            status, value = worker.conn.recv()
        except (EOFError, OSError):
            self.expire(worker, "crashed")
            return
        worker.task = None
        if status == "memory":
            self.done[index] = (True, TimedOut(self.timeout, "memory"))
            self.pool._replace(worker)
        else:
            self.done[index] = (status == "ok", value)

    def expire(self, worker: _Worker, reason: Reason) -> None:
        """Record a timeout (or crash) for the worker's task and replace the worker."""
        assert worker.task is not None
        self.done[worker.task] = (True, TimedOut(self.timeout, reason))
        self.pool._replace(worker)


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, memory_mb: int | None) -> None:
        """Start the process."""
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, memory_mb, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.task: int | None = None
        self.deadline = 0.0

    def start(
        self, index: int, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float
    ) -> None:
        """Send one task."""
        self.conn.send((fn, args))
        self.task = index
        self.deadline = time.monotonic() + timeout

    def stop(self) -> None:
        """End the worker: ask it to quit, kill it if it lingers."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
            self.conn.close()
        self.process.join(timeout=0.5)
        if self.process.is_alive():
            self.kill()

    def kill(self) -> None:
        """Kill the worker at once (it may be stuck inside C code)."""
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def _context() -> Any:
    """Fork where available (warm workers, fast start), spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _serve(conn: Connection, memory_mb: int | None, parent: int) -> None:
    """The worker's loop: run each task sent, answer ("ok", result) / ("error", exc) / memory.

    It also ends when its parent has gone (a forked sibling may hold the pipe open, so EOF
    alone cannot be relied on).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _limit_memory(memory_mb)
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args = task
        message = _call(fn, args)
        _keep_sympy_structure()
        try:
            conn.send(message)
        except Exception as error:  # the result itself did not pickle
            conn.send(("error", RuntimeError(f"unpicklable result: {error}")))


def _keep_sympy_structure() -> None:
    """Send SymPy sums, products and powers as they were built, not re-evaluated on arrival.

    Unpickling rebuilds an expression with evaluation on, which redistributes a worked
    result's factored form: 2·(wx + b − y) would arrive as 2wx + 2b − 2y.
    """
    sympy = sys.modules.get("sympy")
    if sympy is None:
        return
    from multiprocessing.reduction import ForkingPickler

    for cls in (sympy.Add, sympy.Mul, sympy.Pow):
        ForkingPickler.register(cls, _reduce_as_built)


def _reduce_as_built(expr: Any) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """How an Add, Mul or Pow pickles: its class and arguments, rebuilt unevaluated."""
    return (_rebuild, (type(expr), expr.args))


def _rebuild(cls: Any, args: tuple[Any, ...]) -> Any:
    """An Add, Mul or Pow exactly as it was built."""
    return cls(*args, evaluate=False)


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when its parent dies, even mid-task."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _call(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    """Run one task, turning its outcome into a picklable message."""
    try:
        return ("ok", fn(*args))
    except MemoryError:
        return ("memory", None)
    except Exception as error:
        return ("error", _picklable(error))


def _picklable(error: Exception) -> Exception:
    """The exception itself when it pickles, else a RuntimeError that describes it."""
    import pickle

    try:
        pickle.dumps(error)
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _limit_memory(memory_mb: int | None) -> None:
    """Cap this process's address space at its current size plus ``memory_mb``."""
    if memory_mb is None:
        return
    try:
        import resource
    except ImportError:  # not on POSIX: no limit, the time limit still holds
        return
    limit = _address_space() + memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    """This process's current virtual size in bytes (0 when it cannot be read)."""
    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")
