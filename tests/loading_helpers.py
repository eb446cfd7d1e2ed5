"""Helpers for the loading tests: the test rules and a store's content as rdflib graphs."""

from __future__ import annotations

import io
from pathlib import Path

import rdflib
from rdflib.compare import isomorphic

from kg.store import WriteStore
from kg.validate import Rules

DATA = Path(__file__).parent / "data" / "loading"
BASE = "https://w3id.org/spacekg/id/"


def rules_for_tests() -> Rules:
    return Rules.from_files([DATA / "shapes.ttl"], [DATA / "ontology.ttl"])


def _plain(term: rdflib.term.Node) -> rdflib.term.Node:
    """xsd:string literals as plain literals, as N-Triples writes them."""
    if isinstance(term, rdflib.Literal) and term.datatype == rdflib.XSD.string:
        return rdflib.Literal(str(term))
    return term


def normalised(triples: object) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o in triples:  # type: ignore[attr-defined]
        g.add((s, p, _plain(o)))
    return g


def content(store: WriteStore) -> dict[str, rdflib.Graph]:
    """Every graph of the store (the default graph as 'default'), non-empty ones only."""
    out = io.BytesIO()
    store.export(out, "nquads")
    ds = rdflib.Dataset()
    ds.parse(data=out.getvalue(), format="nquads")
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = "default" if g in (None, rdflib.graph.DATASET_DEFAULT_GRAPH_ID) else str(g)
        graphs.setdefault(name, rdflib.Graph()).add((s, p, _plain(o)))
    return graphs


def same_content(a: dict[str, rdflib.Graph], b: dict[str, rdflib.Graph]) -> bool:
    return a.keys() == b.keys() and all(isomorphic(a[k], b[k]) for k in a)
