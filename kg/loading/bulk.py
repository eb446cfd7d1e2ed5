"""The fast path for large inputs: a staged bulk load, revealed in one step.

Oxigraph's bulk loader is several times faster than a transaction but not atomic: a
failure or a ``kill -9`` half way leaves part of the file on disk. So the file goes into
the load's own new graph (in parts loaded side by side when it can be cut, see
:mod:`kg.loading.split`) while the store keeps that graph *staged*: left out of every query,
count and listing (see ``EmbeddedStore.stage_parts``). Once every triple is in, the
staged graph is checked with SPARQL, the queries side by side: the vocabulary, and the
shapes compiled to queries (:mod:`kg.checks.shacl_sparql`; pyshacl for any shape it cannot
compile), its PROV-O record is added in one transaction, and it is revealed: a single
swap every reader sees either before or after. On any failure the graph is dropped;
after a crash :func:`kg.loading.history.recover` drops it at the next start (it has no ``a
sk:Load`` record, which is written last).

A TriG or N-Quads file fills the graphs its quads name. When all are new, they are staged
the same way: their names are read first (a quick pass of the parser), the record graph
lists them (``sk:createdGraph``) in one transaction before any is written, so recovery
and undo know them, and all are checked together and revealed in the same single step.
A file naming a graph that exists goes through one transaction instead.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from rdflib import RDFS, Graph, URIRef

from kg.checks.shacl_sparql import LIMIT, Check, Compiled, compile_shapes, in_staged, shapes_subset
from kg.checks.validate import Findings, Rules, check, unknown_terms
from kg.errors import RdfSyntaxError, StoreError
from kg.loading.model import Item, LoadReport, Meta, Progress, judge, type_context, with_token
from kg.loading.split import buffered, cut, line_of, part_count
from kg.rdf.binding import term_text
from kg.rdf.ntriples import triples_text
from kg.rdf.parse import graph_names
from kg.rdf.vocab import CREATED_GRAPH
from kg.store.base import StagingStore


@dataclass(frozen=True)
class Staged:
    """The graphs a bulk load stages: its record graph (which also receives the default
    graph), and the graphs a dataset's quads name, all new, which the record lists with
    ``sk:createdGraph`` before any is written (see :mod:`kg.loading.history`)."""

    record: str
    created: tuple[str, ...] = ()

    @property
    def graphs(self) -> list[str]:
        return [self.record, *self.created]

    def within(self, pattern: str) -> str:
        """``pattern`` matched in any staged graph (the record's list included)."""
        return in_staged(self.record, bool(self.created), pattern)

    def listing(self) -> bytes:
        """The record's list of the graphs it stages, as N-Triples."""
        r = URIRef(self.record)
        return triples_text((r, CREATED_GRAPH, URIRef(g)) for g in self.graphs).encode()

    def listed(self) -> int:
        """How many triples :meth:`listing` adds: they are not the file's."""
        return len(self.graphs) if self.created else 0


def new_graphs(store: StagingStore, items: Sequence[Item], base_iri: str) -> list[str] | None:
    """The graphs the datasets among ``items`` name (the default graph aside), when all
    are new IRIs; None when one already exists or is a blank node: such a load goes
    through one transaction, which keeps the earlier content for undo."""
    names: set[str] = set()
    for item in items:
        if item.format.datasets:
            try:
                names |= graph_names(item.data, item.format.name, base_iri=base_iri,
                                     name=item.name)
            except RdfSyntaxError as e:
                raise with_token(e, item.data) from None
    if any(n.startswith("_:") for n in names) or names & set(store.named_graphs()):
        return None
    return sorted(names)


def _count(store: StagingStore, staged: Staged) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {staged.within('?s ?p ?o')} }}",
                       staged=staged.graphs)
    return int(next(rows.rows())["n"]) - staged.listed()


Bindings = list[dict[str, Any]]


def _bindings(store: StagingStore, staged: Staged, sparql: str) -> Bindings:
    """A query's rows as SPARQL JSON bindings (plain dicts), over the store with the
    ``staged`` graphs in it, asked in the calling thread. pyoxigraph's results belong to
    the thread that made them (touching or dropping one on another thread aborts the
    process), so none is turned into rdflib terms here (a failed conversion can keep a
    frame, and so the result, in a cycle the collector frees on any thread), and no
    failure carries one out."""
    result = store.query(sparql, staged=staged.graphs)
    try:
        answer = result.serialize("json")
    except Exception as e:  # its traceback holds the result: keep only the words
        failure = str(e)
    else:
        return list(json.loads(answer)["results"]["bindings"])
    finally:
        del result
    raise StoreError(f"a check of the staged graph failed: {failure}")


def _side_by_side(store: StagingStore, staged: Staged, queries: Sequence[str]) -> list[Bindings]:
    """Every query's bindings, two threads per core (the store answers without the GIL).
    Right after a bulk load RocksDB compacts what it ingested, on a thread of its own: one
    thread per core left it a third of the cores, and the checks took 0.2 s longer."""
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        return list(pool.map(functools.partial(_bindings, store, staged), queries))


def _asked(store: StagingStore, staged: Staged, checks: Sequence[Check], also: Sequence[str] = ()
           ) -> tuple[list[Bindings], list[Bindings]]:
    """The answers of the checks and of the queries ``also``, side by side; a check asked
    only if another finds something (``only_if``) is asked after, when it did."""
    first = [c.query for c in checks if c.only_if is None]
    answers = _side_by_side(store, staged, [*first, *also])
    found = dict(zip(first, answers, strict=False))
    later = [c.query for c in checks if c.only_if is not None and found[c.only_if]]
    found.update(zip(later, _side_by_side(store, staged, later), strict=True))
    return [found.get(c.query, []) for c in checks], answers[len(first):]


#: Most focus nodes of a staged graph that pyshacl checks, for shapes left to it.
MAX_FOCUS = 20_000


def _focus_nodes(store: StagingStore, rules: Rules, staged: Staged) -> list[Any]:
    """The nodes of a staged graph the shapes target (by class, subject or object of)."""
    parts = []
    for terms, pattern in ((rules.targets, "?n a ?t"), (rules.subjects_of, "?n ?t ?x"),
                           (rules.objects_of, "?x ?t ?n")):
        if terms:
            values = " ".join(term_text(t) for t in sorted(terms))
            parts.append(f"{{ VALUES ?t {{ {values} }} {pattern} }}")
    if not parts:
        return []
    q = f"SELECT DISTINCT ?n WHERE {{ {' UNION '.join(parts)} }} LIMIT {MAX_FOCUS + 1}"
    return [r["n"] for r in store.query(q, default_graphs=staged.graphs).rows()]


def _pyshacl_staged(store: StagingStore, rules: Rules, staged: Staged) -> Findings:
    """pyshacl over the nodes the shapes target with their triples and their
    neighbours' (up to MAX_FOCUS nodes): for shapes :mod:`kg.checks.shacl_sparql` cannot
    compile."""
    subset, note = Graph(), []
    focus = _focus_nodes(store, rules, staged)
    if len(focus) > MAX_FOCUS:
        focus = focus[:MAX_FOCUS]
        note = [f"only the first {MAX_FOCUS} nodes the shapes target were checked"]
    for start in range(0, len(focus), 500):
        chunk = focus[start:start + 500]
        values = " ".join(term_text(n) for n in chunk if isinstance(n, URIRef))
        if not values:
            continue
        q = ("CONSTRUCT { ?s ?p ?o . ?o ?q ?v } WHERE { VALUES ?s { " + values + " } "
             "?s ?p ?o . OPTIONAL { ?o ?q ?v } }")
        for t in store.query(q, default_graphs=staged.graphs).triples():
            subset.add(t)
    findings = Findings()
    if len(subset):
        findings = check(rules, subset, type_context(store, subset),  # type: ignore[arg-type]
                         about=set(focus))
    findings.warnings = note + findings.warnings
    return findings


def _compiled(store: StagingStore, rules: Rules, staged: Staged) -> Compiled:
    q = f"SELECT ?s ?o WHERE {{ ?s {term_text(RDFS.subClassOf)} ?o }}"
    pairs = [(r["s"], r["o"]) for r in store.query(q, staged=staged.graphs).rows()]
    return compile_shapes(rules.shapes, [*rules.ontology.subject_objects(RDFS.subClassOf),
                                         *pairs], staged.record, listed=bool(staged.created))


def _in_words(store: StagingStore, rules: Rules, staged: Staged, compiled: Compiled,
              answers: Sequence[Bindings]) -> Findings:
    """The compiled checks' answers as findings (the few checks that found something are
    read again, as rdflib terms), and pyshacl's for the shapes left to it."""
    findings = Findings()
    for c, found in zip(compiled.checks, answers, strict=True):
        rows = list(store.query(c.query, staged=staged.graphs).rows()) if found else []
        findings.violations += [c.words(r["n"], r.get("v")) for r in rows]
        if len(rows) >= LIMIT:
            findings.warnings.append(f"only the first {LIMIT} nodes breaking one rule are "
                                     f"listed: {c.message}")
    if compiled.fallback:
        rest = _pyshacl_staged(store, Rules(shapes_subset(rules.shapes, compiled.fallback),
                                            rules.ontology), staged)
        findings.violations += rest.violations
        findings.warnings += [w for w in rest.warnings if not w.startswith("unknown ")]
    findings.violations.sort()
    return findings


def shape_findings(store: StagingStore, rules: Rules, graph: str) -> Findings:
    """The staged graph ``graph`` against the shapes: compiled to SPARQL and run by the
    store over every node (the store as it will be after the load), and pyshacl for any
    shape the compiler leaves."""
    if not len(rules.shapes):
        return Findings()
    staged = Staged(graph)
    compiled = _compiled(store, rules, staged)
    answers, _ = _asked(store, staged, compiled.checks)
    return _in_words(store, rules, staged, compiled, answers)


def check_staged(store: StagingStore, rules: Rules, staged: Staged) -> tuple[Findings, int]:
    """Check the staged graphs without reading them into Python: the shapes (see
    :func:`shape_findings`) and the vocabulary, every query side by side; and count their
    triples on the way (the record's list of the graphs left out)."""
    compiled = _compiled(store, rules, staged) if len(rules.shapes) else Compiled()
    checks, (classes, properties) = _asked(store, staged, compiled.checks, [
        f"SELECT DISTINCT ?c WHERE {{ {staged.within('?s a ?c')} }}",
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {staged.within('?s ?p ?o')} }} GROUP BY ?p"])
    findings = _in_words(store, rules, staged, compiled, checks)
    counts = {URIRef(b["p"]["value"]): int(b["n"]["value"]) for b in properties}
    if staged.created:
        counts[CREATED_GRAPH] -= staged.listed()
    findings.warnings = list(dict.fromkeys(findings.warnings + unknown_terms(
        rules, {URIRef(b["c"]["value"]) for b in classes if b["c"]["type"] == "uri"},
        {p for p, n in counts.items() if n})))
    return findings, sum(counts.values())


def bulk_load(store: StagingStore, items: Sequence[Item], report: LoadReport, rules: Rules,
              meta: Meta, base_iri: str, progress: Callable[[Progress], None] | None,
              created: Sequence[str] = ()) -> None:
    """The load of ``items`` staged, checked and revealed; ``created`` are the new graphs
    their quads name (see :func:`new_graphs`)."""
    staging = store
    staged = Staged(report.record, tuple(created))
    record, total, started = report.record, sum(i.report.size for i in items), time.perf_counter()
    report.bulk = True
    last: list[Any] = [0.0, ""]

    def tick(stage: str, done: int, triples: int) -> None:
        now = time.perf_counter()
        if progress is not None and (stage != last[1] or now - last[0] >= 0.2):
            last[:] = [now, stage]
            progress(Progress(stage, done, total, triples, now - started))

    def on_read(offset: int, counted: int, done: int, lines: int) -> None:
        # Oxigraph reads ahead, then sorts and writes: "index" once all is read
        at = offset + done
        tick("parse" if at < total else "index", at, counted + lines)

    try:
        if created:  # the list first: after a crash it says what to drop
            staging.hide(staged.graphs)
            staging.add_staged(staged.listing(), record)
        counted = offset = read = 0
        for item in items:
            read += _stage(staging, item, record, base_iri,
                           functools.partial(on_read, offset, read))
            offset += item.report.size
            if len(items) > 1:  # each file's own count; one file's is the total below
                n = _count(store, staged)
                item.report.triples, counted = n - counted, n
        tick("check", total, read)
        findings, counted = check_staged(store, rules, staged)
        items[-1].report.triples = counted - sum(i.report.triples for i in items[:-1])
        report.triples = report.added = counted
        judge(report, findings)
        tick("commit", total, counted)
        staging.add_staged(triples_text(meta.triples(report, {}, {})).encode(), record)
        staging.reveal(record, *created)
    except BaseException:
        staging.discard(record, *created)
        raise


def _stage(staging: StagingStore, item: Item, graph: str, base_iri: str,
           on_read: Callable[[int, int], None]) -> int:
    """One input into the staged ``graph``, cut into parts loaded side by side when it
    can be (:mod:`kg.loading.split`); ``on_read(bytes, lines)`` as it is read. Returns the
    lines read (about one triple each)."""
    data, size = item.data, item.report.size
    count = part_count(data, item.format.name)
    parts = cut(data, size, count, lambda: on_read(sum(p.done for p in parts),
                                                   sum(p.lines for p in parts)))
    names = [item.name] + [f"{item.name} (part {i})" for i in range(2, count + 1)]
    readers = [buffered(p) for p in parts]
    try:
        staging.stage_parts(readers, item.format.name, graph=graph, base_iri=base_iri,
                            names=names)
    except RdfSyntaxError as e:
        part = parts[names.index(e.source)] if e.source in names else parts[0]
        if part.start and e.line is not None:  # a line of the part: make it the file's
            e = RdfSyntaxError(e.detail, source=item.name,
                               line=line_of(data, part.start) + e.line, column=e.column,
                               hint=e.hint)
        raise with_token(e, data) from None
    finally:
        for reader in readers:
            reader.close()
    return sum(p.lines for p in parts)
