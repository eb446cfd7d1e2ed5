"""Everything the explorer shows about one entity, as one dict.

Facts are read per claim graph (``GRAPH ?g``), so a fact stated by several sources shows
every source, and conflicting claims (two launch dates) show side by side, each with its
own. Predicates are labelled from the ontology and grouped: names, facts (literals),
relations (other entities) and links (alignments such as Wikidata).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Literal, URIRef

from kg.errors import BadRequestError, NotFoundError
from kg.explore.labels import labels, local_name, pick
from kg.explore.provenance import Source, sources
from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from kg.store.base import ReadStore, Term

RDF_TYPE = PREFIXES["rdf"] + "type"
NAME_PREDICATES = {PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel",
                   PREFIXES["skos"] + "altLabel"}
DESCRIPTION_PREDICATES = (PREFIXES["skos"] + "definition", PREFIXES["rdfs"] + "comment",
                          PREFIXES["schema"] + "description",
                          PREFIXES["dcterms"] + "description")
LINK_PREDICATES = {PREFIXES["skos"] + "exactMatch", PREFIXES["skos"] + "closeMatch",
                   PREFIXES["owl"] + "sameAs", PREFIXES["rdfs"] + "seeAlso"}
WIKIDATA = PREFIXES["wd"]
MAX_FACTS = 5000  # rows read per direction; past it values are counted, not read
SHOWN = 50  # values listed per predicate and direction

_OUT = f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {MAX_FACTS}"
_IN = (f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ ?o ?p ?s }} FILTER(?g != ?ontology) }} "
       f"LIMIT {MAX_FACTS}")
_IN_COUNTS = ("SELECT ?p (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?o ?p ?s } "
              "FILTER(?g != ?ontology) } GROUP BY ?p")
_BLANKS = """SELECT ?b ?p ?o WHERE { GRAPH ?g { ?s ?q ?b . ?b ?p ?o } FILTER(isBlank(?b)) }"""
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


def check_iri(iri: str) -> URIRef:
    if not iri or not _IRI.match(iri):
        raise BadRequestError(f"not an IRI: {iri!r}",
                              hint="give an absolute IRI such as https://w3id.org/spacekg/id/nasa")
    return URIRef(iri)


@dataclass
class Value:
    term: Term
    graphs: set[str] = field(default_factory=set)


def _collect(rows: Any) -> dict[str, dict[Term, Value]]:
    """predicate IRI -> value term -> Value (with every graph that states it)."""
    out: dict[str, dict[Term, Value]] = {}
    for row in rows:
        p, o = str(row["p"]), row["o"]
        value = out.setdefault(p, {}).setdefault(o, Value(o))
        value.graphs.add(str(row["g"]))
    return out


def _trim(found: dict[str, dict[Term, Value]], counts: dict[str, int]) -> dict[str, int]:
    """Keep the first ``SHOWN`` values of each predicate (so a hub's thousands of links are
    neither labelled nor listed); return each predicate's number of values."""
    totals = {}
    for p, vals in found.items():
        totals[p] = max(len(vals), counts.get(p, 0))
        if len(vals) > SHOWN:
            found[p] = {t: vals[t] for t in sorted(vals, key=str)[:SHOWN]}
    return totals


def _literal_dict(lit: Literal) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": "literal", "value": str(lit)}
    if lit.language:
        out["lang"] = lit.language
    elif lit.datatype and str(lit.datatype) != PREFIXES["xsd"] + "string":
        out["datatype"] = local_name(str(lit.datatype))
    return out


def _value_dict(v: Value, names: dict[str, str], provenance: dict[str, list[Source]],
                blanks: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    if isinstance(v.term, URIRef):
        out: dict[str, Any] = {"kind": "iri", "iri": str(v.term),
                               "label": names.get(str(v.term), local_name(str(v.term)))}
        if str(v.term).startswith(WIKIDATA):
            out["wikidata"] = "https://www.wikidata.org/wiki/" + str(v.term)[len(WIKIDATA):]
    elif isinstance(v.term, BNode):
        out = {"kind": "blank", "value": "(unnamed node)", "fields": blanks.get(str(v.term), [])}
    else:
        out = _literal_dict(v.term)
    cited = [s for g in sorted(v.graphs) for s in provenance.get(g, [])]
    out["sources"] = [s.to_dict() for s in cited]
    out["inferred"] = bool(cited) and all(s.kind == "inferred" for s in cited)
    return out


def _sort_key(value: dict[str, Any]) -> tuple[str, str]:
    return (str(value.get("label", value.get("value", ""))).lower(), value.get("lang", ""))


def _section(p: str, values: dict[Term, Value]) -> str:
    if p in NAME_PREDICATES or p in DESCRIPTION_PREDICATES:
        return "names"
    if p in LINK_PREDICATES:
        return "links"
    if all(isinstance(t, URIRef | BNode) for t in values):
        return "relations"
    return "facts"


def _blank_fields(store: ReadStore, subject: URIRef, names: dict[str, str]
                  ) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in store.query(_BLANKS, bindings={"s": subject}).rows():
        o = row["o"]
        shown: dict[str, Any] = (
            {"kind": "iri", "iri": str(o), "label": local_name(str(o))} if isinstance(o, URIRef)
            else _literal_dict(o) if isinstance(o, Literal) else {"kind": "blank", "value": "…"})
        out.setdefault(str(row["b"]), []).append(
            {"predicate": str(row["p"]), "label": local_name(str(row["p"])), "value": shown})
    return out


def _groups(found: dict[str, dict[Term, Value]], names: dict[str, str],
            provenance: dict[str, list[Source]], blanks: dict[str, list[dict[str, Any]]],
            totals: dict[str, int] | None = None) -> list[dict[str, Any]]:
    groups = []
    for p, vals in found.items():
        listed = sorted((_value_dict(v, names, provenance, blanks) for v in vals.values()),
                        key=_sort_key)
        total = max(len(listed), (totals or {}).get(p, 0))
        groups.append({"predicate": p, "label": names.get(p, local_name(p)),
                       "section": _section(p, vals), "values": listed[:SHOWN],
                       "total": total, "more": total - min(len(listed), SHOWN)})
    return sorted(groups, key=lambda g: (g["label"].lower(), g["predicate"]))


def entity(store: ReadStore, iri: str, lang: str = "en") -> dict[str, Any]:
    """The page dict of ``iri``; :class:`NotFoundError` when no statement mentions it."""
    subject = check_iri(iri)
    graphs = {"ontology": URIRef(ONTOLOGY_GRAPH)}
    out_rows = list(store.query(_OUT, bindings={"s": subject}).rows())
    in_rows = list(store.query(_IN, bindings={"s": subject, **graphs}).rows())
    if not out_rows and not in_rows:
        raise NotFoundError(f"nothing is known about <{iri}>",
                            hint="search for it by name from the home page")
    types = [r for r in out_rows if str(r["p"]) == RDF_TYPE]
    outgoing = _collect(r for r in out_rows if str(r["p"]) != RDF_TYPE)
    incoming = _collect(in_rows)
    in_totals = _trim(incoming, {str(r["p"]): int(r["n"]) for r in store.query(
        _IN_COUNTS, bindings={"s": subject, **graphs}).rows()})
    out_totals = _trim(outgoing, {})

    names = labels(store, _mentioned(iri, outgoing, incoming, types), lang)
    provenance = sources(store, {g for found in (outgoing, incoming) for vals in found.values()
                                 for v in vals.values() for g in v.graphs}
                         | {str(r["g"]) for r in types})
    blanks = _blank_fields(store, subject, names)
    type_values = _collect(types).get(RDF_TYPE, {})
    return {
        "iri": iri,
        "label": names[iri],
        "lang": lang,
        **_about(outgoing, lang),
        "types": sorted((_value_dict(v, names, provenance, blanks)
                         for v in type_values.values()), key=lambda d: d["inferred"]),
        "properties": _groups(outgoing, names, provenance, blanks, out_totals),
        "inverse": _groups(incoming, names, provenance, blanks, in_totals),
        "sources": _distinct_sources(provenance),
        "inferred_graph": INFERRED_GRAPH,
    }


def _mentioned(iri: str, outgoing: dict[str, Any], incoming: dict[str, Any],
               types: list[Any]) -> set[str]:
    """Every IRI the page names: the entity, its predicates, values and types."""
    mentioned = {iri, *outgoing, *incoming}
    for found in (outgoing, incoming):
        mentioned |= {str(t) for vals in found.values() for t in vals if isinstance(t, URIRef)}
    return mentioned | {str(r["o"]) for r in types}


def _about(outgoing: dict[str, Any], lang: str) -> dict[str, Any]:
    """The page's names in every language, its description and its Wikidata links."""
    name_literals = [t for p in NAME_PREDICATES - {PREFIXES["skos"] + "altLabel"}
                     for t in outgoing.get(p, {}) if isinstance(t, Literal)]
    descriptions = [t for p in DESCRIPTION_PREDICATES for t in outgoing.get(p, {})
                    if isinstance(t, Literal)]
    description = pick(descriptions, lang)
    links = [t for p in LINK_PREDICATES for t in outgoing.get(p, {})]
    return {
        "labels": sorted(({"value": str(t), "lang": t.language or ""} for t in name_literals),
                         key=lambda d: (d["lang"], d["value"])),
        "description": str(description) if description is not None else None,
        "wikidata": sorted("https://www.wikidata.org/wiki/" + str(t)[len(WIKIDATA):]
                           for t in links if str(t).startswith(WIKIDATA)),
    }


def _distinct_sources(provenance: dict[str, list[Source]]) -> list[dict[str, object]]:
    seen: dict[str, dict[str, object]] = {}
    for found in provenance.values():
        for s in found:
            if s.kind == "claim" and s.source not in seen:
                seen[str(s.source)] = s.to_dict()
    return sorted(seen.values(), key=lambda d: str(d.get("title") or d.get("source")))


_ASK = "ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }"
DESCRIBE = """
CONSTRUCT { ?s ?p ?o . ?x ?q ?s } WHERE {
  { ?s ?p ?o } UNION { ?x ?q ?s FILTER(?q != rdf:type) }
}
"""


def describe(store: ReadStore, iri: str, fmt: str) -> bytes:
    """The statements about ``iri`` (its own, and the links to it) as RDF in ``fmt``."""
    subject = check_iri(iri)
    if not store.query(_ASK, bindings={"s": subject}).boolean:
        raise NotFoundError(f"nothing is known about <{iri}>",
                            hint="search for it by name from the home page")
    return store.query(DESCRIBE, bindings={"s": subject}, prefixes=PREFIXES).serialize(fmt)
