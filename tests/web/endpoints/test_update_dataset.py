"""The protocol's dataset for updates (using-graph-uri, using-named-graph-uri) beyond the
W3C manifests, through /sparql: what the WHERE clause sees, and the 400s. The rewrite into
USING clauses that the embedded engine runs is in tests/kg/sparql/test_update_dataset.py."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.store import WriteStore
from tests.conftest import MakeApp

TOKEN = "t0ken"
EX = "http://example.org/"
DATA = (f"<{EX}a> a <{EX}Doc> .", f"<{EX}b> a <{EX}Doc> .")
COPY = f"INSERT {{ GRAPH <{EX}out> {{ ?s a <{EX}Seen> }} }} WHERE {{ ?s a <{EX}Doc> }}"
COPY_NAMED = (f"INSERT {{ GRAPH <{EX}out> {{ ?s <{EX}in> ?g }} }} "
              f"WHERE {{ GRAPH ?g {{ ?s a <{EX}Doc> }} }}")


@pytest.fixture
def store(any_store: WriteStore) -> WriteStore:
    for name, triple in zip(("g1", "g2"), DATA, strict=True):
        any_store.load(triple, "turtle", graph=EX + name)
    return any_store


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    return make_app(store, write_token=TOKEN)


def update(client: FlaskClient, text: str, **params: str | list[str]):  # type: ignore[no-untyped-def]
    return client.post("/sparql", data=text, query_string=params, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})


def seen(client: FlaskClient) -> set[tuple[str, str]]:
    query = f"SELECT ?s ?o WHERE {{ GRAPH <{EX}out> {{ ?s ?p ?o }} }}"
    rows = client.get("/sparql", query_string={"query": query}).get_json()
    return {(r["s"]["value"].removeprefix(EX), r["o"]["value"].removeprefix(EX))
            for r in rows["results"]["bindings"]}


def test_the_default_graph_is_the_using_graphs(client: FlaskClient) -> None:
    assert update(client, COPY, **{"using-graph-uri": EX + "g1"}).status_code == 204
    assert seen(client) == {("a", "Seen")}
    assert update(client, COPY, **{"using-graph-uri": [EX + "g1", EX + "g2"]}).status_code == 204
    assert seen(client) == {("a", "Seen"), ("b", "Seen")}


def test_the_named_graphs_are_the_using_named_graphs(client: FlaskClient) -> None:
    r = update(client, COPY_NAMED, **{"using-named-graph-uri": EX + "g2"})
    assert r.status_code == 204, r.get_data(as_text=True)
    assert seen(client) == {("b", "g2")}
    # named graphs only: the default graph is empty
    assert update(client, COPY, **{"using-named-graph-uri": EX + "g1"}).status_code == 204
    assert seen(client) == {("b", "g2")}


def test_a_form_update_takes_them_from_the_form(client: FlaskClient) -> None:
    r = client.post("/sparql", data={"update": COPY_NAMED, "using-named-graph-uri": EX + "g1"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.get_data(as_text=True)
    assert seen(client) == {("a", "g1")}


def test_delete_where_matches_in_the_given_graphs(client: FlaskClient) -> None:
    text = f"DELETE WHERE {{ GRAPH ?g {{ ?s a <{EX}Doc> }} }}"
    assert update(client, text, **{"using-named-graph-uri": EX + "g1"}).status_code == 204
    ask = (f"ASK {{ GRAPH <{EX}g2> {{ ?s a <{EX}Doc> }} "
           f"FILTER NOT EXISTS {{ GRAPH <{EX}g1> {{ ?x ?p ?o }} }} }}")
    assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is True


@pytest.mark.parametrize("text", [
    f"INSERT {{ <{EX}x> <{EX}p> ?s }} USING <{EX}g1> WHERE {{ ?s ?p ?o }}",
    f"INSERT {{ <{EX}x> <{EX}p> ?s }} USING NAMED <{EX}g1> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    f"WITH <{EX}g1> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }} ; "
    f"WITH <{EX}g1> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
])
def test_clauses_and_parameters_together_are_a_400(client: FlaskClient, text: str) -> None:
    r = update(client, text, **{"using-graph-uri": EX + "g2"})
    body = r.get_json()
    assert r.status_code == 400 and body["error"] == "bad_request", body
    assert "USING" in body["message"] and set(body) == {"error", "message", "hint", "status"}
    ask = f"ASK {{ GRAPH ?g {{ <{EX}x> ?p ?o }} }}"
    assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is False


@pytest.mark.parametrize("iri", ["relative", "", f"{EX}g1> WHERE {{}} ; DROP ALL ; #",
                                 f"{EX}a b", f"{EX}\\u003E"])
def test_a_graph_must_be_an_absolute_iri(client: FlaskClient, iri: str) -> None:
    r = update(client, COPY, **{"using-graph-uri": iri})
    assert r.status_code == 400 and "absolute IRI" in r.get_json()["message"]
    assert seen(client) == set()


@pytest.mark.parametrize("text,line,column", [
    ("INSERT {\n ?s ?p } WHERE { ?s ?p ?o }", 2, 2),
    (f"INSERT DATA {{ <{EX}a> <{EX}p> 1 }} ;\nDELETE WHERE {{ ?s ?p }}", 2, 16),
    ("# a comment\nINSERT { ?s ?p ?o }\nWHERE { ?s ?p }", 3, 9),
])
def test_a_syntax_error_says_where(client: FlaskClient, text: str, line: int,
                                   column: int) -> None:
    """rdflib reads these (the engine never sees them); it put every mistake at 1:1."""
    r = update(client, text, **{"using-graph-uri": EX + "g1"})
    body = r.get_json()
    assert r.status_code == 400 and body["error"] == "query_syntax"
    assert (body["line"], body["column"]) == (line, column), body["message"]
