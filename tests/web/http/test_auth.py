"""One write-token check (web/http/auth.py) on every write route: the same Authorization
header gets the same answer from /sparql updates, /store writes, /api/load and
/api/loads/<id>/undo. The check does not depend on the engine, so one in-memory store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kg.errors import AuthError, ForbiddenError, ReadOnlyError
from kg.settings import load_settings
from kg.store.oxigraph.store import EmbeddedStore
from web import create_app
from web.http.auth import check_write_token

TOKEN = "s3cret-token"
TURTLE = "<http://example.org/a> <http://example.org/p> 1 ."
UPDATE = "INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }"

Send = Callable[[FlaskClient, dict[str, str]], TestResponse]

ROUTES: dict[str, Send] = {
    "sparql update": lambda c, h: c.post("/sparql", data=UPDATE, headers={
        **h, "Content-Type": "application/sparql-update"}),
    "sparql update form": lambda c, h: c.post("/sparql", data={"update": UPDATE}, headers=h),
    "store put": lambda c, h: c.put("/store?graph=http://example.org/g", data=TURTLE,
                                    headers={**h, "Content-Type": "text/turtle"}),
    "store post": lambda c, h: c.post("/store?default", data=TURTLE,
                                      headers={**h, "Content-Type": "text/turtle"}),
    "store delete": lambda c, h: c.delete("/store?default", headers=h),
    "api load": lambda c, h: c.post("/api/load", data=TURTLE,
                                    headers={**h, "Content-Type": "text/turtle"}),
    "api undo": lambda c, h: c.post("/api/loads/no-such-load/undo", headers=h),
}

#: Authorization header -> (status, error code); None: let through
HEADERS: list[tuple[str | None, tuple[int, str] | None]] = [
    (None, (401, "unauthorized")),
    ("", (401, "unauthorized")),
    ("Bearer", (401, "unauthorized")),
    ("Bearer ", (401, "unauthorized")),
    (f"Basic {TOKEN}", (401, "unauthorized")),
    (f"Bearer{TOKEN}", (401, "unauthorized")),
    ("Bearer wrong", (403, "forbidden")),
    (f"Bearer {TOKEN}x", (403, "forbidden")),
    (f"Bearer {TOKEN}", None),
    (f"bearer {TOKEN}", None),  # the scheme in any case (RFC 7235 2.1)
    (f"BEARER {TOKEN}", None),
    (f"Bearer  {TOKEN} ", None),
]


def client(token: str = TOKEN) -> FlaskClient:
    settings = load_settings({"memory": True, "write_token": token}, environ={})
    return create_app(settings, store=EmbeddedStore()).test_client()


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("header,refused", HEADERS, ids=[repr(h) for h, _ in HEADERS])
def test_the_same_header_gets_the_same_answer_on_every_write_route(
        route: str, header: str | None, refused: tuple[int, str] | None) -> None:
    r = ROUTES[route](client(), {} if header is None else {"Authorization": header})
    if refused is None:
        assert r.status_code not in (401, 403), r.get_data(as_text=True)
        return
    assert (r.status_code, r.get_json()["error"]) == refused
    assert r.get_json()["status"] == r.status_code
    if r.status_code == 401:
        assert r.headers["WWW-Authenticate"] == 'Bearer realm="space-kg"'
    else:
        assert "WWW-Authenticate" not in r.headers


@pytest.mark.parametrize("route", ROUTES)
def test_a_read_only_server_refuses_every_write_alike(route: str) -> None:
    for header in ({}, {"Authorization": f"Bearer {TOKEN}"}):
        r = ROUTES[route](client(token=""), header)
        assert (r.status_code, r.get_json()["error"]) == (403, "read_only")
        assert "read-only" in r.get_json()["message"]


def test_the_check_itself() -> None:
    check_write_token(TOKEN, f"Bearer {TOKEN}")
    check_write_token(TOKEN, f"bEaReR {TOKEN}")
    with pytest.raises(ReadOnlyError):
        check_write_token("", f"Bearer {TOKEN}")
    with pytest.raises(ReadOnlyError):
        check_write_token(None, None)
    with pytest.raises(AuthError):
        check_write_token(TOKEN, None)
    with pytest.raises(ForbiddenError):
        check_write_token(TOKEN, "Bearer " + "é" * 3)  # not ASCII: refused, not a 500
