"""Fixed IRIs: the ontology namespace and the system graphs."""

from __future__ import annotations

from rdflib import Namespace

SK = Namespace("https://w3id.org/spacekg/ontology#")
ONTOLOGY_IRI = "https://w3id.org/spacekg/ontology"
GRAPH = "https://w3id.org/spacekg/graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"  # the OWL ontology's axioms
INFERRED_GRAPH = GRAPH + "inferred"  # materialised entailments, never asserted data
META_GRAPH = GRAPH + "meta"  # bookkeeping: which bundle the store was built from

PREFIXES = {
    "sk": str(SK),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "dbo": "http://dbpedia.org/ontology/",
}


def prefix_block() -> str:
    """PREFIX lines for every well-known prefix, to put before a query."""
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


#: A load record's link to each graph its load created (see :mod:`kg.loading.history`).
CREATED_GRAPH = SK.createdGraph
