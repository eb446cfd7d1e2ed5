"""The shapes compiled to SPARQL (kg.checks.shacl_sparql) say what pyshacl says, in the same
words, and a bulk load is checked over every node, not only the first 20,000."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import RDFS

from kg.bundle import ontology_files
from kg.checks.shacl_sparql import compile_shapes
from kg.checks.validate import Rules, check
from kg.errors import ValidationError
from kg.loading import loader
from kg.loading.bulk import MAX_FOCUS, shape_findings
from kg.loading.history import triples_text
from kg.store.oxigraph.store import EmbeddedStore
from tests.conftest import DATA, ROOT
from tests.loading_helpers import BASE, content, rules_for_tests, same_content

BROKEN = [DATA / "broken-facts.trig", *sorted((DATA / "shacl").glob("*.ttl"))]
STAGED = "https://w3id.org/spacekg/id/load/staged-test"
RULES = Rules.bundled()


def _triples(path: Path) -> list[tuple[rdflib.term.Node, ...]]:
    ds = rdflib.Dataset()
    ds.parse(path, format="trig" if path.suffix == ".trig" else "turtle", publicID=BASE)
    return list(dict.fromkeys((s, p, o) for s, p, o, _ in ds.quads()))


def _ontology_store() -> EmbeddedStore:
    store = EmbeddedStore()
    for path in ontology_files():
        store.load(path, "turtle", graph="https://w3id.org/spacekg/ontology")
    return store


def _both(rules: Rules, store: EmbeddedStore, triples: list) -> tuple[list[str], list[str]]:  # type: ignore[type-arg]
    """(pyshacl's violations, the compiled queries') for ``triples`` loaded into ``store``."""
    from kg.loading.loader import type_context

    expected = check(rules, triples, type_context(store, triples)).violations
    store.stage(triples_text(triples).encode(), "ntriples", graph=STAGED)
    try:
        got = shape_findings(store, rules, STAGED).violations
    finally:
        store.discard(STAGED)
    return expected, got


def test_the_bundled_shapes_all_compile() -> None:
    compiled = compile_shapes(RULES.shapes, RULES.ontology.subject_objects(RDFS.subClassOf),
                              STAGED)
    assert compiled.fallback == [] and len(compiled.checks) > 50


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_the_queries_and_pyshacl_agree_on_broken_files(path: Path) -> None:
    expected, got = _both(RULES, _ontology_store(), _triples(path))
    assert expected, "a broken file breaks something"
    assert got == expected


def test_they_agree_when_the_store_already_holds_the_referenced_entities() -> None:
    store = _ontology_store()
    store.load(b"""@prefix sk: <https://w3id.org/spacekg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <program/p> a sk:SpaceProgram ; rdfs:label "Programme"@en .
        <agency/a> a sk:SpaceAgency ; rdfs:label "Agency"@en .""", "turtle", base_iri=BASE,
               graph="https://w3id.org/spacekg/id/graph/earlier")
    triples = [t for t in _triples(DATA / "shacl" / "wrong-class.ttl")
               if str(t[0]) not in (BASE + "program/p", BASE + "agency/a")]
    expected, got = _both(RULES, store, triples)
    assert expected and got == expected
    good = [t for t in _triples(DATA / "shacl" / "missing-label.ttl")
            if str(t[0]) != BASE + "program/p" and "nameless" not in str(t[0])
            and "french" not in str(t[0]) and "twice" not in str(t[0])]
    good.append((rdflib.URIRef(BASE + "mission/n"), rdflib.RDF.type,
                 rdflib.URIRef("https://w3id.org/spacekg/ontology#RoboticMission")))
    good.append((rdflib.URIRef(BASE + "mission/n"), RDFS.label, rdflib.Literal("N", lang="en")))
    good.append((rdflib.URIRef(BASE + "mission/n"),
                 rdflib.URIRef("https://w3id.org/spacekg/ontology#partOfProgram"),
                 rdflib.URIRef(BASE + "program/p")))
    assert _both(RULES, store, good) == ([], [])


def test_shapes_it_cannot_compile_go_to_pyshacl() -> None:
    rules = rules_for_tests()  # property shapes without a message: left to pyshacl
    compiled = compile_shapes(rules.shapes, [], STAGED)
    assert compiled.fallback and compiled.checks
    triples = _triples(DATA / "loading" / "bad.ttl")
    expected, got = _both(rules, EmbeddedStore(), triples)
    assert len(expected) == 3 and got == expected


@pytest.mark.slow
def test_a_late_violation_in_a_large_bulk_load_is_found(tmp_path: Path) -> None:
    data = tmp_path / "big.nt"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"),
                    "--size", "300k", "--format", "nt", "-o", str(data)], check=True,
                   capture_output=True)
    late = "https://w3id.org/spacekg/id/bench/mission-late"
    with data.open("a") as f:  # a mission without a programme, after every other node
        f.write(f'<{late}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                f'<https://w3id.org/spacekg/ontology#RoboticMission> .\n'
                f'<{late}> <http://www.w3.org/2000/01/rdf-schema#label> "Late"@en .\n')
    store = EmbeddedStore(tmp_path / "store")
    for path in ontology_files():
        store.load(path, "turtle", graph="https://w3id.org/spacekg/ontology")
    before = content(store)
    focus = store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
                        default_graphs=[STAGED])
    assert int(next(focus.rows())["n"]) == 0
    with pytest.raises(ValidationError) as e:
        loader.load(store, [("big.nt", data, None)], base_iri=BASE, rules=RULES, bulk=True)
    assert e.value.violations == [
        "node <https://w3id.org/spacekg/id/bench/mission-late>: property sk:partOfProgram: "
        "rule min count: A mission must belong to a programme "
        "(sk:partOfProgram a sk:SpaceProgram)."]
    assert e.value.report.triples > 10 * MAX_FOCUS  # type: ignore[attr-defined]
    assert same_content(content(store), before)
    store.close()
