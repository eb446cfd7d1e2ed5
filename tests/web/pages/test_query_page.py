"""The query page (web.pages.query): its HTML and JSON renderings from one dict, the
downloads, errors that keep the query, and labels in the chosen language."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.store import WriteStore
from tests.conftest import MakeApp
from tests.kg.explore.test_query_page import MISSIONS, load


@pytest.fixture
def store(any_store: WriteStore) -> WriteStore:
    load(any_store)
    return any_store


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    return make_app(store, max_rows=3)


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
