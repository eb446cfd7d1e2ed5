"""The query page in a real browser: run, table, graph, downloads, prefix help, the
named-query examples, errors that keep the query, and hostile labels kept inert."""

from __future__ import annotations

import csv
from urllib.parse import parse_qs, quote, urlencode, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kg.bundle.named_queries import all_queries
from tests.browser.query_timeline.conftest import MAX_ROWS, expect_status_errors
from tests.conftest import BASE

TL_MISSIONS = ('SELECT ?m ?program WHERE {\n  ?m sk:partOfProgram ?program .\n'
               '  ?program rdfs:label ?l FILTER(STRSTARTS(?l, "Timeline"))\n} ORDER BY ?m')


def run_in_editor(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#query").fill(text)
    page.click("#run")
    page.wait_for_url("**/query?*")


def test_run_table_graph_and_downloads(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/query")
    run_in_editor(page, TL_MISSIONS)
    shared = parse_qs(urlparse(page.url).query)["query"]  # the query is in the URL
    assert [q.replace("\r\n", "\n") for q in shared] == [TL_MISSIONS]
    assert page.locator("#query").input_value() == TL_MISSIONS
    assert page.locator(".q-table tbody tr").count() == 3
    href = page.get_by_role("link", name="TL Late Lander").get_attribute("href")
    assert href.startswith("/entity?") and parse_qs(href.split("?", 1)[1]) == {
        "iri": [BASE + "tl-late"]}
    assert page.get_by_role("link", name="Timeline Test Programme").count() == 2

    page.click("#tab-graph")
    graph = page.locator("#graph[data-drawn]")
    graph.wait_for()
    assert graph.get_attribute("data-drawn") == "5"  # three missions, two programmes
    assert page.locator("#graph canvas").is_visible()
    assert not page.locator("#view-table").is_visible()

    with page.expect_download() as download:
        page.click("a[data-format=csv]")
    with open(download.value.path(), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["m", "program"] and len(rows) == 4
    assert {r[0] for r in rows[1:]} == {BASE + "tl-late", BASE + "tl-on-time",
                                        BASE + "tl-future"}
    json_doc = page.request.get(
        explorer.url + page.locator("a[data-format=json]").get_attribute("href")).json()
    assert len(json_doc["results"]["bindings"]) == 3


def test_construct_draws_a_graph_and_downloads_turtle(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/query")
    run_in_editor(page, "CONSTRUCT WHERE { ?m sk:partOfProgram <tl-programme> }")
    assert page.locator(".q-table tbody tr").count() == 2
    page.click("#tab-graph")
    assert page.locator("#graph[data-drawn]").get_attribute("data-drawn") == "3"
    turtle = page.request.get(
        explorer.url + page.locator("a[data-format=turtle]").get_attribute("href"))
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "partOfProgram" in turtle.text() and "tl-late" in turtle.text()


def test_highlighting_and_prefix_help(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/query")
    area = page.locator("#query")
    area.fill('SELECT ?l WHERE { <tl-late> rdfs:label ?l ; sk:operator ?a } # a comment')
    hl = page.locator("#query-hl")
    assert hl.locator(".tk-keyword").count() == 2  # SELECT, WHERE
    assert hl.locator(".tk-pname").all_inner_texts() == ["rdfs:label", "sk:operator"]
    assert hl.locator(".tk-comment").inner_text() == "# a comment"
    assert hl.inner_text().rstrip("\n") == area.input_value()
    page.click("#add-prefixes")
    assert area.input_value().splitlines()[:2] == [
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
        "PREFIX sk: <https://w3id.org/spacekg/ontology#>"]
    page.click("#add-prefixes")  # nothing left to add
    assert area.input_value().count("PREFIX") == 2
    page.click("button.prefix[data-prefix=owl]")
    assert area.input_value().startswith("PREFIX owl: <http://www.w3.org/2002/07/owl#>\n")
    page.click("#run")
    page.wait_for_url("**/query?*")
    assert page.locator(".q-table tbody td").first.inner_text() == "TL Late Lander @en"


def test_named_query_examples_load_with_their_parameters(page, explorer) -> None:  # type: ignore[no-untyped-def]
    named = next(q for q in all_queries() if q.params)
    page.goto(explorer.url + "/query")
    page.get_by_role("link", name=named.title).click()
    page.wait_for_url(f"**/query?name={named.name}")
    assert page.locator("#query").input_value() == named.text
    for p in named.params:
        assert page.locator(f"input[name='param.{p.name}']").input_value() == (p.default or "")
    page.click("#run")
    page.wait_for_url("**/query?*")
    assert page.locator(".q-error").count() == 0
    assert page.locator(".q-table tbody tr").count() + page.locator("#ask-answer").count() > 0
    assert page.locator("input[name=name]").input_value() == named.name


def test_a_syntax_error_is_shown_where_it_is(page, explorer, watch) -> None:  # type: ignore[no-untyped-def]
    bad = "SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s ex:x ?o }"
    page.goto(explorer.url + "/query?" + "query=" + quote(bad))
    expect_status_errors(watch, 400)
    alert = page.get_by_role("alert")
    assert "Syntax error" in alert.inner_text() and "Line 3, column 11" in alert.inner_text()
    assert "The prefix ex: is not declared" in alert.inner_text()
    assert page.locator("#query").input_value() == bad
    mark = page.locator("#query-hl mark.err")
    assert mark.count() == 1 and mark.inner_text() == "?o"
    selection = page.evaluate("document.activeElement.id + ':' + "
                              "document.activeElement.selectionStart")
    assert selection == f"query:{bad.rindex('?o')}"
    page.locator("#query").press("End")
    page.keyboard.type(" ")
    assert page.locator("#query-hl mark.err").count() == 0  # the mark goes once edited


def test_a_large_answer_is_truncated_with_a_notice(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/query?query=" + quote("SELECT * WHERE { ?s ?p ?o }"))
    assert page.locator(".q-table tbody tr").count() == MAX_ROWS
    assert f"only the first {MAX_ROWS}" in page.locator("#truncated").inner_text()


HOSTILE_TEXT = ('SELECT ?x WHERE { VALUES ?x { "<img src=x onerror=alert(\'query\')>" '
                '"</textarea><script>alert(\'textarea\')</script>" } }')
HOSTILE_GRAPH = ('CONSTRUCT { ?s ?p ?l } WHERE { VALUES ?p { rdfs:label rdfs:comment } '
                 '?s ?p ?l FILTER(CONTAINS(STR(?l), "<")) }')


#: a point where this node is the one under the pointer (vis hit-tests so for its
#: tooltip): its centre may be covered by a neighbour drawn on top of it
POINT_ON = """id => { const g = window.queryGraph;
    const b = g.getBoundingBox(id);
    for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) {
        const steps = [4, 3, 5, 2, 6, 1, 7, 0, 8];
        const c = {x: b.left + (b.right - b.left) * steps[i] / 8,
                   y: b.top + (b.bottom - b.top) * steps[j] / 8};
        const d = g.canvasToDOM(c);
        if (g.getNodeAt(d) === id) return d;
    }
    return null; }"""
#: the tooltip showing is this node's own
TIP_IS = """id => document.querySelector("div.vis-tooltip").innerText
    === String(window.queryGraph.body.data.nodes.get(id).title)"""


def hover_hostile_nodes(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Hover each node whose tooltip holds markup; the tooltips' texts. Each node is
    found where it is when hovered, and its own tooltip awaited (the one the pointer
    is over), so a neighbour's tooltip or the last one still showing is never read."""
    page.locator("#graph").scroll_into_view_if_needed()
    ids = page.evaluate("""() => {
        const nodes = window.queryGraph.body.data.nodes;
        return nodes.getIds().filter(id => String(nodes.get(id).title).includes("<")); }""")
    assert len(ids) == 4
    tips = []
    tip = page.locator("div.vis-tooltip")
    for node in ids:
        for attempt in range(4):  # the pointer may land as the view shifts: aim again
            box = page.locator("#graph").bounding_box()
            page.mouse.move(box["x"] + 2, box["y"] + 2)
            if tip.count():  # the last node's tooltip must go first, or it is read again
                tip.wait_for(state="hidden")
            pt = page.evaluate(POINT_ON, node)
            assert pt is not None, f"node {node} is covered by others everywhere"
            page.mouse.move(box["x"] + pt["x"], box["y"] + pt["y"])
            try:
                tip.wait_for(state="visible", timeout=5000)
                page.wait_for_function(TIP_IS, arg=node, timeout=5000)
                break
            except PlaywrightTimeout:
                if attempt == 3:
                    raise
        tips.append(tip.inner_text())
    return tips


def test_hostile_labels_and_queries_stay_text(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/query?query=" + quote(HOSTILE_TEXT))
    assert page.locator("#query").input_value() == HOSTILE_TEXT
    cells = page.locator(".q-table tbody td").all_inner_texts()
    assert "</textarea><script>alert('textarea')</script>" in cells
    page.goto(explorer.url + "/query?query=" + quote(HOSTILE_GRAPH))
    cells = page.locator(".q-table tbody td").all_inner_texts()
    assert "<script>alert('hostile label')</script> @en" in cells
    assert "<img src=x onerror=alert('hostile comment')>" in cells
    page.click("#tab-graph")
    page.locator("#graph[data-settled]").wait_for()
    tips = hover_hostile_nodes(page)
    assert set(tips) == {"<script>alert('hostile label')</script>",
                         "<img src=x onerror=alert('hostile comment')>",
                         "<img src=x onerror=alert('hostile programme')>",
                         "\"><svg onload=alert('hostile agency')>"}
    assert page.locator("img[src=x], svg[onload], div.vis-tooltip *").count() == 0
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0


def test_a_timeout_is_explained_and_the_query_kept(page, explorer, watch) -> None:  # type: ignore[no-untyped-def]
    endless = "SELECT (COUNT(*) AS ?n) WHERE {\n  ?a ?b ?c . ?d ?e ?f . ?g ?h ?i\n}"
    page.goto(explorer.url + "/query?" + urlencode({"query": endless, "timeout": "0.2"}))
    expect_status_errors(watch, 503)
    alert = page.get_by_role("alert")
    assert "The query took too long" in alert.inner_text()
    assert "time limit of 0.2 s" in alert.inner_text()
    assert page.locator("#query").input_value() == endless
    assert page.locator("input[name=timeout]").input_value() == "0.2"
    run_in_editor(page, TL_MISSIONS)  # the server answers the next query at once
    assert page.locator(".q-table tbody tr").count() == 3
