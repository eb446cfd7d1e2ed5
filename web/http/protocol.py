"""HTTP plumbing shared by the SPARQL and Graph Store endpoints: the write token, time
limits, CORS for reads and ETags by store version."""

from __future__ import annotations

import hashlib
import hmac

from flask import Response, request

from kg.errors import AuthError, BadRequestError, ForbiddenError, ReadOnlyError
from kg.rdf.formats import Format
from web.http.context import settings, store

#: Request headers a browser page may send to the read endpoints.
_CORS_HEADERS = "Accept, Content-Type, If-None-Match, X-Query-Timeout"


def require_token() -> None:
    """Let a write through only with ``Authorization: Bearer <write_token>``."""
    token = settings().write_token
    if not token:
        raise ReadOnlyError("this server is read-only: it accepts no writes over HTTP",
                            hint="the operator can set write_token (KG_WRITE_TOKEN) to "
                                 "accept writes that present it")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise AuthError("a write needs the header 'Authorization: Bearer <token>'",
                        hint="ask the operator for the write token")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ForbiddenError("the bearer token is not the write token")


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
    """Let pages on the configured origins read the answer (never write: the
    ``Authorization`` header is not allowed across origins)."""
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


def www_authenticate(response: Response) -> Response:
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="space-kg"'
    return response
