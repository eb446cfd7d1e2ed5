"""Labels for many IRIs at once, in a preferred language.

One query per batch of IRIs: the IRIs travel in a ``VALUES`` block written by
:func:`kg.binding.term_text` (which checks and escapes each IRI), never pasted raw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib.term import Literal, URIRef

from .binding import term_text
from .errors import BadRequestError
from .store.base import ReadStore

LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?s ?l ?title WHERE {
  VALUES ?s { %s }
  { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } UNION { ?s dcterms:title ?title }
}
"""

BATCH = 400


def values_list(terms: Iterable[URIRef]) -> str:
    """The terms of a one-variable ``VALUES`` block; IRIs that cannot be written are
    left out (they cannot have been stored either)."""
    out = []
    for t in terms:
        try:
            out.append(term_text(t))
        except BadRequestError:
            continue
    return " ".join(out)


def _rank(label: Literal, lang: str) -> int:
    tag = (label.language or "").lower()
    if tag == lang:
        return 0
    if tag.startswith(lang + "-"):
        return 1
    if tag in ("", "en"):
        return 2
    return 3


def labels_for(store: ReadStore, iris: Iterable[str], *, lang: str = "en",
               limit: int = 2000, timeout: float | None = None) -> dict[str, str]:
    """The best label of each IRI (``lang`` first, then untagged or English, then any;
    a document's ``dcterms:title`` when it has no label), for at most ``limit`` IRIs.
    IRIs without a label are absent from the answer."""
    wanted = list(dict.fromkeys(iris))[:limit]
    best: dict[str, tuple[int, str]] = {}
    for start in range(0, len(wanted), BATCH):
        block = values_list(URIRef(i) for i in wanted[start:start + BATCH])
        if not block:
            continue
        for row in store.query(LABELS % block, timeout=timeout).rows():
            label = row.get("l") or row.get("title")
            if not isinstance(label, Literal):
                continue
            key = str(row["s"])
            rank = (_rank(label, lang) + (10 if "l" not in row else 0), str(label))
            if key not in best or rank < best[key]:
                best[key] = rank
    return {k: v[1] for k, v in best.items()}


def short(iri: str) -> str:
    """The last segment of an IRI, for things without a label."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
