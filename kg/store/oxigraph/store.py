"""The embedded engine: pyoxigraph, on disk or in memory.

With :mod:`kg.store.oxigraph.query` (terms, results, running queries), the only modules
that import pyoxigraph.
"""

from __future__ import annotations

import functools
import itertools
import shutil
import threading
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import StoreError, UnsupportedFormatError
from kg.rdf.formats import rdf_format
from kg.rdf.parse import NATIVE_RDF, check_document, rdf_syntax_error
from kg.rdf.terms import Source
from kg.sparql.single_pattern import is_single_pattern
from kg.sparql.update_dataset import with_dataset
from kg.store.base import StagingStore
from kg.store.executor import Job, QueryExecutor, Runner
from kg.store.oxigraph.query import (
    EmbeddedResult,
    ShownGraphs,
    WorkerResult,
    engine_errors,
    graph_node,
    read_here,
    read_only_runner,
    run_native,
    runner,
)

# --- the store -----------------------------------------------------------------------

class EmbeddedStore(StagingStore):
    """A pyoxigraph store: ``EmbeddedStore(path)`` on disk, ``EmbeddedStore()`` in memory.
    It never fetches a graph a query names (FROM, USING): one it does not hold is empty."""

    engine = "embedded"

    def __init__(self, path: str | Path | None = None, *,
                 service_allow: Collection[str] = ()) -> None:
        super().__init__(service_allow=service_allow)
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as e:
            hint = None
            if "lock" in str(e).lower():
                hint = ("another process (a running `kg serve`?) holds it; stop that process, "
                        "or send the change to the server over HTTP")
            raise StoreError(f"cannot open the store at {self.path}: {e}", hint=hint) from None
        self._boot = uuid.uuid4().hex[:8]
        self._writes = itertools.count()
        self._version = f"{self._boot}-0"
        self._hidden: frozenset[str] = frozenset()  # graphs being staged (see stage())
        self._shown = ShownGraphs()  # the graphs queries see while some are staged
        self._executor: QueryExecutor | None = None
        self._default_timeout = 30.0
        self._write_lock = threading.RLock()
        self._snapshot_lock = threading.Lock()

    def use_workers(self, workers: int, default_timeout: float) -> None:
        """Run queries in ``workers`` worker processes from now on, so that a query past
        its time limit (``default_timeout`` when the caller gives none) is stopped."""
        if self._executor is None and workers > 0:
            self._executor = QueryExecutor(self._start_worker, workers=workers,
                                           version=lambda: self._version,
                                           fork_guard=self._writing,
                                           fresh=[__name__] if self.path is not None else None)
        self._default_timeout = default_timeout

    def _writing(self) -> AbstractContextManager[Any]:
        """Held by writes and by forking a worker, for a memory store only: a fork taken
        while another thread is inside a write could inherit its locks. A disk store's
        workers read checkpoints, so writes and forks need not wait for each other."""
        return self._write_lock if self.path is None else nullcontext()

    def _start_worker(self, version: str) -> Callable[[], Runner]:
        """Before a worker is forked. A memory store is the fork's own snapshot. A disk
        store is read from a checkpoint of this version (hard links to RocksDB's
        immutable files): a read-only handle on the live store fails when the writer's
        compaction removes files it still needs, and reading while another process
        writes is undefined behaviour."""
        if self.path is None:
            store = self._store
            return lambda: runner(store)
        return functools.partial(read_only_runner, str(self._snapshot(version)))

    def _snapshot(self, version: str) -> Path:
        assert self.path is not None
        folder = self.path.parent / f".{self.path.name}-snapshots"
        target = folder / version
        with self._snapshot_lock:
            if not target.exists():
                # a worker still reading an older snapshot keeps it (RocksDB may open
                # its files lazily); it goes with the first snapshot made after
                in_use = self._executor.versions() if self._executor else set()
                for old in folder.glob("*") if folder.exists() else ():
                    if old.name not in in_use:
                        shutil.rmtree(old, ignore_errors=True)
                folder.mkdir(exist_ok=True)
                try:
                    self._store.flush()  # the checkpoint then holds every write so far
                    self._store.backup(str(target))
                except OSError as e:
                    raise StoreError(f"cannot snapshot the store for queries: {e}") from None
        return target

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path) if self.path else 'memory'})"

    @property
    def version(self) -> str:
        return self._version

    def _changed(self) -> None:
        self._version = f"{self._boot}-{next(self._writes) + 1}"

    # reading

    def _run_query(
        self,
        text: str,
        *,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        base_iri: str | None,
        prefixes: Mapping[str, str] | None,
        timeout: float | None,
        staged: Sequence[str] = (),
    ) -> EmbeddedResult | WorkerResult:
        """Answer a query. Staged graphs stay out of it, but for those named in
        ``staged``: the query sees the store as it will be once they are revealed (the
        bulk loader checks a staged graph so, see :mod:`kg.checks.shacl_sparql`).

        With query workers (:meth:`use_workers`), a query runs in one of them, under its
        time limit; but one triple pattern over the whole store, with a short answer, is
        read here: its work is bounded by its answer, and the round trip to a worker
        would cost several times the query (see :mod:`kg.sparql.single_pattern`)."""
        job = Job(text, default_graphs, named_graphs, base_iri, prefixes,
                  self._hidden - frozenset(staged))
        executor = self._executor
        if executor is None:
            return EmbeddedResult(run_native(self._store, job, self._shown, self._version))
        return self._read_now(job) or WorkerResult(
            executor.run(job, timeout or self._default_timeout))

    def _query_now(self, text: str, *, default_graphs: Sequence[str] | None,
                   named_graphs: Sequence[str] | None,
                   base_iri: str | None) -> WorkerResult | None:
        """A single triple pattern over the whole store with a short answer, read here
        (see :meth:`_run_query`); None for any other query."""
        return self._read_now(Job(text, default_graphs, named_graphs, base_iri, None,
                                  self._hidden))

    def _read_now(self, job: Job) -> WorkerResult | None:
        if job.hidden or job.default_graphs or job.named_graphs \
                or not is_single_pattern(job.text):
            return None
        reply = read_here(self._store, job, self._shown, self._version)
        return WorkerResult(reply) if reply is not None else None

    def named_graphs(self) -> list[str]:
        hidden = self._hidden
        return sorted(
            g.value if isinstance(g, ox.NamedNode) else f"_:{g.value}"
            for g in self._store.named_graphs() if g.value not in hidden
        )

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            hidden = self._hidden
            return len(self._store) - sum(self._count(g) for g in hidden)
        if graph in self._hidden:
            return 0
        return self._count(graph)

    def _count(self, graph: str) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph_node(graph)))

    def export(self, out: IO[bytes], fmt: str, *, graph: str | None = None) -> None:
        f = rdf_format(fmt)
        if graph is None and not f.datasets:
            raise UnsupportedFormatError(
                f"{f.name} holds one graph; the whole store needs a dataset format",
                hint="choose trig, nquads or jsonld, or name one graph",
            )
        hidden = self._hidden
        if graph is None and hidden:  # leave staged graphs out
            skip = {ox.NamedNode(g) for g in hidden}
            shown = (q for q in self._store if q.graph_name not in skip)
            ox.serialize(shown, out, NATIVE_RDF[f.name])
            return
        if graph in hidden:
            return
        from_graph = None if graph is None else graph_node(graph)
        self._store.dump(out, NATIVE_RDF[f.name], from_graph=from_graph)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.close()
            if self.path is not None:
                shutil.rmtree(self.path.parent / f".{self.path.name}-snapshots",
                              ignore_errors=True)
        self._store.flush() if self.path is not None else None
        del self._store

    # writing

    def _run_update(self, sparql: str, *, base_iri: str | None, using_graphs: Sequence[str],
                    using_named_graphs: Sequence[str]) -> None:
        sparql = with_dataset(sparql, using_graphs, using_named_graphs)
        with self._writing():
            with engine_errors("update", sparql):
                self._store.update(sparql, base_iri=base_iri)
            self._changed()

    def load(
        self,
        source: Source,
        fmt: str,
        *,
        graph: str | None = None,
        base_iri: str | None = None,
        bulk: bool = False,
        name: str | None = None,
    ) -> None:
        with self._writing():
            try:
                self._load(source, fmt, graph=graph, base_iri=base_iri, bulk=bulk, name=name)
            finally:
                self._changed()

    def _load(self, source: Source, fmt: str, *, graph: str | None, base_iri: str | None,
              bulk: bool, name: str | None) -> None:
        """:meth:`load` without the new version, for a caller holding ``_writing()``."""
        check_document(source, fmt, name=name)
        f = rdf_format(fmt)
        kwargs: dict[str, Any] = {"format": NATIVE_RDF[f.name], "base_iri": base_iri}
        if graph is not None:
            kwargs["to_graph"] = graph_node(graph)
        if isinstance(source, Path):
            kwargs["path"] = str(source)
            name = name or str(source)
        else:
            kwargs["input"] = source
        method = self._store.bulk_load if bulk else self._store.load
        try:
            method(**kwargs)
        except SyntaxError as e:
            raise rdf_syntax_error(e, name) from None
        except (OSError, ValueError) as e:
            raise StoreError(f"loading {name or 'data'} failed: {e}") from None

    # staging: a bulk load that no query sees until it is revealed

    def stage(self, source: Source, fmt: str, *, graph: str, base_iri: str | None = None,
              name: str | None = None) -> None:
        """Bulk-load (fast, not atomic) into ``graph``, a new graph that every query,
        count and listing of this store object leaves out until :meth:`reveal`. On
        failure the graph is dropped. A graph left by a killed process is the caller's
        to drop when the store is next opened (see :func:`kg.loading.history.recover`)."""
        self.stage_parts([source], fmt, graph=graph, base_iri=base_iri, names=[name])

    def stage_parts(self, parts: Sequence[Source], fmt: str, *, graph: str,
                    base_iri: str | None = None, names: Sequence[str | None]) -> None:
        """:meth:`stage` for a document cut into parts (``names`` name them in errors),
        bulk-loaded side by side, one thread each: Oxigraph's loader keeps one core busy.
        Each part is loaded as a document of its own (blank nodes are not shared). Once
        every part has stopped, the graph is dropped if any part failed, and the failure
        of the first such part is raised (a graph hidden before, see :meth:`hide`, is
        the caller's to discard, with the others it hid)."""
        hid_before = graph in self._hidden
        self._hidden = self._hidden | {graph}
        failures: list[BaseException | None] = [None] * len(parts)

        def load(i: int) -> None:
            try:
                with self._writing():
                    self._load(parts[i], fmt, graph=graph, base_iri=base_iri, bulk=True,
                               name=names[i])
            except BaseException as e:
                failures[i] = e

        others = [threading.Thread(target=load, args=(i,)) for i in range(1, len(parts))]
        for thread in others:
            thread.start()
        load(0)
        for thread in others:
            thread.join()
        with self._writing():
            self._changed()  # once: a query worker sees every part or none
        failed = next((e for e in failures if e is not None), None)
        if failed is not None:
            if not hid_before:
                self.discard(graph)
            raise failed

    def hide(self, graphs: Iterable[str]) -> None:
        """Leave ``graphs`` (new graphs about to be staged) out of every query, count and
        listing of this store object, as :meth:`stage` does its graph."""
        self._hidden = self._hidden | frozenset(graphs)

    def add_staged(self, nquads: bytes, graph: str) -> None:
        """Add a few more triples (N-Triples) to a staged graph, atomically."""
        self.load(nquads, "ntriples", graph=graph)

    def reveal(self, graph: str, *others: str) -> None:
        """Make staged graphs visible: one atomic step for every reader."""
        self._hidden = self._hidden - {graph, *others}
        self._changed()

    def discard(self, graph: str, *others: str) -> None:
        """Drop staged graphs (``graph`` last); nobody ever saw them."""
        for g in [*others, graph]:
            self.drop_graph(g)
        self._hidden = self._hidden - {graph, *others}

    def drop_graph(self, graph: str) -> None:
        node = graph_node(graph)
        with self._writing():
            if isinstance(node, ox.DefaultGraph):
                self._store.clear_graph(node)
            elif self._store.contains_named_graph(node):
                self._store.remove_graph(node)
            self._changed()
