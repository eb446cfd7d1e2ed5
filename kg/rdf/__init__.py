"""RDF itself, engine-neutral: terms (:mod:`.terms`), the formats and their names
(:mod:`.formats`), writing terms safely into SPARQL (:mod:`.binding`), N-Triples text
(:mod:`.ntriples`), parsing documents without fetching anything (:mod:`.parse`), and the
project's fixed IRIs (:mod:`.vocab`). Depends only on :mod:`kg.errors`."""

from kg.rdf.binding import bind, term_text
from kg.rdf.formats import (
    RDF_FORMATS,
    RESULT_FORMATS,
    Format,
    rdf_format,
    rdf_format_for_media_type,
    rdf_format_for_path,
    result_format,
)
from kg.rdf.ntriples import nt_term, parse_ntriples, triples_text
from kg.rdf.parse import graph_names, parse_quads
from kg.rdf.terms import Quad, Row, Source, Term, Triple

__all__ = ["RDF_FORMATS", "RESULT_FORMATS", "Format", "Quad", "Row", "Source", "Term", "Triple",
           "bind", "graph_names", "nt_term", "parse_ntriples", "parse_quads", "rdf_format",
           "rdf_format_for_media_type", "rdf_format_for_path", "result_format", "term_text",
           "triples_text"]
