"""Helpers for the loading tests: the test rules and a store's content as rdflib graphs."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import rdflib
from rdflib.compare import isomorphic

from kg.checks.validate import Rules
from kg.store import WriteStore

DATA = Path(__file__).parent / "data" / "loading"
BASE = "https://w3id.org/spacekg/id/"


def rules_for_tests() -> Rules:
    return Rules.from_files([DATA / "shapes.ttl"], [DATA / "ontology.ttl"])


_CANONICAL = {
    str(rdflib.XSD.decimal): lambda s: format(Decimal(s).normalize(), "f"),
    str(rdflib.XSD.double): lambda s: repr(float(s)),
    str(rdflib.XSD.float): lambda s: repr(float(s)),
    str(rdflib.XSD.integer): lambda s: str(int(s)),
}


def _plain(term: rdflib.term.Node) -> rdflib.term.Node:
    """A literal as the store keeps it: xsd:string as a plain literal, language tags in
    lower case, numbers by value (Oxigraph stores "1.0"^^xsd:decimal as its value 1)."""
    if not isinstance(term, rdflib.Literal):
        return term
    if term.language:
        return rdflib.Literal(str(term), lang=term.language.lower())
    if term.datatype is None or term.datatype == rdflib.XSD.string:
        return rdflib.Literal(str(term))
    canonical = _CANONICAL.get(str(term.datatype))
    try:
        lexical = canonical(str(term)) if canonical else str(term)
    except (ValueError, ArithmeticError):
        lexical = str(term)
    return rdflib.Literal(lexical, datatype=term.datatype, normalize=False)


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
