"""Running the web app under gunicorn for `kg serve`.

One gunicorn worker process with threads (the ``gthread`` worker): the embedded on-disk
store takes one read-write opener, so the app and its store live in that one worker,
and queries run in the store's own query worker processes (see :mod:`kg.executor`).
The store is opened in the worker, never in gunicorn's master: a forked process does
not inherit RocksDB's background threads.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from kg.errors import KgError
from kg.settings import Settings


class KgServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, make_app: Callable[[], Flask]) -> None:
        self.settings = settings
        self.make_app = make_app
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        host = f"[{s.host}]" if ":" in s.host else s.host
        config: dict[str, Any] = {
            "bind": f"{host}:{s.port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": max(8, 2 * s.query_workers),
            # a request may wait a whole query time limit, plus a write's wait
            "timeout": int(2 * s.query_timeout) + 30,
            "graceful_timeout": 10,
            "keepalive": 5,
            "loglevel": "warning",
            "accesslog": None,
            "limit_request_line": 16384,
            "worker_exit": _close_store,
        }
        for key, value in config.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.make_app()


def _close_store(server: Any, worker: Any) -> None:
    app = getattr(worker, "wsgi", None)
    kg = getattr(app, "extensions", {}).get("kg")
    if kg:
        kg["store"].close()


def prepare_store(settings: Settings, prepare: Callable[[Settings], None]) -> bool:
    """Run ``prepare`` (open the store, build the bundle, close it) in a short-lived child
    process, so that a busy store or a bad bundle is reported before serving. Not here:
    RocksDB starts its background threads once per process, and a gunicorn worker
    forked after that would inherit a thread pool with no threads (its flushes hang)."""
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


def serve(settings: Settings, make_app: Callable[[], Flask]) -> None:
    """Serve the app built by ``make_app`` (called in the worker) until interrupted."""
    KgServer(settings, make_app).run()
