"""No server-side request forgery: SERVICE, LOAD, FROM and USING sent to /sparql never
reach another server unless service_allow names it. A real HTTP listener on loopback
stands in for the victim and must receive nothing; with the listener allowed, the same
query does reach it (so it is the guard that stopped the others)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.errors import QueryRejectedError
from kg.sparql.guard import check_update
from kg.store import WriteStore
from tests.conftest import MakeApp

TOKEN = "t0ken"
ANSWER = {"head": {"vars": ["x"]},
          "results": {"bindings": [{"x": {"type": "literal", "value": "from the listener"}}]}}


class Listener:
    def __init__(self) -> None:
        self.seen: list[str] = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                seen.append(f"{self.command} {self.path}")
                body = json.dumps(ANSWER).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def module_listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def listener(module_listener: Listener) -> Listener:
    module_listener.seen.clear()
    return module_listener


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    return make_app(store, write_token=TOKEN, service_allow="")


QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?x ?p ?o } }",
    "select * where { sErViCe   SILENT <{url}> { ?x ?p ?o } }",
    "PREFIX v: <{base}>\nSELECT * WHERE { # SERVICE\n OPTIONAL { SERVICE v:sparql { ?x ?p ?o } } }",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?x ?p ?o } }",
    "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?x ?p ?o } }",
    "SELECT * FROM <{url}> WHERE { ?x ?p ?o }",
    "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?x ?p ?o } }",
]
UPDATES = [
    "LOAD <{url}>",
    "load silent <{url}> into graph <http://example.org/g>",
    "LOAD <file:///etc/passwd>",
    "INSERT { ?x ?p ?o } WHERE { SERVICE <{url}> { ?x ?p ?o } }",
    "INSERT { ?x ?p ?o } USING <{url}> WHERE { ?x ?p ?o }",
]


def fill(text: str, url: str) -> str:
    return text.replace("{url}", url).replace("{base}", url.rsplit("/", 1)[0] + "/")


@pytest.mark.parametrize("query", QUERIES)
def test_queries_cannot_reach_out(query: str, client: FlaskClient,
                                  listener: Listener) -> None:
    r = client.post("/sparql", data={"query": fill(query, listener.url)})
    assert r.status_code == 403, r.get_data(as_text=True)
    body = r.get_json()
    assert body["error"] == "rejected" and "service_allow" in body.get("hint", "")
    assert listener.seen == []


@pytest.mark.parametrize("update", UPDATES)
def test_updates_cannot_reach_out(update: str, client: FlaskClient,
                                  listener: Listener) -> None:
    r = client.post("/sparql", data={"update": fill(update, listener.url)},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403, r.get_data(as_text=True)
    assert listener.seen == []


def test_protocol_graphs_must_be_held(client: FlaskClient, any_store: WriteStore,
                                      listener: Listener) -> None:
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }",
                                            "default-graph-uri": listener.url})
    assert r.status_code == 403 and listener.seen == []
    any_store.load(b"<http://example.org/a> <http://example.org/p> 1 .", "turtle",
                   graph="http://example.org/held")
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }",
                                            "default-graph-uri": "http://example.org/held"})
    assert r.status_code == 200 and r.get_json()["boolean"] is True


def test_words_in_strings_are_not_mistaken(client: FlaskClient, listener: Listener) -> None:
    query = 'SELECT ?x WHERE { VALUES ?x { "SERVICE <http://127.0.0.1/> and LOAD from" } }'
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 200
    assert r.get_json()["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


def test_an_allowed_endpoint_is_reached(any_store: WriteStore, listener: Listener,
                                        make_app: MakeApp) -> None:
    client = make_app(any_store, write_token=TOKEN, service_allow=listener.url).test_client()
    r = client.post("/sparql", data={"query": fill(QUERIES[0], listener.url)})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["results"]["bindings"][0]["x"]["value"] == "from the listener"
    assert len(listener.seen) == 1


@pytest.mark.parametrize("param", ["using-graph-uri", "using-named-graph-uri"])
def test_update_dataset_graphs_must_be_held(param: str, client: FlaskClient,
                                            listener: Listener) -> None:
    r = client.post("/sparql", data="INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                    query_string={param: listener.url}, headers={
                        "Content-Type": "application/sparql-update",
                        "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and r.get_json()["error"] == "rejected"
    assert listener.seen == []


MADE = ("INSERT DATA { GRAPH <http://example.org/new> "
        "{ <http://example.org/a> a <http://example.org/T> } } ; ")
READ = "INSERT { GRAPH <http://example.org/out> { ?s a <http://example.org/Seen> } } "


@pytest.mark.parametrize(("update", "status"), [
    (MADE + READ + "WHERE { ?s ?p ?o }", 204),
    (MADE + "DROP GRAPH <http://example.org/new> ; " + READ + "WHERE { ?s ?p ?o }", 403),
    (READ + "WHERE { ?s ?p ?o } ; " + MADE, 403),
])
def test_a_graph_made_earlier_in_the_update_may_be_used(update: str, status: int,
                                                       client: FlaskClient) -> None:
    r = client.post("/sparql", data={"update": update, "using-graph-uri": "http://example.org/new"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == status, r.get_data(as_text=True)


def test_a_graph_made_earlier_in_the_update_counts_as_held() -> None:
    held = ["http://example.org/held"]
    fine = [MADE + READ + "USING <http://example.org/new> WHERE { ?s ?p ?o }",
            "CREATE GRAPH <http://example.org/new> ; " + READ
            + "USING NAMED <http://example.org/new> WHERE { GRAPH ?g { ?s ?p ?o } }",
            READ + "USING NAMED <http://example.org/held> WHERE { GRAPH ?g { ?s ?p ?o } }"]
    for update in fine:
        check_update(update, (), held=lambda: held)
    check_update(MADE + READ + "WHERE { ?s ?p ?o }", (), graphs=["http://example.org/new"])
    refused = [READ + "USING <http://example.org/new> WHERE { ?s ?p ?o } ; " + MADE,
               MADE + "DELETE DATA { <http://a> <http://b> 1 } ; "
               + READ + "USING <http://example.org/new> WHERE { ?s ?p ?o }"]
    for update in refused:
        with pytest.raises(QueryRejectedError):
            check_update(update, (), held=lambda: held)
    with pytest.raises(QueryRejectedError):
        check_update(READ + "WHERE { ?s ?p ?o } ; " + MADE, (), graphs=["http://example.org/new"])


def test_from_named_a_held_graph(any_store: WriteStore, make_app: MakeApp) -> None:
    any_store.load(b"<http://example.org/a> <http://example.org/p> 1 .", "turtle",
                   graph="http://example.org/held")
    query = "ASK FROM NAMED <http://example.org/held> { GRAPH ?g { ?s ?p ?o } }"
    client = make_app(any_store, write_token=TOKEN, service_allow="").test_client()
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 200 and r.get_json()["boolean"] is True
