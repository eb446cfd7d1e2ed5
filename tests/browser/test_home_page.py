"""The home page in a real browser."""

from __future__ import annotations


def test_home_lists_what_is_in_the_graph(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    assert page.title().startswith("Space KG")
    rows = page.locator("table.counts tbody tr")
    assert rows.count() >= 1
    assert page.locator(".figures strong").first.inner_text().replace(",", "").isdigit()
