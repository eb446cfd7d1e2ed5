"""The ``max_body`` limit on every request body, one sent without ``Content-Length``
(chunked) too: Flask enforces ``MAX_CONTENT_LENGTH`` only against a declared length, so
a chunked body of any size was read whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import RequestEntityTooLarge

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class _AtMost:
    """A body stream that raises 413 once it holds more than ``limit`` bytes. The reader
    above (werkzeug) asks for at most ``limit`` bytes and would stop there silently, so
    reaching the limit looks one byte further."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.left = limit

    def _take(self, data: bytes) -> bytes:
        self.left -= len(data)
        if self.left < 0 or (self.left == 0 and self.stream.read(1)):
            raise RequestEntityTooLarge("the request body is larger than the server reads "
                                        "(max_body)")
        return bytes(data)

    def read(self, size: int | None = -1) -> bytes:
        want = self.left + 1 if size is None or size < 0 else min(size, self.left + 1)
        return self._take(self.stream.read(want)) if want else b""

    def readline(self, size: int | None = -1) -> bytes:
        want = self.left + 1 if size is None or size < 0 else min(size, self.left + 1)
        return self._take(self.stream.readline(want)) if want else b""

    def __iter__(self) -> Any:
        while line := self.readline():
            yield line


class BodyLimit:
    """WSGI middleware: a body without a length is read through a stream that raises
    werkzeug's 413 past ``limit`` bytes (answered in the JSON error shape)."""

    def __init__(self, app: WsgiApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not environ.get("CONTENT_LENGTH") and environ.get("wsgi.input") is not None:
            environ["wsgi.input"] = _AtMost(environ["wsgi.input"], self.limit)
        return self.app(environ, start_response)
