"""Query time limits that really stop the work, on the embedded engine (memory and disk).

A four-way join over 300 triples (8.1e9 combinations, minutes of work) is sent with a
one-second limit; a cheap query sent while it runs must be answered, correctly and
before the heavy one gives up; the heavy one ends with the timeout error and the worker
process that ran it is gone (its CPU is back). Writes made meanwhile are seen after.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from kg.errors import QueryTimeoutError
from kg.store.oxigraph.store import EmbeddedStore
from tests.conftest import MakeApp

HEAVY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/p> ?x . "
         "?b <http://example.org/p> ?y . ?c <http://example.org/p> ?z . "
         "?d <http://example.org/p> ?w }")
CHEAP = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"
DATA = "".join(f"<http://example.org/s{i}> <http://example.org/p> {i} .\n" for i in range(300))


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    s = EmbeddedStore(None if request.param == "memory" else tmp_path / "store")
    s.load(DATA.encode(), "turtle", graph="http://example.org/g")
    yield s
    s.close()


def children(pid: int) -> set[int]:
    """The processes descending from ``pid`` (workers may come from a fork server)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_a_long_query_is_stopped_while_cheap_ones_are_answered(store: EmbeddedStore,
                                                               make_app: MakeApp) -> None:
    client: FlaskClient = make_app(store, query_workers=2).test_client()
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200
    before = children(os.getpid())
    finished: list[str] = []
    heavy: dict[str, object] = {}

    def run_heavy() -> None:
        r = client.get("/sparql", query_string={"query": HEAVY, "timeout": "1"})
        heavy.update(status=r.status_code, body=r.get_json())
        finished.append("heavy")

    thread = threading.Thread(target=run_heavy)
    thread.start()
    cheap = [client.get("/sparql", query_string={"query": CHEAP}) for _ in range(3)]
    during = children(os.getpid())
    finished.append("cheap")
    thread.join()
    assert [r.get_json()["results"]["bindings"][0]["n"]["value"] for r in cheap] == ["300"] * 3
    assert finished == ["cheap", "heavy"]
    assert heavy["status"] == 503
    body = heavy["body"]
    assert isinstance(body, dict) and body["error"] == "timeout"
    assert "time limit of 1 s" in body["message"]
    # the heavy query's worker was killed: a worker that ran during it is gone now
    assert len(during | before) > len(children(os.getpid()) & (during | before))


def test_store_timeout_without_http(store: EmbeddedStore) -> None:
    store.use_workers(1, default_timeout=30)
    with pytest.raises(QueryTimeoutError):
        store.query(HEAVY, timeout=0.5)
    # the pool replaced the killed worker; a write is seen by the next query
    store.update("INSERT DATA { GRAPH <http://example.org/g> "
                 "{ <http://example.org/new> <http://example.org/p> 1 } }")
    row = next(store.query(CHEAP).rows())
    assert int(row["n"]) == 301


def test_syntax_errors_come_back_from_workers(store: EmbeddedStore) -> None:
    store.use_workers(1, default_timeout=30)
    with pytest.raises(Exception) as caught:
        store.query("SELECT ?s WHERE {\n  ?s ?p \n}")
    error = caught.value
    assert type(error).__name__ == "QuerySyntaxError"
    assert getattr(error, "line", None) == 3


def test_a_worker_keeps_its_snapshot_while_it_reads(tmp_path: Path) -> None:
    """A write while a query runs makes a new snapshot for the next queries; the running
    query's own snapshot stays until that worker is gone, then goes."""
    s = EmbeddedStore(tmp_path / "store")
    s.load(DATA.encode(), "turtle", graph="http://example.org/g")
    s.use_workers(2, default_timeout=30)
    snapshots = tmp_path / ".store-snapshots"
    outcome: list[BaseException] = []

    def heavy() -> None:
        try:
            s.query(HEAVY, timeout=3).serialize("json")
        except QueryTimeoutError as e:
            outcome.append(e)

    runner = threading.Thread(target=heavy)
    runner.start()
    executor = s._executor
    assert executor is not None
    while not executor.versions():  # the heavy query's worker is up
        threading.Event().wait(0.02)
    (first,) = executor.versions()
    s.update("INSERT DATA { <http://example.org/new> <http://example.org/p> 1 }")
    assert int(next(s.query(CHEAP).rows())["n"]) == 301  # a new worker, a new snapshot
    assert (snapshots / first).is_dir() and len(list(snapshots.iterdir())) == 2
    runner.join()
    assert outcome, "the heavy query should have reached its time limit"
    s.update("INSERT DATA { <http://example.org/newer> <http://example.org/p> 2 }")
    assert int(next(s.query(CHEAP).rows())["n"]) == 302
    assert not (snapshots / first).exists()
    s.close()
