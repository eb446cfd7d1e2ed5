"""The record of every load: what it was, what it changed, and how to take it back.

Each load ``ID`` has a record graph ``<base>load/ID`` described with PROV-O:

    <base>load/ID a sk:Load ; sk:loadId "ID" ;
        prov:wasDerivedFrom <declared source, or the file entity> ;
        prov:wasGeneratedBy <...#activity> ; prov:generatedAtTime "..."^^xsd:dateTime ;
        sk:asOf "..."^^xsd:date ; sk:targetGraph <G> ; sk:tripleCount N ;
        sk:addedCount N ; sk:removedCount N ; sk:loadedBy "cli" .
    <...#activity> a prov:Activity ; prov:used <...#file-1> ; prov:startedAtTime ... .
    <...#file-1> a prov:Entity ; dcterms:title "name.ttl" ; sk:sha256 "..." ;
        sk:byteSize N ; sk:tripleCount N ; dcterms:format "text/turtle" .

When the facts went into the record graph itself (the default, ``G`` = the record graph)
undoing the load drops that graph. When they went into another graph (``--graph``,
``--replace``, or named graphs of a TriG file), the record keeps each touched graph's
content from before (``sk:snapshot``), and undoing restores it exactly.

A large TriG or N-Quads load whose graphs are all new (bulk-loaded, see :mod:`kg.loading.bulk`)
keeps no copy of them: its record lists them, ``<base>load/ID sk:createdGraph <G>``, and
undoing it drops them. That list is written first, before any of their triples, so that
an interrupted load can be cleaned up whatever graph names its file used.

The ``a sk:Load`` triple is written in the same atomic step as the facts; a graph under
``<base>load/`` without it was left by an interrupted load and :func:`recover` drops it,
with the graphs it lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from kg.errors import BadRequestError, NotFoundError
from kg.rdf.binding import term_text
from kg.rdf.ntriples import parse_ntriples, triples_text
from kg.rdf.terms import Triple
from kg.rdf.vocab import (
    CREATED_GRAPH,
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    SK,
)
from kg.store.base import ReadStore, StagingStore, WriteStore

PROV = PREFIXES["prov"]



def record_prefix(base_iri: str) -> str:
    return f"{base_iri}load/"


def is_system_graph(graph: str, base_iri: str) -> bool:
    """Whether ``graph`` is one the store keeps for itself: a load's record (under
    ``<base>load/``), the ontology, the inferences or the bundle's bookkeeping. Loads and
    Graph Store writes never target one: recovery would drop a record graph planted
    without its record, and replacing one would destroy a load's history."""
    return graph.startswith(record_prefix(base_iri)) or graph in SYSTEM_GRAPHS


SYSTEM_GRAPHS = frozenset({ONTOLOGY_GRAPH, INFERRED_GRAPH, META_GRAPH})


def rewrite_update(contents: Mapping[str, Sequence[Triple] | None]) -> str:
    """One SPARQL update (one transaction) giving each graph exactly the triples given
    (``None``: the graph goes). Terms are written with rdflib's escaping and IRIs checked,
    never pasted as user text."""
    ops = [f"DROP SILENT GRAPH {term_text(URIRef(g))}" for g in contents]
    blocks = [f"GRAPH {term_text(URIRef(g))} {{\n{triples_text(t)}}}"
              for g, t in contents.items() if t]
    if blocks:
        ops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(ops)


@dataclass
class FileRecord:
    name: str
    sha256: str
    size: int
    triples: int
    format: str


@dataclass
class LoadRecord:
    id: str
    record: str
    graph: str
    loaded_at: str
    loaded_by: str
    triples: int
    added: int
    removed: int
    source: str | None = None
    files: list[FileRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        out = dict(self.__dict__)
        out["files"] = [f.__dict__ for f in self.files]
        return out


_LIST = """
SELECT ?r ?id ?at ?by ?n ?g ?added ?removed ?src WHERE { GRAPH ?r {
  ?r a sk:Load ; sk:loadId ?id ; prov:generatedAtTime ?at ; sk:loadedBy ?by ;
     sk:tripleCount ?n ; sk:targetGraph ?g ; sk:addedCount ?added ; sk:removedCount ?removed .
  OPTIONAL { ?r sk:declaredSource ?src }
} } ORDER BY DESC(?at) DESC(?id)"""

_FILES = """
SELECT ?r ?name ?sha ?size ?n ?fmt WHERE { GRAPH ?r {
  ?r a sk:Load ; prov:wasGeneratedBy ?a . ?a prov:used ?f .
  ?f dcterms:title ?name ; sk:sha256 ?sha ; sk:byteSize ?size ; sk:tripleCount ?n ;
     dcterms:format ?fmt .
} } ORDER BY ?name"""


def list_loads(store: ReadStore) -> list[LoadRecord]:
    """Every committed load, newest first."""
    out: dict[str, LoadRecord] = {}
    for r in store.query(_LIST, prefixes=PREFIXES).rows():
        rec = LoadRecord(str(r["id"]), str(r["r"]), str(r["g"]), str(r["at"]), str(r["by"]),
                         int(r["n"]), int(r["added"]), int(r["removed"]),
                         str(r["src"]) if "src" in r else None)
        out.setdefault(rec.record, rec)
    for r in store.query(_FILES, prefixes=PREFIXES).rows():
        if str(r["r"]) in out:
            out[str(r["r"])].files.append(FileRecord(str(r["name"]), str(r["sha"]),
                                                     int(r["size"]), int(r["n"]),
                                                     str(r["fmt"])))
    return list(out.values())


def get_load(store: ReadStore, load_id: str) -> LoadRecord:
    for rec in list_loads(store):
        if rec.id == load_id or rec.record == load_id:
            return rec
    raise NotFoundError(f"no load '{load_id}'", hint="`kg loads` lists them")


def _snapshots(store: ReadStore, record: str) -> dict[str, list[Triple] | None]:
    """The content each touched graph had before the load (None: it did not exist)."""
    rows = store.query(
        "SELECT ?g ?content ?existed WHERE { GRAPH ?r { ?r sk:snapshot ?s . "
        "?s sk:ofGraph ?g ; sk:content ?content ; sk:existed ?existed } }",
        bindings={"r": URIRef(record)}, prefixes=PREFIXES).rows()
    out: dict[str, list[Triple] | None] = {}
    for r in rows:
        existed = bool(r["existed"].toPython()) if isinstance(r["existed"], Literal) else True
        out[str(r["g"])] = parse_ntriples(str(r["content"])) if existed else None
    return {**out, **dict.fromkeys(created_graphs(store, record))}


def created_graphs(store: ReadStore, record: str) -> list[str]:
    """The graphs a bulk-loaded dataset created, as its record lists them (may include
    the record graph itself)."""
    rows = store.query("SELECT ?g WHERE { GRAPH ?r { ?r ?created ?g } }",
                       bindings={"r": URIRef(record), "created": CREATED_GRAPH}).rows()
    return [str(r["g"]) for r in rows]


def touched_graphs(store: ReadStore, record: str, target: str) -> set[str]:
    return {target, *_snapshots(store, record)}


def unload(store: WriteStore, load_id: str) -> LoadRecord:
    """Take back one load: the graphs it touched get exactly their earlier content.

    Refused when a later load touched one of the same graphs (undo that one first)."""
    with store.write_lock:
        return _unload(store, load_id)


def _unload(store: WriteStore, load_id: str) -> LoadRecord:
    rec = get_load(store, load_id)
    mine = touched_graphs(store, rec.record, rec.graph)
    for later in list_loads(store):
        if (later.loaded_at, later.id) <= (rec.loaded_at, rec.id):
            continue
        if mine & touched_graphs(store, later.record, later.graph):
            raise BadRequestError(
                f"load {later.id} changed the same graph after load {rec.id}",
                hint=f"unload {later.id} first")
    created = created_graphs(store, rec.record)
    if created:
        _drop_created(store, rec.record, created)
        return rec
    contents = _snapshots(store, rec.record)
    if not contents:  # everything it added is in its own graph
        store.drop_graph(rec.record)
        return rec
    contents[rec.record] = None
    store.update(rewrite_update(contents))
    return rec


def _drop_created(store: WriteStore, record: str, created: Sequence[str]) -> None:
    """Undo a bulk-loaded dataset without one huge transaction: its graphs are hidden
    (readers see the store without them at once), its record loses ``a sk:Load`` (from
    then on :func:`recover` would finish the job after a crash), and they are dropped
    one by one, the record last."""
    if isinstance(store, StagingStore):
        store.hide([record, *created])
    r = term_text(URIRef(record))
    store.update(f"DELETE DATA {{ GRAPH {r} {{ {r} a {term_text(SK.Load)} }} }}")
    if isinstance(store, StagingStore):
        store.discard(record, *created)
        return
    for g in [*created, record]:
        store.drop_graph(g)


def recover(store: WriteStore, base_iri: str) -> list[str]:
    """Drop the graphs interrupted loads left (under ``<base>load/`` without their
    ``a sk:Load`` record). Returns their IRIs."""
    prefix = record_prefix(base_iri)
    candidates = [g for g in store.named_graphs() if g.startswith(prefix)]
    if not candidates:
        return []
    rows = store.query("SELECT ?g WHERE { GRAPH ?g { ?g a ?load } }",
                       bindings={"load": SK.Load}).rows()
    done = {str(r["g"]) for r in rows}
    stale = [g for g in candidates if g not in done]
    for g in stale:  # what it lists first: the list goes last, with its graph
        for created in created_graphs(store, g):
            store.drop_graph(created)
        store.drop_graph(g)
    return stale


def load_diff(store: ReadStore, rec: LoadRecord, limit: int = 50) -> dict[str, list[str]]:
    """The first ``limit`` triples the load added and removed, as N-Triples lines."""
    rows = list(store.query(
        "SELECT ?added ?removed WHERE { GRAPH ?r { ?r sk:snapshot ?s . "
        "?s sk:addedTriples ?added ; sk:removedTriples ?removed } }",
        bindings={"r": URIRef(rec.record)}, prefixes=PREFIXES).rows())
    if rows:
        added = "".join(str(r["added"]) for r in rows).splitlines()
        removed = "".join(str(r["removed"]) for r in rows).splitlines()
        return {"added": added[:limit], "removed": removed[:limit]}
    q = ("CONSTRUCT { ?s ?p ?o } WHERE { { GRAPH ?r { ?s ?p ?o "
         "FILTER(isBlank(?s) || !STRSTARTS(STR(?s), STR(?r))) } } UNION { GRAPH ?r { "
         "?r ?created ?g FILTER(?g != ?r) } GRAPH ?g { ?s ?p ?o } } } LIMIT " + str(int(limit)))
    triples = list(store.query(q, bindings={"r": URIRef(rec.record),
                                            "created": CREATED_GRAPH}).triples())
    return {"added": sorted(triples_text(triples).splitlines()), "removed": []}
