"""No server-side request forgery: SERVICE, LOAD, FROM and USING sent through any door
(/sparql by GET and POST, the query page's /query.json, the store itself) never reach
another server unless service_allow names it. A real HTTP listener on loopback stands in
for the victim and must receive nothing; with the listener allowed, the same query does
reach it (so it is the guard that stopped the others). Texts that read one way to one
parser and another way to another (escapes, comments, glued tokens) are refused too."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask.testing import FlaskClient

from kg.errors import QueryRejectedError
from kg.settings import load_settings
from kg.sparql.guard import Guard, reaches
from kg.store import RemoteStore, WriteStore
from tests.conftest import OxigraphServer
from web import create_app

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


def client_for(store: WriteStore, allow: str = "") -> FlaskClient:
    """The app over ``store``, whose guard lets ``allow`` through (the guard belongs to
    the store: it is set when the store is opened from the settings)."""
    store.guard = Guard(allow.split(), fetches_graphs=store.fetches_graphs)
    settings = load_settings({"memory": True, "write_token": TOKEN, "service_allow": allow},
                             environ={})
    return create_app(settings, store=store).test_client()


QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?x ?p ?o } }",
    "select * where { sErViCe   SILENT <{url}> { ?x ?p ?o } }",
    "PREFIX v: <{base}>\nSELECT * WHERE { # SERVICE\n OPTIONAL { SERVICE v:sparql { ?x ?p ?o } } }",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?x ?p ?o } }",
    "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?x ?p ?o } }",
    # read differently by a parser that expands escapes first and one that does not
    'SELECT * WHERE { BIND("\\u0022" AS ?a) SERVICE <{url}> { ?x ?p ?o } BIND("\\u0022" AS ?b) }',
    "SELECT * WHERE { SERVICE<{url}>{ ?x ?p ?o } }",
    "SELECT * WHERE {\tSERVICE\r\n<{url}>#\n{ ?x ?p ?o } }",
    "SELECT * WHERE { ?x <http://example.org/p>?service . SERVICE <{url}> { ?x ?p ?o } }",
    "BASE <{base}> SELECT * WHERE { SERVICE <sparql> { ?x ?p ?o } }",
    "SELECT * WHERE { { { { { SERVICE SILENT <{url}> { ?x ?p ?o } } } } } }",
]
#: graphs named by a query: an engine that fetches them must not be asked
FROM_QUERIES = [
    "SELECT * FROM <{url}> WHERE { ?x ?p ?o }",
    "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?x ?p ?o } }",
]
UPDATES = [
    "LOAD <{url}>",
    "load silent <{url}> into graph <http://example.org/g>",
    "LOAD <file:///etc/passwd>",
    "INSERT { ?x ?p ?o } WHERE { SERVICE <{url}> { ?x ?p ?o } }",
    'INSERT DATA { <http://a> <http://b> "\\u0022" } ; LOAD <{url}> ; '
    'INSERT DATA { <http://a> <http://b> "\\u0022" }',
    "LOAD\n<{url}>",
]


def fill(text: str, url: str) -> str:
    return text.replace("{url}", url).replace("{base}", url.rsplit("/", 1)[0] + "/")


def _refused(r: object) -> None:
    assert r.status_code == 403, r.get_data(as_text=True)  # type: ignore[attr-defined]
    body = r.get_json()  # type: ignore[attr-defined]
    if isinstance(body["error"], dict):  # the query page's data carries its error inside
        body = body["error"]
    assert body["error"] == "rejected" and "service_allow" in body.get("hint", "")


@pytest.mark.parametrize("query", QUERIES)
def test_queries_cannot_reach_out(query: str, any_store: WriteStore,
                                  listener: Listener) -> None:
    client = client_for(any_store)
    text = fill(query, listener.url)
    _refused(client.post("/sparql", data={"query": text}))
    _refused(client.get("/sparql", query_string={"query": text}))
    _refused(client.get("/query.json", query_string={"query": text}))
    with pytest.raises(QueryRejectedError):
        any_store.query(text)
    assert listener.seen == []


@pytest.mark.parametrize("update", UPDATES)
def test_updates_cannot_reach_out(update: str, any_store: WriteStore,
                                  listener: Listener) -> None:
    client = client_for(any_store)
    r = client.post("/sparql", data={"update": fill(update, listener.url)},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403, r.get_data(as_text=True)
    with pytest.raises(QueryRejectedError):
        any_store.update(fill(update, listener.url))
    assert listener.seen == []


@pytest.mark.parametrize("query", FROM_QUERIES)
def test_named_graphs_are_never_fetched(query: str, any_store: WriteStore,
                                        listener: Listener) -> None:
    """The embedded engine never dereferences a graph: one it does not hold is empty, as
    SPARQL's dataset rules say. A remote engine might, so there it is refused."""
    client = client_for(any_store)
    r = client.get("/sparql", query_string={"query": fill(query, listener.url)})
    if any_store.fetches_graphs:
        _refused(r)
    else:
        assert r.status_code == 200, r.get_data(as_text=True)
        assert r.get_json()["results"]["bindings"] == []
    assert listener.seen == []


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_protocol_graphs(param: str, any_store: WriteStore, listener: Listener) -> None:
    client = client_for(any_store)
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", param: listener.url})
    if any_store.fetches_graphs:
        assert r.status_code == 403
    else:
        assert r.status_code == 200 and r.get_json()["boolean"] is False
    assert listener.seen == []
    any_store.load(b"<http://example.org/a> <http://example.org/p> 1 .", "turtle",
                   graph="http://example.org/held")
    query = "ASK { ?s ?p ?o }" if param == "default-graph-uri" else \
        "ASK { GRAPH ?g { ?s ?p ?o } }"
    r = client.get("/sparql", query_string={"query": query, param: "http://example.org/held"})
    assert r.status_code == 200 and r.get_json()["boolean"] is True


def test_words_in_strings_are_not_mistaken(any_store: WriteStore, listener: Listener) -> None:
    client = client_for(any_store)
    query = ('PREFIX ex: <http://example.org/> SELECT ?x WHERE { VALUES ?x { '
             '"SERVICE <http://127.0.0.1/> and LOAD from" ex:loadService } ?load ?service ?x } '
             '# a comment on SERVICE and LOAD')
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["results"]["bindings"] == []
    assert listener.seen == []


def test_an_allowed_endpoint_is_reached(any_store: WriteStore, listener: Listener) -> None:
    client = client_for(any_store, allow=listener.url)
    r = client.post("/sparql", data={"query": fill(QUERIES[0], listener.url)})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["results"]["bindings"][0]["x"]["value"] == "from the listener"
    assert len(listener.seen) == 1


@pytest.mark.parametrize("param", ["using-graph-uri", "using-named-graph-uri"])
def test_update_dataset_graphs(param: str, any_store: WriteStore, listener: Listener) -> None:
    client = client_for(any_store)
    r = client.post("/sparql", data="INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                    query_string={param: listener.url}, headers={
                        "Content-Type": "application/sparql-update",
                        "Authorization": f"Bearer {TOKEN}"})
    if any_store.fetches_graphs:
        assert r.status_code == 403 and r.get_json()["error"] == "rejected"
    else:
        assert r.status_code == 204, r.get_data(as_text=True)
    assert listener.seen == []


def test_the_scan_reads_every_reading() -> None:
    """What the guard finds, text by text: both readings of escapes, prefixes and BASE
    resolved, and nothing found in strings, IRIs, comments, variables or local names."""
    url = "http://127.0.0.1:9/sparql"
    assert reaches(f'SELECT * {{ BIND("\\u0022" AS ?a) SERVICE <{url}> {{}} }}')[0].iri == url
    assert reaches("SELECT * { \\u0053ERVICE <http://x/> {} }")[0].kind == "service"
    assert reaches("PREFIX v: <http://h/> SELECT * { SERVICE v:s {} }")[0].iri == "http://h/s"
    assert reaches("BASE <http://h/a/> SELECT * { SERVICE <b> {} }")[0].iri == "http://h/a/b"
    assert reaches("LOAD SILENT <file:///etc/passwd>")[0].iri == "file:///etc/passwd"
    assert reaches("SELECT * { SERVICE ?e {} }")[0].iri is None
    assert reaches('SELECT * { ?load <http://x/load> "service" ; ex:loadService 1 } # LOAD') == []


def test_an_engine_that_may_fetch_is_named_only_held_graphs(
        oxigraph_server: object, listener: Listener) -> None:
    """The generic profile assumes the engine may dereference FROM (Virtuoso's Sponger
    does): a graph it does not hold is refused, one it holds is answered."""
    assert isinstance(oxigraph_server, OxigraphServer)
    oxigraph_server.clear()
    store = RemoteStore(f"{oxigraph_server.url}/query",
                        update_endpoint=f"{oxigraph_server.url}/update", engine="generic")
    assert store.fetches_graphs
    for query in FROM_QUERIES:
        with pytest.raises(QueryRejectedError):
            store.query(fill(query, listener.url))
    store.load(b"<http://example.org/a> <http://example.org/p> 1 .", "turtle",
               graph="http://example.org/held")
    assert store.query("ASK FROM <http://example.org/held> { ?s ?p ?o }").boolean
    assert listener.seen == []
