"""Labels and classes of many entities at once, in a chosen language.

(A second VALUES block for the predicates made Oxigraph scan every label: a UNION does
not.) A label is picked in the asked language, then English, then a label with no language,
then any, then the IRI's local name. Lookups for many IRIs go out as one query per few
hundred IRIs, with the IRIs in a ``VALUES`` block written by :func:`kg.rdf.binding.term_text`
(escaped and checked, never pasted raw).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.rdf.binding import term_text
from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from kg.store.base import ReadStore, Row

LANGS = ("en", "zh", "ru")
LANG_NAMES = {"en": "English", "zh": "中文", "ru": "Русский"}
LABEL_PREDICATES = ("rdfs:label", "skos:prefLabel")
CHUNK = 400

#: Names for well-known predicates that no ontology in the store labels.
WELL_KNOWN = {PREFIXES[p] + n: label for p, n, label in (
    ("rdfs", "label", "name"), ("skos", "prefLabel", "name"),
    ("skos", "altLabel", "also known as"), ("skos", "definition", "definition"),
    ("rdfs", "comment", "comment"), ("skos", "exactMatch", "same as"),
    ("skos", "closeMatch", "close to"), ("owl", "sameAs", "same as"),
    ("rdfs", "seeAlso", "see also"), ("rdf", "type", "type"), ("schema", "url", "web page"),
    ("dcterms", "title", "title"), ("dcterms", "publisher", "publisher"),
    ("dcterms", "date", "date"), ("prov", "wasDerivedFrom", "derived from"),
    ("rdfs", "subClassOf", "subclass of"))}

_LABELS = """
SELECT ?s ?l ?title WHERE {
  VALUES ?s { %s }
  { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } UNION { ?s dcterms:title ?title }
}
"""

_CLASSES = """
SELECT ?s ?c ?g WHERE { VALUES ?s { %s } GRAPH ?g { ?s a ?c } FILTER(?g != ?ontology) }
"""


def values(terms: Iterable[URIRef | Literal]) -> str:
    """The inside of a VALUES block for one variable: each term escaped and checked."""
    return " ".join(term_text(t) for t in terms)


def chunked_rows(store: ReadStore, template: str, iris: Sequence[str],
                 bindings: Mapping[str, Identifier] | None = None,
                 timeout: float | None = None) -> Iterator[Row]:
    """Rows of ``template`` (with one ``%s`` for VALUES terms) over ``iris`` in chunks."""
    for i in range(0, len(iris), CHUNK):
        block = values(URIRef(x) for x in iris[i:i + CHUNK])
        yield from store.query(template % block, prefixes=PREFIXES, bindings=bindings,
                               timeout=timeout).rows()


def local_name(iri: str) -> str:
    tail = iri.rstrip("/#")
    for sep in ("#", "/", ":"):
        if sep in tail:
            tail = tail.rsplit(sep, 1)[-1]
            break
    return tail or iri


def pick(candidates: Iterable[Literal], lang: str) -> Literal | None:
    """The best literal for ``lang``: that language, English, no language, then any."""
    ranked: dict[int, Literal] = {}
    for lit in candidates:
        tag = (lit.language or "").lower()
        rank = 0 if tag == lang else 1 if tag == "en" else 2 if tag == "" else 3
        if tag.startswith(lang + "-"):
            rank = 0
        if rank not in ranked or str(lit) < str(ranked[rank]):
            ranked[rank] = lit
    return ranked[min(ranked)] if ranked else None


def found_labels(store: ReadStore, iris: Iterable[str], lang: str = "en", *,
                 limit: int | None = None, timeout: float | None = None) -> dict[str, str]:
    """The best label of each IRI that has one (a document's ``dcterms:title`` when it has
    no label), for at most ``limit`` IRIs; IRIs without one are absent from the answer."""
    wanted = list(dict.fromkeys(str(i) for i in iris))[:limit]
    found: dict[str, list[Literal]] = {}
    titles: dict[str, list[Literal]] = {}
    for row in chunked_rows(store, _LABELS, wanted, timeout=timeout):
        label, title = row.get("l"), row.get("title")
        if isinstance(label, Literal):
            found.setdefault(str(row["s"]), []).append(label)
        elif isinstance(title, Literal):
            titles.setdefault(str(row["s"]), []).append(title)
    out = {}
    for iri in wanted:
        best = pick(found.get(iri, []), lang) or pick(titles.get(iri, []), lang)
        if best is not None:
            out[iri] = str(best)
    return out


def labels(store: ReadStore, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
    """A display label for every IRI in ``iris`` (the local name when it has none)."""
    wanted = sorted({str(i) for i in iris})
    found = found_labels(store, wanted, lang)
    return {iri: found.get(iri) or WELL_KNOWN.get(iri) or local_name(iri) for iri in wanted}


def classes(store: ReadStore, iris: Iterable[str]) -> dict[str, list[str]]:
    """The asserted classes of every IRI (inferred ones only when none is asserted),
    most specific first as far as the data says: asserted before inferred, then by IRI."""
    wanted = sorted({str(i) for i in iris})
    asserted: dict[str, set[str]] = {}
    inferred: dict[str, set[str]] = {}
    for row in chunked_rows(store, _CLASSES, wanted,
                            bindings={"ontology": URIRef(ONTOLOGY_GRAPH)}):
        target = inferred if str(row["g"]) == INFERRED_GRAPH else asserted
        target.setdefault(str(row["s"]), set()).add(str(row["c"]))
    return {
        iri: sorted(asserted.get(iri, set())) + sorted(inferred.get(iri, set())
                                                       - asserted.get(iri, set()))
        for iri in wanted
    }
