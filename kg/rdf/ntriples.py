"""N-Triples text: writing terms and triples as N-Triples (which SPARQL's INSERT DATA also
reads), and reading it back."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal

from kg.rdf.binding import term_text
from kg.rdf.terms import Term, Triple

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def nt_term(term: Term) -> str:
    """A term as N-Triples writes it, which SPARQL's INSERT DATA also reads: strings on
    one line, blank node labels made of safe characters, lexical forms kept."""
    if isinstance(term, BNode):
        return "_:b" + hashlib.sha1(str(term).encode()).hexdigest()[:20]
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^{term_text(term.datatype)}"
        return text
    return term_text(term)


def triples_text(triples: Iterable[Triple]) -> str:
    """N-Triples lines."""
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples)



def parse_ntriples(text: str) -> list[Triple]:
    """The triples of an N-Triples text."""
    g = Graph()
    g.parse(data=text, format="nt")
    return list(g)  # type: ignore[arg-type]


__all__ = ["nt_term", "parse_ntriples", "triples_text"]
