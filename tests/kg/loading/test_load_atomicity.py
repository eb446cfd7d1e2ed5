"""All or nothing under stress: `kill -9` during a large `kg load`, and queries answered
while a load runs. Both use a generated N-Triples file of 200,000 triples (14 MB), which
takes the staged bulk path."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.loading import history, loader
from kg.settings import load_settings
from kg.store import WriteStore
from kg.store.oxigraph.store import EmbeddedStore
from kgcli.context import ready_store
from tests.conftest import MakeApp
from tests.loading_helpers import BASE, DATA, content, rules_for_tests, same_content

TRIPLES = 200_000
pytestmark = pytest.mark.slow


def big_file(folder: Path, n: int = TRIPLES) -> Path:
    path = folder / "big.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(f'<https://example.org/s{i // 10}> <https://example.org/p{i % 10}> '
                      f'"value {i}" .\n')
    assert n < TRIPLES or path.stat().st_size >= loader.BULK_BYTES
    return path


def kg_load(store: Path, *paths: Path) -> subprocess.Popen[bytes]:
    """`kg load` as its own process; what it says goes to store.log."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ["KG_STORE"] = str(store)
    with (store.parent / "store.log").open("ab") as log:
        return subprocess.Popen([sys.executable, "-m", "kgcli", "load", *map(str, paths)],
                                env=environ, stdout=log, stderr=log)


def opened(store: Path) -> WriteStore:
    """The store as every `kg` command and `kg serve` open it next (kgcli.context)."""
    return ready_store(load_settings({"store": str(store)}, environ={}), quiet=True)


def started_loading(log: Path, since: int, proc: subprocess.Popen[bytes]) -> float:
    """Wait until the `kg load` says it is reading the file (its first progress line)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if b"kg: parse" in log.read_bytes()[since:]:
            return time.monotonic()
        time.sleep(0.01)
    raise AssertionError(f"kg load did not start loading: {log.read_text()[since:]}")


def kill_during_loads(folder: Path, big: Path, triples: int, attempts: int,
                      landed: Callable[[WriteStore, history.LoadRecord], None]) -> None:
    """``kg load big`` once to the end (and undone), then ``attempts`` times killed with
    SIGKILL at a random moment of its loading part: after each, the store reopens with
    exactly its earlier content, or, when the load finished first, all of it (checked by
    ``landed`` too), which is then undone. At least one kill must land during a load."""
    store, log = folder / "store", folder / "store.log"
    assert kg_load(store, DATA / "good.ttl").wait(timeout=120) == 0
    s = opened(store)
    before, before_ids = content(s), {r.id for r in history.list_loads(s)}
    s.close()

    # One full load first: that it works, and how long its loading part takes.
    proc = kg_load(store, big)
    began = started_loading(log, 0, proc)
    assert proc.wait(timeout=120) == 0, log.read_text()
    work = time.monotonic() - began
    s = opened(store)
    [done] = [r for r in history.list_loads(s) if r.id not in before_ids]
    assert done.triples == triples
    landed(s, done)
    history.unload(s, done.id)
    assert same_content(content(s), before)
    s.close()

    seed = random.randrange(1 << 30)
    rng, interrupted = random.Random(seed), 0
    for attempt in range(attempts):
        since = log.stat().st_size
        proc = kg_load(store, big)
        started_loading(log, since, proc)
        time.sleep(rng.uniform(0.0, 0.8) * work)
        proc.send_signal(signal.SIGKILL)
        killed = proc.wait(timeout=60) == -signal.SIGKILL
        s = opened(store)
        new = [r for r in history.list_loads(s) if r.id not in before_ids]
        for r in new:  # it finished before the signal: then all of it is there
            assert r.triples == triples, (seed, attempt)
            landed(s, r)
            history.unload(s, r.id)
        interrupted += killed and not new
        assert same_content(content(s), before), f"seed {seed}, attempt {attempt}"
        s.close()
    print(f"seed {seed}: {interrupted} of {attempts} kills landed during a load")
    assert interrupted >= 1, f"seed {seed}: no kill landed during a load"


def test_kill_9_during_a_large_load_leaves_nothing_of_it(tmp_path: Path) -> None:
    def landed(s: WriteStore, r: history.LoadRecord) -> None:
        assert s.count(r.record) > TRIPLES  # the facts and their provenance record

    kill_during_loads(tmp_path, big_file(tmp_path), TRIPLES, 5, landed)


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "transaction"])
def test_queries_during_a_load_see_before_or_after(tmp_path: Path, bulk: bool,
                                                   make_app: MakeApp) -> None:
    store = EmbeddedStore(tmp_path / "store")
    rules = rules_for_tests()
    loader.load(store, [("good.ttl", DATA / "good.ttl", None)], base_iri=BASE, rules=rules)
    app = make_app(store)
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}

    def count() -> int:
        response = app.test_client().get("/sparql", query_string=query)
        return int(response.get_json()["results"]["bindings"][0]["n"]["value"])

    seen: list[tuple[float, int]] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            seen.append((time.monotonic(), count()))

    before = count()
    path = big_file(tmp_path, TRIPLES if bulk else 20_000)
    thread = threading.Thread(target=reader)
    thread.start()
    started = time.monotonic()
    try:
        report = loader.load(store, [("big.nt", path, None)], base_iri=BASE, rules=rules,
                             bulk=bulk)
    finally:
        ended = time.monotonic()
        stop.set()
        thread.join(timeout=60)
    after = count()
    assert report.bulk is bulk and after > before
    during = [n for t, n in seen if started <= t <= ended]
    assert during, "no query ran while the load did"
    assert {n for _, n in seen} <= {before, after}
