"""The app factory, the home page and the /sparql query operation, on every engine."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from kg.bundle import ensure_bundle
from kg.explore.stats import count_triples
from kg.store import WriteStore
from tests.conftest import BASE

COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


@pytest.fixture
def store(any_store: WriteStore) -> WriteStore:
    ensure_bundle(any_store, BASE)
    return any_store


def test_home_html_and_json_from_one_dict(client: FlaskClient, any_store: WriteStore) -> None:
    data = client.get("/index.json").get_json()
    assert data["triples"] == count_triples(any_store)
    assert data["classes"] and all(c["count"] > 0 for c in data["classes"])
    html = client.get("/").get_data(as_text=True)
    assert f"{data['triples']:,}" in html
    assert data["classes"][0]["label"] in html
    assert client.get("/", headers={"Accept": "application/json"}).get_json() == data


def test_sparql_count_matches_the_store(client: FlaskClient, any_store: WriteStore) -> None:
    doc = client.get("/sparql", query_string={"query": COUNT}).get_json()
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == count_triples(any_store)
    posted = client.post("/sparql", data=COUNT,
                         headers={"Content-Type": "application/sparql-query",
                                  "Accept": "text/csv"})
    assert posted.mimetype == "text/csv"
    assert posted.get_data(as_text=True).splitlines()[1] == str(count_triples(any_store))


def test_sparql_construct_and_ask(client: FlaskClient) -> None:
    query = "CONSTRUCT WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> } LIMIT 1"
    r = client.post("/sparql", data={"query": query},
                    headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.mimetype == "application/n-triples"
    lines = r.get_data(as_text=True).strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith("<http://www.w3.org/2002/07/owl#Class> .")
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "xml"})
    assert b"<boolean>true</boolean>" in r.data


def test_sparql_errors_have_one_shape(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p }"})
    body = r.get_json()
    assert r.status_code == 400
    assert body["error"] == "query_syntax" and body["line"] == 1 and body["status"] == 400
    r = client.get("/sparql", query_string={"query": COUNT},
                   headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.get_json()["error"] == "unsupported_format"
    r = client.post("/sparql", data=b"x", headers={"Content-Type": "image/png"})
    assert r.status_code in (406, 415)
    assert client.get("/sparql", query_string={"query": " "}).status_code == 400
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and b"Back to the home page" in missing.data
