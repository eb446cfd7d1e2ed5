"""The explorer in a real browser: search, entity page, graph, expand, path finder; and
hostile labels (tests/data/browser-extra.ttl) that must never execute anywhere."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import BASE

HOSTILE = {
    "en": "<script>alert(1)</script>",
    "zh": "<img src=x onerror=alert(2)>",
    "ru": "<svg onload=alert(5)>",
}
HOSTILE_TWO = "Hostile \"two' <img src=x onerror=alert(7)>"


def wait_graph(page, state: str = "ready") -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(f".graph[data-state={state}]", timeout=20000)


def node_count(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("window.kgGraphs[0].nodes.length"))


def node_point(page, iri: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    p = page.evaluate("(id) => window.kgGraphs[0].screenPosition(id)", iri)
    return p["x"], p["y"]


def hover_away(page) -> None:  # type: ignore[no-untyped-def]
    """Move to an empty corner of the canvas, and wait for the tooltip to go."""
    box = page.locator(".graph").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + 3)
    page.wait_for_selector("div.vis-tooltip", state="hidden")


@pytest.mark.slow
def test_search_entity_graph_expand_and_paths(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox")
    box.fill("nas")
    page.wait_for_selector("#q-list [role=option]")
    box.press("ArrowDown")
    assert page.get_attribute("#q", "aria-activedescendant") == "q-list-0"
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith("/id/nasa")
    assert page.locator("h1").inner_text() == "NASA"

    wait_graph(page)
    before = node_count(page)
    assert before >= 2
    # double-click a neighbour: its own neighbours are fetched and added
    neighbour = page.evaluate(
        "window.kgGraphs[0].nodes.getIds().find(id => id !== %r && !id.startsWith('more '))"
        % (BASE + "nasa"))
    x, y = node_point(page, neighbour)
    page.mouse.dblclick(x, y)
    page.wait_for_function("() => Number(document.querySelector('.graph').dataset.expanded) >= 0"
                           " && document.querySelector('.graph').dataset.expanded !== undefined")
    wait_graph(page)
    assert node_count(page) > before

    # the class filter hides that class's nodes, and shows them again
    page.click(".graph-filters summary")
    first = page.locator(".filter-classes input").first
    shown = page.evaluate("window.kgGraphs[0].nodeView.length")
    first.uncheck()
    assert page.evaluate("window.kgGraphs[0].nodeView.length") < shown
    first.check()
    assert page.evaluate("window.kgGraphs[0].nodeView.length") == shown
    page.click(".graph-filters summary")  # closed again: the canvas is back in place

    # a single click opens the node's page
    x, y = node_point(page, BASE + "nasa")
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert "/id/nasa" in page.url

    page.goto(live_server.url + "/paths")
    page.fill("#path-from", "NASA")
    page.fill("#path-to", "CNSA")
    with page.expect_navigation():
        page.get_by_role("button", name="Find paths").click()
    assert page.locator(".path-list > li").count() >= 1
    wait_graph(page)
    ids = page.evaluate("window.kgGraphs[0].nodes.getIds()")
    assert BASE + "nasa" in ids and BASE + "cnsa" in ids


def assert_inert(page) -> None:  # type: ignore[no-untyped-def]
    """No element injected by a label: no img with src=x, no svg, no script in main."""
    assert page.locator("main img[src=x], main svg, main script, main b[onmouseover]").count() == 0


@pytest.mark.slow
def test_hostile_labels_never_execute(page, live_server, watch) -> None:  # type: ignore[no-untyped-def]
    hostile = BASE + "hostile-1"
    for lang, label in HOSTILE.items():
        page.goto(f"{live_server.url}/id/hostile-1?lang={lang}")
        assert page.locator("h1").inner_text() == label
        assert_inert(page)
        wait_graph(page)
        # hover each node: the tooltip shows the label as text
        for iri in page.evaluate("window.kgGraphs[0].nodes.getIds()"):
            x, y = node_point(page, iri)
            page.mouse.move(x, y)
            page.wait_for_selector("div.vis-tooltip", state="visible")
            tip = page.locator("div.vis-tooltip")
            assert tip.locator("img, svg, script, b").count() == 0
            if iri == hostile:
                assert label in tip.inner_text()
            hover_away(page)
    assert "<script>alert(8)</script> a definition" in page.locator(".description").inner_text()
    assert page.locator("a[href^='javascript:']").count() == 0

    page.goto(live_server.url + "/")
    assert_inert(page)
    page.fill("#q", "onerror")
    page.wait_for_selector("#q-list [role=option]")
    options = page.locator("#q-list [role=option]").all_inner_texts()
    assert any(HOSTILE_TWO in o for o in options)
    assert page.locator("#q-list img, #q-list script").count() == 0
    page.goto(live_server.url + "/search?q=" + quote("<script>"))
    assert_inert(page)

    page.goto(f"{live_server.url}/paths?from={quote(BASE + 'hostile-2')}&to=CNSA&lang=zh")
    steps = page.locator(".path-list").inner_text()
    assert HOSTILE["zh"] in steps and "敌对 <img src=x onerror=alert(10)>" in steps
    assert_inert(page)
    wait_graph(page)
    x, y = node_point(page, BASE + "hostile-2")
    page.mouse.move(x, y)
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert "敌对 <img src=x onerror=alert(10)>" in page.locator("div.vis-tooltip").inner_text()
    assert watch.dialogs == []
