"""Which format an answer of the SPARQL and Graph Store endpoints is given in: a
``format=`` (or ``output=``) name when the request gives one, else the Accept header.

Format names and their aliases come from one table, :mod:`kg.rdf.formats`.
"""

from __future__ import annotations

import functools

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.errors import UnsupportedFormatError
from kg.rdf.formats import RDF_FORMATS, RESULT_FORMATS, Format, format_name

#: RDF formats a graph result or a service description can be given in
GRAPH_FORMATS = {k: RDF_FORMATS[k] for k in ("turtle", "ntriples", "jsonld", "rdfxml")}


def choose_format(kind: str) -> Format:
    """The format of the current request's answer: ``format=`` when given, else by the
    Accept header."""
    asked = request.values.get("format") or request.values.get("output")
    return negotiate(kind, asked, request.headers.get("Accept"))


@functools.lru_cache(maxsize=256)
def negotiate(kind: str, asked: str | None, accept: str | None) -> Format:
    """The format for a ``kind`` of result ("graph", or a result set), by a ``format=``
    name or an Accept header (remembered: clients send the same few headers over and
    over)."""
    choices = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
    default = "turtle" if kind == "graph" else "json"
    if asked:
        name = format_name(asked)
        if name in choices:
            return choices[name]
        raise UnsupportedFormatError(f"a {kind} result cannot be given as '{asked}'",
                                     hint="use one of " + ", ".join(choices))
    accepted = parse_accept_header(accept, MIMEAccept)
    if not accepted or accepted.best == "*/*":
        return choices[default]
    offered = [(mt, f) for f in choices.values() for mt in f.media_types]
    media_types = [mt for mt, _ in offered]
    best = accepted.best_match([choices[default].media_type, *media_types])
    if best is None:  # "text/turtle; charset=utf-8": parameters do not change the format
        bare = MIMEAccept([(v.split(";")[0].strip(), q) for v, q in accepted])
        best = bare.best_match([choices[default].media_type, *media_types])
    if best is None:
        raise UnsupportedFormatError(
            f"none of the accepted media types ({accept}) can carry a {kind} result",
            hint="accept one of " + ", ".join(media_types))
    return next(f for mt, f in offered if mt == best)
