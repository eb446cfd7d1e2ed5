"""Statement-level provenance: every bundled statement outside the system graphs lives in
a claim graph that names its source, as of a date."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.bundle import named_queries
from kg.rdf.vocab import PREFIXES, prefix_block
from kg.store import DEFAULT_GRAPH, WriteStore
from kg.store.oxigraph.store import EmbeddedStore

BASE = "https://w3id.org/spacekg/id/"


def unsourced(store: WriteStore) -> int:
    rows = list(named_queries.get("unsourced-statements").run(store, base_iri=BASE).rows())
    return int(rows[0]["unsourced"])


def test_no_bundled_statement_is_unsourced(bundled_store: WriteStore) -> None:
    assert unsourced(bundled_store) == 0


def test_nothing_is_bundled_into_the_default_graph(bundled_store: WriteStore) -> None:
    assert bundled_store.count(DEFAULT_GRAPH) == 0


def test_the_count_finds_an_unsourced_graph() -> None:
    store = EmbeddedStore()
    store.load(
        b"<claim/a> { <claim/a> <http://www.w3.org/ns/prov#wasDerivedFrom> <source/x> . "
        b"<nasa> <http://www.w3.org/2000/01/rdf-schema#label> 'NASA' . }\n"
        b"<claim/b> { <cnsa> <http://www.w3.org/2000/01/rdf-schema#label> 'CNSA' . "
        b"<esa> <http://www.w3.org/2000/01/rdf-schema#label> 'ESA' . }",
        "trig",
        base_iri=BASE,
    )
    assert unsourced(store) == 2


def test_every_source_is_described(bundled_store: WriteStore) -> None:
    q = (
        prefix_block()
        + """
        SELECT (COUNT(DISTINCT ?source) AS ?n) WHERE {
          ?claim prov:wasDerivedFrom ?source .
          FILTER NOT EXISTS {
            ?source a sk:Source ; dcterms:title ?title .
            { ?source schema:url ?url } UNION { ?source sk:localCopy ?copy }
          }
        }"""
    )
    assert int(next(bundled_store.query(q).rows())["n"]) == 0


def test_every_claim_graph_has_as_of_and_a_mark(bundled_store: WriteStore) -> None:
    q = (
        prefix_block()
        + """
        SELECT (COUNT(DISTINCT ?claim) AS ?n) WHERE {
          GRAPH ?claim { ?claim prov:wasDerivedFrom ?source }
          FILTER(?complete = EXISTS { GRAPH ?claim { ?claim sk:asOf ?d ; sk:verification ?m } })
        }"""
    )

    def count(complete: bool) -> int:
        rows = bundled_store.query(q, bindings={"complete": Literal(complete)}).rows()
        return int(next(rows)["n"])

    assert count(True) > 60
    assert count(False) == 0


def test_conflicting_dates_stay_in_separate_sourced_graphs(bundled_store: WriteStore) -> None:
    q = (
        prefix_block()
        + """
        SELECT ?date ?source WHERE {
          GRAPH ?claim { ?event sk:date ?date }
          ?claim prov:wasDerivedFrom ?source .
        }"""
    )
    rows = bundled_store.query(
        q, bindings={"event": URIRef(BASE + "ilrs-mou-signing-roscosmos")}
    ).rows()
    by_date: dict[str, set[str]] = {}
    for r in rows:
        by_date.setdefault(str(r["date"]), set()).add(str(r["source"])[len(BASE) :])
    assert by_date == {
        "2021-03-09": {
            "source/tass-1263979",
            "source/parabolicarc-2021-03-10",
            "source/seed-article",
        },
        "2021-02": {"source/spacenews-russia-china-lunar"},
    }


def test_seed_article_claims_are_cited_to_it_as_of_march_2021(bundled_store: WriteStore) -> None:
    q = (
        prefix_block()
        + """
        SELECT DISTINCT ?claim ?asOf WHERE {
          ?claim prov:wasDerivedFrom ?seed ; sk:asOf ?asOf .
        }"""
    )
    rows = list(
        bundled_store.query(q, bindings={"seed": URIRef(BASE + "source/seed-article")}).rows()
    )
    assert len(rows) >= 5
    assert {str(r["asOf"]) for r in rows} == {"2021-03-10"}


def test_unverified_claims_are_marked_never_plain(bundled_store: WriteStore) -> None:
    """The reference list's U facts (SpaceX's founding day, the seed's 23 ISS visits) are
    present only in graphs marked unverified."""
    q = (
        prefix_block()
        + """
        SELECT ?mark WHERE {
          GRAPH ?claim { ?s ?p ?o }
          ?claim sk:verification ?mark .
          FILTER(STR(?o) = ?value)
        }"""
    )
    spacex = URIRef(BASE + "spacex")
    for prop, value in [("issVisitCount", "23"), ("foundingDate", "2002-05-06")]:
        bindings = {"s": spacex, "p": URIRef(PREFIXES["sk"] + prop), "value": Literal(value)}
        marks = {str(r["mark"]) for r in bundled_store.query(q, bindings=bindings).rows()}
        assert marks == {PREFIXES["sk"] + "unverified"}, (prop, value)
