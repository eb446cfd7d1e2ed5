"""The ASGI front of `kg serve` (web/asgi.py): lookups answered on the event loop, the
same as the Flask view answers them; everything else through the Flask app in threads.

Requests are sent as an ASGI server sends them (scope, receive, send); `kg serve` itself
runs this app under Granian in tests/web/serve/test_served_clients.py.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.store import WriteStore
from tests.conftest import MakeApp
from tests.web.endpoints.test_sparql_http import INSERT, TOKEN
from web.serve.asgi import AsgiExplorer

LOOKUP = "SELECT ?p ?o WHERE { <http://example.org/a> ?p ?o }"
JOIN = "SELECT ?o WHERE { <http://example.org/a> ?p ?o . OPTIONAL { ?o ?q ?r } }"
JSON = "application/sparql-results+json"

Answer = tuple[int, dict[str, str], bytes]


def call(app: Any, method: str, path: str, params: dict[str, str] | None = None,
         headers: dict[str, str] | None = None, body: bytes = b"") -> Answer:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": urlencode(params or {}).encode(), "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    sent: list[dict[str, Any]] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    def receive() -> asyncio.Future[dict[str, Any]]:
        # an awaitable that is not a coroutine, as Granian's receive() returns
        answer = asyncio.get_running_loop().create_future()
        answer.set_result(chunks.pop(0) if chunks else {"type": "http.disconnect"})
        return answer

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # in a thread of its own: browser tests leave an event loop running in this one
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    start = sent[0]
    assert start["type"] == "http.response.start"
    return (start["status"], {k.decode(): v.decode() for k, v in start["headers"]},
            b"".join(m.get("body", b"") for m in sent[1:]))


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    return make_app(store, write_token=TOKEN, cors_origins="")


@pytest.fixture
def served(client: FlaskClient) -> tuple[AsgiExplorer, Any]:
    assert client.post("/sparql", data=INSERT, headers={
        "Content-Type": "application/sparql-update",
        "Authorization": f"Bearer {TOKEN}"}).status_code == 204
    return AsgiExplorer(client.application, threads=2), client


def threads_broken(app: AsgiExplorer) -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError(f"reached the threads: {scope['method']} {scope['path']}")

    app.threaded = broken  # type: ignore[assignment]


@pytest.mark.parametrize("params,headers", [
    ({"query": LOOKUP}, {"Accept": JSON}),
    ({"query": LOOKUP, "format": "csv"}, {}),
    ({"query": "ASK { ?s ?p ?o }"}, {}),
    ({"query": LOOKUP, "timeout": "soon"}, {}),  # an error, in the same shape
    ({"query": LOOKUP}, {"Accept": "image/png"}),
])
def test_a_lookup_is_answered_as_the_flask_view_answers_it(
        served: tuple[AsgiExplorer, Any], params: dict[str, str],
        headers: dict[str, str]) -> None:
    app, client = served
    flask = client.get(f"/sparql?{urlencode(params)}",  # the same bytes: the same ETag
                       headers={**headers, "Origin": "http://elsewhere.example"})
    if app.fast.store.engine == "embedded":
        threads_broken(app)  # so the answer below comes from the event loop
    status, got_headers, body = call(app, "GET", "/sparql", params, headers)
    assert status == flask.status_code
    assert body == flask.data
    for name in ("content-type", "etag", "vary", "cache-control"):
        assert got_headers.get(name) == flask.headers.get(name), name


def test_a_repeated_lookup_is_not_modified(served: tuple[AsgiExplorer, Any]) -> None:
    app, _ = served
    _, headers, _ = call(app, "GET", "/sparql", {"query": LOOKUP})
    status, again, body = call(app, "GET", "/sparql", {"query": LOOKUP},
                               {"If-None-Match": headers["etag"]})
    assert status == 304 and again["etag"] == headers["etag"] and body == b""


def test_everything_else_goes_to_flask_in_threads(served: tuple[AsgiExplorer, Any]) -> None:
    app, _ = served
    status, _, body = call(app, "GET", "/sparql", {"query": JOIN}, {"Accept": JSON})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 1
    status, headers, body = call(app, "GET", "/sparql")  # the service description
    assert status == 200 and b" a sd:Service" in body
    update = b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> " \
             b"<http://example.org/q> 2 } }"
    status, _, body = call(app, "POST", "/sparql", body=update, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}",
        "Content-Length": str(len(update))})
    assert status == 204, body
    status, _, body = call(app, "GET", "/sparql", {"query": LOOKUP}, {"Accept": JSON})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2
    status, _, body = call(app, "POST", "/sparql", body=update, headers={
        "Content-Type": "application/sparql-update", "Content-Length": str(len(update))})
    assert status == 401 and json.loads(body)["status"] == 401


def test_a_chunked_body_is_read_whole(served: tuple[AsgiExplorer, Any]) -> None:
    """Sent without Content-Length (Transfer-Encoding: chunked), as curl -T does."""
    app, _ = served
    update = b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/b> " \
             b"<http://example.org/q> 3 } }"
    status, _, body = call(app, "POST", "/sparql", body=update, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}",
        "Transfer-Encoding": "chunked"})
    assert status == 204, body
    status, _, body = call(app, "GET", "/sparql",
                           {"query": "ASK { <http://example.org/b> ?p 3 }"})
    assert json.loads(body)["boolean"] is True


def test_only_lookups_skip_the_threads(served: tuple[AsgiExplorer, Any]) -> None:
    app, _ = served
    threads_broken(app)
    service = "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    # (the refusal of a SERVICE comes from the threads too: the guard's parser never
    # runs on the event loop for a query that cannot be answered there)
    for method, params in (("GET", {"query": JOIN}), ("HEAD", {"query": LOOKUP}),
                           ("GET", {}), ("GET", {"query": service})):
        with pytest.raises(AssertionError, match="reached the threads"):
            call(app, method, "/sparql", params)
