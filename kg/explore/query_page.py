"""Running a query typed by a person, for the query page: prefix help, a row cap,
labels for the IRIs in the answer, and the answer as a graph of nodes and edges.

The well-known prefixes (:data:`kg.rdf.vocab.PREFIXES`) are declared for every query run
here, so ``sk:Mission`` works without a PREFIX line; :func:`with_prefixes` writes the
missing PREFIX lines out for a query that is to run elsewhere (a download, a shared
link to another endpoint).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib.term import BNode, Identifier, Literal, URIRef

from kg.explore.labels import found_labels, local_name
from kg.rdf.vocab import PREFIXES
from kg.store.base import ReadStore, Term

#: Strings, IRIs and comments: nothing in them is a prefixed name.
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                     r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_PNAME = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?![/\d])")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
GRAPH_NODE_CAP = 400
LABEL_CAP = 1000
TRIPLE_NAMES = (("s", "p", "o"), ("subject", "predicate", "object"))


def used_prefixes(text: str) -> list[str]:
    """Prefixes that the query's prefixed names use, in order of first use."""
    bare = _OPAQUE.sub(" ", text)
    bare = _DECLARED.sub(" ", bare)
    return list(dict.fromkeys(m.group(1) or "" for m in _PNAME.finditer(bare)))


def declared_prefixes(text: str) -> set[str]:
    return {m.group(1) or "" for m in _DECLARED.finditer(_OPAQUE.sub(" ", text))}


def missing_prefixes(text: str) -> list[str]:
    """Well-known prefixes the query uses without declaring them."""
    declared = declared_prefixes(text)
    return [p for p in used_prefixes(text) if p in PREFIXES and p not in declared]


def unknown_prefixes(text: str) -> list[str]:
    """Prefixes the query uses that are neither declared nor well known."""
    declared = declared_prefixes(text)
    return [p for p in used_prefixes(text) if p not in PREFIXES and p not in declared]


_BASE = re.compile(r"\bBASE\s*<", re.I)


def with_prefixes(text: str, base_iri: str | None = None) -> str:
    """The query with PREFIX lines for every well-known prefix it uses undeclared, and
    a BASE line (when ``base_iri`` is given and the query has none), so that it runs
    the same on an endpoint that declares nothing."""
    lines = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing_prefixes(text))
    if base_iri and not _BASE.search(_OPAQUE.sub(" ", text)):
        lines = f"BASE <{base_iri}>\n" + lines
    return lines + text


def compact(iri: str, base_iri: str | None = None) -> str:
    """``iri`` shortened for display: relative to the base IRI, or as ``prefix:name``."""
    if base_iri and iri.startswith(base_iri) and len(iri) > len(base_iri):
        return iri[len(base_iri):]
    for prefix, namespace in PREFIXES.items():
        rest = iri[len(namespace):]
        if iri.startswith(namespace) and rest and re.fullmatch(r"[\w.-]+", rest):
            return f"{prefix}:{rest}"
    return iri


def cell(term: Term | None, labels: Mapping[str, str],
         base_iri: str | None = None) -> dict[str, Any] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        out: dict[str, Any] = {"type": "iri", "value": str(term),
                               "short": compact(str(term), base_iri)}
        if str(term) in labels:
            out["label"] = labels[str(term)]
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["lang"] = term.language
    elif term.datatype and str(term.datatype) != PREFIXES["xsd"] + "string":
        out["datatype"] = str(term.datatype)
    return out


def _iris(rows: Iterable[Iterable[Term | None]]) -> list[str]:
    return [str(t) for r in rows for t in r if isinstance(t, URIRef)]


def run(store: ReadStore, text: str, *, bindings: Mapping[str, Identifier] | None = None,
        max_rows: int, timeout: float | None = None, base_iri: str | None = None,
        lang: str = "en") -> dict[str, Any]:
    """Run ``text`` and return the answer for a page: ``kind`` (select, ask, graph),
    ``variables``, ``rows`` of cells (at most ``max_rows``; ``truncated`` says whether
    more were cut), or ``boolean``; and ``graph``, the answer as nodes and edges when
    it has IRIs to draw."""
    result = store.query(text, bindings=bindings, prefixes=PREFIXES, base_iri=base_iri,
                         timeout=timeout)
    out: dict[str, Any] = {"kind": result.kind, "variables": list(result.variables),
                           "rows": [], "truncated": False, "max_rows": max_rows,
                           "boolean": None, "graph": None}
    if result.kind == "ask":
        out["boolean"] = result.boolean
        return out
    raw: list[list[Term | None]] = []
    source: Iterable[Any] = (result.triples() if result.kind == "graph" else
                             ([r.get(v) for v in result.variables] for r in result.rows()))
    for values in source:
        if len(raw) == max_rows:
            out["truncated"] = True
            break
        raw.append(list(values))
    labels = found_labels(store, _iris(raw), lang=lang, limit=LABEL_CAP, timeout=timeout)
    out["rows"] = [[cell(t, labels, base_iri) for t in r] for r in raw]
    out["graph"] = graph_of(result.kind, out["variables"], raw, labels)
    return out


class _Graph:
    def __init__(self, labels: Mapping[str, str]) -> None:
        self.labels = labels
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.full = False

    def node(self, term: Term, group: str) -> str | None:
        key = f"_:{term}" if isinstance(term, BNode) else str(term)
        if isinstance(term, Literal):
            key = f"literal:{len(self.nodes)}"
        if key in self.nodes:
            return key
        if len(self.nodes) >= GRAPH_NODE_CAP:
            self.full = True
            return None
        if isinstance(term, Literal):
            text = str(term)
            label = text if len(text) <= 40 else text[:39] + "…"
            self.nodes[key] = {"id": key, "label": label, "title": text, "group": "literal",
                               "shape": "box"}
        else:
            label = self.labels.get(str(term)) or (key if key.startswith("_:") else
                                                   local_name(str(term)))
            self.nodes[key] = {"id": key, "label": label, "title": key, "group": group,
                               "iri": None if isinstance(term, BNode) else str(term)}
        return key

    def edge(self, a: str | None, b: str | None, label: str, title: str) -> None:
        if a and b and (a, b, label) not in self.edges:
            self.edges[(a, b, label)] = {"from": a, "to": b, "label": label, "title": title}


def graph_of(kind: str, variables: list[str], rows: list[list[Term | None]],
             labels: Mapping[str, str]) -> dict[str, Any] | None:
    """Nodes and edges for vis-network: triples of a CONSTRUCT (or a SELECT of ?s ?p ?o),
    else the IRIs of each SELECT row linked in column order. None if nothing to draw."""
    g = _Graph(labels)
    columns = next(([variables.index(n) for n in names] for names in TRIPLE_NAMES
                    if set(names) <= set(variables)), None)
    if kind == "graph":
        columns = [0, 1, 2]
    for r in rows:
        if columns:
            s, p, o = (r[i] for i in columns)
            if s is None or p is None or o is None or isinstance(s, Literal):
                continue
            name = labels.get(str(p)) or local_name(str(p))
            g.edge(g.node(s, "subject"), g.node(o, "object"), name, str(p))
            continue
        cells = [(v, t) for v, t in zip(variables, r, strict=False)
                 if isinstance(t, (URIRef, BNode))]
        keys = [(v, g.node(t, v)) for v, t in cells]
        for (_, a), (v, b) in zip(keys, keys[1:], strict=False):
            g.edge(a, b, v, "?" + v)
    if not g.nodes:
        return None
    return {"nodes": list(g.nodes.values()), "edges": list(g.edges.values()),
            "truncated": g.full, "cap": GRAPH_NODE_CAP}
