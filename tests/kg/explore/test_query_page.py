"""The query page's dict (kg.explore.query_page): prefix help, running with a row cap and
labels, the graph of an answer, on real stores. The page itself is in
tests/web/pages/test_query_page.py."""

from __future__ import annotations

from kg.explore.query_page import compact, missing_prefixes, run, used_prefixes, with_prefixes
from kg.store import WriteStore
from tests.conftest import BASE, DATA

MISSIONS = "SELECT ?m ?program WHERE { ?m sk:partOfProgram ?program } ORDER BY ?m"


def load(store: WriteStore) -> None:
    store.load(DATA / "timeline.trig", "trig", base_iri=BASE)
    store.load(DATA / "browser-hostile-query.ttl", "turtle", graph=BASE + "test/hostile")


def test_iris_are_shown_short() -> None:
    assert compact(BASE + "cnsa", BASE) == "cnsa"
    assert compact("https://w3id.org/spacekg/ontology#SpaceAgency", BASE) == "sk:SpaceAgency"
    assert compact("http://example.org/a/b", BASE) == "http://example.org/a/b"
    assert compact("http://www.w3.org/2000/01/rdf-schema#", BASE) == (
        "http://www.w3.org/2000/01/rdf-schema#")


def test_prefix_help_sees_only_real_prefixed_names() -> None:
    text = ('PREFIX ex: <http://example.org/>\n'
            'SELECT ?s WHERE { ?s a sk:Mission ; rdfs:label "sk:not:this" ; ex:p foo:bar .\n'
            '  # dbo:comment\n  ?s <http://xsd:x/> ?o . BIND(:local AS ?x) }')
    assert used_prefixes(text) == ["sk", "rdfs", "ex", "foo", ""]
    assert missing_prefixes(text) == ["sk", "rdfs"]
    full = with_prefixes(text)
    assert full.startswith("PREFIX sk: <https://w3id.org/spacekg/ontology#>\n"
                           "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX ex:")
    assert missing_prefixes(full) == []


def test_run_labels_iris_and_draws_rows_as_a_graph(any_store: WriteStore) -> None:
    load(any_store)
    out = run(any_store, MISSIONS, max_rows=100, base_iri=BASE)
    assert out["kind"] == "select" and out["variables"] == ["m", "program"]
    assert not out["truncated"]
    rows = {r[0]["value"]: r for r in out["rows"]}
    late = rows[BASE + "tl-late"]
    assert late[0]["label"] == "TL Late Lander"
    assert late[1] == {"type": "iri", "value": BASE + "tl-programme",
                       "short": "tl-programme", "label": "Timeline Test Programme"}
    graph = out["graph"]
    assert {"from": BASE + "tl-late", "to": BASE + "tl-programme", "label": "program",
            "title": "?program"} in graph["edges"]
    assert len(graph["edges"]) == len(out["rows"])


def test_row_cap_is_flagged(any_store: WriteStore) -> None:
    load(any_store)
    out = run(any_store, MISSIONS, max_rows=2)
    assert out["truncated"] and len(out["rows"]) == 2 and out["max_rows"] == 2


def test_construct_and_ask(any_store: WriteStore) -> None:
    load(any_store)
    out = run(any_store, "CONSTRUCT { ?m rdfs:label ?l ; sk:operator ?a } WHERE { "
                         "?m sk:operator ?a ; rdfs:label ?l FILTER(STRSTARTS(STR(?m), ?base) "
                         "&& LANG(?l) = \"en\") }"
                         .replace("?base", f'"{BASE}tl-late"'), max_rows=50)
    assert out["kind"] == "graph" and out["variables"] == ["subject", "predicate", "object"]
    assert len(out["rows"]) == 2
    nodes = {n["id"]: n for n in out["graph"]["nodes"]}
    assert nodes[BASE + "tl-alpha"]["label"] == "Test Agency Alpha"
    assert any(n.get("shape") == "box" and n["label"] == "TL Late Lander" for n in nodes.values())
    ask = run(any_store, "ASK { ?m sk:launchDate ?d }", max_rows=10)
    assert ask["kind"] == "ask" and ask["boolean"] is True and ask["graph"] is None
