"""The upload page and the history page in a real browser: choose and drop files, see the
result in words, undo from the history. Hostile names and values must stay text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.store.oxigraph.store import EmbeddedStore
from tests.browser.conftest import LiveServer
from tests.conftest import MakeApp
from tests.loading_helpers import DATA

TOKEN = "browser-token"
HOSTILE_NAME = "<img src=x onerror=alert(1)>.ttl"
HOSTILE = (b'<https://e.org/x> <http://www.w3.org/2000/01/rdf-schema#label> '
           b'"<img src=x onerror=alert(2)>" .\n')


@pytest.fixture
def server(make_app: MakeApp) -> Iterator[tuple[LiveServer, EmbeddedStore]]:
    store = EmbeddedStore()
    live = LiveServer(make_app(store, write_token=TOKEN, shapes=str(DATA / "shapes.ttl"),
                               ontology=str(DATA / "ontology.ttl")))
    yield live, store
    live.stop()


def test_upload_then_undo(page, server) -> None:  # type: ignore[no-untyped-def]
    live, store = server
    page.goto(live.url + "/load")
    good = (DATA / "good.ttl").read_bytes()
    page.set_input_files("#files", [{"name": "good.ttl", "mimeType": "text/turtle",
                                     "buffer": good}])
    page.evaluate("""([name, text]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name, {type: "text/turtle"}));
        document.getElementById("drop").dispatchEvent(
            new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", [HOSTILE_NAME, HOSTILE.decode()])
    assert page.locator("#chosen li").count() == 2
    page.fill("#token", TOKEN)
    page.click("#load-button")
    page.wait_for_selector("#result:not([hidden])")
    assert page.inner_text("#result-title") == "Loaded"
    counts = page.inner_text("#counts")
    assert "Triples\n11" in counts and HOSTILE_NAME in counts
    assert "unknown property sk:nickname" in page.inner_text("#warnings")
    assert "<img src=x onerror=alert(2)>" in page.inner_text("#diff")
    assert store.count() > 11

    page.goto(live.url + "/loads")
    assert page.locator("li.load").count() == 1
    assert HOSTILE_NAME in page.inner_text("li.load .files")
    page.click("li.load details summary")
    assert "onerror=alert(2)" in page.inner_text("li.load pre.diff")
    # the token lived in the last page only: never in storage, so it is asked for again
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    page.click("button.undo")
    assert "Enter the write token" in page.inner_text("#status")
    page.fill("#token", TOKEN)
    page.click("button.undo")
    page.wait_for_selector("li.load", state="detached")
    assert "was undone" in page.inner_text("#status")
    assert store.count() == 0


def test_check_only_shows_violations_in_words(page, server) -> None:  # type: ignore[no-untyped-def]
    live, store = server
    page.goto(live.url + "/load")
    page.set_input_files("#files", [
        {"name": "bad.ttl", "mimeType": "text/turtle", "buffer": (DATA / "bad.ttl").read_bytes()}])
    page.click("#check-button")
    page.wait_for_selector("#violations-box:not([hidden])")
    assert page.inner_text("#result-title") == "The files do not pass"
    violations = page.locator("#violations li").all_inner_texts()
    assert ("node <https://w3id.org/spacekg/id/agreement/nameless>: property rdfs:label: "
            "rule min count: an agreement needs a label") in violations
    page.click("#load-button")  # no token: not even sent (the API's 401 is tested apart)
    assert "Enter the write token" in page.inner_text("#status")
    assert store.count() == 0
