"""A large N-Quads or TriG file takes the staged bulk path and keeps every promise of the
transactional one: it lands exactly, a violation leaves nothing, a `kill -9` at any moment
leaves the store as it was, readers see before or after, and undo restores exactly."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import rdflib

from kg.errors import ValidationError
from kg.loading import history, loader, split
from kg.loading.loader import LoadReport
from kg.store import WriteStore
from kg.store.oxigraph.store import EmbeddedStore
from tests.kg.loading.test_load_atomicity import kill_during_loads
from tests.loading_helpers import BASE, DATA, content, normalised, rules_for_tests, same_content

RULES = rules_for_tests()
QUADS = 25_000  # about 2.4 MB: over loader.BULK_BYTES
BAD = ('<https://example.org/deal> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
       '<https://w3id.org/spacekg/ontology#Agreement> <https://example.org/graph/3> .\n')


def quads_file(folder: Path, n: int = QUADS, *, extra: str = "") -> Path:
    """N-Quads: ``n`` statements in a graph per 50 lines, every 7th in the default graph."""
    path = folder / "big.nq"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            graph = "" if i % 7 == 0 else f" <https://example.org/graph/{i // 50}>"
            out.write(f'<https://example.org/s{i // 10}> <https://example.org/p{i % 10}> '
                      f'"value {i}"{graph} .\n')
        out.write(extra)
    assert n < QUADS or path.stat().st_size >= loader.BULK_BYTES
    return path


def load(store: WriteStore, path: Path, fmt: str | None = None,
         **options: object) -> LoadReport:
    return loader.load(store, [(path.name, path, fmt)], base_iri=BASE, rules=RULES,
                       **options)  # type: ignore[arg-type]


def expected(path: Path, fmt: str, record: str) -> dict[str, rdflib.Graph]:
    """The file's graphs as the store should hold them: the default graph in the record."""
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt)
    graphs: dict[str, list[object]] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = record if g in (None, rdflib.graph.DATASET_DEFAULT_GRAPH_ID) else str(g)
        graphs.setdefault(name, []).append((s, p, o))
    return {name: normalised(triples) for name, triples in graphs.items()}


def landed(store: WriteStore, before: dict[str, rdflib.Graph],
           record: str) -> dict[str, rdflib.Graph]:
    """The graphs the load added; its record graph without the record's own triples."""
    out = {k: g for k, g in content(store).items() if k not in before}
    own = rdflib.Graph()
    for s, p, o in out.pop(record):
        if not str(s).startswith(record):
            own.add((s, p, o))
    return {**out, record: own}


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    s = EmbeddedStore(tmp_path / "store")
    loader.load(s, [("good.ttl", DATA / "good.ttl", None)], base_iri=BASE, rules=RULES)
    return s


@pytest.mark.slow
def test_a_large_n_quads_file_is_bulk_loaded_exactly_and_undone_exactly(
        store: EmbeddedStore, tmp_path: Path) -> None:
    path, before = quads_file(tmp_path), content(store)
    # one statement a line and no blank node: cut in parts, as N-Triples is (kg.loading.split)
    assert split.part_count(path, "nquads") == min(split.MAX_PARTS, os.cpu_count() or 1)
    report = load(store, path)
    assert report.bulk and report.triples == report.added == QUADS
    assert "unknown property sk:createdGraph" not in " ".join(report.warnings)
    assert same_content(landed(store, before, report.record),
                        expected(path, "nquads", report.record))
    [done] = [r for r in history.list_loads(store) if r.id == report.id]
    assert done.triples == QUADS and done.files[0].triples == QUADS
    assert history.load_diff(store, done, 3)["added"]
    history.unload(store, report.id)
    assert same_content(content(store), before)
    store.close()


def test_a_trig_file_is_bulk_loaded_exactly_and_undone_exactly(store: EmbeddedStore,
                                                                 tmp_path: Path) -> None:
    path, before = tmp_path / "facts.trig", content(store)
    path.write_text('@prefix e: <https://example.org/> .\n'
                    'e:a e:p "in the default graph" .\n'
                    'e:g1 { e:a e:p "one" ; e:q _:x . _:x e:p "blank" }\n'
                    'GRAPH e:g2 { e:b e:p "two"@en }\n', encoding="utf-8")
    report = load(store, path, bulk=True)
    assert report.bulk and report.triples == 5
    assert same_content(landed(store, before, report.record),
                        expected(path, "trig", report.record))
    history.unload(store, report.id)
    assert same_content(content(store), before)
    store.close()


def test_a_violation_rejects_the_whole_file(store: EmbeddedStore, tmp_path: Path) -> None:
    before, path = content(store), quads_file(tmp_path, extra=BAD)
    with pytest.raises(ValidationError) as e:
        load(store, path)
    assert e.value.report.bulk  # type: ignore[attr-defined]
    assert e.value.violations == ["node <https://example.org/deal>: property rdfs:label: "
                                  "rule min count: an agreement needs a label"]
    with pytest.raises(ValidationError) as in_one_transaction:
        load(store, path, bulk=False)
    assert in_one_transaction.value.violations == e.value.violations
    assert same_content(content(store), before) and store.count() == sum(
        len(g) for g in before.values())
    store.close()


def test_a_file_naming_a_graph_that_exists_goes_through_one_transaction(
        store: EmbeddedStore, tmp_path: Path) -> None:
    store.load(b'<https://example.org/old> <https://example.org/p> "kept" .', "ntriples",
               graph="https://example.org/graph/3")
    before = content(store)
    report = load(store, quads_file(tmp_path, 400), bulk=True)
    assert not report.bulk and report.triples == 400
    assert store.query('ASK { GRAPH <https://example.org/graph/3> '
                       '{ ?a ?p "kept" . ?b ?q "value 150" } }').boolean
    history.unload(store, report.id)
    assert same_content(content(store), before)
    store.close()


def test_queries_during_a_dataset_load_see_before_or_after(store: EmbeddedStore,
                                                           tmp_path: Path) -> None:
    path = quads_file(tmp_path, 100_000)
    ask = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def seen() -> tuple[int, int]:
        row = next(store.query(ask).rows())
        return int(row["n"]), int(row["graphs"])

    before, stop, during = seen(), threading.Event(), set()

    def reader() -> None:
        while not stop.is_set():
            during.add(seen())

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        report = load(store, path)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert report.bulk and during and during <= {before, seen()}
    store.close()


@pytest.mark.slow
def test_kill_9_during_a_large_dataset_load_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    def landed(s: WriteStore, r: history.LoadRecord) -> None:
        assert len(s.named_graphs()) > 3000  # its graphs, all revealed

    kill_during_loads(tmp_path, quads_file(tmp_path, 200_000), 200_000, 4, landed)
