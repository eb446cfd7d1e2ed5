"""`/sparql`: the SPARQL 1.1 Protocol, query and update operations.

Query by GET, POST form or POST ``application/sparql-query``; update by POST form or
POST ``application/sparql-update`` with the write token; a Service Description on a
GET without a query. The store checks every request (:mod:`kg.sparql.guard`) so that it cannot
make the server call other endpoints or read files.
"""

from __future__ import annotations

import functools

from flask import Blueprint, Response, request, url_for
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.http import parse_accept_header

from kg.errors import BadRequestError, UnsupportedFormatError, UnsupportedMediaTypeError
from kg.rdf.formats import RDF_FORMATS, RESULT_FORMATS, Format
from kg.sparql.service import service_description
from kg.sparql.update_dataset import check_dataset
from kg.store.base import QueryResult
from web.http.context import settings, store
from web.http.protocol import (
    add_cors,
    etag,
    not_modified,
    query_timeout,
    rdf_response,
    require_token,
    www_authenticate,
)

bp = Blueprint("sparql", __name__)
bp.after_request(add_cors)
bp.after_request(www_authenticate)

_FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
                   "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples",
                   "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml"}
#: RDF formats a graph result or a service description can be given in
GRAPH_FORMATS = {k: RDF_FORMATS[k] for k in ("turtle", "ntriples", "jsonld", "rdfxml")}
_RDFLIB_NAMES = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def _body_text() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"a request body in {charset} cannot be read",
                                        hint="send it in UTF-8")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequestError("the request body is not valid UTF-8") from None


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise BadRequestError(f"the request holds {len(values)} '{name}' parameters; "
                              "send exactly one")
    return values[0] if values else None


def operation() -> tuple[str | None, str | None]:
    """Which operation the request asks for ("query", "update" or None) and its text."""
    if request.method == "GET":
        if "update" in request.args:
            raise MethodNotAllowed(["POST"], "an update must be sent with POST")
        text = _one(request.args.getlist("query"), "query")
        return ("query", text) if text is not None else (None, None)
    mimetype = request.mimetype
    if mimetype == "application/sparql-query":
        return "query", _body_text()
    if mimetype == "application/sparql-update":
        return "update", _body_text()
    if mimetype == "application/x-www-form-urlencoded":
        query = _one(request.form.getlist("query"), "query")
        update = _one(request.form.getlist("update"), "update")
        if query is not None and update is not None:
            raise BadRequestError("send either a query or an update, not both")
        if query is None and update is None:
            raise BadRequestError("no query given", hint="send query=... or update=...")
        return ("query", query) if query is not None else ("update", update)
    raise UnsupportedMediaTypeError(
        f"a request cannot be sent as {mimetype or 'no content type'}",
        hint="send application/sparql-query, application/sparql-update, or an HTML form "
             "(query=... or update=...)")


def choose_format(kind: str) -> Format:
    """The response format: ``format=`` when given, else by the Accept header."""
    asked = request.values.get("format") or request.values.get("output")
    return negotiate(kind, asked, request.headers.get("Accept"))


@functools.lru_cache(maxsize=256)
def negotiate(kind: str, asked: str | None, accept: str | None) -> Format:
    """The format for a ``kind`` of result, by a ``format=`` name or an Accept header
    (remembered: clients send the same few headers over and over)."""
    choices = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
    default = "turtle" if kind == "graph" else "json"
    if asked:
        name = _FORMAT_ALIASES.get(asked.lower(), asked.lower())
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


def respond(result: QueryResult, tag: str | None = None) -> Response:
    fmt = choose_format(result.kind)
    return rdf_response(result.serialize(fmt.name), fmt, tag)


def _graphs(prefix: str = "") -> tuple[list[str], list[str]]:
    return (request.values.getlist(f"{prefix}default-graph-uri"),
            request.values.getlist(f"{prefix}named-graph-uri"))


def run_query(text: str) -> Response:
    default_graphs, named_graphs = _graphs()
    tag = etag()
    cached = not_modified(tag)
    if cached is not None:
        return cached
    result = store().query(text, default_graphs=default_graphs or None,
                           named_graphs=named_graphs or None, base_iri=settings().base_iri,
                           timeout=query_timeout())
    return respond(result, tag)


def run_update(text: str) -> Response:
    require_token()
    using, using_named = (request.values.getlist("using-graph-uri"),
                          request.values.getlist("using-named-graph-uri"))
    check_dataset(text, using, using_named)  # a 400 for USING and the parameters both
    store().update(text, base_iri=settings().base_iri, using_graphs=using,
                   using_named_graphs=using_named)
    return Response(status=204)


def describe_service() -> Response:
    s = settings()
    graph = service_description(url_for("sparql.sparql", _external=True),
                                writable=bool(s.write_token),
                                named_graphs=store().named_graphs(),
                                allowed_services=s.service_allow.split())
    fmt = choose_format("graph")
    return rdf_response(graph.serialize(format=_RDFLIB_NAMES[fmt.name], encoding="utf-8"), fmt)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    op, text = operation()
    if op is None:
        return describe_service()
    if not text or not text.strip():
        raise BadRequestError(f"the {op} is empty")
    if op == "update":
        return run_update(text)
    return run_query(text)
