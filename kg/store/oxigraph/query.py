"""The embedded engine's reading side: pyoxigraph terms as rdflib terms, query results,
and running a query (in this process, or in a query worker: see :mod:`kg.store.executor`).

With :mod:`kg.store.oxigraph.store`, the only modules that import pyoxigraph.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryEvaluationError, QuerySyntaxError, StoreError, UnsupportedFormatError
from kg.rdf.formats import rdf_format, result_format
from kg.rdf.parse import NATIVE_RDF, to_rdflib
from kg.rdf.terms import Term
from kg.sparql.syntax import located_query_error
from kg.store.base import DEFAULT_GRAPH, QueryResult, Row
from kg.store.executor import Job, Reply, Runner

_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


# --- term conversion -----------------------------------------------------------------

def graph_node(graph: str | None) -> Any:
    if graph is None or graph == DEFAULT_GRAPH:
        return ox.DefaultGraph()
    if graph.startswith("_:"):
        return ox.BlankNode(graph[2:])
    return ox.NamedNode(graph)


# --- errors --------------------------------------------------------------------------

def query_syntax_error(err: SyntaxError, source: str, text: str) -> QuerySyntaxError:
    return located_query_error(str(err.args[0]) if err.args else str(err), source, text)


# --- results -------------------------------------------------------------------------

class EmbeddedResult(QueryResult):
    def __init__(self, native: Any) -> None:
        self._native = native
        if isinstance(native, ox.QueryBoolean):
            self.kind = "ask"
            self.variables = []
        elif isinstance(native, ox.QuerySolutions):
            self.kind = "select"
            self.variables = [v.value for v in native.variables]
        else:
            self.kind = "graph"
            self.variables = ["subject", "predicate", "object"]

    @property
    def boolean(self) -> bool:
        if self.kind != "ask":
            return super().boolean
        return bool(self._native)

    def rows(self) -> Iterator[Row]:
        if self.kind != "select":
            yield from super().rows()
            return
        names = self.variables
        with engine_errors("query", ""):
            for solution in self._native:
                row: Row = {}
                for name in names:
                    value = solution[name]
                    if value is not None:
                        row[name] = to_rdflib(value)
                yield row

    def triples(self) -> Iterator[tuple[Term, Term, Term]]:
        if self.kind != "graph":
            yield from super().triples()
            return
        with engine_errors("query", ""):
            for t in self._native:
                yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)

    def serialize(self, fmt: str) -> bytes:
        with engine_errors("query", ""):
            return self._serialize(fmt)

    def _serialize(self, fmt: str) -> bytes:
        if self.kind == "graph":
            target = NATIVE_RDF[rdf_format(fmt).name]
            out = io.BytesIO()
            ox.serialize(self._native, out, target)
            return out.getvalue()
        if fmt not in _RESULTS:
            raise UnsupportedFormatError(f"a {self.kind} result cannot be written as {fmt}",
                                         hint="use json, xml, csv or tsv")
        result_format(fmt)
        data = self._native.serialize(format=_RESULTS[fmt])
        assert data is not None
        return bytes(data)


class WorkerResult(EmbeddedResult):
    """A result computed in a query worker, kept as the bytes it sent back: written out
    unchanged in that format, parsed only when rows or another format are asked for."""

    def __init__(self, reply: Reply) -> None:
        self._reply = reply
        self.kind = reply.kind  # type: ignore[assignment]
        self.variables = reply.variables

    @property
    def _native(self) -> Any:
        if self.kind == "graph":
            return ox.parse(self._reply.payload, NATIVE_RDF[self._reply.fmt])
        return ox.parse_query_results(self._reply.payload, _RESULTS[self._reply.fmt])

    def serialize(self, fmt: str) -> bytes:
        if fmt == self._reply.fmt:
            return self._reply.payload
        return super().serialize(fmt)


class ShownGraphs:
    """The named graphs a query may see while some are staged, listed once per version
    of the store and set of staged graphs: listing tens of thousands of graph names
    took 70 ms, too long to repeat for every query while a large load is staged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, frozenset[str]] | None = None
        self._graphs: list[Any] = []

    def graphs(self, store: Any, version: str, hidden: frozenset[str]) -> list[Any]:
        with self._lock:
            if self._key != (version, hidden):
                self._graphs = [g for g in store.named_graphs()
                                if not (isinstance(g, ox.NamedNode) and g.value in hidden)]
                self._key = (version, hidden)
            return self._graphs


def _query_options(store: Any, job: Job, shown: ShownGraphs, version: str) -> dict[str, Any]:
    options: dict[str, Any] = {"base_iri": job.base_iri, "prefixes": job.prefixes}
    if job.default_graphs:
        options["default_graph"] = [graph_node(g) for g in job.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [graph_node(g) for g in job.named_graphs]
    if job.hidden:
        _hide(options, job.hidden, shown.graphs(store, version, job.hidden))
    return options


def _hide(options: dict[str, Any], hidden: frozenset[str], shown: list[Any]) -> None:
    """Leave staged graphs out of a query's default and named graphs (``shown``: every
    named graph but those)."""
    if options.pop("use_default_graph_as_union", False):
        options["default_graph"] = [ox.DefaultGraph(), *shown]
    # a default graph named explicitly stays: the loader reads its staged graph so
    named = options.get("named_graphs")
    options["named_graphs"] = shown if named is None else [
        n for n in named if not (isinstance(n, ox.NamedNode) and n.value in hidden)]


@contextlib.contextmanager
def engine_errors(what: str, text: str) -> Iterator[None]:
    """The engine's exceptions as the library's: a syntax error with its place, an
    evaluation the request made impossible (RuntimeError) as a 400 that says why, and a
    failure to read or write the store as a 503."""
    try:
        yield
    except SyntaxError as e:
        raise query_syntax_error(e, what, text) from None
    except RuntimeError as e:
        raise QueryEvaluationError(f"the {what} cannot be carried out: {e}") from None
    except OSError as e:
        raise StoreError(f"the {what} failed: {e}") from None


def run_native(store: Any, job: Job, shown: ShownGraphs, version: str) -> Any:
    with engine_errors("query", job.text):
        return store.query(job.text, **_query_options(store, job, shown, version))


#: The most a single-pattern query may write when read in the caller's process
#: (see :func:`read_here`); about a thousand rows of SPARQL JSON.
READ_HERE_BYTES = 128 * 1024


class _TooLong(Exception):
    """Raised out of the serialiser when an answer outgrows :data:`READ_HERE_BYTES`."""


class _CappedBuffer:
    """A file object for pyoxigraph's serialiser that stops it past ``limit`` bytes: the
    engine evaluates a single pattern as it writes, so this stops the work too."""

    def __init__(self, limit: int) -> None:
        self.parts: list[bytes] = []
        self.left = limit

    def write(self, data: bytes) -> int:
        self.left -= len(data)
        if self.left < 0:
            raise _TooLong
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def read_here(store: Any, job: Job, shown: ShownGraphs, version: str,
              limit: int = READ_HERE_BYTES) -> Reply | None:
    """Answer a single-pattern SELECT or ASK (:func:`kg.sparql.single_pattern.is_single_pattern`)
    in this process, as a worker would (SPARQL JSON), or None when the answer is longer
    than ``limit`` bytes: a worker must then answer it, under its time limit."""
    result = EmbeddedResult(run_native(store, job, shown, version))
    if result.kind == "graph":
        return None
    out = _CappedBuffer(limit)
    try:
        result._native.serialize(out, format=_RESULTS["json"])
    except _TooLong:
        return None
    return Reply(result.kind, result.variables, "json", b"".join(out.parts))


def read_only_runner(path: str) -> Runner:
    """In a fresh worker (see :class:`~kg.store.executor.QueryExecutor`): a disk snapshot,
    opened read-only. Not forked from the writer: a fork taken while one of RocksDB's
    background threads holds a lock can hang the worker's first read."""
    return runner(ox.Store.read_only(path))


def runner(store: Any) -> Runner:
    """Runs jobs in a worker: the answer serialised as SPARQL JSON results or N-Triples."""

    shown = ShownGraphs()  # a worker's store never changes: one version

    def run(job: Job) -> Reply:
        result = EmbeddedResult(run_native(store, job, shown, ""))
        fmt = "ntriples" if result.kind == "graph" else "json"
        return Reply(result.kind, result.variables, fmt, result.serialize(fmt))

    return run
