"""Answering a SPARQL query request: the one function both doors call.

The Flask view (:func:`web.endpoints.sparql.run_query`) and the fast path for plain
query GETs (:class:`web.endpoints.fast_query.FastQueries`, also called on the event loop
by :mod:`web.serve.asgi`) each read a request into :class:`QueryParams` and call
:func:`answer_query`, which does every step: the ETag and ``If-None-Match``, the time
limit, the query (which the store's guard reads first) and the format. Nothing here reads
a request object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal, overload

from werkzeug.http import parse_etags

from kg.settings import Settings
from kg.sparql.single_pattern import is_single_pattern
from kg.store import ReadStore
from kg.store.base import QueryResult
from web.http.errors import error_shape
from web.http.negotiation import negotiate
from web.http.protocol import content_type, etag_of, timeout_seconds


@dataclass(frozen=True)
class QueryParams:
    """A query request as plain values."""

    text: str
    default_graphs: tuple[str, ...] = ()  # default-graph-uri
    named_graphs: tuple[str, ...] = ()  # named-graph-uri
    format: str | None = None  # format= or output=
    accept: str | None = None  # the Accept header
    if_none_match: str | None = None  # the If-None-Match header
    timeout: str | None = None  # timeout= or X-Query-Timeout, in seconds, as sent
    full_path: str = "/sparql?"  # path and query string, for the ETag
    body: str = ""  # the body of a POST, for the ETag
    conditional: bool = True  # whether If-None-Match applies (GET and HEAD)


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, headers (without Content-Length) and body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""


@overload
def answer_query(store: ReadStore, settings: Settings, params: QueryParams, *,
                 wait: Literal[True] = ...) -> Answer: ...
@overload
def answer_query(store: ReadStore, settings: Settings, params: QueryParams, *,
                 wait: bool) -> Answer | None: ...


def answer_query(store: ReadStore, settings: Settings, params: QueryParams, *,
                 wait: bool = True) -> Answer | None:
    """The answer to a query request; raises :class:`kg.errors.KgError` for one that
    cannot be answered (see :func:`error_answer`). With ``wait=False``, None when the
    store cannot answer at once (``query_now`` in :mod:`kg.store.base`): for a caller
    that must not block, such as an event loop."""
    if not wait and not is_single_pattern(params.text):
        return None  # no store answers anything else at once
    tag = etag_of(store.version, params.full_path, params.accept or "", params.body)
    if params.conditional and tag in parse_etags(params.if_none_match):
        return Answer(304, [("ETag", f'"{tag}"')])
    timeout = timeout_seconds(params.timeout, float(settings.query_timeout))
    result = _run(store, settings, params, timeout, wait)
    if result is None:
        return None
    fmt = negotiate(result.kind, params.format, params.accept)
    return Answer(200, [("Content-Type", content_type(fmt)), ("ETag", f'"{tag}"'),
                        ("Cache-Control", "no-cache"), ("Vary", "Accept")],
                  result.serialize(fmt.name))


def _run(store: ReadStore, settings: Settings, params: QueryParams, timeout: float,
         wait: bool) -> QueryResult | None:
    default_graphs = list(params.default_graphs) or None
    named_graphs = list(params.named_graphs) or None
    if wait:
        return store.query(params.text, default_graphs=default_graphs,
                           named_graphs=named_graphs, base_iri=settings.base_iri,
                           timeout=timeout)
    return store.query_now(params.text, default_graphs=default_graphs,
                           named_graphs=named_graphs, base_iri=settings.base_iri)


def error_answer(error: BaseException) -> Answer:
    """The JSON answer for an error, in the shape the Flask app's error handler gives
    (:func:`web.http.errors.error_shape`), serialised as Flask's JSON provider does."""
    status, body = error_shape(error)
    data = (json.dumps(body, separators=(",", ":")) + "\n").encode()
    return Answer(status, [("Content-Type", "application/json")], data)
