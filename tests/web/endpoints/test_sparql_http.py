"""/sparql and /store beyond the W3C manifests: the write token, CORS, ETags, limits,
the service description and the error shape, on every engine."""

from __future__ import annotations

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient

from kg.sparql.service import SD
from kg.store import WriteStore
from tests.conftest import MakeApp

TOKEN = "s3cret-token"
GRAPH = "http://example.org/g"
ASK = "ASK { <http://example.org/a> ?p ?o }"
INSERT = ("INSERT DATA { GRAPH <http://example.org/g> "
          "{ <http://example.org/a> <http://example.org/p> 1 } }")


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    return make_app(store, write_token=TOKEN)


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def ask(client: FlaskClient, query: str = ASK) -> bool:
    return bool(client.get("/sparql", query_string={"query": query}).get_json()["boolean"])


def test_update_needs_the_token(client: FlaskClient) -> None:
    r = client.post("/sparql", data={"update": INSERT})
    assert r.status_code == 401 and r.get_json()["error"] == "unauthorized"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    r = client.post("/sparql", data=INSERT, headers={
        "Content-Type": "application/sparql-update", **bearer("wrong")})
    assert r.status_code == 403 and r.get_json()["error"] == "forbidden"
    assert not ask(client)
    r = client.post("/sparql", data=INSERT, headers={
        "Content-Type": "application/sparql-update", **bearer()})
    assert r.status_code == 204
    assert ask(client)


def test_a_server_without_token_is_read_only(any_store: WriteStore, make_app: MakeApp) -> None:
    client = make_app(any_store, write_token="").test_client()
    r = client.post("/sparql", data={"update": INSERT}, headers=bearer())
    assert r.status_code == 403 and r.get_json()["error"] == "read_only"
    assert "read-only" in r.get_json()["message"]
    r = client.put("/store?default", data="<http://a> <http://b> 1 .",
                   headers={"Content-Type": "text/turtle"})
    assert r.status_code == 403
    assert client.get("/sparql").status_code == 200  # reads still work


def test_update_errors_name_line_and_column(client: FlaskClient) -> None:
    r = client.post("/sparql", data={"update": "INSERT DATA {\n  <a> <b> \n}"}, headers=bearer())
    body = r.get_json()
    assert r.status_code == 400 and body["error"] == "query_syntax"
    assert body["line"] in (2, 3) and body["column"]


def test_service_description(client: FlaskClient, any_store: WriteStore) -> None:
    any_store.update(INSERT)
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = rdflib.Graph().parse(data=r.data, format="turtle")
    service = g.value(None, rdflib.RDF.type, SD.Service, any=False) or \
        next(g.subjects(rdflib.RDF.type, SD.Service))
    assert str(service).endswith("/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) in g
    assert rdflib.URIRef(GRAPH) in set(g.objects(None, SD.name))


def test_wrong_method_and_media_types(client: FlaskClient) -> None:
    r = client.put("/sparql", data="ASK {}")
    assert r.status_code == 405 and r.get_json()["status"] == 405
    assert client.get("/sparql", query_string={"update": INSERT}).status_code == 405
    r = client.post("/sparql", data="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.get_json()["error"] == "unsupported_media_type"
    r = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = client.get("/sparql", query_string={"query": "ASK {}", "format": "csv"})
    assert r.mimetype == "text/csv" and r.data.strip() == b"true"


def test_etag_by_store_version(client: FlaskClient, any_store: WriteStore) -> None:
    first = client.get("/sparql", query_string={"query": ASK})
    tag = first.headers["ETag"]
    again = client.get("/sparql", query_string={"query": ASK}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/sparql", query_string={"query": ASK},
                       headers={"If-None-Match": tag, "Accept": "application/sparql-results+xml"})
    assert other.status_code == 200
    any_store.update(INSERT)
    changed = client.get("/sparql", query_string={"query": ASK}, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.get_json()["boolean"] is True
    graph = client.get(f"/store?graph={GRAPH}")
    assert client.get(f"/store?graph={GRAPH}", headers={
        "If-None-Match": graph.headers["ETag"]}).status_code == 304


def test_cors_for_reads(any_store: WriteStore, make_app: MakeApp) -> None:
    client = make_app(any_store, write_token=TOKEN, cors_origins="https://app.example").test_client()
    origin = {"Origin": "https://app.example"}
    r = client.get("/sparql", query_string={"query": ASK}, headers=origin)
    assert r.headers["Access-Control-Allow-Origin"] == "https://app.example"
    pre = client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "authorization" not in pre.headers["Access-Control-Allow-Headers"].lower()
    r = client.get("/sparql", query_string={"query": ASK},
                   headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in r.headers
    closed = make_app(any_store, write_token=TOKEN, cors_origins="").test_client()
    r = closed.get("/sparql", query_string={"query": ASK}, headers=origin)
    assert "Access-Control-Allow-Origin" not in r.headers


def test_body_cap_in_the_json_shape(any_store: WriteStore, make_app: MakeApp) -> None:
    client = make_app(any_store, write_token=TOKEN, max_body=1000).test_client()
    query = "ASK { " + "?s ?p ?o . " * 200 + "}"
    r = client.post("/sparql", data=query, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.get_json()["status"] == 413
    assert r.get_json()["error"]


def test_request_may_ask_for_a_shorter_time_limit(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": ASK, "timeout": "nope"})
    assert r.status_code == 400 and "timeout" in r.get_json()["message"]
    r = client.get("/sparql", query_string={"query": ASK, "timeout": "0"})
    assert r.status_code == 400
    assert client.get("/sparql", query_string={"query": ASK, "timeout": "5"}).status_code == 200


def test_graph_store_round_trip(client: FlaskClient) -> None:
    url = f"/store?graph={GRAPH}"
    assert client.get(url).status_code == 404
    r = client.put(url, data="<http://example.org/a> <http://example.org/p> 1 .",
                   headers={"Content-Type": "text/turtle", **bearer()})
    assert r.status_code == 201
    r = client.post(url, data='<http://example.org/a> <http://example.org/p> "2"^^'
                    "<http://www.w3.org/2001/XMLSchema#integer> .",
                    headers={"Content-Type": "application/n-triples", **bearer()})
    assert r.status_code == 204
    got = client.get(url, headers={"Accept": "application/n-triples"})
    assert sorted(got.get_data(as_text=True).split("\n"))[1:] == [
        '<http://example.org/a> <http://example.org/p> "1"^^'
        "<http://www.w3.org/2001/XMLSchema#integer> .",
        '<http://example.org/a> <http://example.org/p> "2"^^'
        "<http://www.w3.org/2001/XMLSchema#integer> ."]
    bad = client.put(url, data="<http://example.org/a> <http://example.org/p> .",
                     headers={"Content-Type": "text/turtle", **bearer()})
    assert bad.status_code == 400 and bad.get_json()["error"] == "rdf_syntax"
    assert len(client.get(url, headers={"Accept": "application/n-triples"}).data.split(
        b"\n")) == 3, "a failed PUT leaves the graph as it was"
    assert client.delete(url).status_code == 401
    assert client.delete(url, headers=bearer()).status_code == 204
    assert client.get(url).status_code == 404
    assert client.put(url, data="x", headers={"Content-Type": "image/png",
                                              **bearer()}).status_code == 415
