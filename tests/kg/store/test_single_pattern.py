"""One-triple-pattern queries are read in the caller's process (no worker round trip),
with the same answer a worker gives; anything else, or a long answer, goes to a worker.
Which queries are one triple pattern is in tests/kg/sparql/test_single_pattern.py.

Which process answered is seen from the store's query workers: reading in the caller's
process starts none (``QueryExecutor.versions()`` lists the live workers' versions).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store.oxigraph.query import READ_HERE_BYTES
from kg.store.oxigraph.store import EmbeddedStore
from kg.store.remote.store import RemoteReadStore

EX = "http://example.org/"
LOOKUP = f"SELECT ?p ?o WHERE {{ <{EX}s1> ?p ?o }}"


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    s = EmbeddedStore(None if request.param == "memory" else tmp_path / "store")
    rows = "".join(f'<{EX}s1> <{EX}p{i}> "value {i}"@en .\n' for i in range(20))
    # one subject with an answer longer than what is read in the caller's process
    value = "x" * 200
    rows += "".join(f'<{EX}big> <{EX}p{i}> "{value} {i}" .\n' for i in range(1000))
    s.load(rows.encode(), "turtle", graph=f"{EX}g")
    s.use_workers(2, default_timeout=30)
    yield s
    s.close()


def workers(store: EmbeddedStore) -> set[str]:
    assert store._executor is not None
    return store._executor.versions()


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_read_here_answers_as_a_worker_does(store: EmbeddedStore, fmt: str) -> None:
    here = store.query(LOOKUP).serialize(fmt)
    assert not workers(store)  # no worker was started for it
    in_worker = store.query(LOOKUP + " # sent to a worker").serialize(fmt)
    assert workers(store)
    assert here == in_worker
    assert here.count(b"value ") == 20


def test_ask_is_read_here(store: EmbeddedStore) -> None:
    assert store.query(f"ASK {{ <{EX}s1> ?p ?o }}").boolean
    assert not store.query(f"ASK {{ <{EX}nobody> ?p ?o }}").boolean
    assert not workers(store)


def test_a_long_answer_is_finished_by_a_worker(store: EmbeddedStore) -> None:
    query = f"SELECT ?o {{ <{EX}big> ?p ?o }}"
    assert store.query_now(query) is None  # longer than READ_HERE_BYTES
    rows = list(store.query(query).rows())
    assert len(rows) == 1000 and len(rows) * 200 > READ_HERE_BYTES
    assert workers(store)


def test_query_now_answers_only_single_patterns(store: EmbeddedStore) -> None:
    found = store.query_now(LOOKUP)
    assert found is not None and len(list(found.rows())) == 20
    assert store.query_now(f"SELECT ?p {{ <{EX}s1> ?p ?o . ?o ?q ?r }}") is None
    assert store.query_now(LOOKUP, default_graphs=[f"{EX}g"]) is None
    assert not workers(store)


def test_staged_graphs_stay_hidden(store: EmbeddedStore) -> None:
    store.stage(f'<{EX}s1> <{EX}staged> "not yet" .\n'.encode(), "ntriples",
                graph=f"{EX}staging")
    assert store.query_now(LOOKUP) is None  # a worker leaves staged graphs out
    assert len(list(store.query(LOOKUP).rows())) == 20
    store.reveal(f"{EX}staging")
    assert len(list(store.query(LOOKUP).rows())) == 21


def test_a_remote_store_never_answers_at_once() -> None:
    remote = RemoteReadStore("http://127.0.0.1:9/query")
    assert remote.query_now(LOOKUP) is None
