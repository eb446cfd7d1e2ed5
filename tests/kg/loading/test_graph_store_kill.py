"""A Graph Store write killed with SIGKILL at any moment leaves the graph as it was or
exactly as sent: never part of it, and no scratch graph behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import EmbeddedStore

pytestmark = pytest.mark.slow
GRAPH = "http://example.org/put"
TRIPLES = 60_000
WRITER = """
import sys
from rdflib import Graph
from kg.checks import Rules
from kg.loading.graph_store import write_graph
from kg.store import EmbeddedStore
store = EmbeddedStore(sys.argv[1])
body = open(sys.argv[2], "rb").read()
print("ready", flush=True)
write_graph(store, [(body, "ntriples")], sys.argv[3], replace=True,
            base_iri="http://example.org/", rules=Rules(Graph(), Graph()))  # no shapes
store.close()
print("done", flush=True)
"""


def test_kill_9_during_a_graph_store_put(tmp_path: Path) -> None:
    body = tmp_path / "put.nt"
    body.write_bytes(b"".join(b"<http://example.org/s%d> <http://example.org/p> \"%d\" .\n"
                              % (i, i) for i in range(TRIPLES)))
    folder = tmp_path / "store"
    EmbeddedStore(folder).close()
    rng, outcomes = random.Random(), set()
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(body), GRAPH],
                                stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        store = EmbeddedStore(folder)
        count = store.count(GRAPH)
        graphs = store.named_graphs()
        store.close()
        assert count in (0, TRIPLES), count
        assert set(graphs) <= {GRAPH}, graphs  # no scratch graph left behind
        outcomes.add(count)
        if count:  # start again from an empty store, so the next kill can land mid-write
            store = EmbeddedStore(folder)
            store.drop_graph(GRAPH)
            store.close()
    assert 0 in outcomes, "no kill landed before the write ended"
