"""Loading new facts: one path for the command line, the upload page and HTTP.

:func:`load` parses the inputs, checks them against the SHACL shapes and the ontology
(:mod:`kg.checks.validate`), and then stores them **all or nothing** into one named graph per
load, described with PROV-O (:mod:`kg.loading.history`). Nothing partial is ever visible:

- small inputs are written in one transaction (one ``load`` of N-Triples, or one SPARQL
  update when other graphs change too);
- large inputs on the embedded engine take Oxigraph's fast bulk loader into a *staged*
  graph that no query sees; it is revealed in one step once loaded and checked, dropped
  on failure, and dropped at the next start if the process died
  (:func:`kg.loading.history.recover`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from kg.checks.validate import Rules, check
from kg.errors import BadRequestError, ForbiddenError, RdfSyntaxError, ReadOnlyError
from kg.loading import history
from kg.loading.bulk import bulk_load, new_graphs
from kg.loading.model import (
    FileReport,
    Input,
    Item,
    LoadReport,
    Meta,
    Progress,
    graph_content,
    judge,
    type_context,
    with_token,
)
from kg.rdf.formats import rdf_format, rdf_format_for_path
from kg.rdf.ntriples import triples_text
from kg.rdf.parse import check_document, parse_quads
from kg.rdf.terms import Triple
from kg.store.base import DEFAULT_GRAPH, ReadStore, StagingStore, WriteStore

#: Inputs at least this large (bytes, all files together) take the bulk path.
BULK_BYTES = 2 * 1024 * 1024
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


def _items(inputs: Iterable[Input]) -> list[Item]:
    out = []
    for name, data, fmt in inputs:
        f = rdf_format(fmt) if fmt else rdf_format_for_path(name)
        h = hashlib.sha256()
        if isinstance(data, Path):
            size = data.stat().st_size
            with data.open("rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):  # type: ignore[misc]
                    h.update(chunk)
        else:
            size = len(data)
            h.update(data)
        check_document(data, f.name, name=name)
        out.append(Item(name, data, f, FileReport(name, f.name, size, h.hexdigest())))
    if not out:
        raise BadRequestError("nothing to load", hint="give at least one file")
    return out


def load(
    store: ReadStore,
    inputs: Iterable[Input],
    *,
    graph: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    loaded_by: str = "cli",
    declared_source: str | None = None,
    base_iri: str,
    progress: Callable[[Progress], None] | None = None,
    rules: Rules | None = None,
    bulk: bool | None = None,
) -> LoadReport:
    """Parse, check and store ``inputs`` as one load; return what it did.

    ``inputs`` are ``(name, bytes or Path, format or None)``; the format defaults to the
    name's extension. Triples go into ``graph`` (a named graph IRI; never the default
    graph), or into the load's own new graph ``<base_iri>load/ID`` by default; named
    graphs of TriG/N-Quads/JSON-LD keep their names. Without ``replace`` the facts are
    added to what ``graph`` holds; with it they take its place. Relative IRIs resolve
    against ``base_iri``. ``dry_run`` changes nothing and reports the difference the
    load would make. ``bulk`` forces (True) or forbids (False) the fast path; by default
    inputs of :data:`BULK_BYTES` or more use it when the store can stage (embedded
    engine, own graph; a dataset's named graphs all new). ``rules`` default to the
    bundled shapes and ontology. ``progress`` is called now and then with a :class:`Progress`.
    One load or undo runs at a time per store object (``store.write_lock``).

    Raises :class:`~kg.errors.RdfSyntaxError` (with file, line and column) or
    :class:`~kg.errors.ValidationError` (violations in words; the report is on its
    ``report`` attribute); in both cases nothing was stored.
    """
    started = time.perf_counter()
    items = _items(inputs)
    _check_target(graph, replace, declared_source, base_iri)
    load_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
    record = history.record_prefix(base_iri) + load_id
    report = LoadReport(load_id, graph or record, record, [i.report for i in items],
                        dry_run=dry_run, replace=replace)
    rules = rules or Rules.bundled()
    meta = Meta(loaded_by, declared_source, datetime.now(UTC))
    if not isinstance(store, WriteStore):
        if not dry_run:
            raise ReadOnlyError("this store only reads: nothing can be loaded into it",
                                hint="check the facts with a dry run, or give the store an "
                                     "update endpoint")
        _small_load(store, items, report, rules, meta, base_iri, progress)
    else:
        with store.write_lock:
            history.recover(store, base_iri)
            created = _bulk_graphs(store, items, graph, dry_run, bulk, base_iri)
            if isinstance(store, StagingStore) and created is not None:
                bulk_load(store, items, report, rules, meta, base_iri, progress, created)
            else:
                _small_load(store, items, report, rules, meta, base_iri, progress)
    report.seconds = time.perf_counter() - started
    return report


def _check_target(graph: str | None, replace: bool, declared_source: str | None,
                  base_iri: str) -> None:
    if graph is not None and history.is_system_graph(graph, base_iri):
        raise ForbiddenError(f"<{graph}> is one of the store's own graphs (a load's record, "
                             "the ontology, the inferences); facts are not loaded into it",
                             hint="name another graph, or leave the graph out")
    if replace and not graph:
        raise BadRequestError("--replace needs --graph: name the graph whose content to replace")
    if graph == DEFAULT_GRAPH:
        raise BadRequestError("facts are loaded into named graphs, not the default graph",
                              hint="leave the graph out to give the load its own graph")
    for what, iri in (("graph", graph), ("source", declared_source)):
        if iri is not None and not _ABSOLUTE.match(iri):
            raise BadRequestError(f"the {what} must be an absolute IRI, not {iri!r}",
                                  hint="for example https://w3id.org/spacekg/id/graph/news")


def _bulk_graphs(store: WriteStore, items: Sequence[Item], graph: str | None, dry_run: bool,
                 bulk: bool | None, base_iri: str) -> list[str] | None:
    """None when the load goes through one transaction; else the graphs the bulk load
    creates besides its own (those a dataset's quads name: all must be new)."""
    if dry_run or graph or not isinstance(store, StagingStore) or bulk is False:
        return None
    if not bulk and sum(i.report.size for i in items) < BULK_BYTES:
        return None
    return new_graphs(store, items, base_iri)


def _parse(items: Sequence[Item], target: str, base_iri: str,
           tick: Callable[[str, int, int], None]) -> dict[str, list[Triple]]:
    by_graph: dict[str, list[Triple]] = {target: []}
    done = 0
    for item in items:
        try:
            quads = parse_quads(item.data, item.format.name, base_iri=base_iri, name=item.name)
        except RdfSyntaxError as e:
            raise with_token(e, item.data) from None
        item.report.triples = len(quads)
        for s, p, o, g in quads:
            by_graph.setdefault(target if g is None else str(g), []).append((s, p, o))
        done += item.report.size
        tick("parse", done, sum(len(t) for t in by_graph.values()))
    for name, triples in by_graph.items():
        by_graph[name] = list(dict.fromkeys(triples))  # a graph is a set
    return by_graph


def _small_load(store: ReadStore, items: Sequence[Item], report: LoadReport, rules: Rules,
                meta: Meta, base_iri: str, progress: Callable[[Progress], None] | None) -> None:
    total = sum(i.report.size for i in items)
    tick = _ticker(progress, total)
    by_graph = _parse(items, report.graph, base_iri, tick)
    every = [t for triples in by_graph.values() for t in triples]
    report.triples = len(every)
    if report.graph != report.record:  # the graph names its source, as claim graphs do
        by_graph[report.graph] = list(dict.fromkeys(by_graph[report.graph]
                                                    + meta.graph_provenance(report)))
    tick("check", total, report.triples)
    before = {g: graph_content(store, g) for g in by_graph if g != report.record}
    after: dict[str, list[Triple]] = {}
    changes: dict[str, tuple[list[Triple], list[Triple]]] = {}
    for g, new in by_graph.items():
        old = before.get(g) or []
        after[g] = new if report.replace else list(dict.fromkeys([*old, *new]))
        changes[g] = _diff(report, old, after[g])
    context = type_context(store, every)  # the store as it will be: less what goes
    for _, removed in changes.values():
        for t in removed:
            context.remove(t)
    judge(report, check(rules, every, context))
    if report.dry_run or not isinstance(store, WriteStore):
        return
    tick("commit", total, report.triples)
    own = after.pop(report.record, [])
    record = own + meta.triples(report, before, changes)
    if not after:
        store.load(triples_text(record).encode(), "ntriples", graph=report.record)
    else:
        store.update(history.rewrite_update({**after, report.record: record}))


def _diff(report: LoadReport, old: Sequence[Triple],
          new: Sequence[Triple]) -> tuple[list[Triple], list[Triple]]:
    old_set, new_set = set(old), set(new)
    added = [t for t in new if t not in old_set]
    removed = [t for t in old if t not in new_set]
    report.added += len(added)
    report.removed += len(removed)
    room = 200 - len(report.added_triples)
    report.added_triples += triples_text(added[:max(room, 0)]).splitlines()
    room = 200 - len(report.removed_triples)
    report.removed_triples += triples_text(removed[:max(room, 0)]).splitlines()
    return added, removed


def _ticker(progress: Callable[[Progress], None] | None,
            total: int) -> Callable[[str, int, int], None]:
    started = time.perf_counter()

    def tick(stage: str, done: int, triples: int) -> None:
        if progress is not None:
            progress(Progress(stage, done, total, triples, time.perf_counter() - started))

    return tick


__all__ = ["BULK_BYTES", "load"]
