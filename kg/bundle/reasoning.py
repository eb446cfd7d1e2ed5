"""Materialised reasoning: the entailments the named queries rely on.

:func:`materialise` clears the inferred graph and fills it with SPARQL ``INSERT``s until
nothing new follows, so an inferred triple is always distinguishable from an asserted
one: it lives in :data:`~kg.rdf.vocab.INFERRED_GRAPH` and nowhere else, and a triple already
asserted in some graph is never copied there.

The rules are the RDFS / OWL RL subset the ontology uses, read from the ontology graph:

* ``rdfs:subClassOf`` and ``owl:equivalentClass`` (types),
* ``rdfs:subPropertyOf`` and ``owl:equivalentProperty`` (a signatory is a party),
* ``owl:inverseOf`` between named properties,
* ``owl:propertyChainAxiom`` of two steps, the first possibly an inverse
  (a signing event's signatory is a signatory of the signed agreement),
* ``owl:TransitiveProperty``.

Only terms of the Space KG namespace are inferred: the alignments to Wikidata, DBpedia
and schema.org are documentation for other tools, not copies made here.

The bundle builder runs it after loading; when the rules change, bump
``kg.bundle.build.BUNDLE_FORMAT`` so stores built earlier are rebuilt.

It works on any :class:`~kg.store.base.WriteStore` through SPARQL alone. The WHERE
clauses name graphs explicitly (``GRAPH ?g``), since engines differ in what the default
graph of an update is.
"""

from __future__ import annotations

from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH, SK, prefix_block
from kg.store.base import WriteStore

MAX_ROUNDS = 20

_NEW = "FILTER NOT EXISTS {{ GRAPH ?any {{ {triple} }} }}"

RULES: dict[str, str] = {
    "class hierarchy": f"""
INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?x a ?super }} }}
WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?class (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?super
  }}
  FILTER(isIRI(?super) && STRSTARTS(STR(?super), "{SK}") && ?class != ?super)
  GRAPH ?g {{ ?x a ?class }}
  {_NEW.format(triple="?x a ?super")}
}}""",
    "property hierarchy": f"""
INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?super ?o }} }}
WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?p (rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)+ ?super
  }}
  FILTER(isIRI(?p) && isIRI(?super) && STRSTARTS(STR(?super), "{SK}") && ?p != ?super)
  GRAPH ?g {{ ?s ?p ?o }}
  {_NEW.format(triple="?s ?super ?o")}
}}""",
    "inverse properties": f"""
INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?o ?q ?s }} }}
WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{ {{ ?p owl:inverseOf ?q }} UNION {{ ?q owl:inverseOf ?p }} }}
  FILTER(isIRI(?p) && isIRI(?q))
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(!isLiteral(?o))
  {_NEW.format(triple="?o ?q ?s")}
}}""",
    "property chains": f"""
INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?x ?prop ?z }} }}
WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?prop owl:propertyChainAxiom ?list .
    ?list rdf:first ?first ; rdf:rest ?rest .
    ?rest rdf:first ?second ; rdf:rest rdf:nil .
    OPTIONAL {{ ?first owl:inverseOf ?inverted }}
  }}
  FILTER(isIRI(?prop) && isIRI(?second))
  {{
    FILTER(BOUND(?inverted))
    GRAPH ?g1 {{ ?y ?inverted ?x }}
  }} UNION {{
    FILTER(!BOUND(?inverted) && isIRI(?first))
    GRAPH ?g1 {{ ?x ?first ?y }}
  }}
  GRAPH ?g2 {{ ?y ?second ?z }}
  {_NEW.format(triple="?x ?prop ?z")}
}}""",
    "transitive properties": f"""
INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?x ?p ?z }} }}
WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?p a owl:TransitiveProperty }}
  GRAPH ?g1 {{ ?x ?p ?y }}
  GRAPH ?g2 {{ ?y ?p ?z }}
  FILTER(?x != ?z)
  {_NEW.format(triple="?x ?p ?z")}
}}""",
}


def materialise(store: WriteStore) -> int:
    """Recompute the inferred graph from the ontology and the asserted graphs.

    Returns the number of inferred triples. Runs the rules in turn until a whole round
    adds nothing (a handful of rounds for the bundled data).
    """
    prefixes = prefix_block()
    store.update(f"DROP SILENT GRAPH <{INFERRED_GRAPH}>")
    count = 0
    for _ in range(MAX_ROUNDS):
        for rule in RULES.values():
            store.update(prefixes + rule)
        now = store.count(INFERRED_GRAPH)
        if now == count:
            return count
        count = now
    return count
