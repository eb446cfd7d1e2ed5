"""kg.loading.loader on every engine: checked, all or nothing, recorded, undone exactly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.errors import BadRequestError, RdfSyntaxError, ValidationError
from kg.loading import history, loader
from kg.store import WriteStore
from kg.store.oxigraph.store import EmbeddedStore
from tests.loading_helpers import BASE, DATA, content, rules_for_tests, same_content

RULES = rules_for_tests()
GRAPH = "https://w3id.org/spacekg/id/graph/agreements"
PRIOR = b"""@prefix sk: <https://w3id.org/spacekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<agreement/ilrs-mou> a sk:Agreement ; rdfs:label "ILRS MoU (draft)"@en ;
    sk:note [ rdfs:label "a blank node the undo must bring back" ] .
<nasa> a sk:SpaceAgency ; rdfs:label "NASA"@en .
"""


def run(store: WriteStore, name: str, data: bytes | None = None, **kw: object):  # type: ignore[no-untyped-def]
    source = data if data is not None else DATA / name
    return loader.load(store, [(name, source, None)], base_iri=BASE, rules=RULES, **kw)  # type: ignore[arg-type]


def test_a_load_goes_into_its_own_graph_with_its_provenance(any_store: WriteStore) -> None:
    report = run(any_store, "good.ttl", loaded_by="tester",
                 declared_source="https://example.org/press")
    assert report.graph == report.record == f"{BASE}load/{report.id}"
    assert report.triples == report.added == 10 and report.removed == 0
    assert report.warnings == ["unknown property sk:nickname: the ontology does not declare it"]
    ask = any_store.query(
        "ASK { GRAPH ?g { <https://w3id.org/spacekg/id/cnsa> a sk:SpaceAgency } }",
        bindings={"g": URIRef(report.graph)},
        prefixes={"sk": "https://w3id.org/spacekg/ontology#"})
    assert ask.boolean
    [rec] = history.list_loads(any_store)
    digest = hashlib.sha256((DATA / "good.ttl").read_bytes()).hexdigest()
    assert (rec.id, rec.loaded_by, rec.triples, rec.source) == (
        report.id, "tester", 10, "https://example.org/press")
    assert [(f.name, f.sha256, f.size, f.triples, f.format) for f in rec.files] == [
        ("good.ttl", digest, (DATA / "good.ttl").stat().st_size, 10, "text/turtle")]
    derived = any_store.query(
        "SELECT ?src WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?src } }",
        bindings={"g": URIRef(report.graph)},
        prefixes={"prov": "http://www.w3.org/ns/prov#"})
    assert [str(r["src"]) for r in derived.rows()] == ["https://example.org/press"]


def test_a_syntax_error_names_the_place_and_stores_nothing(any_store: WriteStore) -> None:
    run(any_store, "good.ttl")
    before = content(any_store)
    bad = (b'@prefix sk: <https://w3id.org/spacekg/ontology#> .\n<a> sk:p "ok" .\n'
           b'<b> sk:p "x" "y" .\n')
    with pytest.raises(RdfSyntaxError) as e:
        run(any_store, "broken.ttl", bad)
    assert (e.value.source, e.value.line) == ("broken.ttl", 3)
    assert e.value.column is not None and str(e.value).startswith("broken.ttl:3:")
    assert str(e.value).endswith("""(near '"y" .')""")
    assert same_content(content(any_store), before)


def test_violations_are_told_in_words_and_store_nothing(any_store: WriteStore) -> None:
    before = content(any_store)
    with pytest.raises(ValidationError) as e:
        run(any_store, "bad.ttl")
    node = "node <https://w3id.org/spacekg/id/agreement/nameless>"
    assert e.value.violations == [
        f"{node}: property rdfs:label: rule min count: an agreement needs a label",
        f"{node}: property sk:signatory: rule class: Value does not have class sk:Organization",
        f"{node}: property sk:signedOn: rule datatype (value 'sometime in 2021'): "
        "Value is not Literal with datatype xsd:date",
    ]
    assert same_content(content(any_store), before)
    assert history.list_loads(any_store) == []


def test_a_shape_sees_types_loaded_earlier(any_store: WriteStore) -> None:
    run(any_store, "good.ttl")
    later = (b"@prefix sk: <https://w3id.org/spacekg/ontology#> .\n"
             b'<agreement/x> a sk:Agreement ; <http://www.w3.org/2000/01/rdf-schema#label> "X" ;'
             b" sk:signatory <cnsa> .\n")
    assert run(any_store, "later.ttl", later).violations == []


def test_dry_run_shows_the_replace_diff_and_changes_nothing(any_store: WriteStore) -> None:
    run(any_store, "prior.ttl", PRIOR, graph=GRAPH)
    before = content(any_store)
    report = run(any_store, "good.ttl", graph=GRAPH, replace=True, dry_run=True)
    # 9 facts and the graph's new source in, 5 facts and its old source out
    assert report.dry_run and (report.added, report.removed) == (10, 6)
    assert any('"ILRS MoU (draft)"@en' in t for t in report.removed_triples)
    assert any('"ILRS memorandum of understanding"@en' in t for t in report.added_triples)
    assert same_content(content(any_store), before)
    assert len(history.list_loads(any_store)) == 1


def test_undo_restores_the_earlier_state_exactly(any_store: WriteStore) -> None:
    empty = content(any_store)
    first = run(any_store, "prior.ttl", PRIOR, graph=GRAPH)
    after_first = content(any_store)
    replacing = run(any_store, "good.ttl", graph=GRAPH, replace=True)
    own = run(any_store, "good.ttl")
    assert replacing.removed == 6
    assert not any_store.query('ASK { ?s ?p "ILRS MoU (draft)"@en }').boolean
    with pytest.raises(BadRequestError, match="unload .* first"):
        history.unload(any_store, first.id)
    history.unload(any_store, replacing.id)
    history.unload(any_store, own.id)
    assert same_content(content(any_store), after_first)
    history.unload(any_store, first.id)
    assert same_content(content(any_store), empty)
    assert history.list_loads(any_store) == []


def test_a_load_without_replace_adds_to_the_graph(any_store: WriteStore) -> None:
    run(any_store, "good.ttl", graph=GRAPH)
    more = (b'@prefix sk: <https://w3id.org/spacekg/ontology#> .\n'
            b'<cnsa> a sk:SpaceAgency .\n<nasa> a sk:SpaceAgency .')
    report = run(any_store, "more.ttl", more, graph=GRAPH)
    assert (report.added, report.removed) == (2, 0)  # a fact and the graph's new source
    assert any_store.count(GRAPH) == 14


@pytest.mark.parametrize("name, data", [
    ("x.nt", b'<https://e.org/a> <https://e.org/p> "1" .\n'),
    ("x.rdf", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
              b'syntax-ns#" xmlns:e="https://e.org/"><rdf:Description rdf:about="https://e.org/a">'
              b'<e:p>1</e:p></rdf:Description></rdf:RDF>'),
    ("x.jsonld", b'{"@id": "https://e.org/a", "https://e.org/p": "1"}'),
    ("x.nq", b'<https://e.org/a> <https://e.org/p> "1" <https://e.org/g> .\n'),
    ("x.trig", b'<https://e.org/g> { <https://e.org/a> <https://e.org/p> "1" }'),
])
def test_every_format_loads_and_unloads(any_store: WriteStore, name: str, data: bytes) -> None:
    report = run(any_store, name, data)
    assert report.triples == 1
    rows = list(any_store.query('SELECT ?g WHERE { GRAPH ?g { <https://e.org/a> ?p "1" } }').rows())
    expected = "https://e.org/g" if name.endswith(("nq", "trig")) else report.record
    assert [str(r["g"]) for r in rows] == [expected]
    history.unload(any_store, report.id)
    assert any_store.count() == 0


def test_replace_needs_a_graph(any_store: WriteStore) -> None:
    with pytest.raises(BadRequestError, match="--graph"):
        run(any_store, "good.ttl", replace=True)


def test_the_bulk_path_checks_and_leaves_nothing_when_it_fails(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    run(store, "good.ttl")
    before = content(store)
    with pytest.raises(ValidationError) as e:
        run(store, "bad.ttl", bulk=True)
    assert e.value.report.bulk and len(e.value.violations) == 3  # type: ignore[attr-defined]
    with pytest.raises(RdfSyntaxError) as syntax:
        run(store, "broken.nt", b'<https://e.org/a> <https://e.org/p> "1" .\n<https://e.org/b> .\n',
            bulk=True)
    assert (syntax.value.source, syntax.value.line) == ("broken.nt", 2)
    assert same_content(content(store), before)
    report = run(store, "good.ttl", bulk=True)
    assert report.bulk and report.warnings == [
        "unknown property sk:nickname: the ontology does not declare it"]
    assert [r.id for r in history.list_loads(store)][0] == report.id
    store.close()


def test_a_staged_graph_is_invisible_until_revealed() -> None:
    store = EmbeddedStore()
    store.load(b'<https://e.org/a> <https://e.org/p> "seen" .', "ntriples", graph="https://e.org/g")
    store.stage(b'<https://e.org/b> <https://e.org/p> "staged" .', "ntriples",
                graph="https://e.org/staged")
    seen = content(store)
    assert list(seen) == ["https://e.org/g"] and store.named_graphs() == ["https://e.org/g"]
    assert store.count() == 1 and store.count("https://e.org/staged") == 0
    assert not store.query('ASK { GRAPH ?g { ?s ?p "staged" } }').boolean
    assert not store.query('ASK { ?s ?p "staged" }').boolean
    store.reveal("https://e.org/staged")
    assert store.query('ASK { GRAPH <https://e.org/staged> { ?s ?p "staged" } }').boolean
    assert store.count() == 2 and len(content(store)) == 2


@pytest.mark.parametrize("option", [{"graph": "not-absolute"}, {"graph": "default"},
                                    {"declared_source": "https://e.org/a b"}])
def test_graph_and_source_must_be_iris(any_store: WriteStore, option: dict[str, str]) -> None:
    with pytest.raises(BadRequestError, match="absolute IRI|named graphs"):
        run(any_store, "good.ttl", **option)


def test_a_replace_is_checked_against_the_state_after_it(any_store: WriteStore) -> None:
    """The shapes allow one label per language: replacing the label is not a second one."""
    rules = RULES
    first = (b'<https://e.org/a> a <https://w3id.org/spacekg/ontology#SpaceAgency> ; '
             b'<http://www.w3.org/2000/01/rdf-schema#label> "A"@en .')
    loader.load(any_store, [("a.ttl", first, None)], base_iri=BASE, graph=GRAPH, rules=rules)
    renamed = first.replace(b'"A"@en', b'"A (renamed)"@en')
    report = loader.load(any_store, [("a.ttl", renamed, None)], base_iri=BASE, graph=GRAPH,
                         replace=True, rules=rules)
    assert (report.added, report.removed, report.violations) == (2, 2, [])  # label, source
    with pytest.raises(ValidationError, match="1 shape violation"):
        loader.load(any_store, [("b.ttl", first, None)], base_iri=BASE, rules=rules)


def test_no_loaded_statement_is_unsourced(any_store: WriteStore) -> None:
    """Loaded graphs fit the bundled claim-graph convention: each names its source."""
    from kg.bundle import named_queries

    run(any_store, "good.ttl")
    run(any_store, "good.ttl", graph=GRAPH, declared_source="https://example.org/press")
    rows = named_queries.get("unsourced-statements").run(any_store, base_iri=BASE).rows()
    assert int(next(rows)["unsourced"]) == 0
    asof = any_store.query("SELECT ?d WHERE { GRAPH ?g { ?g sk:asOf ?d } }",
                           bindings={"g": URIRef(GRAPH)},
                           prefixes={"sk": "https://w3id.org/spacekg/ontology#"})
    assert len(list(asof.rows())) == 1
