"""What is in the graph: triple counts, graphs, and instances by class."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH
from kg.store.base import ReadStore

#: The very query `kg stats` and the SPARQL endpoint agree on.
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"

CLASS_COUNTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?class }
  FILTER(?g != ?ontology && ?g != ?inferred)
  OPTIONAL { ?class rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "") }
}
GROUP BY ?class
ORDER BY DESC(?n) ?class
"""

GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@dataclass
class ClassCount:
    iri: str
    label: str
    count: int


@dataclass
class Stats:
    triples: int
    graphs: dict[str, int] = field(default_factory=dict)
    classes: list[ClassCount] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "triples": self.triples,
            "graphs": self.graphs,
            "classes": [c.__dict__ for c in self.classes],
        }


def count_triples(store: ReadStore) -> int:
    return int(next(store.query(COUNT_QUERY).rows())["n"])


def class_counts(store: ReadStore) -> list[ClassCount]:
    rows = store.query(
        CLASS_COUNTS,
        bindings={"ontology": URIRef(ONTOLOGY_GRAPH), "inferred": URIRef(INFERRED_GRAPH)},
    ).rows()
    out = []
    for r in rows:
        iri = str(r["class"])
        label = str(r["label"]) if "label" in r else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        out.append(ClassCount(iri, label, int(r["n"])))
    return out


def graph_stats(store: ReadStore) -> Stats:
    graphs = {str(r["g"]): int(r["n"]) for r in store.query(GRAPH_COUNTS).rows()}
    return Stats(count_triples(store), graphs, class_counts(store))
