"""How is A connected to B? The shortest paths between two entities, up to a length.

A bounded bidirectional breadth-first search over the store: each level is one SPARQL
query over the whole frontier (its IRIs in a ``VALUES`` block), expanding the smaller
side first, until the two searches meet. Links are followed in either direction; type,
provenance, alignment and ontology links and reasoner-inferred triples are not, so a
path is made of stated facts, each of which has a source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.errors import BadRequestError, NotFoundError
from kg.explore.entity import check_iri
from kg.explore.labels import labels
from kg.explore.neighbourhood import LINK, merge_path_graph
from kg.rdf.binding import term_text
from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH
from kg.store.base import ReadStore

MAX_LENGTH = 6
ROW_LIMIT = 50000  # rows read per level; past it the search is flagged as cut short
_STEP = ("SELECT DISTINCT ?n ?p ?dir ?m WHERE { VALUES ?n { %s } " + LINK
         + " FILTER(?g != ?inferred) } LIMIT " + str(ROW_LIMIT))
_EXISTS = "ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }"

Step = tuple[str, str, str]  # (previous node, predicate, "out" when previous -p-> node)


@dataclass
class Side:
    start: str
    dist: dict[str, int] = field(default_factory=dict)
    parents: dict[str, list[Step]] = field(default_factory=dict)
    frontier: list[str] = field(default_factory=list)
    level: int = 0

    def __post_init__(self) -> None:
        self.dist[self.start] = 0
        self.parents[self.start] = []
        self.frontier = [self.start]


def _advance(store: ReadStore, side: Side) -> tuple[list[str], bool]:
    """Expand ``side`` by one level; return the new nodes and whether rows were cut."""
    side.level += 1
    block = " ".join(term_text(URIRef(n)) for n in side.frontier)
    rows = list(store.query(_STEP % block, bindings={
        "ontology": URIRef(ONTOLOGY_GRAPH), "inferred": URIRef(INFERRED_GRAPH)}).rows())
    new: list[str] = []
    for row in rows:
        n, p, d, m = str(row["n"]), str(row["p"]), str(row["dir"]), str(row["m"])
        if m not in side.dist:
            side.dist[m] = side.level
            side.parents[m] = []
            new.append(m)
        if side.dist[m] == side.level and (n, p, d) not in side.parents[m]:
            side.parents[m].append((n, p, d))
    side.frontier = new
    return new, len(rows) >= ROW_LIMIT


def _walks(side: Side, node: str, limit: int) -> list[list[tuple[str, str, str, bool]]]:
    """Every shortest walk from ``side.start`` to ``node`` as (from, predicate, to,
    forward) steps, at most ``limit`` of them."""
    if node == side.start:
        return [[]]
    out: list[list[tuple[str, str, str, bool]]] = []
    for prev, p, d in side.parents[node]:
        for walk in _walks(side, prev, limit - len(out)):
            out.append([*walk, (prev, p, node, d == "out")])
            if len(out) >= limit:
                return out
    return out


def _combine(a: Side, b: Side, meet: list[str], limit: int) -> list[list[tuple[str, str, str,
                                                                               bool]]]:
    paths = []
    for m in sorted(meet):
        for left in _walks(a, m, limit):
            for right in _walks(b, m, limit):
                back = [(t, p, f, not fwd) for f, p, t, fwd in reversed(right)]
                paths.append(left + back)
                if len(paths) >= limit:
                    return paths
    return paths


def shortest_paths(store: ReadStore, source: str, target: str, *, max_length: int = 4,
                   limit: int = 20) -> tuple[list[list[tuple[str, str, str, bool]]], bool]:
    """The shortest paths from ``source`` to ``target`` of at most ``max_length`` links,
    each a list of (from, predicate, to, forward) steps, where forward means the fact is
    ``from predicate to``; and whether the search was cut short by the row limit."""
    a, b = Side(source), Side(target)
    if source == target:
        return [[]], False
    cut = False
    while a.frontier and b.frontier and a.level + b.level < max_length:
        side, other = (a, b) if len(a.frontier) <= len(b.frontier) else (b, a)
        new, cut_here = _advance(store, side)
        cut = cut or cut_here
        meet = [m for m in new if m in other.dist]
        if meet:
            best = min(a.dist[m] + b.dist[m] for m in meet)
            return _combine(a, b, [m for m in meet if a.dist[m] + b.dist[m] == best],
                            limit), cut
    return [], cut


def connection(store: ReadStore, source: str, target: str, *, max_length: int = 4,
               lang: str = "en", limit: int = 20) -> dict[str, Any]:
    """The path finder's page dict: both ends, the paths as labelled lists, and one
    graph of them all."""
    if not 1 <= max_length <= MAX_LENGTH:
        raise BadRequestError(f"a path length must be between 1 and {MAX_LENGTH}, "
                              f"got {max_length}")
    for iri in (source, target):
        if not store.query(_EXISTS, bindings={"s": check_iri(iri)}).boolean:
            raise NotFoundError(f"nothing is known about <{iri}>",
                                hint="pick both ends from the search suggestions")
    found, cut = shortest_paths(store, source, target, max_length=max_length, limit=limit)
    steps = {(f, p, t) if fwd else (t, p, f) for path in found for f, p, t, fwd in path}
    names = labels(store, {source, target} | {x for s in steps for x in s}, lang)
    paths = [[{"from": f, "from_label": names[f], "predicate": p, "predicate_label": names[p],
               "to": t, "to_label": names[t], "forward": fwd} for f, p, t, fwd in path]
             for path in found]
    return {
        "from": {"iri": source, "label": names[source]},
        "to": {"iri": target, "label": names[target]},
        "max_length": max_length,
        "length": len(found[0]) if found else None,
        "paths": paths,
        "cut_short": cut,
        "graph": merge_path_graph(store, sorted(steps), lang) if steps else None,
    }
