"""`/sparql`: the SPARQL 1.1 Protocol query operation."""

from __future__ import annotations

from flask import Blueprint, Response, request

from kg.errors import BadRequestError, UnsupportedFormatError
from kg.formats import RDF_FORMATS, RESULT_FORMATS, Format
from kg.store.base import QueryResult

from .context import settings, store

bp = Blueprint("sparql", __name__)

_FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
                   "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples",
                   "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml"}


def _query_text() -> str:
    if request.method == "GET":
        text = request.args.get("query")
    elif request.mimetype == "application/sparql-query":
        text = request.get_data(as_text=True)
    elif request.mimetype == "application/x-www-form-urlencoded":
        text = request.form.get("query")
    else:
        raise UnsupportedFormatError(
            f"a query cannot be sent as {request.mimetype or 'no content type'}",
            hint="send application/sparql-query or an HTML form (query=...)")
    if not text:
        raise BadRequestError("no query given", hint="pass it as ?query=...")
    return text


def choose_format(kind: str) -> Format:
    """The response format: ``format=`` when given, else by the Accept header."""
    choices = RDF_FORMATS if kind == "graph" else RESULT_FORMATS
    default = "turtle" if kind == "graph" else "json"
    asked = request.values.get("format") or request.values.get("output")
    if asked:
        name = _FORMAT_ALIASES.get(asked.lower(), asked.lower())
        if name in choices:
            return choices[name]
        raise UnsupportedFormatError(f"a {kind} result cannot be given as '{asked}'",
                                     hint="use one of " + ", ".join(choices))
    offered = [(mt, f) for f in choices.values() for mt in f.media_types]
    if not request.accept_mimetypes or request.accept_mimetypes.best == "*/*":
        return choices[default]
    media_types = [mt for mt, _ in offered]
    best = request.accept_mimetypes.best_match([choices[default].media_type, *media_types])
    if best is None:
        raise UnsupportedFormatError(
            f"none of the accepted media types ({request.headers.get('Accept')}) can carry "
            f"a {kind} result", hint="accept one of " + ", ".join(media_types))
    return next(f for mt, f in offered if mt == best)


def respond(result: QueryResult) -> Response:
    fmt = choose_format(result.kind)
    body = result.serialize(fmt.name)
    mimetype = fmt.media_type
    if mimetype.startswith("text/") or mimetype.endswith(("json", "xml")):
        mimetype += "; charset=utf-8"
    return Response(body, content_type=mimetype)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    text = _query_text()
    default_graphs = request.values.getlist("default-graph-uri") or None
    named_graphs = request.values.getlist("named-graph-uri") or None
    result = store().query(text, default_graphs=default_graphs, named_graphs=named_graphs,
                           timeout=settings().query_timeout)
    return respond(result)
