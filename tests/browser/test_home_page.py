"""The home page in a real browser."""

from __future__ import annotations


def test_home_lists_what_is_in_the_graph(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    assert page.title().startswith("Space KG")
    rows = page.locator("table.counts tbody tr")
    assert rows.count() >= 1
    assert page.locator(".figures strong").first.inner_text().replace(",", "").isdigit()


def test_pages_name_their_icon_so_browsers_do_not_ask_for_favicon_ico(  # type: ignore[no-untyped-def]
    page, live_server
) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(live_server.url + "/")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon and page.request.get(live_server.url + icon).status == 200
    assert not [u for u in asked if u.endswith("/favicon.ico")]
