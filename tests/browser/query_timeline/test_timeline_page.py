"""The timeline in a real browser: planned against actual, filters, keyboard and the
table view, with hostile labels kept as text."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

from tests.conftest import BASE

PROGRAMME = BASE + "tl-programme"


def item(page, label: str):  # type: ignore[no-untyped-def]
    return page.locator("a.tl-item", has=page.locator("text.label", has_text=label))


def labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("a.tl-item text.label").all_text_contents()


def test_planned_and_actual_are_drawn_differently(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/timeline?program=" + quote(PROGRAMME))
    assert labels(page) == ["TL Late Lander", "TL Future Orbiter"]
    late = item(page, "TL Late Lander")
    assert late.locator("circle.actual").count() == 1
    assert late.locator("circle.planned").count() == 2
    assert late.locator("line.slip").count() == 1
    assert "slipped 2.5 years" in late.get_attribute("aria-label")
    future = item(page, "TL Future Orbiter")
    assert future.locator("circle.actual").count() == 0
    assert future.locator("circle.planned").count() == 2
    assert future.locator("text.tag").text_content() == "planned"
    assert "still planned" in future.get_attribute("aria-label")
    # filled versus hollow, as drawn
    fills = page.evaluate("""() => ['circle.actual', 'circle.planned'].map(
        s => getComputedStyle(document.querySelector('a.tl-item ' + s)).fill)""")
    assert fills[0] != fills[1]
    dash = page.evaluate("getComputedStyle(document.querySelector('line.slip')).strokeDasharray")
    assert dash not in ("", "none")


def test_items_are_reachable_by_keyboard_with_a_text_alternative(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/timeline?program=" + quote(PROGRAMME))
    page.get_by_role("link", name="Skip to the table").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => [document.activeElement.getAttribute('class'),
        document.activeElement.getAttribute('aria-label'),
        document.activeElement.querySelector('title').textContent]""")
    assert focused[0] == "tl-item"
    assert focused[1].startswith("TL Late Lander (mission): launched 2020-06-15")
    assert focused[2] == focused[1]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith(
        "TL Future Orbiter (mission): not launched yet")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href.startswith("/entity?") and parse_qs(urlparse(href).query)["iri"] == [
        BASE + "tl-future"]


def test_filters_by_program_agency_years_and_kind(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/timeline")
    page.select_option("#tl-program", label="Timeline Test Programme")
    page.click("button[type=submit]")
    page.wait_for_url("**/timeline?*")
    assert labels(page) == ["TL Late Lander", "TL Future Orbiter"]
    page.select_option("#tl-program", value="")
    page.select_option("#tl-agency", label="Test Agency Beta")
    page.click("button[type=submit]")
    page.wait_for_url("**agency=*")
    assert labels(page) == ["TL On Time", "TL Future Orbiter", "TL Accord"]
    page.fill("#tl-from", "2016")
    page.fill("#tl-to", "2020")
    page.click("button[type=submit]")
    page.wait_for_url("**to=2020*")
    assert labels(page) == ["TL Accord"]
    assert page.locator("svg.timeline .axis text").first.text_content() == "2016"
    page.fill("#tl-from", "")
    page.fill("#tl-to", "")
    page.uncheck("input[name=kind][value=agreement]")
    page.click("button[type=submit]")
    page.wait_for_url("**kind=*")
    assert labels(page) == ["TL On Time", "TL Future Orbiter"]
    rows = page.locator("table.tl-table tbody tr")
    assert rows.count() == 2
    assert "still planned" in rows.nth(1).inner_text()


def test_the_table_view_says_it_in_words(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/timeline?program=" + quote(PROGRAMME))
    page.get_by_role("link", name="Skip to the table").click()
    cells = page.locator("table.tl-table tbody tr").first.locator("th, td").all_inner_texts()
    assert cells[:5] == ["TL Late Lander", "mission", "2020-06-15",
                         "2018 (2016); 2019-05 (2018-03-01)", "slipped 2.5 years"]


def test_hostile_labels_on_the_timeline_stay_text(page, explorer) -> None:  # type: ignore[no-untyped-def]
    page.goto(explorer.url + "/timeline?program=" + quote(BASE + "tl-hostile-programme"))
    assert labels(page) == ["<script>alert('hostile label')</script>"]
    assert page.locator("#tl-program option:checked").inner_text() == (
        "<img src=x onerror=alert('hostile programme')>")
    assert "\"><svg onload=alert('hostile agency')>" in page.locator(
        "table.tl-table").inner_text()
    assert page.locator("img[src=x], svg[onload]").count() == 0
    assert page.locator("script").count() == 0
