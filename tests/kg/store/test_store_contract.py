"""One contract, every engine: embedded (memory, disk) and remote (a real Oxigraph server)."""

from __future__ import annotations

import io

import pytest
import rdflib
from rdflib import Literal, URIRef

from kg.errors import QuerySyntaxError, RdfSyntaxError
from kg.store import DEFAULT_GRAPH, ReadStore, WriteStore

G1 = "http://example.org/g1"
G2 = "http://example.org/g2"
TTL = """@prefix ex: <http://example.org/> .
ex:nasa a ex:Agency ; ex:label "NASA"@en, "美国国家航空航天局"@zh ;
    ex:founded "1958-07-29"^^<http://www.w3.org/2001/XMLSchema#date> .
ex:cnsa a ex:Agency ; ex:label "CNSA"@en ; ex:quote "say \\"hi\\"" .
""".encode()


def test_is_a_write_store(any_store: WriteStore) -> None:
    assert isinstance(any_store, ReadStore)
    assert isinstance(any_store, WriteStore)
    assert any_store.engine in ("embedded", "remote")


def test_load_into_named_graph_and_query(any_store: WriteStore) -> None:
    any_store.load(TTL, "turtle", graph=G1)
    assert any_store.named_graphs() == [G1]
    assert any_store.count(G1) == 7
    rows = list(any_store.query(
        "SELECT ?s ?l WHERE { ?s <http://example.org/label> ?l FILTER(LANG(?l) = 'en') } "
        "ORDER BY ?l").rows())
    assert [(str(r["s"]), str(r["l"])) for r in rows] == [
        ("http://example.org/cnsa", "CNSA"), ("http://example.org/nasa", "NASA")]
    assert rows[0]["l"] == Literal("CNSA", lang="en")


def test_default_graph_is_the_union_of_named_graphs(any_store: WriteStore) -> None:
    any_store.load(b"<http://x/a> <http://x/p> 1 .", "turtle", graph=G1)
    any_store.load(b"<http://x/b> <http://x/p> 2 .", "turtle", graph=G2)
    n = next(any_store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows())["n"]
    assert int(n) == 2
    only = any_store.query("SELECT ?s { ?s ?p ?o }", default_graphs=[G2])
    assert [str(r["s"]) for r in only.rows()] == ["http://x/b"]


def test_bindings_are_values_not_text(any_store: WriteStore) -> None:
    any_store.load(TTL, "turtle", graph=G1)
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert int(next(any_store.query(q, bindings={"g": URIRef(G1)}).rows())["n"]) == 7
    assert int(next(any_store.query(q, bindings={"g": URIRef(G2)}).rows())["n"]) == 0
    hostile = Literal('x" } } ; DROP ALL ; SELECT * { "')
    rows = list(any_store.query("SELECT ?s WHERE { ?s <http://example.org/label> ?l }",
                                bindings={"l": hostile}).rows())
    assert rows == []
    assert any_store.count(G1) == 7


def test_ask_and_construct(any_store: WriteStore) -> None:
    any_store.load(TTL, "turtle", graph=G1)
    assert any_store.query("ASK { ?s a <http://example.org/Agency> }").boolean is True
    assert any_store.query("ASK { ?s a <http://example.org/Nothing> }").boolean is False
    result = any_store.query("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }")
    assert result.kind == "graph"
    g = rdflib.Graph().parse(data=result.serialize("turtle"), format="turtle")
    assert len(g) == 2


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_serialises_in_every_result_format(any_store: WriteStore, fmt: str) -> None:
    any_store.load(TTL, "turtle", graph=G1)
    body = any_store.query(
        "SELECT ?l WHERE { <http://example.org/cnsa> <http://example.org/quote> ?l }"
    ).serialize(fmt)
    assert b"hi" in body


def test_update_and_drop_graph(any_store: WriteStore) -> None:
    any_store.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <http://x/a> <http://x/p> 'v' }} }}")
    assert any_store.count(G2) == 1
    any_store.drop_graph(G2)
    assert any_store.count(G2) == 0
    assert G2 not in any_store.named_graphs()


def test_query_syntax_error_has_line_and_column(any_store: WriteStore) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        any_store.query("SELECT ?s\nWHERE { ?s ?p }")
    assert info.value.line == 2
    assert info.value.column is not None and info.value.column >= 14


def test_bad_rdf_is_rejected_and_nothing_is_stored(any_store: WriteStore) -> None:
    any_store.load(TTL, "turtle", graph=G1)
    bad = b'<http://x/a> <http://x/p> "ok" .\n<http://x/b> <http://x/p> "unterminated .\n'
    with pytest.raises(RdfSyntaxError) as info:
        any_store.load(bad, "turtle", graph=G2, name="bad.ttl")
    assert info.value.source == "bad.ttl"
    assert any_store.count(G2) == 0
    assert any_store.count(G1) == 7


def test_trig_keeps_its_graphs_and_export_round_trips(any_store: WriteStore) -> None:
    trig = f"<{G1}> {{ <http://x/a> <http://x/p> 1 }} <{G2}> {{ <http://x/b> <http://x/p> 2 }}"
    any_store.load(trig.encode(), "trig")
    assert any_store.named_graphs() == [G1, G2]
    out = io.BytesIO()
    any_store.export(out, "nquads")
    ds = rdflib.Dataset().parse(data=out.getvalue(), format="nquads")
    assert len(ds) == 2 or sum(1 for _ in ds.quads()) == 2
    out = io.BytesIO()
    any_store.export(out, "turtle", graph=G1)
    assert len(rdflib.Graph().parse(data=out.getvalue(), format="turtle")) == 1


def test_version_changes_on_write(any_store: WriteStore) -> None:
    before = any_store.version
    any_store.load(TTL, "turtle", graph=G1)
    assert any_store.version != before


def test_default_graph_name(any_store: WriteStore) -> None:
    any_store.update("INSERT DATA { <http://x/a> <http://x/p> 'in default' }")
    any_store.load(b"<http://x/b> <http://x/p> 'named' .", "turtle", graph=G1)
    assert any_store.count(DEFAULT_GRAPH) == 1
    assert any_store.count(G1) == 1
