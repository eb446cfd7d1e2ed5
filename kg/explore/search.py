"""Find entities by name: labels in every language, case-insensitive, ranked.

A match on the whole label ranks first, then a label starting with the text, then a word
in the label starting with it, then the text anywhere inside; shorter labels before
longer. The text reaches the query as a bound literal, never pasted into it.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef

from kg.explore.labels import classes, labels
from kg.rdf.vocab import ONTOLOGY_GRAPH, PREFIXES
from kg.store.base import ReadStore

MAX_QUERY = 100
SCAN_LIMIT = 2000  # matching labels read before ranking

_SEARCH = """
SELECT ?s ?l WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
  GRAPH ?g { ?s ?p ?l }
  FILTER(isIRI(?s) && ?g != ?ontology && CONTAINS(LCASE(STR(?l)), ?q))
} LIMIT """ + str(SCAN_LIMIT)


def rank(label: str, q: str) -> int:
    """0 whole label, 1 prefix, 2 word prefix, 3 anywhere (``q`` is lower case)."""
    text = label.lower()
    if text == q:
        return 0
    if text.startswith(q):
        return 1
    if re.search(r"(^|[\s\-_(/'\"])" + re.escape(q), text):
        return 2
    return 3


def search(store: ReadStore, text: str, *, lang: str = "en", limit: int = 10
           ) -> list[dict[str, Any]]:
    """Entities whose label (in any language) contains ``text``, best first, each with
    its label in ``lang``, the label that matched, and its class."""
    q = " ".join(text.split()).lower()[:MAX_QUERY]
    if not q:
        return []
    best: dict[str, tuple[tuple[int, int, str], Literal]] = {}
    rows = store.query(_SEARCH, prefixes=PREFIXES, bindings={
        "q": Literal(q), "ontology": URIRef(ONTOLOGY_GRAPH)}).rows()
    for row in rows:
        iri, lit = str(row["s"]), row["l"]
        key = (rank(str(lit), q), len(str(lit)), str(lit).lower())
        if iri not in best or key < best[iri][0]:
            best[iri] = (key, lit)  # type: ignore[assignment]
    top = sorted(best, key=lambda i: (best[i][0], i))[:limit]
    names = labels(store, top, lang)
    kinds = classes(store, top)
    class_names = labels(store, {c for i in top for c in kinds.get(i, [])[:1]}, lang)
    out = []
    for iri in top:
        lit = best[iri][1]
        cls = next(iter(kinds.get(iri, [])), None)
        out.append({
            "iri": iri,
            "label": names[iri],
            "matched": str(lit),
            "matched_lang": lit.language or "",
            "class": cls or "",
            "class_label": class_names.get(cls, "") if cls else "",
        })
    return out
