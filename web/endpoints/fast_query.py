"""The busiest request, a SPARQL query by GET, answered without Flask's request machinery.

Tools poll ``GET /sparql?query=...`` far more than anything else, and for a cheap query
Flask's request context, routing and response objects cost more than the query itself
(bench/README.md). This WSGI middleware answers plain query GETs itself: it reads the
environ into :class:`~web.endpoints.sparql_query.QueryParams` and calls
:func:`~web.endpoints.sparql_query.answer_query`, as the Flask view does. Anything else
(POST, updates, the service description, CORS requests, parameters it does not know,
HEAD) goes on to the Flask app unchanged. Under `kg serve`, :mod:`web.serve.asgi` calls
:meth:`FastQueries.respond` on its event loop for lookups the store answers at once; the
rest reach this middleware in a thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from kg.errors import KgError
from kg.settings import Settings
from kg.store import ReadStore
from web.endpoints.sparql_query import QueryParams, answer_query, error_answer
from web.http.security import SECURITY_HEADERS

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

#: The parameters a plain query GET may carry; any other sends it to the Flask view.
_PARAMS = frozenset({"query", "default-graph-uri", "named-graph-uri", "format", "output",
                     "timeout"})
_log = logging.getLogger(__name__)


class FastQueries:
    """WSGI middleware: ``app.wsgi_app = FastQueries(app.wsgi_app, settings, store)``."""

    def __init__(self, app: WsgiApp, settings: Settings, store: ReadStore) -> None:
        self.app = app
        self.settings = settings
        self.store = store

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        answer = self.respond(environ)
        if answer is None:
            return self.app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def respond(self, environ: dict[str, Any], *,
                wait: bool = True) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """The answer to a plain query GET as (status, headers, body), or None for any
        other request. With ``wait=False``, None too when the store cannot answer at
        once: for a caller that must not block, such as the event loop of
        :mod:`web.serve.asgi`."""
        params = plain_query(environ)
        if params is None:
            return None
        try:
            answer = answer_query(self.store, self.settings, params, wait=wait)
        except Exception as e:  # the Flask app would answer in the same shape
            if not isinstance(e, KgError):
                _log.exception("error answering %s", environ.get("QUERY_STRING", "")[:200])
            answer = error_answer(e)
        if answer is None:
            return None
        status = f"{answer.status} {HTTPStatus(answer.status).phrase.upper()}"
        headers = [*answer.headers, ("Content-Length", str(len(answer.body))), *SECURITY_HEADERS]
        return status, headers, answer.body


def plain_query(environ: dict[str, Any]) -> QueryParams | None:
    """The query of a plain query GET, or None for any other request."""
    if (environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != "/sparql"
            or "HTTP_ORIGIN" in environ):
        return None
    qs = environ.get("QUERY_STRING", "")
    if "query=" not in qs:
        return None
    values = parse_qs(qs, keep_blank_values=True, errors="replace")
    if not values.keys() <= _PARAMS or len(values.get("query", ())) != 1:
        return None
    text = values["query"][0]
    if not text.strip():
        return None
    return QueryParams(
        text=text,
        default_graphs=tuple(values.get("default-graph-uri", ())),
        named_graphs=tuple(values.get("named-graph-uri", ())),
        format=_first(values, "format") or _first(values, "output"),
        accept=environ.get("HTTP_ACCEPT"),
        if_none_match=environ.get("HTTP_IF_NONE_MATCH"),
        timeout=_first(values, "timeout") or environ.get("HTTP_X_QUERY_TIMEOUT"),
        full_path="/sparql?" + qs)


def _first(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    return found[0] if found else None
