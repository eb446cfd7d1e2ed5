"""Security headers on every response, and pages that run no inline script.

Every route in ``app.url_map`` is asked once (a table below names the request; a new
route fails the coverage test until it is added), and so are errors, 304s, the fast path
for ``GET /sparql`` (through Flask's test client and through the ASGI app of `kg serve`)
and a crash. Every page, rendered over planted payloads (tests/data/planted-payloads.ttl),
is parsed: no script without ``src`` but JSON data, no ``on*`` handler, no ``style``,
no ``javascript:``/``data:``/``vbscript:`` URL.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.bundle import ensure_bundle
from kg.rdf.vocab import ONTOLOGY_GRAPH
from kg.settings import load_settings
from kg.store.oxigraph.store import EmbeddedStore
from tests.conftest import BASE, DATA, ROOT
from web import create_app
from web.http.security import CONTENT_SECURITY_POLICY, SECURITY_HEADERS
from web.serve.asgi import AsgiExplorer

TOKEN = "headers-token"
TEMPLATES = ROOT / "web" / "templates"
PLANTED_GRAPH = BASE + "claim/planted"
PLANTED_SOURCE = "javascript:window.__pwned='load-source'"
PLANTED_ONTOLOGY = (
    "PREFIX sk: <https://w3id.org/spacekg/ontology#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ "
    "sk:SpaceAgency skos:closeMatch <javascript:window.__pwned='ontology'> } }")
JS_IRI = "javascript:window.__pwned='object-iri'"
LOOKUP = f"SELECT ?p ?o WHERE {{ <{BASE}nasa> ?p ?o }}"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def plant(client: FlaskClient) -> str:
    """Load the planted payloads through the app, as a user would; the load's id."""
    with open(DATA / "planted-payloads.ttl", "rb") as f:
        r = client.post("/api/load", headers={**AUTH, "Accept": "application/json"}, data={
            "file": (f, "planted.ttl"), "graph": PLANTED_GRAPH, "source": PLANTED_SOURCE})
    assert r.status_code == 201, r.get_json()
    r = client.post("/sparql", data=PLANTED_ONTOLOGY, headers={
        **AUTH, "Content-Type": "application/sparql-update"})
    assert r.status_code == 204, r.data
    return str(client.get("/loads.json").get_json()["loads"][0]["id"])


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    store = EmbeddedStore()
    ensure_bundle(store, BASE)
    flask_app = create_app(load_settings({"memory": True, "write_token": TOKEN},
                                         environ={}), store=store)
    flask_app.extensions["planted_load"] = plant(flask_app.test_client())
    yield flask_app
    store.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def assert_secured(headers: Any, what: str) -> None:
    for name, value in SECURITY_HEADERS:
        assert headers.get(name) == value, f"{what}: {name} is {headers.get(name)!r}"


# --- every route ---------------------------------------------------------------------

#: One request per rule of app.url_map: (method, path with query, extra keyword args).
ROUTES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "/static/<path:filename>": ("GET", "/static/style.css", {}),
    "/": ("GET", "/", {}),
    "/index.json": ("GET", "/index.json", {}),
    "/sparql": ("POST", "/sparql", {"data": {"query": "ASK { ?s ?p ?o }"}}),
    "/ontology": ("GET", "/ontology", {}),
    "/ontology.json": ("GET", "/ontology.json", {}),
    "/api/load": ("POST", "/api/load", {"data": {}}),  # no token: 401
    "/api/validate": ("POST", "/api/validate",
                      {"data": "<a:b> <a:c> <a:d> .", "content_type": "application/n-triples"}),
    "/api/loads/<load_id>/undo": ("POST", "/api/loads/nothing-such/undo", {"headers": AUTH}),
    "/load": ("GET", "/load", {}),
    "/loads": ("GET", "/loads", {}),
    "/loads.json": ("GET", "/loads.json", {}),
    "/store": ("GET", "/store?default", {}),
    "/entity": ("GET", "/entity?" + urlencode({"iri": JS_IRI}), {}),
    "/id/<path:rest>": ("GET", "/id/planted-agency", {}),
    "/class": ("GET", "/class?iri=https%3A%2F%2Fw3id.org%2Fspacekg%2Fontology%23SpaceAgency", {}),
    "/api/search": ("GET", "/api/search?q=planted", {}),
    "/search": ("GET", "/search?q=planted", {}),
    "/api/graph": ("GET", "/api/graph?iri=" + BASE + "planted-agency", {}),
    "/api/paths": ("GET", f"/api/paths?from={BASE}nasa&to={BASE}planted-agency", {}),
    "/paths": ("GET", f"/paths?from={BASE}nasa&to={BASE}planted-agency", {}),
    "/query": ("GET", "/query", {}),
    "/query.json": ("GET", "/query.json", {}),
    "/timeline": ("GET", "/timeline", {}),
    "/timeline.json": ("GET", "/timeline.json", {}),
}


def test_the_table_names_every_route(app: Flask) -> None:
    assert {r.rule for r in app.url_map.iter_rules()} == set(ROUTES)


@pytest.mark.parametrize("rule", sorted(ROUTES))
def test_every_route_carries_the_headers(client: FlaskClient, rule: str) -> None:
    method, path, kwargs = ROUTES[rule]
    with client.open(path, method=method, **kwargs) as r:
        assert r.status_code < 500, r.data[:300]
        assert_secured(r.headers, f"{method} {path} ({r.status_code})")


@pytest.mark.parametrize("method,path,kwargs,status", [
    ("GET", "/no/such/page", {}, 404),
    ("GET", "/api/no/such", {}, 404),
    ("GET", "/static/no-such.css", {}, 404),
    ("DELETE", "/", {}, 405),
    ("PUT", "/load", {}, 405),
    ("GET", "/sparql?query=SELECT+%3Fs+WHERE+%7B", {}, 400),  # the fast path's error
    ("POST", "/sparql", {"data": {"query": "SELECT ?s WHERE {"}}, 400),  # the view's
    ("GET", "/entity", {}, 400),
    ("POST", "/api/load", {"data": {}}, 401),
    ("POST", "/api/load", {"data": {}, "headers": {"Authorization": "Bearer wrong"}}, 403),
    ("OPTIONS", "/sparql", {}, 200),
    ("HEAD", "/", {}, 200),
])
def test_errors_and_other_methods_carry_the_headers(
        client: FlaskClient, method: str, path: str, kwargs: dict[str, Any],
        status: int) -> None:
    with client.open(path, method=method, **kwargs) as r:
        assert r.status_code == status, r.data[:300]
        assert_secured(r.headers, f"{method} {path}")


def test_a_crash_carries_the_headers() -> None:
    crashing = create_app(load_settings({"memory": True}, environ={}), store=EmbeddedStore())

    @crashing.get("/crash")
    def crash() -> str:
        raise RuntimeError("planted")

    r = crashing.test_client().get("/crash")
    assert r.status_code == 500
    assert_secured(r.headers, "a 500")


def test_not_modified_carries_the_headers(client: FlaskClient) -> None:
    with client.get("/static/style.css") as first:
        tag = first.headers["ETag"]
    with client.get("/static/style.css", headers={"If-None-Match": tag}) as again:
        assert again.status_code == 304
        assert_secured(again.headers, "a static 304")
    sparql = "/sparql?" + urlencode({"query": LOOKUP})
    first = client.get(sparql)
    again = client.get(sparql, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert_secured(again.headers, "a fast-path 304")


@pytest.mark.parametrize("params", [
    {"query": LOOKUP}, {"query": "ASK { ?s ?p ?o }", "format": "csv"},
    {"query": "SELECT ?s WHERE {"}, {"query": LOOKUP, "timeout": "soon"}])
def test_the_fast_path_carries_the_headers(client: FlaskClient,
                                           params: dict[str, str]) -> None:
    r = client.get("/sparql?" + urlencode(params))
    assert_secured(r.headers, f"GET /sparql {params}")
    assert [k for k, _ in r.headers].count("Content-Security-Policy") == 1


# --- the ASGI app of `kg serve` ------------------------------------------------------

def asgi_get(app: AsgiExplorer, path: str, params: dict[str, str] | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": urlencode(params or {}).encode(), "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # in a thread of its own: browser tests may leave an event loop running in this one
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    names = [k.decode() for k, _ in sent[0]["headers"]]
    assert len(names) == len(set(names)), f"a header sent twice: {names}"
    return (sent[0]["status"], {k.decode(): v.decode() for k, v in sent[0]["headers"]},
            b"".join(m.get("body", b"") for m in sent[1:]))


def test_the_asgi_app_carries_the_headers(app: Flask) -> None:
    served = AsgiExplorer(app, threads=2)

    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError(f"reached the threads: {scope['path']}")

    threaded, served.threaded = served.threaded, broken  # type: ignore[assignment]
    status, headers, _ = asgi_get(served, "/sparql", {"query": LOOKUP})  # on the loop
    assert status == 200
    assert_secured({k.title(): v for k, v in headers.items()}, "ASGI fast path")
    status, again, _ = asgi_get(served, "/sparql", {"query": LOOKUP},
                                {"If-None-Match": headers["etag"]})
    assert status == 304
    assert_secured({k.title(): v for k, v in again.items()}, "ASGI fast-path 304")
    served.threaded = threaded  # type: ignore[method-assign]
    for path in ("/", "/static/query.js", "/no/such/page"):
        status, headers, _ = asgi_get(served, path)
        assert_secured({k.title(): v for k, v in headers.items()}, f"ASGI {path} ({status})")


def test_the_policy_allows_no_inline_script_and_no_eval() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


# --- no inline script in any page ----------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "srcset", "background", "cite", "ping"}
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)


class InlineScriptFinder(HTMLParser):
    """Collects, in words, every inline script, handler, style and dangerous URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_json = False
        self.json_blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            if values.get("type") == "application/json":
                self.in_json = True
                self.json_blocks.append("")
            else:
                self.problems.append(f"inline <script {attrs}>")
        if tag == "style":
            self.problems.append("a <style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and value and DANGEROUS_SCHEME.match(
                    re.sub(r"[\x00-\x20]", "", value)):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_json = False

    def handle_data(self, data: str) -> None:
        if self.in_json:
            self.json_blocks[-1] += data


def inline_script(html: str) -> list[str]:
    finder = InlineScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


PAGES = [
    "/", "/ontology", "/load", "/loads", "/id/planted-agency", "/id/planted-mission",
    "/id/source/planted", "/id/nasa", "/entity?" + urlencode({"iri": JS_IRI}),
    "/class?iri=https%3A%2F%2Fw3id.org%2Fspacekg%2Fontology%23SpaceAgency",
    "/search?q=planted", "/search?q=%3Cscript%3E", "/paths",
    f"/paths?from={BASE}nasa&to={BASE}planted-agency",
    "/query", "/query?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 40"}),
    "/query?" + urlencode({"query": "SELECT ?s WHERE {"}),
    "/query?" + urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 30"}),
    "/timeline", "/no/such/page",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_runs_inline_script(client: FlaskClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.mimetype == "text/html", (path, r.mimetype)
    html = r.get_data(as_text=True)
    assert inline_script(html) == []


def test_every_named_query_page_runs_no_inline_script(client: FlaskClient) -> None:
    named = [q["url"] for q in client.get("/index.json").get_json()["queries"]]
    assert named
    for url in named:
        assert inline_script(client.get(url).get_data(as_text=True)) == [], url


def test_json_for_scripts_cannot_close_its_block(client: FlaskClient) -> None:
    query = 'SELECT ?s ?l WHERE { ?s ?p ?l FILTER(CONTAINS(STR(?l), "<")) } LIMIT 50'
    html = client.get("/query?" + urlencode({"query": query})).get_data(as_text=True)
    finder = InlineScriptFinder()
    finder.feed(html)
    assert finder.json_blocks, "the query page holds its graph as JSON"
    assert all("<" not in block for block in finder.json_blocks)


def test_the_checker_sees_inline_script() -> None:
    found = inline_script('<script>x()</script><a href=" JaVa\tscript:x()">a</a>'
                          '<img src=x onerror=y><p style="color:red">'
                          '<script type="application/json">{}</script>'
                          '<script src="/static/a.js"></script>')
    assert len(found) == 4, found


def test_no_template_has_inline_script() -> None:
    """The templates themselves, for pages a test above might not reach."""
    handler = re.compile(r"""\son[a-z]+\s*=|javascript:|\sstyle\s*=|<style""", re.IGNORECASE)
    script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
    for template in sorted(TEMPLATES.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert not handler.search(text), template.name
        assert not script.search(text), template.name


# --- links from data -----------------------------------------------------------------

def test_a_planted_source_or_iri_never_becomes_a_link(client: FlaskClient) -> None:
    for path in ("/loads", "/ontology", "/id/planted-agency", "/id/source/planted"):
        html = client.get(path).get_data(as_text=True)
        hrefs = re.findall(r'\shref="([^"]*)"', html)
        assert hrefs and not [h for h in hrefs if DANGEROUS_SCHEME.match(h)], path
    loads = client.get("/loads").get_data(as_text=True)
    assert "window.__pwned=&#39;load-source&#39;" in loads  # shown, as text
