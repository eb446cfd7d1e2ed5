"""The loading API and pages through the Flask app, on every engine."""

from __future__ import annotations

from io import BytesIO

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.store import WriteStore
from tests.conftest import MakeApp
from tests.loading_helpers import BASE, DATA, content, same_content

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE = (b'<https://e.org/x> <http://www.w3.org/2000/01/rdf-schema#label> '
           b'"<script>alert(1)</script>" .\n')


RULES = {"shapes": str(DATA / "shapes.ttl"), "ontology": str(DATA / "ontology.ttl")}


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    return make_app(store, write_token=TOKEN, **RULES)


def upload(client: FlaskClient, *files: tuple[str, bytes], url: str = "/api/load",
           headers: dict[str, str] | None = None, **fields: str):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"file": [(BytesIO(b), name) for name, b in files], **fields}
    return client.post(url, data=data, headers=AUTH if headers is None else headers,
                       content_type="multipart/form-data")


def test_writes_need_the_token(any_store: WriteStore, client: FlaskClient,
                               make_app: MakeApp) -> None:
    good = ("good.ttl", (DATA / "good.ttl").read_bytes())
    read_only = upload(make_app(any_store, write_token="", **RULES).test_client(), good)
    assert read_only.status_code == 403 and "read-only" in read_only.get_json()["message"]
    assert upload(client, good, headers={}).status_code == 401
    wrong = upload(client, good, headers={"Authorization": "Bearer nope"})
    assert (wrong.status_code, wrong.get_json()["error"]) == (403, "forbidden")
    assert any_store.count() == 0
    assert client.post("/api/loads/x/undo").status_code == 401


def test_upload_list_and_undo(client: FlaskClient, any_store: WriteStore) -> None:
    before = content(any_store)
    done = upload(client, ("good.ttl", (DATA / "good.ttl").read_bytes()),
                  ("hostile.nt", HOSTILE), source="https://example.org/press")
    assert done.status_code == 201, done.get_json()
    report = done.get_json()
    assert (report["triples"], [f["name"] for f in report["files"]]) == (
        11, ["good.ttl", "hostile.nt"])
    listed = client.get("/loads.json").get_json()["loads"]
    assert [(x["id"], x["source"], x["loaded_by"]) for x in listed] == [
        (report["id"], "https://example.org/press", "web")]
    assert len(listed[0]["diff"]["added"]) == 11
    html = client.get("/loads").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    undone = client.post(f"/api/loads/{report['id']}/undo", headers=AUTH)
    assert undone.status_code == 200 and undone.get_json()["unloaded"] == report["id"]
    assert same_content(content(any_store), before)


def test_a_body_upload_with_replace_and_dry_run(client: FlaskClient,
                                                any_store: WriteStore) -> None:
    graph = "https://w3id.org/spacekg/id/graph/test"
    first = client.post("/api/load", query_string={"graph": graph}, data=HOSTILE,
                        headers={**AUTH, "Content-Type": "application/n-triples"})
    assert first.status_code == 201
    dry = client.post("/api/load", query_string={"graph": graph, "replace": "true",
                                                 "dry_run": "true"},
                      data=b'<https://e.org/x> <https://e.org/p> "new" .',
                      headers={**AUTH, "Content-Type": "text/turtle"})
    assert dry.status_code == 200
    assert (dry.get_json()["added"], dry.get_json()["removed"]) == (2, 2)  # fact, source
    assert any_store.count(graph) == 3  # the fact, the graph's source and as-of date


def test_validate_reports_without_storing(client: FlaskClient, any_store: WriteStore) -> None:
    bad = upload(client, ("bad.ttl", (DATA / "bad.ttl").read_bytes()), url="/api/validate",
                 headers={})
    doc = bad.get_json()
    assert bad.status_code == 200 and doc["conforms"] is False
    assert ("node <https://w3id.org/spacekg/id/agreement/nameless>: property rdfs:label: "
            "rule min count: an agreement needs a label") in doc["violations"]
    good = upload(client, ("good.ttl", (DATA / "good.ttl").read_bytes()), url="/api/validate")
    assert good.get_json()["conforms"] is True and good.get_json()["triples"] == 10
    broken = upload(client, ("broken.ttl", b"<a> <b> ."), url="/api/validate")
    assert broken.status_code == 400
    assert (broken.get_json()["error"], broken.get_json()["line"]) == ("rdf_syntax", 1)
    assert any_store.count() == 0


def test_the_pages_render(client: FlaskClient) -> None:
    html = client.get("/load").get_data(as_text=True)
    assert 'id="load-form"' in html and "load.js" in html and "read-only" not in html
    assert "No loads yet" in client.get("/loads").get_data(as_text=True)
    assert client.get("/loads", headers={"Accept": "application/json"}).get_json()["loads"] == []


def test_read_only_pages_say_so(any_store: WriteStore, make_app: MakeApp) -> None:
    client = make_app(any_store, write_token="", **RULES).test_client()
    assert "This server is read-only" in client.get("/load").get_data(as_text=True)
    assert "Undo this load" not in client.get("/loads").get_data(as_text=True)


def test_the_app_drops_what_an_interrupted_load_left(any_store: WriteStore,
                                                     make_app: MakeApp) -> None:
    stale = f"{BASE}load/20200101-000000-dead00"
    any_store.load(b'<https://e.org/half> <https://e.org/p> "loaded" .', "ntriples",
                   graph=stale)
    make_app(any_store, write_token=TOKEN, **RULES)
    assert stale not in any_store.named_graphs() and any_store.count() == 0
