"""Shared fixtures: real stores of every engine, a real Oxigraph server process, and the
app over a store with its test client, as in Flask's tutorial (`app`, `client`).

`store` is the store the app is built on: an empty store of each engine unless a module
overrides it (to put data in first, or to use another store). `app` is built by
`make_app(store)`; a module overrides `app` for other settings, and a test that needs an
app of its own calls `make_app(store, **settings)`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.settings import load_settings
from kg.store import WriteStore
from kg.store.oxigraph.store import EmbeddedStore
from kg.store.remote.store import RemoteStore
from web import create_app

ROOT = Path(__file__).resolve().parent.parent  # the project
DATA = Path(__file__).parent / "data"
BASE = "https://w3id.org/spacekg/id/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise RuntimeError("the oxigraph server is not installed: pip install oxigraph")
    return found


class OxigraphServer:
    """An `oxigraph serve` process on a free loopback port, with its own data folder."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder),
             "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with status {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not start within 20 s")

    def clear(self) -> None:
        req = urllib.request.Request(f"{self.url}/update", data=b"CLEAR ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
        with urllib.request.urlopen(req, timeout=10):
            pass

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"))
    yield server
    server.stop()


def remote_store(server: OxigraphServer) -> RemoteStore:
    return RemoteStore(f"{server.url}/query", update_endpoint=f"{server.url}/update",
                       store_endpoint=f"{server.url}/store", engine="oxigraph")


ENGINES = ["memory", "disk", pytest.param("remote", marks=pytest.mark.remote)]


@pytest.fixture(params=ENGINES)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[WriteStore]:
    """An empty store of each engine: embedded in memory, embedded on disk, and remote
    against a real Oxigraph server."""
    store: WriteStore
    if request.param == "memory":
        store = EmbeddedStore()
    elif request.param == "disk":
        store = EmbeddedStore(tmp_path / "store")
    else:
        server = request.getfixturevalue("oxigraph_server")
        server.clear()
        store = remote_store(server)
    yield store
    store.close()


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_settings({"store": str(tmp_path / "store")}, environ={})


@pytest.fixture(scope="session")
def bundled_store() -> Iterator[WriteStore]:
    """An in-memory store built from the bundled ontology and facts, with inferences.
    Shared by the session: tests must only read it."""
    from kg.bundle import ensure_bundle

    store = EmbeddedStore()
    ensure_bundle(store, BASE)
    yield store
    store.close()


@pytest.fixture
def store(any_store: WriteStore) -> WriteStore:
    """The store `app` is built on: by default an empty store of each engine."""
    return any_store


MakeApp = Callable[..., Flask]


@pytest.fixture(scope="session")
def make_app() -> MakeApp:
    """``make_app(store, **settings)``: the app over ``store``, with settings given here
    and no others (no environment, no store of its own)."""

    def make(store: WriteStore, **settings: object) -> Flask:
        return create_app(load_settings({"memory": True, **settings}, environ={}), store=store)

    return make


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    return make_app(store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
