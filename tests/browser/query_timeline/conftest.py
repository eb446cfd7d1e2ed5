"""A server for the query page and timeline tests: the bundled graph plus the timeline
test data and hostile labels, with a small row cap so truncation shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.bundle import ensure_bundle
from kg.store.oxigraph.store import EmbeddedStore
from tests.browser.conftest import LiveServer, Watch
from tests.conftest import BASE, DATA, MakeApp

MAX_ROWS = 25


@pytest.fixture(scope="session")
def explorer(make_app: MakeApp) -> Iterator[LiveServer]:
    store = EmbeddedStore()
    ensure_bundle(store, BASE)
    store.load(DATA / "timeline.trig", "trig", base_iri=BASE)
    store.load(DATA / "browser-hostile-query.ttl", "turtle", graph=BASE + "test/hostile")
    server = LiveServer(make_app(store, max_rows=MAX_ROWS))
    yield server
    server.stop()
    store.close()


def expect_status_errors(watch: Watch, status: int) -> None:
    """A page answered with an error status logs one console error for the document
    itself; the tests that ask for such a page expect it, and only it."""
    expected = f"the server responded with a status of {status}"
    assert any(expected in m for m in watch.console_errors), watch.console_errors
    watch.console_errors[:] = [m for m in watch.console_errors if expected not in m]
