"""Materialised reasoning: the hierarchy works in queries, and inferred triples are kept
apart from asserted ones."""

from __future__ import annotations

from rdflib import URIRef

from kg.bundle import ensure_bundle
from kg.bundle.reasoning import materialise
from kg.rdf.vocab import INFERRED_GRAPH, SK, prefix_block
from kg.store import WriteStore

BASE = "https://w3id.org/spacekg/id/"


def ask(store: WriteStore, sparql: str, **terms: str) -> bool:
    bindings = {k: URIRef(v if ":" in v else BASE + v) for k, v in terms.items()}
    return store.query(prefix_block() + sparql, bindings=bindings).boolean


def graphs_holding(store: WriteStore, s: str, p: str, o: str) -> set[str]:
    rows = store.query(
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        bindings={"s": URIRef(BASE + s), "p": URIRef(p), "o": URIRef(o)},
    ).rows()
    return {str(r["g"]) for r in rows}


def test_a_crewed_lunar_landing_is_a_mission(bundled_store: WriteStore) -> None:
    assert ask(bundled_store, "ASK { ?m a sk:CrewedLunarLanding , sk:SpaceMission }", m="apollo-11")
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert graphs_holding(bundled_store, "apollo-11", rdf_type, str(SK.SpaceMission)) == {
        INFERRED_GRAPH
    }
    assert graphs_holding(bundled_store, "apollo-11", rdf_type, str(SK.CrewedMission)) != {
        INFERRED_GRAPH
    }


def test_a_signatory_of_an_agreement_is_a_party_to_it(bundled_store: WriteStore) -> None:
    # Roscosmos signed the ILRS memorandum (a signing event), on behalf of Russia
    assert ask(
        bundled_store, "ASK { ?a sk:hasSignatory ?x ; sk:hasParty ?x }", a="ilrs-mou", x="roscosmos"
    )
    assert ask(
        bundled_store, "ASK { ?a sk:hasParty ?x . ?x sk:partyTo ?a }", a="ilrs-mou", x="russia"
    )
    assert not ask(bundled_store, "ASK { ?a sk:hasSignatory ?x }", a="ilrs-mou", x="russia")
    # Japan was a founding signatory of the Artemis Accords
    assert ask(bundled_store, "ASK { ?a sk:hasParty ?x }", a="artemis-accords", x="japan")
    assert graphs_holding(bundled_store, "artemis-accords", str(SK.hasParty), BASE + "japan") == {
        INFERRED_GRAPH
    }


def test_inverse_chain_and_transitive_rules(bundled_store: WriteStore) -> None:
    assert ask(bundled_store, "ASK { ?x sk:participatesIn ?p }", x="venezuela", p="ilrs")
    assert ask(bundled_store, "ASK { ?x sk:participatesIn ?p }", x="jaxa", p="lunar-gateway")
    # a phase of ILRS is part of it; landing on the Moon is reaching it
    assert ask(bundled_store, "ASK { ?m sk:partOf ?p }", m="ilrs-construction-phase", p="ilrs")
    assert ask(bundled_store, "ASK { ?m sk:reached ?b }", m="change-3", b="moon")


def test_inferred_triples_live_only_in_the_inferred_graph(bundled_store: WriteStore) -> None:
    q = """SELECT (COUNT(*) AS ?n) WHERE {
             GRAPH ?inferred { ?s ?p ?o }
             GRAPH ?g { ?s ?p ?o }
             FILTER(?g != ?inferred)
           }"""
    rows = bundled_store.query(q, bindings={"inferred": URIRef(INFERRED_GRAPH)}).rows()
    assert int(next(rows)["n"]) == 0
    assert bundled_store.count(INFERRED_GRAPH) > 300


def test_inferred_triples_have_no_source(bundled_store: WriteStore) -> None:
    assert not ask(bundled_store, "ASK { GRAPH ?g { ?g ?p ?o } }", g=INFERRED_GRAPH)


def test_materialise_works_on_every_engine_and_is_repeatable(any_store: WriteStore) -> None:
    report = ensure_bundle(any_store, BASE)
    assert report.inferred == any_store.count(INFERRED_GRAPH) > 300
    assert materialise(any_store) == report.inferred
    assert ask(any_store, "ASK { ?a sk:hasParty ?x }", a="iss-iga", x="norway")
