"""Browser fixtures: the real app served on loopback, and Debian's Chromium driven by
Playwright. Every page a test opens is watched: a console error, an uncaught exception,
or a request to anything but 127.0.0.1 fails the test."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from werkzeug.serving import make_server

from kg.bundle import ensure_bundle
from kg.store.oxigraph.store import EmbeddedStore
from tests.conftest import BASE, MakeApp

HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser drives Chromium: all are marked `browser`."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is not installed: run scripts/test, or "
                           "apt-get install chromium")
    return path


class LiveServer:
    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser_store() -> EmbeddedStore:
    """The bundled graph plus tests/data/browser-extra.ttl if present (hostile labels)."""
    store = EmbeddedStore()
    ensure_bundle(store, BASE)
    from tests.conftest import DATA

    extra = DATA / "browser-extra.ttl"
    if extra.exists():
        store.load(extra, "turtle", graph=BASE + "test/browser-extra", base_iri=BASE)
    return store


@pytest.fixture(scope="session")
def live_server(browser_store: EmbeddedStore, make_app: MakeApp) -> Iterator[LiveServer]:
    server = LiveServer(make_app(browser_store, write_token="test-token"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True,
                              args=CHROMIUM_FLAGS)
        yield b
        b.close()


@dataclass
class Watch:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser, watch: Watch):  # type: ignore[no-untyped-def]
    """A fresh page. Requests leaving 127.0.0.1 are aborted and recorded; console errors,
    page errors and dialogs (an alert means injected script ran) are recorded; the test
    fails afterwards if any occurred."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    pg = context.new_page()

    def guard(route):  # type: ignore[no-untyped-def]
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error"
          else None)
    pg.on("pageerror", lambda e: watch.page_errors.append(str(e)))

    def on_dialog(d):  # type: ignore[no-untyped-def]
        watch.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()
    assert watch.outside == [], f"requests left 127.0.0.1: {watch.outside}"
    assert watch.page_errors == [], f"uncaught errors: {watch.page_errors}"
    assert watch.console_errors == [], f"console errors: {watch.console_errors}"
    assert watch.dialogs == [], f"a dialog opened (injected script ran?): {watch.dialogs}"
