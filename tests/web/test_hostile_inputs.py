"""Hostile input, sent as an attacker would: nothing gives a 5xx, takes the process down,
or reaches another host. Crashes and exhaustion found before (deep JSON-LD, deeply
nested SPARQL groups, RDF/XML entities), engine evaluation errors that were 503s, and
property-based fuzzing of queries and updates built from SPARQL's own tokens, the ones
that reach out included. A loopback listener stands in for every other host.

At the end of the module the figures (inputs tried, 5xx, listener hits) are printed."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.settings import load_settings
from kg.store.oxigraph import EmbeddedStore
from tests.web.endpoints.test_ssrf import Listener
from web import create_app

TOKEN = "t0ken"
FIGURES = {"inputs": 0, "5xx": 0}


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()
    print(f"\nhostile inputs: {FIGURES['inputs']} tried, {FIGURES['5xx']} answered 5xx, "
          f"{len(server.seen)} listener hits")


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    store = EmbeddedStore()
    store.load(b"<http://example.org/a> <http://example.org/p> 1 .", "turtle",
               graph="http://example.org/g")
    s = load_settings({"memory": True, "write_token": TOKEN}, environ={})
    return create_app(s, store=store).test_client()


def sent(r: object) -> int:
    FIGURES["inputs"] += 1
    status = int(r.status_code)  # type: ignore[attr-defined]
    if status >= 500:
        FIGURES["5xx"] += 1
    return status


def deep_jsonld(n: int) -> bytes:
    return ('{"@id":"http://a","http://p":' * n + '"x"' + "}" * n).encode()


ENTITIES = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b '
            b'"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rdf:RDF xmlns:rdf='
            b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:p="http://p/">'
            b'<rdf:Description rdf:about="http://a"><p:p>&b;</p:p></rdf:Description></rdf:RDF>')


@pytest.mark.parametrize(("body", "media_type"), [
    (deep_jsonld(5000), "application/ld+json"),
    (ENTITIES, "application/rdf+xml"),
    ("\ufeff<a>".encode("utf-16"), "application/rdf+xml"),
])
def test_uploads_that_crashed_or_exploded_are_refused(body: bytes, media_type: str,
                                                     client: FlaskClient) -> None:
    r = client.post("/api/validate", data=body, content_type=media_type)
    assert sent(r) == 400, r.get_data(as_text=True)
    r = client.put("/store?graph=http://example.org/up", data=body, content_type=media_type,
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert sent(r) == 400, r.get_data(as_text=True)
    assert client.get("/store?graph=http://example.org/up").status_code == 404


@pytest.mark.parametrize("text", [
    "SELECT * WHERE " + "{ " * 3000 + "}" * 3000,
    "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
])
def test_deep_queries_are_refused_before_the_parser(text: str, client: FlaskClient) -> None:
    assert sent(client.post("/sparql", data={"query": text})) == 400
    r = client.post("/sparql", data={"update": "INSERT { <http://a> <http://b> 1 } WHERE "
                                     + text.split("WHERE ", 1)[1]},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert sent(r) == 400


@pytest.mark.parametrize(("operation", "text"), [
    ("query", "SELECT * WHERE { BIND(<http://unknown/f>(1) AS ?x) }"),
    ("update", "DROP GRAPH <http://example.org/missing>"),
    ("update", "CREATE GRAPH <http://example.org/g>"),
    ("query", "SELECT (-1.5 AS ?x) (\"\\U0001F600\" AS ?y) WHERE {}"),
])
def test_evaluation_errors_are_the_clients(operation: str, text: str,
                                          client: FlaskClient) -> None:
    r = client.post("/sparql", data={operation: text},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert sent(r) < 500, r.get_data(as_text=True)
    if r.status_code >= 400:
        assert r.get_json()["error"] == "evaluation"


TOKENS = st.sampled_from([
    "SELECT", "*", "?x", "?p", "WHERE", "{", "}", "(", ")", "[", "]", ".", ";", ",",
    "SERVICE", "service", "SILENT", "LOAD", "FROM", "NAMED", "GRAPH", "OPTIONAL", "UNION",
    "FILTER", "BIND", "AS", "VALUES", "<http://example.org/a>", "<{url}>", "<sparql>",
    "PREFIX", "x:", "x:y", "BASE", '"\\u0022"', '"s"', "'''", '"""', "#", "\n", "\\u0053",
    "\\u007B", "\\U0000007d", "1", "-1.5", "2e9", "a", "^", "|", "/", "?", "!", "=",
    "INSERT", "DELETE", "DATA", "CLEAR", "DROP", "CREATE", "USING", "WITH", "ALL",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(words=st.lists(TOKENS, min_size=1, max_size=40), update=st.booleans(),
       glue=st.sampled_from([" ", "", "\t"]))
def test_fuzzed_requests_never_fail_the_server_or_reach_out(
        words: list[str], update: bool, glue: str, client: FlaskClient,
        listener: Listener) -> None:
    base = listener.url.rsplit("/", 1)[0] + "/"
    text = glue.join(words).replace("{url}", listener.url).replace("<sparql>", f"<{base}sparql>")
    if update:
        r = client.post("/sparql", data={"update": text},
                        headers={"Authorization": f"Bearer {TOKEN}"})
    else:
        r = client.get("/sparql", query_string={"query": text})
    assert sent(r) < 500, (text, r.get_data(as_text=True))
    assert listener.seen == [], text


@pytest.mark.parametrize(("size", "status"), [(5000, 413), (900, 200)])
def test_max_body_holds_for_bodies_without_a_length(size: int, status: int) -> None:
    """A chunked body (no Content-Length, as a server hands it on) is cut at max_body
    with a 413: Flask checks only a declared length."""
    s = load_settings({"memory": True, "max_body": 1000}, environ={})
    app = create_app(s, store=EmbeddedStore())
    body = b"<http://a> <http://b> <http://c> .\n" * (size // 36)
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/validate", "QUERY_STRING": "",
               "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http",
               "wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True,
               "CONTENT_TYPE": "application/n-triples", "wsgi.errors": io.StringIO()}
    seen: list[str] = []
    answer = b"".join(app(environ, lambda st, headers, exc=None: seen.append(st)))
    FIGURES["inputs"] += 1
    assert int(seen[0].split()[0]) == status, answer[:300]


@pytest.mark.parametrize("url", ["/timeline?from=%C2%B2", "/timeline.json?to=%D9%A3",
                                 "/timeline.json?from=1%C2%B2"])
def test_digits_that_are_not_ascii_are_a_bad_request(url: str, client: FlaskClient) -> None:
    """``"²".isdigit()`` is true but ``int("²")`` fails: it was a 500."""
    assert sent(client.get(url)) == 400


@pytest.mark.parametrize("text", [
    "INSERT { <http://a> <http://b> 1 } WHERE " + "{ " * 3000 + "}" * 3000,
    "INSERT { <http://a> <http://b> 1 } WHERE { " + "{ ?s ?p ?o } UNION " * 2000 + "{} }",
])
def test_the_protocols_update_dataset_has_the_same_limits(text: str,
                                                         client: FlaskClient) -> None:
    """With using-graph-uri the update is rewritten (rdflib reads it): deep or long texts
    are refused before that parser sees them."""
    r = client.post("/sparql", data={"update": text, "using-graph-uri": "http://example.org/g"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert sent(r) == 400, r.get_data(as_text=True)[:300]
