"""The remote engine: any SPARQL 1.1 endpoint, through SPARQLWrapper.

This is the only module that imports SPARQLWrapper. The engine should be configured so
that its default graph is the union of its named graphs (Oxigraph server
``--union-default-graph``, Fuseki ``unionDefaultGraph``; Virtuoso, GraphDB and Neptune
do this without FROM clauses), as the embedded engine does.
"""

from __future__ import annotations

import base64
import itertools
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import rdflib
from rdflib.term import URIRef
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from kg.errors import (
    AuthError,
    QueryTimeoutError,
    StoreError,
    UnsupportedFormatError,
)
from kg.rdf.binding import term_text
from kg.rdf.formats import rdf_format
from kg.rdf.ntriples import triples_text
from kg.rdf.parse import parse_quads
from kg.rdf.terms import Quad, Source, Term, Triple
from kg.sparql.results import parse_json, write_results
from kg.sparql.syntax import located_query_error
from kg.sparql.update_dataset import check_dataset
from kg.store.base import DEFAULT_GRAPH, QueryKind, QueryResult, ReadStore, Row, WriteStore
from kg.store.remote.profiles import profile

_RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                   "jsonld": "json-ld", "rdfxml": "xml"}


class RemoteResult(QueryResult):
    def __init__(self, kind: QueryKind, variables: list[str], payload: Any) -> None:
        self.kind = kind
        self.variables = variables
        self._payload = payload  # list of rows, a bool, or an rdflib Graph

    @property
    def boolean(self) -> bool:
        if self.kind != "ask":
            return super().boolean
        return bool(self._payload)

    def rows(self) -> Iterator[Row]:
        if self.kind != "select":
            yield from super().rows()
            return
        yield from self._payload

    def triples(self) -> Iterator[tuple[Term, Term, Term]]:
        if self.kind != "graph":
            yield from super().triples()
            return
        yield from self._payload

    def serialize(self, fmt: str) -> bytes:
        if self.kind == "graph":
            out = self._payload.serialize(format=_RDFLIB_FORMATS[rdf_format(fmt).name])
            return out.encode() if isinstance(out, str) else bytes(out)
        return write_results(fmt, self.variables, self._payload)


class RemoteReadStore(ReadStore):
    """A store behind a SPARQL 1.1 query endpoint, only read (``store_endpoint``: its
    Graph Store endpoint, to read the real default graph). The engine may fetch graphs
    a query names unless its profile (``engine``, see :mod:`.profiles`) says otherwise;
    then the guard lets through only graphs it holds."""

    engine = "remote"
    fetches_graphs = True

    def __init__(
        self,
        endpoint: str,
        *,
        store_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
        service_allow: Collection[str] = (),
        engine: str = "generic",
    ) -> None:
        self.profile = profile(engine)
        self.fetches_graphs = self.profile.fetches_graphs
        super().__init__(service_allow=service_allow)
        self.endpoint = endpoint
        self.store_endpoint = store_endpoint or None
        self._auth = (user, password) if user else None
        self._timeout = timeout
        self._boot = uuid.uuid4().hex[:8]
        self._writes = itertools.count(1)
        self._version = f"{self._boot}-0"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.endpoint})"

    @property
    def version(self) -> str:
        return self._version

    def _changed(self) -> None:
        self._version = f"{self._boot}-{next(self._writes)}"

    def _wrapper(self, url: str, timeout: float | None) -> SPARQLWrapper:
        sw = SPARQLWrapper(url)
        sw.setMethod(POST)
        sw.setTimeout(int(max(1, round(timeout or self._timeout))))
        if self._auth:
            sw.setCredentials(*self._auth)
        return sw

    def _run(self, sw: SPARQLWrapper, what: str, text: str = "", prologue: int = 0) -> Any:
        """Send the request; ``prologue`` characters were put before the user's text."""
        try:
            return sw.query()
        except QueryBadFormed as e:
            error = located_query_error(_message(e), what, text)
            if error.line == 1 and error.column is not None and prologue:
                error = located_query_error(_message(e).replace(
                    f"1:{error.column}", f"1:{max(1, error.column - prologue)}", 1),
                    what, text[prologue:])
            raise error from None
        except Unauthorized:
            raise AuthError(f"the SPARQL endpoint refused the credentials ({sw.endpoint})",
                            hint="check endpoint_user and endpoint_password") from None
        except EndPointNotFound:
            raise StoreError(f"no SPARQL endpoint at {sw.endpoint} (HTTP 404)") from None
        except TimeoutError:
            raise QueryTimeoutError(f"the {what} took longer than its time limit "
                                    f"at {sw.endpoint}") from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, (socket.timeout, TimeoutError)):
                raise QueryTimeoutError(f"the {what} took longer than its time limit") from None
            raise StoreError(f"cannot reach the SPARQL endpoint {sw.endpoint}: {e.reason}",
                             hint="is the engine running, and is the URL right?") from None
        except (EndPointInternalError, SPARQLWrapperException) as e:
            raise StoreError(f"the SPARQL endpoint failed: {_message(e)}") from None

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
    ) -> RemoteResult:
        body = text
        prologue = "".join(f"PREFIX {k}: <{v}> " for k, v in (prefixes or {}).items())
        if base_iri:
            prologue = f"BASE <{base_iri}> {prologue}"
        # The prologue shares the query's first line so error line numbers stay right.
        text = prologue + body
        sw = self._wrapper(self.endpoint, timeout)
        sw.setQuery(text)
        for g in default_graphs or ():
            sw.addParameter("default-graph-uri", g)
        for g in named_graphs or ():
            sw.addParameter("named-graph-uri", g)
        kind = sw.queryType
        if kind in ("CONSTRUCT", "DESCRIBE"):
            sw.addCustomHttpHeader("Accept", "application/n-triples")
            raw = _read_response(self._run(sw, "query", text, len(prologue)))
            graph = rdflib.Graph()
            graph.parse(data=raw, format="nt")
            return RemoteResult("graph", ["subject", "predicate", "object"], graph)
        sw.setReturnFormat(JSON)
        sw.addCustomHttpHeader("Accept", "application/sparql-results+json")
        raw = _read_response(self._run(sw, "query", text, len(prologue)))
        variables, payload = parse_json(raw)
        return RemoteResult("ask" if isinstance(payload, bool) else "select", variables, payload)

    def named_graphs(self) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(str(r["g"]) for r in result.rows() if isinstance(r.get("g"), URIRef))

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
            result = self.query(q)
        elif graph == DEFAULT_GRAPH and self.store_endpoint:
            return len(self._default_graph())
        elif graph == DEFAULT_GRAPH:  # without a Graph Store URL: the union, on most engines
            result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        else:
            result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                bindings={"g": URIRef(graph)})
        return int(next(result.rows())["n"])

    def _default_graph(self) -> rdflib.Graph:
        """The engine's real default graph, read through its Graph Store endpoint: with a
        union default graph, SPARQL cannot tell it apart from the named graphs."""
        status, body, _ = self.request("GET", f"{self.store_endpoint}?default",
                                       headers={"Accept": "application/n-triples"})
        if status != 200:
            raise StoreError(f"reading the default graph from {self.store_endpoint} "
                             f"failed (HTTP {status})")
        return rdflib.Graph().parse(data=body, format="nt")

    def export(self, out: IO[bytes], fmt: str, *, graph: str | None = None) -> None:
        f = rdf_format(fmt)
        if graph is None and not f.datasets:
            raise UnsupportedFormatError(
                f"{f.name} holds one graph; the whole store needs a dataset format",
                hint="choose trig, nquads or jsonld, or name one graph",
            )
        ds = rdflib.Dataset()
        if graph is None:
            rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows()
            for r in rows:
                ds.graph(r["g"]).add((r["s"], r["p"], r["o"]))
            data = ds.serialize(format=_RDFLIB_FORMATS[f.name])
        elif graph == DEFAULT_GRAPH and self.store_endpoint:
            data = self._default_graph().serialize(format=_RDFLIB_FORMATS[f.name])
        else:
            q = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
            if graph == DEFAULT_GRAPH:
                q = "CONSTRUCT WHERE { ?s ?p ?o }"
            result = self.query(q, bindings=None if graph == DEFAULT_GRAPH
                                else {"g": URIRef(graph)})
            out.write(result.serialize(f.name))
            return
        out.write(data.encode() if isinstance(data, str) else data)

    def close(self) -> None:
        pass

    def request(self, method: str, url: str, *, data: bytes | None = None,
                headers: Mapping[str, str] | None = None) -> tuple[int, bytes, str]:
        """A plain HTTP request to the engine (Graph Store Protocol), with credentials."""
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        if self._auth:
            token = base64.b64encode(f"{self._auth[0]}:{self._auth[1]}".encode()).decode()
            req.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(req, timeout=self._timeout) as resp:
                return resp.status, resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers.get("Content-Type", "")
        except urllib.error.URLError as e:
            raise StoreError(f"cannot reach {url}: {e.reason}") from None


class RemoteStore(RemoteReadStore, WriteStore):
    """A store behind SPARQL 1.1 query and update endpoints: it reads and writes."""

    def __init__(self, endpoint: str, *, update_endpoint: str, store_endpoint: str | None = None,
                 user: str | None = None, password: str | None = None, timeout: float = 60.0,
                 service_allow: Collection[str] = (), engine: str = "generic") -> None:
        super().__init__(endpoint, store_endpoint=store_endpoint, user=user, password=password,
                         timeout=timeout, service_allow=service_allow, engine=engine)
        self.update_endpoint = update_endpoint

    def _run_update(self, sparql: str, *, base_iri: str | None, using_graphs: Sequence[str],
                    using_named_graphs: Sequence[str]) -> None:
        check_dataset(sparql, using_graphs, using_named_graphs)
        sw = self._wrapper(self.update_endpoint, None)
        prologue = f"BASE <{base_iri}> " if base_iri else ""
        sw.setQuery(prologue + sparql)
        for g in using_graphs:
            sw.addParameter("using-graph-uri", g)
        for g in using_named_graphs:
            sw.addParameter("using-named-graph-uri", g)
        self._run(sw, "update", prologue + sparql, len(prologue)).response.close()
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
        name = name or (str(source) if isinstance(source, Path) else "input")
        # Oxigraph's parser, as for every load: nothing fetched, no entity expanded
        quads = parse_quads(source, fmt, base_iri=base_iri, name=name)
        target = None if graph is None or graph == DEFAULT_GRAPH else graph
        self._insert(quads, target)
        self._changed()

    def _insert(self, quads: Sequence[Quad], graph: str | None) -> None:
        """One update request holding every quad, so the write is all or nothing. It is
        ``INSERT { ... } WHERE {}`` rather than ``INSERT DATA``: some engines (Virtuoso)
        refuse blank nodes in INSERT DATA, and with one empty solution the two mean the
        same."""
        by_graph: dict[str | None, list[Triple]] = {}
        for s_, p, o, g in quads:
            name = graph if graph is not None else (None if g is None else str(g))
            by_graph.setdefault(name, []).append((s_, p, o))
        parts = []
        for name, triples in by_graph.items():
            body = triples_text(triples)
            parts.append(body if name is None
                         else f"GRAPH {term_text(URIRef(name))} {{\n{body}}}")
        if parts:
            self.update("INSERT {\n" + "\n".join(parts) + "\n} WHERE {}")

    def drop_graph(self, graph: str) -> None:
        if graph == DEFAULT_GRAPH:
            self.update("DROP SILENT DEFAULT")
        else:
            self.update(f"DROP SILENT GRAPH {URIRef(graph).n3()}")


def _read_response(result: Any) -> bytes:
    with result.response as response:
        return bytes(response.read())


def _message(e: Exception) -> str:
    text = str(e)
    marker = "Response:\n"
    if marker in text:
        text = text.split(marker, 1)[1]
    return text.strip().strip("b'\"").replace("\\n", " ")


__all__ = ["RemoteReadStore", "RemoteResult", "RemoteStore"]
