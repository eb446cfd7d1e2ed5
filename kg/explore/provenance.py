"""Where facts come from: the source and "as of" date of each claim graph.

Every fact lives in a named claim graph G, and G says inside itself
``G prov:wasDerivedFrom ?source ; sk:asOf ?date``; the source has a URL, title,
publisher and date. Triples in the inferred graph were derived by the reasoner, and
triples in the ontology graph are axioms: both are marked instead of given a source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Every OPTIONAL hangs off a bound variable: an OPTIONAL on a variable that may be unbound
# (a publisher's label after an optional publisher) joined every label in the store with
# every source and took over a minute on a million triples.
from kg.explore.labels import chunked_rows, local_name
from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH
from kg.store.base import ReadStore

# The OPTIONALs stand outside GRAPH ?g: nested inside it, Oxigraph 0.5 does not narrow ?g
# to the VALUES given and scans every graph (240 ms per graph at 1M triples; 0.5 ms here).
_SOURCES = """
SELECT ?g ?src ?asOf ?url ?title ?publisher ?pubLabel ?date ?check WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?g prov:wasDerivedFrom ?src }
  OPTIONAL { GRAPH ?g { ?g sk:asOf ?asOf } }
  OPTIONAL { GRAPH ?g { ?g sk:verification ?check } }
  OPTIONAL { ?src schema:url ?url }
  OPTIONAL { ?src dcterms:title ?title }
  OPTIONAL { ?src dcterms:publisher ?publisher OPTIONAL { ?publisher rdfs:label ?pubLabel } }
  OPTIONAL { ?src dcterms:date ?date }
}
"""


@dataclass
class Source:
    """The provenance of one claim graph."""

    graph: str
    kind: str  # "claim", "inferred", "ontology" or "unsourced"
    source: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    as_of: str | None = None
    verification: str | None = None  # "verified", "aggregatorOnly", "unverified"

    @property
    def text(self) -> str:
        """One line for a tooltip: the source's title (or IRI) and the date."""
        if self.kind == "inferred":
            return "inferred by the reasoner"
        if self.kind == "ontology":
            return "ontology axiom"
        if self.kind == "unsourced":
            return "no source recorded"
        name = self.title or self.url or local_name(self.source or self.graph)
        name = f"{name} (as of {self.as_of})" if self.as_of else name
        if self.verification and self.verification != "verified":
            name += " [unverified]" if self.verification == "unverified" else \
                " [from an aggregator only]"
        return name

    def to_dict(self) -> dict[str, object]:
        out = {k: v for k, v in self.__dict__.items() if v is not None}
        out["text"] = self.text
        return out


def sources(store: ReadStore, graphs: Iterable[str]) -> dict[str, list[Source]]:
    """The provenance of each graph IRI in ``graphs`` (a graph may cite several sources)."""
    wanted = sorted({g for g in graphs if g})
    out: dict[str, list[Source]] = {}
    claims = []
    for g in wanted:
        if g == INFERRED_GRAPH:
            out[g] = [Source(g, "inferred")]
        elif g == ONTOLOGY_GRAPH:
            out[g] = [Source(g, "ontology")]
        elif not g.startswith("_:"):
            claims.append(g)
    for row in chunked_rows(store, _SOURCES, claims):
        g = str(row["g"])
        if "pubLabel" in row:  # a publisher that is an entity: its name
            row["publisher"] = row["pubLabel"]
        text = {k: str(v) for k, v in row.items()}
        found = Source(g, "claim", text["src"], url=text.get("url"), title=text.get("title"),
                       publisher=text.get("publisher"), date=text.get("date"),
                       as_of=text.get("asOf"),
                       verification=local_name(text["check"]) if "check" in text else None)
        known = out.setdefault(g, [])
        if all(s.source != found.source for s in known):
            known.append(found)
    for g in wanted:
        out.setdefault(g, [Source(g, "unsourced")])
    return out
