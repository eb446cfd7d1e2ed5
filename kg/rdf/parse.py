"""Reading RDF documents into rdflib terms with Oxigraph's conforming parsers, for any
store: the loader checks what it reads before any engine sees it.

Nothing is fetched while parsing: no external entities, no remote JSON-LD contexts. A
syntax error is :class:`~kg.errors.RdfSyntaxError` with its file, line and column. With
:mod:`kg.store.oxigraph`, the only place that imports pyoxigraph (here as a parser
library, not as the engine).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import BNode, URIRef
from rdflib.term import Literal as RdfLiteral

from kg.errors import RdfSyntaxError
from kg.rdf.formats import rdf_format
from kg.rdf.terms import Quad, Source, Term

NATIVE_RDF = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

def to_rdflib(term: Any) -> Term:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        # normalize=False keeps the lexical form ("1.0" stays "1.0"): it is the term
        return RdfLiteral(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"unsupported term {term!r}")



def rdf_syntax_error(err: SyntaxError, source: str | None) -> RdfSyntaxError:
    message = str(err.args[0]) if err.args else str(err)
    line = column = None
    if len(err.args) > 1 and isinstance(err.args[1], tuple) and len(err.args[1]) >= 3:
        line, column = err.args[1][1], err.args[1][2]
        message = re.sub(r"^Parser error (between|at) line \d+ (column \d+"
                         r"( and line \d+ column \d+)?|between columns \d+ and \d+): ",
                         "", message)
    return RdfSyntaxError(message, source=source or "input", line=line, column=column)



#: Deepest nesting of JSON objects and arrays handed to the JSON-LD parser: it recurses,
#: and some thousands of levels overflow its stack (a crash of the process, not an error).
MAX_JSON_DEPTH = 256
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def check_document(source: Source, fmt: str, *, name: str | None = None) -> None:
    """Refuse, before any parser sees it, a document that would take the process down or
    make it expand a small input into a huge one: JSON-LD nested deeper than
    :data:`MAX_JSON_DEPTH`, RDF/XML that declares entities (or is not UTF-8, where that
    declaration could hide). Streams are not read (they come from files we cut)."""
    kind = rdf_format(fmt).name
    if kind not in ("jsonld", "rdfxml") or not isinstance(source, (bytes, str, Path)):
        return
    data = source.read_bytes() if isinstance(source, Path) else (
        source.encode() if isinstance(source, str) else source)
    where = name or (str(source) if isinstance(source, Path) else "input")
    if kind == "jsonld":
        depth = deepest = 0
        for m in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', data)):
            depth += 1 if m.group() in (b"[", b"{") else -1
            deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            raise RdfSyntaxError(f"the JSON-LD nests objects and arrays {deepest} deep; at "
                                 f"most {MAX_JSON_DEPTH} are read", source=where)
        return
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise RdfSyntaxError("RDF/XML is read in UTF-8 only", source=where,
                             hint="convert the file to UTF-8")
    if b"<!ENTITY" in data:
        raise RdfSyntaxError("RDF/XML that declares entities is not read: an entity can "
                             "expand a small file into gigabytes", source=where,
                             hint="write the values out instead of declaring entities")


def parse_quads(source: Source, fmt: str, *, base_iri: str | None = None,
                name: str | None = None) -> list[Quad]:
    """Parse an RDF document into rdflib quads (graph ``None`` for the default graph),
    with Oxigraph's conforming parsers. Nothing is fetched: no external entities, no
    remote JSON-LD contexts. Syntax errors are :class:`RdfSyntaxError` with a place."""
    check_document(source, fmt, name=name)
    f = rdf_format(fmt)
    kwargs: dict[str, Any] = {"format": NATIVE_RDF[f.name], "base_iri": base_iri,
                              "rename_blank_nodes": True}
    if isinstance(source, Path):
        kwargs["path"] = str(source)
        name = name or str(source)
    else:
        kwargs["input"] = source
    out: list[Quad] = []
    try:
        for q in ox.parse(**kwargs):
            g = q.graph_name
            graph = None if isinstance(g, ox.DefaultGraph) else to_rdflib(g)
            out.append((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                        graph))  # type: ignore[arg-type]
    except SyntaxError as e:
        raise rdf_syntax_error(e, name) from None
    except (OSError, ValueError) as e:
        raise RdfSyntaxError(str(e), source=name or "input") from None
    return out


def graph_names(source: Source, fmt: str, *, base_iri: str | None = None,
                name: str | None = None) -> set[str]:
    """The names of the graphs a dataset document fills (``_:label`` for a blank node,
    the default graph left out), read without keeping its quads."""
    check_document(source, fmt, name=name)
    kwargs: dict[str, Any] = {"format": NATIVE_RDF[rdf_format(fmt).name], "base_iri": base_iri,
                              "lenient": True}
    if isinstance(source, Path):
        kwargs["path"], name = str(source), name or str(source)
    else:
        kwargs["input"] = source
    names: set[str] = set()
    try:
        for q in ox.parse(**kwargs):
            g = q.graph_name
            if not isinstance(g, ox.DefaultGraph):
                names.add(g.value if isinstance(g, ox.NamedNode) else f"_:{g.value}")
    except SyntaxError as e:
        raise rdf_syntax_error(e, name) from None
    except (OSError, ValueError) as e:
        raise RdfSyntaxError(str(e), source=name or "input") from None
    return names


__all__ = ["MAX_JSON_DEPTH", "NATIVE_RDF", "check_document", "graph_names", "parse_quads",
           "rdf_syntax_error", "to_rdflib"]
