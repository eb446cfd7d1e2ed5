"""Queries in worker processes, so that a time limit really stops the work.

An embedded engine that cannot cancel a query (pyoxigraph has no cancellation, and a
blocking query such as ORDER BY or COUNT yields no row to stop between) still has to
honour a time limit without burning a CPU for minutes. So queries run in forked worker
processes: the caller waits for the answer up to the deadline, and past it the worker
is killed (SIGKILL, CPU back to idle at once) and a fresh one takes its place later.
Other queries keep running in the other workers meanwhile.

This module is engine-neutral. The engine supplies ``start(version)``, called in this
process before each worker is forked (no write runs meanwhile); it returns ``prepare``,
called once in the new worker, which opens the worker's view of the store (an in-memory
store is inherited through fork as a copy-on-write snapshot; an on-disk store is opened
read-only on a checkpoint of that version) and returns the function that runs a
:class:`Job` and returns a :class:`Reply` of serialised bytes.

Workers see the store as it was when they were started, so a write never waits for a
query and a query never sees half a write. Each worker is tagged with the store version
it was started on; after a write, workers of older versions are retired as they come
free, and the next query starts a worker that sees the write. ``fork_guard`` (a lock the
engine's writes also hold, when the engine needs one) is held while forking.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import select
import signal
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any

from kg import errors
from kg.errors import KgError, QueryTimeoutError, StoreError


@dataclass(frozen=True)
class Job:
    """One query, as a worker receives it (the text has its bindings already)."""

    text: str
    default_graphs: Sequence[str] | None = None
    named_graphs: Sequence[str] | None = None
    base_iri: str | None = None
    prefixes: Mapping[str, str] | None = field(default=None)
    #: graphs being staged by a load, which queries must not see
    hidden: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reply:
    """A worker's answer: the result's kind and variables, and the result serialised in
    ``fmt`` (a result format for select/ask, an RDF format for graph results)."""

    kind: str
    variables: list[str]
    fmt: str
    payload: bytes


Runner = Callable[[Job], Reply]


def _error_state(e: BaseException) -> tuple[str, dict[str, Any], tuple[Any, ...]]:
    if isinstance(e, KgError):
        return type(e).__name__, dict(e.__dict__), e.args
    state = StoreError(f"the query failed: {type(e).__name__}: {e}").__dict__
    return "StoreError", dict(state), (state["message"],)


def _rebuild_error(name: str, state: dict[str, Any], args: tuple[Any, ...]) -> KgError:
    cls = getattr(errors, name, StoreError)
    e = cls.__new__(cls)
    e.__dict__.update(state)
    e.args = args
    return e


def _die_with_parent() -> None:
    """End this worker soon after the process that forked it ends, even by SIGKILL, and
    even in the middle of a query (which releases the GIL, so this thread runs).
    (prctl's PR_SET_PDEATHSIG would fire when the forking *thread* ends, which in a
    threaded server is after every request.)"""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _serve(conn: Connection, prepare: Callable[[], Runner]) -> None:
    """The worker's loop: run jobs until the parent closes the pipe."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, not us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        run = prepare()
    except BaseException as e:  # report why this worker cannot serve, then stop
        conn.send(("error", _error_state(e)))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            message: tuple[str, Any] = ("ok", run(job))
        except BaseException as e:  # every failure goes back to the caller
            message = ("error", _error_state(e))
        conn.send(message)


class _Pipe:
    """The parent's end of a worker's pipe."""

    conn: Connection
    _poller: Any = None

    def answered(self, timeout: float) -> bool:
        """Whether the worker's answer arrives within ``timeout`` seconds (a poll
        object kept per worker: cheaper than ``Connection.poll``'s selector per call)."""
        if self._poller is None:
            self._poller = select.poll()
            self._poller.register(self.conn.fileno(), select.POLLIN)
        return bool(self._poller.poll(max(0, math.ceil(timeout * 1000))))


class _FreshWorker(_Pipe):
    """A worker started from multiprocessing's fork server: a clean process that never
    held the caller's threads or locks. For engines whose native threads (RocksDB's)
    may hold a lock at the moment of a fork; ``prepare`` must be picklable."""

    _context: Any = None

    def __init__(self, prepare: Callable[[], Runner], version: str,
                 preload: Sequence[str]) -> None:
        if _FreshWorker._context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload([__name__, *preload])
            _FreshWorker._context = ctx
        parent_end, child_end = Pipe()
        self.process = _FreshWorker._context.Process(
            target=_serve, args=(child_end, prepare), daemon=True, name="kg-query-worker")
        self.process.start()
        child_end.close()
        self.pid = self.process.pid
        self.conn = parent_end
        self.version = version

    def stop(self) -> None:
        if self.conn.closed:
            return
        self.process.kill()
        self.process.join()
        self.process.close()
        self.conn.close()


class _Worker(_Pipe):
    def __init__(self, prepare: Callable[[], Runner], version: str) -> None:
        parent_end, child_end = Pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            status = 0
            try:
                # keep only our pipe: an inherited copy of another process's pipe (a
                # browser driver's, a sibling worker's) would keep it from seeing EOF
                keep = child_end.fileno()
                os.closerange(3, keep)
                os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
                _serve(child_end, prepare)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        child_end.close()
        self.pid = pid
        self.conn = parent_end
        self.version = version

    def stop(self) -> None:
        """Kill the worker at once and reap it."""
        if self.conn.closed:
            return
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.conn.close()


def _stop_all(workers: set[_Worker | _FreshWorker]) -> None:
    for w in list(workers):
        w.stop()
    workers.clear()


class QueryExecutor:
    """A pool of at most ``workers`` query processes with stoppable queries."""

    def __init__(self, start: Callable[[str], Callable[[], Runner]], *, workers: int,
                 version: Callable[[], str],
                 fork_guard: Callable[[], AbstractContextManager[Any]] = nullcontext,
                 fresh: Sequence[str] | None = None) -> None:
        """``fresh``: start workers from a fork server instead of forking this process,
        which imports these modules (the engine's) ahead of any worker; ``start`` must
        then return a picklable ``prepare``."""
        if workers < 1:
            raise ValueError("a query executor needs at least one worker")
        self._start = start
        self._fork_guard = fork_guard
        self._preload = fresh
        self._size = workers
        self._version = version
        self._cond = threading.Condition()
        self._idle: list[Any] = []
        self._all: set[Any] = set()
        self._busy = 0
        self._closed = False
        # workers of an executor dropped without close() are stopped and reaped too
        weakref.finalize(self, _stop_all, self._all)

    @property
    def size(self) -> int:
        return self._size

    def versions(self) -> set[str]:
        """The store versions the live workers were started on."""
        with self._cond:
            return {w.version for w in self._all}

    def run(self, job: Job, timeout: float) -> Reply:
        """Run ``job`` in a worker; past ``timeout`` seconds the worker is killed and
        :class:`~kg.errors.QueryTimeoutError` raised."""
        deadline = time.monotonic() + timeout
        worker = self._acquire(deadline, timeout)
        try:
            worker.conn.send(job)
            if not worker.answered(max(0.0, deadline - time.monotonic())):
                self._stop(worker)
                worker = None
                raise QueryTimeoutError(
                    f"the query was stopped after its time limit of {timeout:g} s",
                    hint="make it more selective (LIMIT, fewer joins), or ask for a longer "
                         "limit if the server allows it")
            status, value = worker.conn.recv()
        except (EOFError, OSError):
            if worker is not None:
                self._stop(worker)
                worker = None
            raise StoreError("the query worker process ended unexpectedly",
                             hint="the query may need more memory than the server has") from None
        finally:
            self._release(worker)
        if status == "ok":
            return value
        raise _rebuild_error(*value)

    def _acquire(self, deadline: float, timeout: float) -> Any:
        with self._cond:
            while self._busy >= self._size:
                if self._closed:
                    raise StoreError("the store is closed")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise QueryTimeoutError(
                        f"every query worker stayed busy for the query's whole time limit "
                        f"({timeout:g} s)", hint="try again when the server is less busy")
                self._cond.wait(left)
            if self._closed:
                raise StoreError("the store is closed")
            self._busy += 1
            version = self._version()
            stale = [w for w in self._idle if w.version != version]
            self._idle = [w for w in self._idle if w.version == version]
            worker = self._idle.pop() if self._idle else None
        for w in stale:
            self._stop(w)
        if worker is not None:
            return worker
        try:
            with self._fork_guard():  # no write runs in this process while forking
                version = self._version()
                prepare = self._start(version)
                worker = _Worker(prepare, version) if self._preload is None else \
                    _FreshWorker(prepare, version, self._preload)
        except (OSError, KgError) as e:
            self._release(None)
            raise StoreError(f"cannot start a query worker: {e}") from None
        with self._cond:
            self._all.add(worker)
        return worker

    def _release(self, worker: Any) -> None:
        with self._cond:
            self._busy -= 1
            keep = (worker is not None and not self._closed
                    and worker.version == self._version())
            if keep:
                self._idle.append(worker)
            self._cond.notify_all()
        if worker is not None and not keep:
            self._stop(worker)

    def _stop(self, worker: Any) -> None:
        with self._cond:
            self._all.discard(worker)
        worker.stop()

    def close(self) -> None:
        """Stop every worker, those running a query too (their callers get an error)."""
        with self._cond:
            self._closed = True
            retired, self._idle = list(self._all), []
            self._all.clear()
            self._cond.notify_all()
        for w in retired:
            w.stop()
