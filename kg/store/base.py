"""The store interface every engine implements, with its capabilities as types.

- :class:`ReadStore` answers SPARQL queries and reports what it holds;
- :class:`WriteStore` also takes updates and RDF documents (every write all or nothing);
- :class:`StagingStore` also bulk-loads into graphs that no query sees until revealed.

A read-only store has no write methods at all: ask ``isinstance(store, WriteStore)``.

**One guarded door.** Every query and update of every caller passes :meth:`ReadStore.query`
or :meth:`WriteStore.update`, which ask the store's :class:`~kg.sparql.guard.Guard`
before an engine sees the text; engines implement only the protected ``_run_*`` methods
behind it. Nothing outside :mod:`kg.store` talks to an engine.

Terms crossing this interface are rdflib terms (``URIRef``, ``BNode``, ``Literal``), so
callers never see an engine's own term classes. Query results keep the engine's native
form until asked, so serialising a large result does not convert every term.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import IO, Literal

from rdflib.term import Identifier

from kg.rdf.binding import bind
from kg.rdf.terms import Row, Source, Term
from kg.sparql.guard import Guard

QueryKind = Literal["select", "ask", "graph"]

#: Names the store's default graph where a graph IRI is expected.
DEFAULT_GRAPH = "default"


class QueryResult(ABC):
    """The answer to one query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT).

    A result is read once: iterate :meth:`rows` or :meth:`triples`, or call
    :meth:`serialize`, not both.
    """

    kind: QueryKind
    variables: list[str]

    @property
    def boolean(self) -> bool:
        raise TypeError(f"a {self.kind} result has no boolean")

    def rows(self) -> Iterator[Row]:
        raise TypeError(f"a {self.kind} result has no rows")

    def triples(self) -> Iterator[tuple[Term, Term, Term]]:
        raise TypeError(f"a {self.kind} result has no triples")

    @abstractmethod
    def serialize(self, fmt: str) -> bytes:
        """Serialise in a result format (json, xml, csv, tsv) for SELECT and ASK, or an
        RDF format (turtle, ntriples, jsonld, rdfxml, ...) for CONSTRUCT and DESCRIBE."""


class ReadStore(ABC):
    """A store that answers queries. ``service_allow``: the endpoints a query may reach
    (SERVICE, LOAD); nothing else is ever reached (see :mod:`kg.sparql.guard`)."""

    #: "embedded" or "remote"
    engine: str
    #: whether the engine may fetch a graph that a request names but it does not hold
    fetches_graphs: bool = False

    def __init__(self, *, service_allow: Collection[str] = ()) -> None:
        self.guard = Guard(service_allow, fetches_graphs=self.fetches_graphs)

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
        prefixes: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a SPARQL query, once the guard lets it through.

        ``bindings`` pre-bind variables to terms (never pasted into the text).
        Without ``default_graphs`` the default graph is the union of all graphs.
        ``prefixes`` are declared for the query without changing its line numbers.
        ``timeout`` is in seconds; past it the query is stopped and
        :class:`~kg.errors.QueryTimeoutError` raised. A query that would reach another
        server or a file raises :class:`~kg.errors.QueryRejectedError`.
        """
        text = self._checked(sparql, bindings, [*(default_graphs or ()), *(named_graphs or ())],
                             base_iri, prefixes)
        return self._run_query(text, default_graphs=default_graphs, named_graphs=named_graphs,
                               base_iri=base_iri, prefixes=prefixes, timeout=timeout)

    def query_now(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult | None:
        """The answer to a query whose work is small and bounded, read in this process
        at once; None when it would have to wait (on a query worker or another server)
        or is not such a query. For servers that must not block on slow queries."""
        text = self._checked(sparql, None, [*(default_graphs or ()), *(named_graphs or ())],
                             base_iri, None)
        return self._query_now(text, default_graphs=default_graphs,
                               named_graphs=named_graphs, base_iri=base_iri)

    def _checked(self, sparql: str, bindings: Mapping[str, Identifier] | None,
                 graphs: Iterable[str], base_iri: str | None,
                 prefixes: Mapping[str, str] | None) -> str:
        """The text to run, once the guard has read it (bindings written in first)."""
        text = bind(sparql, bindings)
        self.guard.check(text, graphs=graphs, prefixes=prefixes, base_iri=base_iri,
                         held=self.named_graphs)
        return text

    @abstractmethod
    def _run_query(self, text: str, *, default_graphs: Sequence[str] | None,
                   named_graphs: Sequence[str] | None, base_iri: str | None,
                   prefixes: Mapping[str, str] | None, timeout: float | None) -> QueryResult:
        """The engine's side of :meth:`query`: ``text`` has passed the guard."""

    def _query_now(self, text: str, *, default_graphs: Sequence[str] | None,
                   named_graphs: Sequence[str] | None,
                   base_iri: str | None) -> QueryResult | None:
        """The engine's side of :meth:`query_now`; by default never at once."""
        return None

    def use_workers(self, workers: int, default_timeout: float) -> None:
        """Make time limits stop queries in a long-running server. An engine that cannot
        cancel a query runs them in ``workers`` worker processes (see
        :mod:`kg.store.executor`); one that can (a remote engine gives up on the client
        side at the limit) has nothing to do."""
        return None

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    @abstractmethod
    def count(self, graph: str | None = None) -> int:
        """Number of quads in the store, or triples in one graph (``DEFAULT_GRAPH`` too)."""

    @abstractmethod
    def export(self, out: IO[bytes], fmt: str, *, graph: str | None = None) -> None:
        """Write the whole store (a dataset format) or one graph to ``out``."""

    @property
    @abstractmethod
    def version(self) -> str:
        """Changes whenever the content may have changed; used for HTTP ETags."""

    @abstractmethod
    def close(self) -> None: ...


class WriteStore(ReadStore):
    """A store that also takes writes. Every write is all or nothing.

    ``write_lock`` is held by whoever reads graphs and then rewrites them (a load, an
    undo, a Graph Store write), so that two such writers on one store object never
    interleave their steps."""

    def __init__(self, *, service_allow: Collection[str] = ()) -> None:
        super().__init__(service_allow=service_allow)
        self.write_lock = threading.RLock()

    def update(self, sparql: str, *, base_iri: str | None = None,
               using_graphs: Sequence[str] = (), using_named_graphs: Sequence[str] = ()) -> None:
        """Run a SPARQL 1.1 update, once the guard lets it through. ``using_graphs`` and
        ``using_named_graphs`` are the protocol's dataset for its WHERE clauses (as USING
        and USING NAMED would be; an update with its own USING or WITH cannot take them,
        see :mod:`kg.sparql.update_dataset`)."""
        self.guard.check(sparql, graphs=[*using_graphs, *using_named_graphs],
                         base_iri=base_iri, held=self.named_graphs)
        self._run_update(sparql, base_iri=base_iri, using_graphs=using_graphs,
                         using_named_graphs=using_named_graphs)

    @abstractmethod
    def _run_update(self, sparql: str, *, base_iri: str | None, using_graphs: Sequence[str],
                    using_named_graphs: Sequence[str]) -> None:
        """The engine's side of :meth:`update`: ``sparql`` has passed the guard."""

    @abstractmethod
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
        """Parse and add an RDF document (nothing is fetched). Triples go to ``graph``
        (default graph when None); quads of dataset formats keep their own graphs.
        ``bulk`` takes the fast path for large files, which is not atomic: callers load
        into a fresh graph and drop it on failure. ``name`` labels syntax errors."""

    @abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and all its triples (no error if absent)."""


class StagingStore(WriteStore):
    """A store that bulk-loads into *staged* graphs: every query, count and listing of
    this store object leaves them out until :meth:`reveal` shows them in one step."""

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
        prefixes: Mapping[str, str] | None = None,
        timeout: float | None = None,
        staged: Sequence[str] = (),
    ) -> QueryResult:
        """:meth:`ReadStore.query`, seeing the staged graphs named in ``staged`` as they
        will be once revealed (the bulk loader checks a staged graph so)."""
        text = self._checked(sparql, bindings, [*(default_graphs or ()), *(named_graphs or ())],
                             base_iri, prefixes)
        return self._run_query(text, default_graphs=default_graphs, named_graphs=named_graphs,
                               base_iri=base_iri, prefixes=prefixes, timeout=timeout,
                               staged=staged)

    @abstractmethod
    def _run_query(self, text: str, *, default_graphs: Sequence[str] | None,
                   named_graphs: Sequence[str] | None, base_iri: str | None,
                   prefixes: Mapping[str, str] | None, timeout: float | None,
                   staged: Sequence[str] = ()) -> QueryResult: ...

    @abstractmethod
    def stage(self, source: Source, fmt: str, *, graph: str, base_iri: str | None = None,
              name: str | None = None) -> None:
        """Bulk-load into ``graph``, a new graph hidden until revealed."""

    @abstractmethod
    def stage_parts(self, parts: Sequence[Source], fmt: str, *, graph: str,
                    base_iri: str | None = None, names: Sequence[str | None]) -> None:
        """:meth:`stage` for a document cut into parts, loaded side by side."""

    @abstractmethod
    def hide(self, graphs: Iterable[str]) -> None:
        """Leave ``graphs`` out of every query, count and listing from now on."""

    @abstractmethod
    def add_staged(self, nquads: bytes, graph: str) -> None:
        """Add a few more triples (N-Triples) to a staged graph, atomically."""

    @abstractmethod
    def reveal(self, graph: str, *others: str) -> None:
        """Make staged graphs visible: one atomic step for every reader."""

    @abstractmethod
    def discard(self, graph: str, *others: str) -> None:
        """Drop staged graphs; nobody ever saw them."""


__all__ = ["DEFAULT_GRAPH", "QueryKind", "QueryResult", "ReadStore", "Row", "Source",
           "StagingStore", "Term", "WriteStore"]
