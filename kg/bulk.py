"""The fast path for large inputs: a staged bulk load, revealed in one step.

Oxigraph's bulk loader is several times faster than a transaction but not atomic: a
failure or a ``kill -9`` half way leaves part of the file on disk. So the file goes into
the load's own new graph while the store keeps that graph *staged*: left out of every
query, count and listing (see ``EmbeddedStore.stage``). Once every triple is in, the
staged graph is checked with SPARQL (vocabulary) and pyshacl (the nodes the shapes
target, with their neighbours), its PROV-O record is added in one transaction, and it
is revealed: a single swap every reader sees either before or after. On any failure the
graph is dropped; after a crash :func:`kg.history.recover` drops it at the next start
(it has no ``a sk:Load`` record, which is written last).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef

from .binding import term_text
from .errors import RdfSyntaxError
from .history import triples_text
from .store.base import WriteStore
from .validate import Findings, Rules, check, unknown_terms

if TYPE_CHECKING:
    from .loader import LoadReport, Progress, _Item, _Meta


class CountingReader(io.RawIOBase):
    """A file read through, counting bytes and lines (about one triple each) for progress."""

    def __init__(self, data: bytes | Path, on_read: Callable[[int, int], None]) -> None:
        self._f: Any = data.open("rb") if isinstance(data, Path) else io.BytesIO(data)
        self._on_read = on_read
        self.done = self.lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = int(self._f.readinto(buffer))
        self.done += n
        self.lines += bytes(buffer[:n]).count(b"\n")
        self._on_read(self.done, self.lines)
        return n

    def close(self) -> None:
        self._f.close()
        super().close()


def _count(store: WriteStore, graph: str) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[graph])
    return int(next(rows.rows())["n"])


def _column(store: WriteStore, graph: str, sparql: str) -> set[Any]:
    return {next(iter(r.values())) for r in store.query(sparql, default_graphs=[graph]).rows()}


#: Most focus nodes of a staged graph that are checked against the shapes.
MAX_FOCUS = 20_000


def _focus_nodes(store: WriteStore, rules: Rules, graph: str) -> list[Any]:
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
    return [r["n"] for r in store.query(q, default_graphs=[graph]).rows()]


def check_staged(store: WriteStore, rules: Rules, graph: str) -> Findings:
    """Check a staged graph without reading it all into Python: the shapes see the nodes
    they target with their triples and their neighbours' (up to MAX_FOCUS nodes)."""
    subset, note = Graph(), []
    focus = _focus_nodes(store, rules, graph) if len(rules.shapes) else []
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
        for t in store.query(q, default_graphs=[graph]).triples():
            subset.add(t)
    from .loader import type_context

    findings = Findings()
    if len(subset):
        findings = check(rules, subset, type_context(store, subset),  # type: ignore[arg-type]
                         about=set(focus))
    classes = _column(store, graph, "SELECT DISTINCT ?c WHERE { ?s a ?c }")
    props = _column(store, graph, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }")
    findings.warnings = list(dict.fromkeys(note + findings.warnings
                                           + unknown_terms(rules, classes, props)))
    return findings


def bulk_load(store: WriteStore, items: Sequence[_Item], report: LoadReport, rules: Rules,
              meta: _Meta, base_iri: str, progress: Callable[[Progress], None] | None) -> None:
    from .loader import Progress, _judge, with_token

    staging: Any = store  # an EmbeddedStore: stage, add_staged, reveal, discard
    record, total, started = report.record, sum(i.report.size for i in items), time.perf_counter()
    report.bulk = True
    last: list[Any] = [0.0, ""]

    def tick(stage: str, done: int, triples: int) -> None:
        now = time.perf_counter()
        if progress is not None and (stage != last[1] or now - last[0] >= 0.2):
            last[:] = [now, stage]
            progress(Progress(stage, done, total, triples, now - started))

    try:
        counted = offset = 0
        for item in items:
            base_done, base_lines = offset, counted
            def on_read(d: int, n: int, b: int = base_done, c: int = base_lines) -> None:
                # Oxigraph reads ahead, then sorts and writes: "index" once all is read
                tick("parse" if b + d < total else "index", b + d, c + n)

            reader = CountingReader(item.data, on_read)
            with reader:
                try:
                    staging.stage(reader, item.format.name, graph=record, base_iri=base_iri,
                                  name=item.name)
                except RdfSyntaxError as e:
                    raise with_token(e, item.data) from None
            n = _count(store, record)
            item.report.triples, counted = n - counted, n
            offset += item.report.size
        report.triples = report.added = counted
        tick("check", total, counted)
        _judge(report, check_staged(store, rules, record))
        tick("commit", total, counted)
        staging.add_staged(triples_text(meta.triples(report, {}, {})).encode(), record)
        staging.reveal(record)
    except BaseException:
        staging.discard(record)
        raise
