"""The W3C RDF 1.1 Turtle test suite (tests/w3c/rdf-turtle, W3C licence in its LICENSE),
run through kg.loading.loader.load, the path every load takes.

- every negative syntax test is rejected with a line and column, and the store is unchanged;
- every positive syntax test is accepted;
- every evaluation test's stored triples are isomorphic to the expected N-Triples.

Each test's base IRI is its file's URL under the suite's home (mf:action), per the README.
Evaluation tests go through ``--graph`` (the SPARQL-update commit, the path with the most
escaping to get right). Oxigraph stores literals by value, so both sides are compared
with numbers in canonical form and language tags in lower case (loading_helpers._plain).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import Graph, Namespace
from rdflib.compare import isomorphic

from kg.checks.validate import Rules
from kg.errors import RdfSyntaxError
from kg.loading import loader
from kg.store.oxigraph.store import EmbeddedStore
from tests.loading_helpers import normalised

SUITE = Path(__file__).parent / "rdf-turtle"
HOME = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
NO_RULES = Rules(Graph(), Graph())


def _tests(kind: str) -> list[tuple[str, str, str | None]]:
    manifest = Graph()
    manifest.parse(SUITE / "manifest.ttl", format="turtle", publicID=HOME + "manifest.ttl")
    out = []
    for test in manifest.subjects(rdflib.RDF.type, RDFT[kind]):
        action = str(manifest.value(test, MF.action))
        result = manifest.value(test, MF.result)
        out.append((str(manifest.value(test, MF.name)), action,
                    None if result is None else str(result)))
    return sorted(out)


def _local(url: str) -> Path:
    assert url.startswith(HOME)
    return SUITE / url[len(HOME):]


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    s = EmbeddedStore()
    yield s
    s.close()


def _load(store: EmbeddedStore, action: str, graph: str | None = None) -> loader.LoadReport:
    path = _local(action)
    return loader.load(store, [(path.name, path.read_bytes(), "turtle")], base_iri=action,
                       graph=graph, rules=NO_RULES, loaded_by="w3c-suite")


def test_the_suite_is_all_here() -> None:
    assert (SUITE / "LICENSE").exists()
    counts = [len(_tests(k)) for k in ("TestTurtleNegativeSyntax", "TestTurtlePositiveSyntax",
                                       "TestTurtleEval", "TestTurtleNegativeEval")]
    assert counts[:3] == [94, 74, 145] and sum(counts) == 313


@pytest.mark.parametrize("name, action, _result", _tests("TestTurtleNegativeSyntax")
                         + _tests("TestTurtleNegativeEval"))
def test_negative_syntax_is_rejected_with_a_place(store: EmbeddedStore, name: str, action: str,
                                                  _result: None) -> None:
    before = (store.count(), store.named_graphs())
    with pytest.raises(RdfSyntaxError) as e:
        _load(store, action)
    assert e.value.line is not None and e.value.column is not None, str(e.value)
    assert str(e.value).startswith(f"{_local(action).name}:{e.value.line}:{e.value.column}: ")
    assert (store.count(), store.named_graphs()) == before


@pytest.mark.parametrize("name, action, _result", _tests("TestTurtlePositiveSyntax"))
def test_positive_syntax_is_accepted(store: EmbeddedStore, name: str, action: str,
                                     _result: None) -> None:
    report = _load(store, action)
    assert report.violations == [] and store.count(report.record) > 0


@pytest.mark.parametrize("name, action, result", _tests("TestTurtleEval"))
def test_evaluation_gives_the_expected_triples(store: EmbeddedStore, name: str, action: str,
                                               result: str) -> None:
    graph = f"https://example.org/w3c/{name}"
    _load(store, action, graph=graph)
    # less what the graph says about itself (its source and as-of date, added by the loader)
    stored = normalised(t for t in loader.graph_content(store, graph) or []
                        if str(t[0]) != graph)
    expected = Graph()
    expected.parse(_local(result), format="nt")
    assert isomorphic(stored, normalised(expected)), (
        f"stored:\n{stored.serialize(format='nt')}\nexpected:\n{expected.serialize(format='nt')}")
