"""What the ontology says, read from the store at run time: classes with their hierarchy
and instance counts, properties with domain and range, concept schemes, and the
alignments to Wikidata, DBpedia, schema.org, PROV-O and OWL-Time.

:func:`ontology_overview` returns one plain dict, ready to render as HTML or JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from kg.rdf.vocab import ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES, SK, prefix_block
from kg.store.base import ReadStore

ALIGNMENT_RELATIONS = (
    "owl:equivalentClass",
    "owl:equivalentProperty",
    "rdfs:subClassOf",
    "rdfs:subPropertyOf",
    "skos:exactMatch",
    "skos:closeMatch",
    "skos:broadMatch",
)

_TERMS = """
SELECT ?term ?kind ?label ?definition WHERE {
  GRAPH ?onto {
    ?term a ?kind .
    VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
    OPTIONAL { ?term rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
    OPTIONAL { ?term skos:definition ?definition FILTER(LANGMATCHES(LANG(?definition), "en")) }
  }
  FILTER(STRSTARTS(STR(?term), STR(?ns)))
}"""

_LINKS = """
SELECT ?term ?relation ?target WHERE {
  GRAPH ?onto { ?term ?relation ?target }
  VALUES ?relation { rdfs:subClassOf rdfs:subPropertyOf rdfs:domain rdfs:range owl:inverseOf
                     owl:equivalentClass owl:equivalentProperty
                     skos:exactMatch skos:closeMatch skos:broadMatch }
  FILTER(STRSTARTS(STR(?term), STR(?ns)) && isIRI(?target))
}"""

_CHAINS = """
SELECT ?property ?first ?inverted ?second WHERE {
  GRAPH ?onto {
    ?property owl:propertyChainAxiom ?list .
    ?list rdf:first ?first ; rdf:rest/rdf:first ?second .
    OPTIONAL { ?first owl:inverseOf ?inverted }
  }
}"""

_INSTANCES = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x a ?class .
  FILTER(STRSTARTS(STR(?class), STR(?ns)))
}
GROUP BY ?class"""

_CONCEPTS = """
SELECT ?scheme ?schemeLabel ?concept ?label ?definition WHERE {
  GRAPH ?onto {
    ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .
    ?scheme skos:prefLabel ?schemeLabel .
    FILTER(LANGMATCHES(LANG(?label), "en") && LANGMATCHES(LANG(?schemeLabel), "en"))
    OPTIONAL { ?concept skos:definition ?definition FILTER(LANGMATCHES(LANG(?definition), "en")) }
  }
}
ORDER BY ?schemeLabel ?label"""

_ABOUT = """
SELECT ?p ?o WHERE {
  GRAPH ?onto { ?ontology ?p ?o }
  FILTER(isLiteral(?o) && (LANG(?o) = "" || LANGMATCHES(LANG(?o), "en")))
}"""


def compact(iri: str) -> str:
    """``sk:SpaceMission`` for a known namespace, the IRI itself otherwise."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _rows(store: ReadStore, query: str, **extra: URIRef) -> list[dict[str, str]]:
    bindings = {"onto": URIRef(ONTOLOGY_GRAPH), "ns": URIRef(str(SK)), **extra}
    result = store.query(prefix_block() + query, bindings=bindings)
    return [{k: str(v) for k, v in row.items()} for row in result.rows()]


def _is_local(iri: str) -> bool:
    return iri.startswith(str(SK))


def _term(iri: str, label: str | None = None) -> dict[str, str]:
    return {"iri": iri, "name": compact(iri), "label": label or compact(iri)}


class _Vocabulary:
    """The ontology's local terms, their labels, and their links to other terms."""

    def __init__(self, store: ReadStore) -> None:
        self.store = store
        self.labels: dict[str, str] = {}
        self.terms: dict[str, dict[str, str]] = {}
        for r in _rows(store, _TERMS):
            self.labels[r["term"]] = r.get("label", compact(r["term"]))
            self.terms.setdefault(r["term"], {"kind": r["kind"], "definition": ""})
            if "definition" in r:
                self.terms[r["term"]]["definition"] = r["definition"]
        self.links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for r in _rows(store, _LINKS):
            self.links[r["term"]][compact(r["relation"])].append(r["target"])

    def ref(self, iri: str) -> dict[str, str]:
        return _term(iri, self.labels.get(iri))

    def refs(self, iri: str, relation: str, *, local: bool | None = None) -> list[dict[str, str]]:
        targets = sorted(self.links[iri].get(relation, []))
        return [self.ref(t) for t in targets if local is None or _is_local(t) == local]

    def alignments(self, iri: str) -> list[dict[str, str]]:
        return [
            {"relation": rel, **target}
            for rel in ALIGNMENT_RELATIONS
            for target in self.refs(iri, rel, local=False)
        ]

    def by_label(self, iris: Iterable[str]) -> list[str]:
        return sorted(iris, key=lambda t: (self.labels.get(t) or t).lower())

    def classes(self) -> list[dict[str, Any]]:
        """Classes in hierarchy order (depth first), each listed once under its first parent."""
        local = {iri for iri, t in self.terms.items() if t["kind"].endswith("#Class")}
        counts = {r["class"]: int(r["n"]) for r in _rows(self.store, _INSTANCES)}
        parents = {
            iri: [p for p in sorted(self.links[iri].get("rdfs:subClassOf", [])) if p in local]
            for iri in local
        }
        children: dict[str, list[str]] = defaultdict(list)
        for iri, ps in parents.items():
            if ps:
                children[ps[0]].append(iri)
        out: list[dict[str, Any]] = []

        def visit(iri: str, depth: int) -> None:
            out.append(
                {
                    **self.ref(iri),
                    "definition": self.terms[iri]["definition"],
                    "depth": depth,
                    "parents": [self.ref(p) for p in parents[iri]],
                    "instances": counts.get(iri, 0),
                    "alignments": self.alignments(iri),
                }
            )
            for child in self.by_label(children[iri]):
                visit(child, depth + 1)

        for root in self.by_label(c for c in local if not parents[c]):
            visit(root, 0)
        return out

    def properties(self) -> list[dict[str, Any]]:
        chains: dict[str, list[str]] = {}
        for r in _rows(self.store, _CHAINS):
            first = compact(r["first"])
            if "inverted" in r:
                first = f"inverse of {compact(r['inverted'])}"
            chains[r["property"]] = [first, compact(r["second"])]
        out = []
        for iri in self.by_label(self.terms):
            kind = self.terms[iri]["kind"]
            if kind.endswith("#Class"):
                continue
            inverse = set(self.links[iri].get("owl:inverseOf", []))
            inverse |= {t for t, ls in self.links.items() if iri in ls.get("owl:inverseOf", [])}
            out.append(
                {
                    **self.ref(iri),
                    "kind": "object" if kind.endswith("ObjectProperty") else "datatype",
                    "definition": self.terms[iri]["definition"],
                    "domain": self.refs(iri, "rdfs:domain"),
                    "range": self.refs(iri, "rdfs:range"),
                    "parents": self.refs(iri, "rdfs:subPropertyOf", local=True),
                    "inverse": [self.ref(t) for t in sorted(inverse)],
                    "chain": chains.get(iri, []),
                    "alignments": self.alignments(iri),
                }
            )
        return out


def ontology_overview(store: ReadStore) -> dict[str, Any]:
    """The ontology held in the store's ontology graph, as one dict."""
    vocab = _Vocabulary(store)
    classes = vocab.classes()
    properties = vocab.properties()
    alignments = [
        {"term": vocab.ref(iri), **a} for iri in sorted(vocab.terms) for a in vocab.alignments(iri)
    ]
    about = {compact(r["p"]): r["o"] for r in _rows(store, _ABOUT, ontology=URIRef(ONTOLOGY_IRI))}
    return {
        "title": "Ontology",
        "iri": ONTOLOGY_IRI,
        "namespace": str(SK),
        "label": about.get("rdfs:label", "Space KG ontology"),
        "description": about.get("dcterms:description", ""),
        "version": about.get("owl:versionInfo", ""),
        "counts": {
            "classes": len(classes),
            "properties": len(properties),
            "alignments": len(alignments),
        },
        "classes": classes,
        "properties": properties,
        "schemes": _schemes(store),
        "alignments": alignments,
    }


def _schemes(store: ReadStore) -> list[dict[str, Any]]:
    schemes: dict[str, dict[str, Any]] = {}
    for r in _rows(store, _CONCEPTS):
        scheme = schemes.setdefault(
            r["scheme"], {**_term(r["scheme"], r["schemeLabel"]), "concepts": []}
        )
        scheme["concepts"].append(
            {**_term(r["concept"], r["label"]), "definition": r.get("definition", "")}
        )
    return list(schemes.values())
