"""The RDF terms that cross every interface of the library: rdflib's, so callers never see
an engine's own term classes."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from rdflib.term import BNode, URIRef
from rdflib.term import Literal as RdfLiteral

Term = URIRef | BNode | RdfLiteral
Triple = tuple[Term, Term, Term]
#: One solution of a SELECT query: variable name to term
Row = dict[str, Term]
Quad = tuple[Term, Term, Term, "URIRef | BNode | None"]
#: An RDF document: its bytes or text, a file, or an open binary stream.
Source = bytes | str | Path | IO[bytes]

__all__ = ["Quad", "Row", "Source", "Term", "Triple"]
