"""HTTP plumbing shared by the SPARQL and Graph Store endpoints: time limits, CORS for
reads and ETags by store version. (The write token: :mod:`web.http.auth`; formats:
:mod:`web.http.negotiation`.)"""

from __future__ import annotations

import hashlib

from flask import Response, request

from kg.errors import BadRequestError
from kg.rdf.formats import Format
from web.http.context import settings, store

#: Request headers a browser page may send to the read endpoints.
_CORS_HEADERS = "Accept, Content-Type, If-None-Match, X-Query-Timeout"
#: The blueprints whose answers other origins may read.
CORS_BLUEPRINTS = frozenset({"sparql", "graph_store"})


def asked_timeout() -> str | None:
    """The time limit the current request asks for, as sent (``timeout=`` in seconds or
    the ``X-Query-Timeout`` header); :func:`timeout_seconds` reads it."""
    asked = request.args.get("timeout") or request.headers.get("X-Query-Timeout")
    if request.mimetype == "application/x-www-form-urlencoded":
        asked = request.form.get("timeout") or asked
    return asked


def timeout_seconds(asked: str | None, limit: float) -> float:
    """A request's time limit: ``asked`` seconds, at most ``limit``."""
    if not asked:
        return limit
    try:
        seconds = float(asked)
    except ValueError:
        raise BadRequestError(f"timeout must be a number of seconds, got {asked!r}") from None
    if not seconds > 0:
        raise BadRequestError(f"timeout must be more than 0 seconds, got {asked!r}")
    return min(seconds, limit)


def etag() -> str:
    """A validator for a read: the store's version and everything the answer depends on."""
    return etag_of(store().version, request.full_path, request.headers.get("Accept", ""),
                   request.get_data(as_text=True) if request.method == "POST" else "")


def etag_of(version: str, full_path: str, accept: str, body: str) -> str:
    return hashlib.sha256("\n".join((version, full_path, accept, body)).encode()).hexdigest()[:32]


def not_modified(tag: str) -> Response | None:
    """A 304 when the client already holds the answer with this tag."""
    if request.method in ("GET", "HEAD") and tag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(tag)
        return response
    return None


def content_type(fmt: Format) -> str:
    """The Content-Type of an answer in ``fmt``: UTF-8 named for text formats."""
    mimetype = fmt.media_type
    if mimetype.startswith("text/") or mimetype.endswith(("json", "xml")):
        mimetype += "; charset=utf-8"
    return mimetype


def rdf_response(body: bytes, fmt: Format, tag: str | None = None) -> Response:
    response = Response(body, content_type=content_type(fmt))
    if tag:
        response.set_etag(tag)
        response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Accept")
    return response


def add_cors(response: Response) -> Response:
    """An ``after_request`` hook: let pages on the configured origins read the answers of
    the SPARQL and Graph Store endpoints (never write: the ``Authorization`` header is
    not allowed across origins)."""
    if request.blueprint not in CORS_BLUEPRINTS:
        return response
    origin = request.headers.get("Origin")
    allowed = settings().cors_origins.split()
    if not origin or not allowed:
        return response
    response.vary.add("Origin")
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
    else:
        return response
    response.headers["Access-Control-Expose-Headers"] = "ETag, Content-Type"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST"
        response.headers["Access-Control-Allow-Headers"] = _CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = "600"
    return response

