"""The query page: prefix help, running with a row cap and labels, the graph of an
answer, and the page's JSON rendering, on real stores."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask.testing import FlaskClient

from kg.explore.query_page import compact, missing_prefixes, run, used_prefixes, with_prefixes
from kg.settings import load_settings
from kg.store import WriteStore
from tests.conftest import BASE, DATA
from web import create_app

MISSIONS = "SELECT ?m ?program WHERE { ?m sk:partOfProgram ?program } ORDER BY ?m"


def load(store: WriteStore) -> None:
    store.load(DATA / "timeline.trig", "trig", base_iri=BASE)
    store.load(DATA / "browser-hostile-query.ttl", "turtle", graph=BASE + "test/hostile")


def test_iris_are_shown_short() -> None:
    assert compact(BASE + "cnsa", BASE) == "cnsa"
    assert compact("https://w3id.org/spacekg/ontology#SpaceAgency", BASE) == "sk:SpaceAgency"
    assert compact("http://example.org/a/b", BASE) == "http://example.org/a/b"
    assert compact("http://www.w3.org/2000/01/rdf-schema#", BASE) == (
        "http://www.w3.org/2000/01/rdf-schema#")


def test_prefix_help_sees_only_real_prefixed_names() -> None:
    text = ('PREFIX ex: <http://example.org/>\n'
            'SELECT ?s WHERE { ?s a sk:Mission ; rdfs:label "sk:not:this" ; ex:p foo:bar .\n'
            '  # dbo:comment\n  ?s <http://xsd:x/> ?o . BIND(:local AS ?x) }')
    assert used_prefixes(text) == ["sk", "rdfs", "ex", "foo", ""]
    assert missing_prefixes(text) == ["sk", "rdfs"]
    full = with_prefixes(text)
    assert full.startswith("PREFIX sk: <https://w3id.org/spacekg/ontology#>\n"
                           "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX ex:")
    assert missing_prefixes(full) == []


def test_run_labels_iris_and_draws_rows_as_a_graph(any_store: WriteStore) -> None:
    load(any_store)
    out = run(any_store, MISSIONS, max_rows=100, base_iri=BASE)
    assert out["kind"] == "select" and out["variables"] == ["m", "program"]
    assert not out["truncated"]
    rows = {r[0]["value"]: r for r in out["rows"]}
    late = rows[BASE + "tl-late"]
    assert late[0]["label"] == "TL Late Lander"
    assert late[1] == {"type": "iri", "value": BASE + "tl-programme",
                       "short": "tl-programme", "label": "Timeline Test Programme"}
    graph = out["graph"]
    assert {"from": BASE + "tl-late", "to": BASE + "tl-programme", "label": "program",
            "title": "?program"} in graph["edges"]
    assert len(graph["edges"]) == len(out["rows"])


def test_row_cap_is_flagged(any_store: WriteStore) -> None:
    load(any_store)
    out = run(any_store, MISSIONS, max_rows=2)
    assert out["truncated"] and len(out["rows"]) == 2 and out["max_rows"] == 2


def test_construct_and_ask(any_store: WriteStore) -> None:
    load(any_store)
    out = run(any_store, "CONSTRUCT { ?m rdfs:label ?l ; sk:operator ?a } WHERE { "
                         "?m sk:operator ?a ; rdfs:label ?l FILTER(STRSTARTS(STR(?m), ?base) "
                         "&& LANG(?l) = \"en\") }"
                         .replace("?base", f'"{BASE}tl-late"'), max_rows=50)
    assert out["kind"] == "graph" and out["variables"] == ["subject", "predicate", "object"]
    assert len(out["rows"]) == 2
    nodes = {n["id"]: n for n in out["graph"]["nodes"]}
    assert nodes[BASE + "tl-alpha"]["label"] == "Test Agency Alpha"
    assert any(n.get("shape") == "box" and n["label"] == "TL Late Lander" for n in nodes.values())
    ask = run(any_store, "ASK { ?m sk:launchDate ?d }", max_rows=10)
    assert ask["kind"] == "ask" and ask["boolean"] is True and ask["graph"] is None


@pytest.fixture
def client(any_store: WriteStore) -> FlaskClient:
    load(any_store)
    settings = load_settings({"memory": True, "max_rows": 3}, environ={})
    return create_app(settings, store=any_store).test_client()


@pytest.mark.parametrize("any_store", ["memory"], indirect=True)
def test_query_json_and_html_from_one_dict(client: FlaskClient) -> None:
    data = client.get("/query.json", query_string={"query": MISSIONS}).get_json()
    assert data["ran"] and data["error"] is None and data["query"] == MISSIONS
    assert data["missing_prefixes"] == ["sk"]
    assert data["result"]["truncated"] and len(data["result"]["rows"]) == 3
    html = client.get("/query", query_string={"query": MISSIONS}).get_data(as_text=True)
    assert 'id="truncated"' in html and "only the first 3" in html
    for row in data["result"]["rows"]:
        assert row[0]["value"].replace("&", "&amp;") in html
    assert client.get("/query", query_string={"query": MISSIONS},
                      headers={"Accept": "application/json"}).get_json() == data


@pytest.mark.parametrize("any_store", ["memory"], indirect=True)
def test_downloads_run_the_same_query_through_sparql(client: FlaskClient) -> None:
    data = client.get("/query.json", query_string={"query": MISSIONS}).get_json()
    links = {d["format"]: d["href"] for d in data["downloads"]}
    assert set(links) == {"csv", "json", "tsv"}
    rows = list(csv.reader(io.StringIO(client.get(links["csv"]).get_data(as_text=True))))
    assert rows[0] == ["m", "program"] and len(rows) > 3  # the download is not capped
    doc = json.loads(client.get(links["json"]).data)
    assert len(doc["results"]["bindings"]) == len(rows) - 1
    graph = client.get("/query.json", query_string={
        "query": "CONSTRUCT WHERE { ?m sk:partOfProgram ?p }"}).get_json()
    turtle = client.get(next(d["href"] for d in graph["downloads"] if d["format"] == "turtle"))
    assert turtle.mimetype == "text/turtle" and b"partOfProgram" in turtle.data


@pytest.mark.parametrize("any_store", ["memory"], indirect=True)
def test_errors_keep_the_query(client: FlaskClient) -> None:
    bad = "SELECT ?s WHERE {\n  ?s ?p\n}"
    r = client.get("/query.json", query_string={"query": bad})
    assert r.status_code == 400
    data = r.get_json()
    assert data["query"] == bad and data["result"] is None
    error = data["error"]
    assert error["error"] == "query_syntax" and error["line"] == 3 and error["column"] >= 1
    assert error["context"]["text"] == "}"
    html = client.get("/query", query_string={"query": bad}).get_data(as_text=True)
    assert f'data-error-line="3" data-error-column="{error["column"]}"' in html
    assert ">\nSELECT ?s WHERE {\n  ?s ?p\n}</textarea>" in html
    r = client.get("/query.json", query_string={"query": MISSIONS, "timeout": "soon"})
    assert r.status_code == 400 and r.get_json()["query"] == MISSIONS
    assert "timeout must be a number" in r.get_json()["error"]["message"]


@pytest.mark.parametrize("any_store", ["memory"], indirect=True)
def test_labels_follow_the_language_switch(client: FlaskClient) -> None:
    query = "SELECT ?m WHERE { VALUES ?m { <tl-late> <tl-on-time> } } ORDER BY ?m"
    data = client.get("/query.json", query_string={"query": query, "lang": "zh"}).get_json()
    assert [r[0]["label"] for r in data["result"]["rows"]] == ["TL 迟到的着陆器", "TL On Time"]
