"""The busiest request, a SPARQL query by GET, answered without Flask's request machinery.

Tools poll ``GET /sparql?query=...`` far more than anything else, and for a cheap query
Flask's request context, routing and response objects cost more than the query itself
(bench/README.md). This WSGI middleware answers plain query GETs itself, through the
same steps as the Flask view (:func:`web.endpoints.sparql.run_query`): the same guard, format
negotiation, time limit, ETag and error shape. Anything else (POST, updates, the
service description, CORS requests, parameters it does not know, HEAD) goes on to the
Flask app unchanged. Under `kg serve`, :mod:`web.serve.asgi` calls :meth:`FastQueries.respond`
on its event loop for lookups the store answers at once; the rest reach this middleware
in a thread.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from kg.errors import KgError
from kg.settings import Settings
from kg.sparql.guard import allowed_endpoints, check_query
from kg.sparql.single_pattern import is_single_pattern
from kg.store import WriteStore
from web.http.negotiation import negotiate
from web.http.protocol import content_type, etag_of, timeout_seconds

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

#: The parameters a plain query GET may carry; any other sends it to the Flask view.
_PARAMS = frozenset({"query", "default-graph-uri", "named-graph-uri", "format", "output",
                     "timeout"})
_log = logging.getLogger(__name__)


class FastQueries:
    """WSGI middleware: ``app.wsgi_app = FastQueries(app.wsgi_app, settings, store)``."""

    def __init__(self, app: WsgiApp, settings: Settings, store: WriteStore) -> None:
        self.app = app
        self.settings = settings
        self.store = store
        self.allow = allowed_endpoints(settings.service_allow)

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
        once (see ``query_now`` in :mod:`kg.store.base`): for a caller that must not
        block, such as the event loop of :mod:`web.serve.asgi`."""
        params = self._plain_query(environ)
        if params is None:
            return None
        if not wait and not is_single_pattern(params["query"][0]):
            # no store answers anything else at once; and the guard's parser must not
            # hold up the caller's event loop for a long text
            return None
        try:
            answer = self._answer(environ, params, wait)
            if answer is None:
                return None
            status, headers, body = answer
        except KgError as e:
            status, headers, body = _error(e.status, e.to_dict())
        except Exception:  # the Flask app would answer 500 in the same shape
            _log.exception("error answering %s", environ.get("QUERY_STRING", "")[:200])
            status, headers, body = _error(500, {
                "error": "internal_server_error",
                "message": "The server encountered an internal error and was unable to "
                           "complete your request."})
        headers.append(("Content-Length", str(len(body))))
        return status, headers, body

    @staticmethod
    def _plain_query(environ: dict[str, Any]) -> dict[str, list[str]] | None:
        """The parameters of a plain query GET, or None for any other request."""
        if (environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != "/sparql"
                or "HTTP_ORIGIN" in environ):
            return None
        qs = environ.get("QUERY_STRING", "")
        if "query=" not in qs:
            return None
        params = parse_qs(qs, keep_blank_values=True, errors="replace")
        if not params.keys() <= _PARAMS or len(params.get("query", ())) != 1:
            return None
        if not params["query"][0].strip():
            return None
        return params

    def _answer(self, environ: dict[str, Any], params: dict[str, list[str]],
                wait: bool) -> tuple[str, list[tuple[str, str]], bytes] | None:
        text = params["query"][0]
        default_graphs = params.get("default-graph-uri", [])
        named_graphs = params.get("named-graph-uri", [])
        store = self.store
        check_query(text, self.allow, graphs=default_graphs + named_graphs,
                    held=store.named_graphs)
        accept = environ.get("HTTP_ACCEPT")
        full_path = "/sparql?" + environ.get("QUERY_STRING", "")
        tag = etag_of(store.version, full_path, accept or "", "")
        if _holds(environ.get("HTTP_IF_NONE_MATCH"), tag):
            return "304 NOT MODIFIED", [("ETag", f'"{tag}"')], b""
        asked_format = _first(params, "format") or _first(params, "output")
        asked_timeout = _first(params, "timeout") or environ.get("HTTP_X_QUERY_TIMEOUT")
        timeout = timeout_seconds(asked_timeout, float(self.settings.query_timeout))
        if wait:
            result = store.query(text, default_graphs=default_graphs or None,
                                 named_graphs=named_graphs or None,
                                 base_iri=self.settings.base_iri, timeout=timeout)
        else:
            found = store.query_now(text, default_graphs=default_graphs or None,
                                    named_graphs=named_graphs or None,
                                    base_iri=self.settings.base_iri)
            if found is None:
                return None
            result = found
        fmt = negotiate(result.kind, asked_format, accept)
        body = result.serialize(fmt.name)
        return "200 OK", [("Content-Type", content_type(fmt)), ("ETag", f'"{tag}"'),
                          ("Cache-Control", "no-cache"), ("Vary", "Accept")], body


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _holds(if_none_match: str | None, tag: str) -> bool:
    """Whether If-None-Match names ``tag`` (strong comparison, or ``*``)."""
    if not if_none_match:
        return False
    tokens = [t.strip() for t in if_none_match.split(",")]
    return "*" in tokens or f'"{tag}"' in tokens


def _error(status: int, body: dict[str, object]) -> tuple[str, list[tuple[str, str]], bytes]:
    body["status"] = status
    data = (json.dumps(body, separators=(",", ":")) + "\n").encode()
    return (f"{status} {HTTPStatus(status).phrase.upper()}",
            [("Content-Type", "application/json")], data)
