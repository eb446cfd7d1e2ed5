"""Running the web app under Granian for `kg serve`.

Granian is an HTTP server written in Rust: the HTTP work (parsing, keep-alive, writing
answers) happens outside Python, so one worker process answers several times the
requests gunicorn's threaded worker did with the same Flask app (bench/README.md).
One worker process (the embedded on-disk store takes one read-write opener) serving
the explorer as an ASGI app (:mod:`web.serve.asgi`): lookups the store answers at once on
the event loop, everything else in a pool of Python threads that wait on the store's
query worker processes (:mod:`kg.store.executor`). The store is opened in the worker, never
in Granian's main process: a forked process does not inherit RocksDB's background
threads.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask
from granian.constants import HTTPModes, Interfaces
from granian.log import LogLevels
from granian.server import Server

from kg.errors import ConfigError, KgError
from kg.settings import Settings
from kgcli.context import ready_store
from web import create_app
from web.http.context import app_state
from web.serve.asgi import AsgiExplorer

Asgi = Callable[..., Any]


def _load_app(make_app: Callable[[Settings], Flask], settings: Settings) -> Asgi:
    """The app of a Granian worker: the explorer over a store opened in the worker, which
    closes the store when the worker stops (the ASGI lifespan shutdown)."""
    end_with_parent()
    app = make_app(settings)
    return AsgiExplorer(app, threads=threads(settings), on_shutdown=app_state(app).store.close)


def end_with_parent(poll: float = 0.5) -> None:
    """End this Granian worker when the server process that started it ends, even by
    SIGKILL: an orphaned worker would go on answering on the port and holding the store's
    lock, and the next `kg serve` could not start. (The query workers end in turn when
    this process does: see :mod:`kg.store.executor`.) The store needs no goodbye:
    RocksDB recovers from its log, as after a power cut."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(1)

    threading.Thread(target=watch, name="kg-serve-parent-watch", daemon=True).start()


def served_app(settings: Settings) -> Flask:
    """The explorer over a store opened in this process (a Granian worker)."""

    return create_app(settings, store=ready_store(settings, quiet=True))


def threads(settings: Settings) -> int:
    """Python threads for the requests not answered on the event loop: enough to keep
    every query worker busy while other requests (pages) go on."""
    return max(8, 2 * settings.query_workers)


def check_address(settings: Settings) -> None:
    """Fail in words, before anything starts, when the address cannot be listened on
    (Granian would end with a Rust backtrace)."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((settings.host, settings.port))
        except OSError as e:
            raise ConfigError(f"cannot listen on {settings.host}:{settings.port}: "
                              f"{e.strerror or e}",
                              hint="choose another port with --port (KG_PORT), or stop the "
                                   "program using it") from None


def prepare_store(settings: Settings, prepare: Callable[[Settings], None]) -> bool:
    """Run ``prepare`` (open the store, build the bundle, close it) in a short-lived child
    process, so that a busy store or a bad bundle is reported before serving. Not here:
    RocksDB starts its background threads once per process, and a worker forked after
    that would inherit a thread pool with no threads (its flushes hang)."""
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            prepare(settings)
            status = 0
        except KgError as e:
            print(f"kg: error: {e}", file=sys.stderr, flush=True)
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def serve(settings: Settings, make_app: Callable[[Settings], Flask]) -> None:
    """Serve the app built by ``make_app(settings)`` (called in the worker, so it must be
    a module-level function) until interrupted."""
    n = threads(settings)
    server = Server(
        "kg",  # only a name: the app comes from make_app
        address=settings.host,
        port=settings.port,
        interface=Interfaces.ASGI,  # with lifespan events: the store is closed on shutdown
        workers=1,
        backpressure=4 * n,
        http=HTTPModes.http1,
        websockets=False,
        log_level=LogLevels.warning,
        log_access=False,
    )
    server.serve(target_loader=partial(_load_app, make_app, settings), wrap_loader=False)
