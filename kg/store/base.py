"""The store interface every engine implements.

A :class:`ReadStore` answers SPARQL queries and reports what it holds; a
:class:`WriteStore` also takes updates and RDF documents. Capability is part of the
type: a read-only store simply has no write methods.

Terms crossing this interface are rdflib terms (``URIRef``, ``BNode``, ``Literal``), so
callers never see an engine's own term classes. Query results keep the engine's native
form until asked, so serialising a large result does not convert every term.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Literal, Protocol, runtime_checkable

from rdflib.term import BNode, Identifier, URIRef
from rdflib.term import Literal as RdfLiteral

from kg.errors import QuerySyntaxError

Term = URIRef | BNode | RdfLiteral
Row = dict[str, Term]
QueryKind = Literal["select", "ask", "graph"]

#: Names the store's default graph where a graph IRI is expected.
DEFAULT_GRAPH = "default"

Source = bytes | str | Path | IO[bytes]


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


@runtime_checkable
class ReadStore(Protocol):
    """A store that answers queries."""

    #: "embedded" or "remote"
    engine: str

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
        """Run a SPARQL query.

        ``bindings`` pre-bind variables to terms (never pasted into the text).
        Without ``default_graphs`` the default graph is the union of all graphs.
        ``prefixes`` are declared for the query without changing its line numbers.
        ``timeout`` is in seconds; past it the query is stopped and
        :class:`~kg.errors.QueryTimeoutError` raised.
        """
        ...

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
        ...

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Number of quads in the store, or triples in one graph (``DEFAULT_GRAPH`` too)."""
        ...

    def export(self, out: IO[bytes], fmt: str, *, graph: str | None = None) -> None:
        """Write the whole store (a dataset format) or one graph to ``out``."""
        ...

    @property
    def version(self) -> str:
        """Changes whenever the content may have changed; used for HTTP ETags."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class WriteStore(ReadStore, Protocol):
    """A store that also takes writes. Every write is all or nothing."""

    def update(self, sparql: str, *, base_iri: str | None = None,
               using_graphs: Sequence[str] = (), using_named_graphs: Sequence[str] = ()) -> None:
        """Run a SPARQL 1.1 update. ``using_graphs`` and ``using_named_graphs`` are the
        protocol's dataset for its WHERE clauses (as USING and USING NAMED would be; an
        update with its own USING or WITH cannot take them, see
        :mod:`kg.sparql.update_dataset`)."""
        ...

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
        """Parse and add an RDF document. Triples go to ``graph`` (default graph when
        None); quads of dataset formats keep their own graphs. ``bulk`` takes the fast
        path for large files, which is not atomic: callers load into a fresh graph and
        drop it on failure. ``name`` labels syntax errors (a file name)."""
        ...

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and all its triples (no error if absent)."""
        ...


_QUERY_POS = re.compile(r"(?:error at|line) (\d+)[:, column]+(\d+):? (.*)", re.S)


def located_query_error(text: str, source: str = "query",
                        query: str | None = None) -> QuerySyntaxError:
    """A :class:`QuerySyntaxError` from a parser's message, with line and column when the
    message gives them (Oxigraph writes ``error at LINE:COLUMN: message``), and the
    offending text when the query is given. Long lists of expected tokens are cut."""
    m = _QUERY_POS.search(text)
    if not m:
        return QuerySyntaxError(text.strip(), source=source)
    line, column, message = int(m.group(1)), int(m.group(2)), " ".join(m.group(3).split())
    if len(message) > 160:
        message = message[:150].rsplit(",", 1)[0] + ", ..."
    if query is not None:
        lines = query.splitlines()
        if 0 < line <= len(lines):
            near = lines[line - 1][max(0, column - 1):][:20].strip()
            message = f"{message} (near {near!r})" if near else f"{message} (at end of line)"
    return QuerySyntaxError(message, source=source, line=line, column=column)
