from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from kg.bundle import bundle_hash, data_files, ensure_bundle, ontology_files
from kg.explore.stats import count_triples
from kg.rdf.vocab import INFERRED_GRAPH, META_GRAPH, ONTOLOGY_GRAPH, SK
from kg.store.oxigraph.store import EmbeddedStore

BASE = "https://w3id.org/spacekg/id/"


def test_bundled_files_are_found() -> None:
    assert [p.name for p in ontology_files()] and data_files()
    assert all(p.exists() for p in ontology_files() + data_files())


def test_first_start_builds_and_later_starts_reuse(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    first = ensure_bundle(store, BASE)
    assert first.built and first.files == len(ontology_files()) + len(data_files())
    n = count_triples(store)
    assert n > 0 and ONTOLOGY_GRAPH in store.named_graphs()
    store.close()

    reopened = EmbeddedStore(tmp_path / "store")
    again = ensure_bundle(reopened, BASE)
    assert not again.built
    assert count_triples(reopened) == n


def test_rebuild_when_base_changes_replaces_not_duplicates(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    ensure_bundle(store, BASE)
    n = count_triples(store)
    other = "https://example.org/space/"
    assert bundle_hash(other) != bundle_hash(BASE)
    assert ensure_bundle(store, other).built
    assert count_triples(store) == n
    rows = store.query("SELECT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), ?base)) } LIMIT 1",
                       bindings={"base": __import__("rdflib").Literal(BASE)}).rows()
    assert list(rows) == []
    assert META_GRAPH in store.named_graphs()


def test_interrupted_build_is_redone(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    ensure_bundle(store, BASE)
    n = count_triples(store)
    store.drop_graph(META_GRAPH)  # as if killed before the hash was written
    assert ensure_bundle(store, BASE).built
    assert count_triples(store) == n


def test_rebuild_reasons_over_the_bundle_only(tmp_path: Path) -> None:
    """A rebuild's reasoning must not grow with what else the store holds."""
    fresh = EmbeddedStore()
    built = ensure_bundle(fresh, BASE)
    assert built.inferred > 0
    assert fresh.count(INFERRED_GRAPH) == built.inferred

    store = EmbeddedStore(tmp_path / "store")
    ensure_bundle(store, BASE)
    user = "https://example.org/loaded/x"
    store.load(f"<{user}> a <{SK}CrewedLunarLanding> .".encode(), "turtle",
               graph="https://example.org/loaded")
    again = ensure_bundle(store, BASE, force=True)
    assert again.inferred == built.inferred
    assert store.count(INFERRED_GRAPH) == built.inferred
    about_user = store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER(?s = ?x) }",
                             bindings={"g": URIRef(INFERRED_GRAPH), "x": URIRef(user)})
    assert about_user.boolean is False
    assert store.count("https://example.org/loaded") == 1
