"""Planted payloads in a real browser: facts whose labels, sources and IRIs are hostile
(tests/data/planted-payloads.ttl, loaded through the app with a ``javascript:`` source,
plus a ``javascript:`` IRI aligned in the ontology graph), on every page that shows them.

No dialog opens and no payload runs (each would set ``window.__pwned``); our own pages
cause no Content-Security-Policy violation at all (a ``securitypolicyviolation`` listener
is installed before any page script); and every link, source or form target on a page is
http(s) on this origin or elsewhere, never ``javascript:``, ``data:`` or ``vbscript:``.
The ``page`` fixture (tests/browser/conftest.py) also fails on any console error.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest

from kg.bundle import ensure_bundle
from kg.rdf.vocab import ONTOLOGY_GRAPH
from kg.settings import load_settings
from kg.store.oxigraph.store import EmbeddedStore
from tests.browser.conftest import LiveServer
from tests.conftest import BASE, DATA
from web import create_app
from web.http.security import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.browser

TOKEN = "planted-token"
PLANTED_SOURCE = "javascript:window.__pwned='load-source'"
JS_IRI = "javascript:window.__pwned='object-iri'"
ONTOLOGY_UPDATE = (
    "PREFIX sk: <https://w3id.org/spacekg/ontology#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ "
    "sk:SpaceAgency skos:closeMatch <javascript:window.__pwned='ontology'> } }")

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " blocked " + e.blockedURI + " at " +
                           e.sourceFile + ":" + e.lineNumber);
});
"""

#: Every element attribute that can hold a URL, read as the page holds it.
LINKS = """() => {
  const out = [];
  for (const el of document.querySelectorAll("[href], [src], [action], [formaction], [srcset]")) {
    for (const name of ["href", "src", "action", "formaction", "srcset", "xlink:href"]) {
      const v = el.getAttribute(name);
      if (v === null) continue;
      out.push([el.tagName.toLowerCase(), name, v, new URL(v, document.baseURI).protocol]);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def planted() -> Iterator[LiveServer]:
    """The bundled graph, with the payloads loaded and planted through the app."""
    store = EmbeddedStore()
    ensure_bundle(store, BASE)
    app = create_app(load_settings({"memory": True, "write_token": TOKEN}, environ={}),
                     store=store)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with open(DATA / "planted-payloads.ttl", "rb") as f:
        r = client.post("/api/load", headers={**auth, "Accept": "application/json"}, data={
            "file": (f, "planted.ttl"), "graph": BASE + "claim/planted",
            "source": PLANTED_SOURCE})
    assert r.status_code == 201, r.get_json()
    r = client.post("/sparql", data=ONTOLOGY_UPDATE,
                    headers={**auth, "Content-Type": "application/sparql-update"})
    assert r.status_code == 204, r.data
    server = LiveServer(app)
    yield server
    server.stop()
    store.close()


def visit(page, url: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(url)
    assert response is not None and response.ok, url
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def assert_clean(page, where: str) -> None:  # type: ignore[no-untyped-def]
    """Nothing planted ran, no CSP violation, and only http(s) links."""
    assert page.evaluate("typeof window.__pwned") == "undefined", \
        f"{where}: a payload ran ({page.evaluate('String(window.__pwned)')})"
    assert page.evaluate("window.__violations") == [], where
    bad = [link for link in page.evaluate(LINKS) if link[3] not in ("http:", "https:")]
    assert bad == [], f"{where}: links from data that are not http(s)"
    assert page.locator("main img[src=x], main script:not([type='application/json']), "
                        "main [onerror], main [onload], main [onmouseover], main b"
                        ).count() == 0, where


def wait_graph(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".graph[data-state=ready]", timeout=20000)


def hover_every_node(page) -> None:  # type: ignore[no-untyped-def]
    """Each node's tooltip appears, as text only."""
    for iri in page.evaluate("window.kgGraphs[0].nodes.getIds()"):
        p = page.evaluate("(id) => window.kgGraphs[0].screenPosition(id)", iri)
        page.mouse.move(p["x"], p["y"])
        page.wait_for_selector("div.vis-tooltip", state="visible")
        assert page.locator("div.vis-tooltip img, div.vis-tooltip script, "
                            "div.vis-tooltip b").count() == 0
        box = page.locator(".graph").bounding_box()
        page.mouse.move(box["x"] + 3, box["y"] + 3)
        page.wait_for_selector("div.vis-tooltip", state="hidden")


@pytest.fixture
def watched(page):  # type: ignore[no-untyped-def]
    page.add_init_script(WATCH_VIOLATIONS)
    return page


PAGES = [
    "/", "/load", "/loads", "/ontology", "/id/planted-mission", "/id/source/planted",
    "/class?" + urlencode({"iri": "https://w3id.org/spacekg/ontology#SpaceAgency"}),
    "/search?q=planted", "/search?q=" + quote("<script>"), "/timeline",
    "/query?" + urlencode({"query": f"SELECT ?s ?p ?o WHERE {{ GRAPH <{BASE}claim/planted> "
                                    "{ ?s ?p ?o } } ORDER BY ?s ?p ?o"}),
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_showing_planted_payloads_stay_inert(watched, planted, path) -> None:  # type: ignore[no-untyped-def]
    visit(watched, planted.url + path)
    watched.wait_for_load_state("load")
    assert_clean(watched, path)


def test_the_planted_entity_and_its_graph(watched, planted) -> None:  # type: ignore[no-untyped-def]
    for lang in ("en", "zh"):
        visit(watched, f"{planted.url}/id/planted-agency?lang={lang}")
        assert "planted" in watched.locator("h1").inner_text() or lang == "zh"
        wait_graph(watched)
        hover_every_node(watched)
        assert_clean(watched, f"/id/planted-agency?lang={lang}")
    # the javascript: IRI has a page of its own, reached through a safe /entity link
    link = watched.locator(f"a[href='/entity?{urlencode({'iri': JS_IRI})}']").first
    with watched.expect_navigation():
        link.click()
    wait_graph(watched)
    hover_every_node(watched)
    assert_clean(watched, "the javascript: IRI's page")


def test_sources_and_alignments_from_data_are_text(watched, planted) -> None:  # type: ignore[no-untyped-def]
    visit(watched, planted.url + "/loads")
    assert PLANTED_SOURCE in watched.locator("li.load").first.inner_text()
    assert watched.locator(f"a:has-text({PLANTED_SOURCE!r})").count() == 0
    visit(watched, planted.url + "/ontology")
    assert watched.locator("code[title^='javascript:']").count() >= 1
    visit(watched, planted.url + "/id/source/planted")
    for anchor in watched.locator("main .sources a, main .cite a").all():
        anchor.hover(timeout=5000)  # nothing planted reacts to the pointer
    assert_clean(watched, "/id/source/planted")


def test_autocomplete_and_paths_over_payloads(watched, planted) -> None:  # type: ignore[no-untyped-def]
    visit(watched, planted.url + "/")
    watched.fill("#q", "planted")
    watched.wait_for_selector("#q-list [role=option]")
    options = watched.locator("#q-list [role=option]").all_inner_texts()
    assert any("<script>window.__pwned='label'</script>planted" in o for o in options)
    assert_clean(watched, "autocomplete")
    visit(watched, f"{planted.url}/paths?" + urlencode(
        {"from": BASE + "planted-agency", "to": BASE + "cnsa"}))
    wait_graph(watched)
    hover_every_node(watched)
    assert_clean(watched, "/paths")


def test_the_query_page_draws_payloads_as_text(watched, planted) -> None:  # type: ignore[no-untyped-def]
    query = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{BASE}claim/planted> {{ ?s ?p ?o }} }}")
    visit(watched, planted.url + "/query?" + urlencode({"query": query}))
    assert "<script>window.__pwned='label'</script>planted" in \
        watched.locator(".q-table").inner_text()
    watched.click("#tab-graph")
    watched.wait_for_selector("#graph[data-settled=true]", timeout=20000)
    assert_clean(watched, "the query page's graph")


def test_urls_from_data_are_followed_only_when_http(watched, planted) -> None:  # type: ignore[no-untyped-def]
    visit(watched, planted.url + "/")
    for url in ["javascript:window.__pwned=1", " JaVaScRiPt:window.__pwned=2",
                "java\tscript:window.__pwned=3", "data:text/html,<script>1</script>",
                "vbscript:msgbox(1)", ""]:
        assert watched.evaluate("(u) => window.kgSafeUrl(u)", url) == "", url
        watched.evaluate("(u) => window.kgGo(u)", url)
    assert watched.evaluate("window.kgSafeUrl('/id/nasa')") == planted.url + "/id/nasa"
    assert watched.evaluate("window.kgSafeUrl('https://e.org/a')") == "https://e.org/a"
    assert watched.url == planted.url + "/"
    assert_clean(watched, "kgGo")


def test_inline_script_is_refused_by_the_policy(watched, planted, watch) -> None:  # type: ignore[no-untyped-def]
    """The guard behind the others: a script that did reach a page would not run."""
    visit(watched, planted.url + "/")
    watched.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.__pwned = 'inline'";
        document.body.appendChild(s);
        const img = document.createElement("img");
        img.setAttribute("onerror", "window.__pwned = 'handler'");
        img.src = "data:,";
        document.body.appendChild(img);
    }""")
    watched.wait_for_function("() => window.__violations.length >= 2")
    assert watched.evaluate("typeof window.__pwned") == "undefined"
    refused = [m for m in watch.console_errors if "Content Security Policy" in m]
    assert len(refused) >= 2, watch.console_errors
    watch.console_errors[:] = [m for m in watch.console_errors if m not in refused]
