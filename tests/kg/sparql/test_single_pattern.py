"""Which queries are one triple pattern (kg.sparql.single_pattern), the ones the embedded
store reads in the caller's process (tests/kg/store/test_single_pattern.py)."""

from __future__ import annotations

import pytest

from kg.sparql.single_pattern import MAX_LENGTH, MAX_OFFSET, is_single_pattern

EX = "http://example.org/"
LOOKUP = f"SELECT ?p ?o WHERE {{ <{EX}s1> ?p ?o }}"

SINGLE = [
    LOOKUP,
    "PREFIX sk: <https://w3id.org/spacekg/ontology#>\nSELECT ?p ?o WHERE { sk:x ?p ?o }",
    "SELECT * { ?s ?p ?o }",
    "select ?s where { ?s a <http://x/C> . } limit 10 offset 5",
    "SELECT ?s { ?s <http://x/p> ?o } OFFSET 5 LIMIT 10",
    'ASK { ?s <http://x/p#q> "x # not a comment"@en-GB }',
    "SELECT REDUCED ?s { ?s <http://x/p> 1.5e3 }",
    'BASE <http://x/> SELECT ?s { ?s <p> "1"^^<http://www.w3.org/2001/XMLSchema#int> }',
]
NOT_SINGLE = {
    "repeated variable": "SELECT ?s { ?s ?p ?s }",
    "distinct": "SELECT DISTINCT ?p { ?s ?p ?o }",
    "large offset": f"SELECT ?s {{ ?s ?p ?o }} OFFSET {MAX_OFFSET + 1}",
    "two patterns": "SELECT ?s { ?s ?p ?o . ?o ?q ?r }",
    "filter": "SELECT ?s { ?s ?p ?o FILTER(?o > 1) }",
    "path": "SELECT ?s { ?s <http://x/p>* ?o }",
    "comment": "SELECT ?s # what\n { ?s ?p ?o }",
    "escape": 'SELECT ?s { ?s ?p "\\u0041" }',
    "from": "SELECT ?s FROM <http://x/g> { ?s ?p ?o }",
    "order": "SELECT ?s { ?s ?p ?o } ORDER BY ?s",
    "aggregate": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "values": "SELECT ?s { ?s ?p ?o } VALUES ?s { <http://x/a> }",
    "service": "SELECT ?s { SERVICE <http://x/> { ?s ?p ?o } }",
    "blank node": "SELECT ?s { ?s ?p [] }",
    "graph": "SELECT ?s { GRAPH ?g { ?s ?p ?o } }",
    "construct": "CONSTRUCT WHERE { ?s ?p ?o }",
    "too long": "SELECT ?s { ?s ?p ?o }" + " " * MAX_LENGTH,
}


@pytest.mark.parametrize("text", SINGLE)
def test_single_patterns_are_recognised(text: str) -> None:
    assert is_single_pattern(text)


@pytest.mark.parametrize("name", list(NOT_SINGLE))
def test_anything_else_is_not(name: str) -> None:
    assert not is_single_pattern(NOT_SINGLE[name])

