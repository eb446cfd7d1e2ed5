"""Plain GET queries answered outside Flask (web/fast_query.py) behave exactly as the
Flask view does: same status, body, headers and error shape, on every engine.

The oracle is the Flask view itself: a request with an ``Origin`` header is left to it
(CORS belongs to Flask; here no origin is allowed, so the header changes nothing else),
so each request is sent twice, with and without one, and the two answers compared.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kg.store import WriteStore
from tests.conftest import MakeApp
from tests.web.endpoints.test_sparql_http import INSERT, TOKEN, bearer
from web.endpoints.fast_query import FastQueries

SELECT = "SELECT ?p ?o WHERE { <http://example.org/a> ?p ?o }"
ORIGIN = {"Origin": "http://elsewhere.example"}

CASES: list[tuple[str, dict[str, str], dict[str, str]]] = [
    ("select json", {"query": SELECT}, {"Accept": "application/sparql-results+json"}),
    ("select xml", {"query": SELECT}, {"Accept": "application/sparql-results+xml"}),
    ("select csv by format=", {"query": SELECT, "format": "csv"}, {}),
    ("select tsv by output=", {"query": SELECT, "output": "tsv"}, {}),
    ("no accept header", {"query": SELECT}, {}),
    ("ask", {"query": "ASK { ?s ?p ?o }"}, {}),
    ("construct turtle", {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": "text/turtle"}),
    ("construct with charset", {"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
     {"Accept": "text/turtle; charset=utf-8"}),
    ("default graph", {"query": SELECT, "default-graph-uri": "http://example.org/g"}, {}),
    ("syntax error", {"query": "SELECT ?s WHERE { ?s ?p }"}, {}),
    ("bad timeout", {"query": SELECT, "timeout": "soon"}, {}),
    ("zero timeout", {"query": SELECT, "timeout": "0"}, {}),
    ("unknown format", {"query": SELECT, "format": "yaml"}, {}),
    ("unacceptable", {"query": SELECT}, {"Accept": "image/png"}),
    ("service refused", {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
     {}),
    ("unheld graph refused", {"query": SELECT, "named-graph-uri": "http://127.0.0.1:9/g"}, {}),
]

COMPARED = ("Content-Type", "ETag", "Vary", "Cache-Control")


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    # no origin allowed, so an Origin header changes nothing
    return make_app(store, write_token=TOKEN, cors_origins="")


@pytest.fixture
def client(client: FlaskClient) -> FlaskClient:
    r = client.post("/sparql", data=INSERT, headers={
        "Content-Type": "application/sparql-update", **bearer()})
    assert r.status_code == 204
    return client


def body(r: TestResponse) -> Any:
    if r.mimetype and r.mimetype.endswith("json"):
        return json.loads(r.data)
    return r.data


@pytest.mark.parametrize("name,params,headers", CASES, ids=[c[0] for c in CASES])
def test_same_answer_as_the_flask_view(client: FlaskClient, name: str,
                                       params: dict[str, str],
                                       headers: dict[str, str]) -> None:
    fast = client.get("/sparql", query_string=params, headers=headers)
    flask = client.get("/sparql", query_string=params, headers={**headers, **ORIGIN})
    assert fast.status_code == flask.status_code
    assert body(fast) == body(flask)
    for header in COMPARED:
        assert fast.headers.get(header) == flask.headers.get(header), header
    if fast.status_code >= 400:
        assert body(fast)["status"] == fast.status_code and body(fast)["message"]


def test_a_repeated_get_is_not_modified(client: FlaskClient) -> None:
    first = client.get("/sparql", query_string={"query": SELECT})
    tag = first.headers["ETag"]
    again = client.get("/sparql", query_string={"query": SELECT},
                       headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["ETag"] == tag and not again.data
    other = client.get("/sparql", query_string={"query": SELECT},
                       headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and body(other) == body(first)


def test_plain_gets_never_reach_flask(client: FlaskClient) -> None:
    """With the Flask app behind the middleware broken, plain GETs are still answered
    (so the comparisons above did compare two paths), and everything else is not."""
    fast = client.application.wsgi_app
    assert isinstance(fast, FastQueries)

    def broken(environ: dict[str, Any], start_response: Any) -> Any:
        raise AssertionError(f"reached Flask: {environ['REQUEST_METHOD']} {environ['PATH_INFO']}")

    fast.app = broken
    r = client.get("/sparql", query_string={"query": SELECT})
    assert r.status_code == 200 and len(body(r)["results"]["bindings"]) == 1
    for send in (lambda: client.get("/sparql"),  # the service description
                 lambda: client.get("/sparql", query_string={"query": SELECT}, headers=ORIGIN),
                 lambda: client.get("/sparql", query_string={"query": SELECT, "x": "1"}),
                 lambda: client.get("/sparql", query_string={"query": ""}),
                 lambda: client.post("/sparql", data={"query": SELECT}),
                 lambda: client.get("/", query_string={"query": SELECT})):
        with pytest.raises(AssertionError, match="reached Flask"):
            send()
