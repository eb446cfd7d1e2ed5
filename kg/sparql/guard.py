"""Keeping queries and updates from reaching other servers or local files.

A SPARQL endpoint exposed to the public must not become a proxy: ``SERVICE <url>``
makes the engine call another endpoint, ``LOAD <url>`` fetches a document (rdflib even
reads ``file://`` paths), and some engines fetch the graphs a query names with ``FROM``
or ``USING``. :func:`check_query` and :func:`check_update` reject such requests with
:class:`~kg.errors.QueryRejectedError` unless the ``service_allow`` setting names the
endpoint. A graph named by FROM, FROM NAMED, USING or the protocol's graph parameters is
also fine when the store holds it, or when an earlier operation of the same update made
it (INSERT DATA into it, CREATE GRAPH, and nothing since that may delete): that only
chooses data already here. ``WITH <g>`` is not checked: it names the graph an update
writes (and reads), which it may create, and no engine fetches it.

The check reads the parsed query (rdflib's SPARQL parser, which also expands ``\\u``
escapes), never a pattern over the text, so case, comments and escapes do not hide a
SERVICE. Parsing with rdflib is slow, so a text that cannot contain any of these words
(checked on the raw text, case-insensitively, escapes included) skips it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import (
    Literal,
    Optional,
    ParseBaseException,
    ParseException,
    ParserElement,
    StringEnd,
    ZeroOrMore,
    rest_of_line,
)
from rdflib.plugins.sparql import parser as sparql_grammar
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef, Variable

from kg.errors import QueryRejectedError, QuerySyntaxError
from kg.store.base import located_query_error

#: Texts without any of these (case-insensitive) cannot name another endpoint.
_SCREEN = re.compile(r"service|load|from|using|\\u|\\U", re.IGNORECASE)

#: Longest text the parser is asked to check; longer ones with a trigger word are refused.
MAX_CHECKED = 200_000


@dataclass(frozen=True)
class Reach:
    """One place a request would reach: what kind (service, load, graph) and the IRI
    (None when a variable names it)."""

    kind: str
    iri: str | None


def allowed_endpoints(setting: str) -> frozenset[str]:
    """The ``service_allow`` setting as a set of URLs."""
    return frozenset(setting.split())


def check_query(text: str, allow: Collection[str], *,
                graphs: Collection[str] = (),
                held: Callable[[], Collection[str]] = tuple) -> None:
    """Reject a query that would reach an endpoint or file not in ``allow``. ``graphs``
    are graph IRIs from the protocol (default-graph-uri, named-graph-uri); ``held``
    gives the graphs the store holds, asked only when a graph needs checking."""
    reaches = [Reach("graph", g) for g in graphs]
    if _SCREEN.search(text):
        reaches += _reaches(text, update=False)
    _judge(reaches, allow, held)


def check_update(text: str, allow: Collection[str], *,
                 graphs: Collection[str] = (),
                 held: Callable[[], Collection[str]] = tuple) -> None:
    """Like :func:`check_query`, for a SPARQL update (LOAD, USING, SERVICE in WHERE).
    ``graphs`` are the protocol's using-graph-uri and using-named-graph-uri: they count
    as USING clauses of each operation with a WHERE."""
    reaches = _reaches(text, update=True, using=graphs) \
        if graphs or _SCREEN.search(text) else []
    _judge(reaches, allow, held)


def _judge(reaches: list[Reach], allow: Collection[str],
           held: Callable[[], Collection[str]]) -> None:
    holding: Collection[str] | None = None
    for r in reaches:
        if r.iri is not None and r.iri in allow:
            continue
        if r.kind == "graph" and r.iri is not None:
            holding = holding if holding is not None else set(held())
            if r.iri in holding:
                continue
            raise QueryRejectedError(
                f"the request names the graph <{r.iri}>, which this store does not hold; "
                "the server does not fetch graphs from elsewhere",
                hint="name a graph the store holds, or ask the operator to add the URL to "
                     "service_allow")
        what = {"service": "SERVICE", "load": "LOAD"}.get(r.kind, r.kind)
        target = f"<{r.iri}>" if r.iri else "an endpoint chosen by a variable"
        raise QueryRejectedError(
            f"{what} {target} is not allowed: this server does not call other endpoints "
            "or read files on a request's behalf",
            hint="ask the operator to add the URL to service_allow" if r.iri else
                 "name the endpoint with an IRI the operator has put in service_allow")


def parse(text: str, *, update: bool) -> Any:
    """rdflib's parse tree of a query or update; :class:`QuerySyntaxError` with the line
    and column when it is not SPARQL, :class:`QueryRejectedError` when it is too long."""
    if len(text) > MAX_CHECKED:
        raise QueryRejectedError(
            f"the {'update' if update else 'query'} is too long to check for SERVICE, LOAD "
            f"and FROM ({len(text):,} characters; at most {MAX_CHECKED:,})")
    try:
        return parseUpdate(text) if update else parseQuery(text)
    except ParseException as e:
        where: ParseBaseException = e
        if update:
            where = _update_error(text) or e
        # the same message shape (and "near ...") as the engine's syntax errors
        raise located_query_error(f"error at {where.lineno}:{where.col}: {where.msg}",
                                  "update" if update else "query", text) from None


@functools.cache
def _strict_update() -> ParserElement:
    """rdflib's update grammar, but failing where an operation stops making sense:
    rdflib's own wraps each operation in an Optional, so any mistake is reported as
    "Expected end of text" at line 1, column 1."""
    g = sparql_grammar
    operations = (~StringEnd() - g.Update1
                  + ZeroOrMore(Literal(";") + ~StringEnd() - (g.Prologue + g.Update1))
                  + Optional(";") + StringEnd())
    strict = g.Prologue + (StringEnd() | operations)
    strict.ignore("#" + rest_of_line)
    return strict


def _update_error(text: str) -> ParseBaseException | None:
    """Where the update in ``text`` goes wrong, as :func:`_strict_update` finds it."""
    try:
        _strict_update().parse_string(expandUnicodeEscapes(text))
    except ParseBaseException as e:
        return e
    return None


def _reaches(text: str, *, update: bool, using: Collection[str] = ()) -> list[Reach]:
    tree = parse(text, update=update)
    if update:
        # prefixes declared before an operation hold for every later one
        pairs: list[tuple[Any, Any]] = []
        decls: list[Any] = []
        for prologue_part, req in zip(tree["prologue"], tree["request"], strict=False):
            decls = [*decls, *prologue_part]
            pairs.append((decls, req))
    else:
        pairs = [(tree[0], tree[1])]
    found: list[Reach] = []
    made: set[str] = set()  # graphs that earlier operations of an update made
    matching = False  # whether an operation has a WHERE for the protocol's graphs
    for prologue_tree, part in pairs:
        try:
            prologue = translatePrologue(prologue_tree or [], None)  # type: ignore[arg-type]
        except Exception as e:  # an undefined prefix and the like: the engine fails too
            raise QuerySyntaxError(f"bad prologue: {e}", source="query") from None
        iri = _resolver(prologue)
        reaches = list(_walk(part, iri))
        if isinstance(part, CompValue) and part.name in ("Modify", "DeleteWhere"):
            reaches += [Reach("graph", g) for g in using]
            matching = True
        found.extend(r for r in reaches if r.kind != "graph" or r.iri not in made)
        made = _made(part, iri, made)
    if not matching:  # sent along, though no operation reads them
        found.extend(Reach("graph", g) for g in using if g not in made)
    return found


def _made(operation: Any, iri: Callable[[Any], str | None], before: set[str]) -> set[str]:
    """The graphs that surely exist after an update operation, of those it or earlier ones
    made (CREATE GRAPH, INSERT DATA with triples in a graph): none after an operation
    that may delete."""
    name = operation.name if isinstance(operation, CompValue) else None
    if name == "Create":
        terms = [operation["graphiri"]]
    elif name == "InsertData":
        quads = dict.get(operation, "quads", {})  # CompValue.get(k) gives k when missing
        terms = [q["term"] for q in dict.get(quads, "quadsNotTriples", []) if "triples" in q]
    elif name == "Modify" and "delete" not in operation:
        terms = []
    else:
        return set()
    return before | {graph for graph in map(iri, terms) if graph is not None}


def _resolver(prologue: Any) -> Callable[[Any], str | None]:
    return lambda term: _iri(prologue, term)


def _iri(prologue: Any, term: Any) -> str | None:
    if isinstance(term, Variable):
        return None
    try:
        resolved = prologue.absolutize(term)
    except Exception as e:  # an undefined prefix: the engine would refuse it too
        raise QuerySyntaxError(f"cannot resolve {term}: {e}", source="query") from None
    return str(resolved) if isinstance(resolved, URIRef) else None


def _walk(node: Any, iri: Callable[[Any], str | None]) -> Iterator[Reach]:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            yield Reach("service", iri(node["term"]))
        elif node.name == "Load":
            yield Reach("load", iri(node["iri"]))
        elif node.name in ("DatasetClause", "UsingClause"):
            # not node.get(): a CompValue gives the key itself for a missing key
            target = node["default"] if "default" in node else node["named"]
            yield Reach("graph", iri(target))
        for value in node.values():
            yield from _walk(value, iri)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value, iri)
