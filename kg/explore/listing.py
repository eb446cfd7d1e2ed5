"""Lists for the home page: featured entities and the members of a class."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from kg.explore.entity import check_iri
from kg.explore.labels import labels
from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH, SK
from kg.store.base import ReadStore

#: Classes whose best-described members are featured on the home page.
FEATURED_CLASSES = ("SpaceAgency", "Station", "Agreement", "SpaceProgram")
PAGE_SIZE = 100

_FEATURED = """
SELECT ?s ?c (COUNT(*) AS ?n) WHERE {
  VALUES ?c { %s }
  ?s a ?c .
  ?s ?p ?o .
} GROUP BY ?s ?c ORDER BY DESC(?n) ?s LIMIT 60
""".replace("%s", " ".join(f"<{SK[c]}>" for c in FEATURED_CLASSES))

_MEMBERS = """
SELECT DISTINCT ?s WHERE {
  GRAPH ?g { ?s a ?c } FILTER(isIRI(?s) && ?g != ?ontology && ?g != ?inferred)
} ORDER BY ?s LIMIT %d OFFSET %d
"""
_MEMBER_COUNT = """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?c } FILTER(?g != ?ontology && ?g != ?inferred)
}
"""


def featured(store: ReadStore, lang: str = "en", per_class: int = 3) -> list[dict[str, Any]]:
    """The most described members of the main classes, a few of each."""
    picked: dict[str, list[str]] = {}
    for row in store.query(_FEATURED).rows():
        members = picked.setdefault(str(row["c"]), [])
        taken = any(str(row["s"]) in m for m in picked.values())
        if len(members) < per_class and not taken:
            members.append(str(row["s"]))
    iris = [i for c in (str(SK[c]) for c in FEATURED_CLASSES) for i in picked.get(c, [])]
    names = labels(store, [*iris, *picked], lang)
    return [{"iri": i, "label": names[i], "class": c, "class_label": names[c]}
            for c in (str(SK[c]) for c in FEATURED_CLASSES) for i in picked.get(c, [])]


def members(store: ReadStore, class_iri: str, *, lang: str = "en", page: int = 1
            ) -> dict[str, Any]:
    """One page of the entities stated to be of ``class_iri``, labelled, by IRI."""
    cls = check_iri(class_iri)
    page = max(1, page)
    graphs = {"c": cls, "ontology": URIRef(ONTOLOGY_GRAPH), "inferred": URIRef(INFERRED_GRAPH)}
    total = int(next(store.query(_MEMBER_COUNT, bindings=graphs).rows())["n"])
    rows = store.query(_MEMBERS % (PAGE_SIZE, (page - 1) * PAGE_SIZE), bindings=graphs).rows()
    iris = [str(r["s"]) for r in rows]
    names = labels(store, [class_iri, *iris], lang)
    items = sorted(({"iri": i, "label": names[i]} for i in iris),
                   key=lambda d: d["label"].lower())
    return {"iri": class_iri, "label": names[class_iri], "total": total, "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)), "members": items}
