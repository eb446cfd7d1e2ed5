"""The write token: the one check every write route makes (``/sparql`` updates,
``/store`` writes, ``/api/load``, ``/api/loads/<id>/undo``).

A server without a ``write_token`` is read-only (403 ``read_only``); a write without
``Authorization: Bearer <token>`` is 401 ``unauthorized`` with ``WWW-Authenticate``;
a wrong token is 403 ``forbidden``. The scheme is matched in any case (RFC 7235 §2.1)
and the token compared in constant time.
"""

from __future__ import annotations

import hmac

from flask import Response, request

from kg.errors import AuthError, ForbiddenError, ReadOnlyError
from web.http.context import settings

#: The challenge a 401 carries (RFC 6750 §3).
CHALLENGE = 'Bearer realm="space-kg"'


def require_write() -> None:
    """Let the current request write only with ``Authorization: Bearer <write_token>``."""
    check_write_token(settings().write_token, request.headers.get("Authorization"))


def check_write_token(token: str | None, authorization: str | None) -> None:
    """Raise unless the ``Authorization`` header value presents ``token`` as a bearer
    token. ``token`` empty or None: the server accepts no writes."""
    if not token:
        raise ReadOnlyError("this server is read-only: it accepts no writes over HTTP",
                            hint="the operator can set write_token (KG_WRITE_TOKEN) to "
                                 "accept writes that present it")
    scheme, _, given = (authorization or "").strip().partition(" ")
    given = given.strip()
    if scheme.lower() != "bearer" or not given:
        raise AuthError("a write needs the header 'Authorization: Bearer <token>'",
                        hint="ask the operator for the write token")
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ForbiddenError("the bearer token is not the write token")


def www_authenticate(response: Response) -> Response:
    """An ``after_request`` hook: every 401 says how to authenticate."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = CHALLENGE
    return response
