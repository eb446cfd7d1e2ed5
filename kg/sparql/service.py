"""The SPARQL 1.1 Service Description of the endpoint, as an rdflib graph.

Served on a GET of ``/sparql`` without a query, so clients can discover what the
endpoint supports: https://www.w3.org/TR/sparql11-service-description/
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                   "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def service_description(endpoint: str, *, writable: bool, named_graphs: Iterable[str],
                        allowed_services: Iterable[str] = ()) -> Graph:
    """Describe the endpoint at ``endpoint``: languages, result formats, features and
    its default dataset (the union of every graph, plus each named graph)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if writable:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for name in _RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if any(True for _ in allowed_services):
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for iri in named_graphs:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
    g.add((service, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
           Literal("Space KG: a knowledge graph of the world's space programs")))
    return g
