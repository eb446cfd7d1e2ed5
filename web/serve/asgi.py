"""The explorer as an ASGI app, for `kg serve`: lookups on the event loop, the rest in threads.

Under a WSGI server every request, however cheap, is handed to one of a pool of Python
threads, and with eight of them taking turns at the GIL a one-resource lookup cost the
server about 340 µs of CPU against about 90 µs of actual work (bench/README.md). Here a
plain query GET that the store can answer at once (one triple pattern with a short
answer: ``query_now`` in :mod:`kg.store.base`) is answered right on Granian's event loop,
through the same code as the Flask view (:class:`web.endpoints.fast_query.FastQueries`). Every
other request goes to the Flask app unchanged, run in a thread pool by ``a2wsgi``,
where a query may wait on a worker process for as long as its time limit allows without
holding up the loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from a2wsgi import WSGIMiddleware
from flask import Flask

from web.endpoints.fast_query import FastQueries

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class AsgiExplorer:
    """``AsgiExplorer(create_app(...), threads=8)``: an ASGI app over the Flask app.

    It speaks the ASGI lifespan protocol: ``on_shutdown`` (say, closing the store) is
    called when the server stops."""

    def __init__(self, app: Flask, *, threads: int,
                 on_shutdown: Callable[[], None] | None = None) -> None:
        fast = app.wsgi_app
        if not isinstance(fast, FastQueries):
            raise TypeError("the Flask app must come from web.create_app")
        self.fast = fast
        self.threaded = WSGIMiddleware(_whole_body(app), workers=threads)  # type: ignore[arg-type]
        self.on_shutdown = on_shutdown

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if (scope["type"] == "http" and scope["method"] == "GET"
                and scope["path"] == "/sparql"):
            answer = self.fast.respond(_environ(scope), wait=False)
            if answer is not None:
                status, headers, body = answer
                await send({"type": "http.response.start",
                            "status": int(status.split(" ", 1)[0]),
                            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1"))
                                        for k, v in headers]})
                await send({"type": "http.response.body", "body": body})
                return

        async def receive_coroutine() -> dict[str, Any]:
            # a2wsgi hands receive() to run_coroutine_threadsafe, which takes coroutines
            # only; Granian's receive() returns another kind of awaitable
            return await receive()

        await self.threaded(scope, receive_coroutine, send)  # type: ignore[arg-type]

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """Start at once; on shutdown, call ``on_shutdown`` (and report if it fails)."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                try:
                    if self.on_shutdown is not None:
                        self.on_shutdown()
                except Exception as e:
                    await send({"type": "lifespan.shutdown.failed", "message": repr(e)})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                return


def _whole_body(app: Flask) -> Callable[..., Any]:
    """The Flask app, told that a body sent without Content-Length (chunked) ends where
    the client ends it: a2wsgi's input stream does, but does not say so, and werkzeug
    would otherwise read such a body as empty."""

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        environ.setdefault("wsgi.input_terminated", "CONTENT_LENGTH" not in environ)
        return app(environ, start_response)

    return wsgi


def _environ(scope: dict[str, Any]) -> dict[str, Any]:
    """The part of a WSGI environ that :meth:`FastQueries.respond` reads: method, path,
    query string and the headers (repeated ones joined with commas, as WSGI does)."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "PATH_INFO": scope["path"],
        "QUERY_STRING": scope["query_string"].decode("latin-1"),
    }
    for name, value in scope["headers"]:
        key = "HTTP_" + name.decode("latin-1").upper().replace("-", "_")
        text = value.decode("latin-1")
        environ[key] = f"{environ[key]},{text}" if key in environ else text
    return environ
