"""SPARQL query results in the W3C formats, for engines that do not write them natively.

Reads SPARQL JSON results into rows of rdflib terms and writes rows as JSON, XML, CSV
or TSV, following the W3C recommendations for each format.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib.term import BNode, URIRef
from rdflib.term import Literal as RdfLiteral

from kg.errors import UnsupportedFormatError
from kg.rdf.terms import Row, Term


def term_from_json(binding: dict[str, Any]) -> Term:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    lang = binding.get("xml:lang")
    datatype = binding.get("datatype")
    if lang:
        return RdfLiteral(value, lang=lang)
    return RdfLiteral(value, datatype=URIRef(datatype) if datatype else None)


def parse_json(data: bytes) -> tuple[list[str], list[Row] | bool]:
    """Variables and rows (or the ASK boolean) of a SPARQL JSON results document."""
    doc = json.loads(data)
    if "boolean" in doc:
        return [], bool(doc["boolean"])
    variables = list(doc.get("head", {}).get("vars", []))
    rows = [
        {k: term_from_json(v) for k, v in b.items()}
        for b in doc.get("results", {}).get("bindings", [])
    ]
    return variables, rows


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = str(term.datatype)
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def _tsv_term(term: Term) -> str:
    if isinstance(term, RdfLiteral):
        text = term.n3()
        return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return term.n3()


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def _boolean(fmt: str, value: bool) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        word = "true" if value else "false"
        return f"{_XML_HEAD}<head/><boolean>{word}</boolean></sparql>".encode()
    return b"true\n" if value else b"false\n"


def _json(variables: list[str], rows: Iterable[Row]) -> bytes:
    doc = {"head": {"vars": variables},
           "results": {"bindings": [{k: _json_term(v) for k, v in r.items()} for r in rows]}}
    return json.dumps(doc, ensure_ascii=False).encode()


def _xml(variables: list[str], rows: Iterable[Row]) -> bytes:
    parts = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables),
             "</head><results>"]
    for r in rows:
        parts.append("<result>")
        parts.extend(f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>"
                     for k, v in r.items())
        parts.append("</result>")
    parts.append("</results></sparql>")
    return "".join(parts).encode()


def _csv(variables: list[str], rows: Iterable[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    for r in rows:
        writer.writerow(["" if v is None else (f"_:{v}" if isinstance(v, BNode) else str(v))
                         for v in (r.get(name) for name in variables)])
    return buf.getvalue().encode()


def _tsv(variables: list[str], rows: Iterable[Row]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    for r in rows:
        lines.append("\t".join("" if r.get(v) is None else _tsv_term(r[v]) for v in variables))
    return ("\n".join(lines) + "\n").encode()


_WRITERS = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}


def write_results(fmt: str, variables: list[str], rows: Iterable[Row] | bool) -> bytes:
    """Serialise SELECT rows (or an ASK boolean) in ``fmt``: json, xml, csv or tsv."""
    if fmt not in _WRITERS:
        raise UnsupportedFormatError(f"cannot write query results as '{fmt}'",
                                     hint="use json, xml, csv or tsv")
    if isinstance(rows, bool):
        return _boolean(fmt, rows)
    return _WRITERS[fmt](variables, rows)
