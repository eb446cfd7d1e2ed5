"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol, with indirect graph identification.

``/store?default`` is the default graph, ``/store?graph=IRI`` a named graph. GET and
HEAD read (CORS and ETags as for queries); PUT replaces, POST adds (a POST without a
graph creates a new graph and answers 201 with its IRI in Location), DELETE drops.
Writes need the bearer token.
"""

from __future__ import annotations

import io
import uuid

from flask import Blueprint, Response, request
from rdflib import URIRef

from kg.errors import (
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    UnsupportedMediaTypeError,
)
from kg.loading.graph_store import write_graph as write_checked_graph
from kg.loading.history import is_system_graph
from kg.rdf.binding import term_text
from kg.rdf.formats import rdf_format_for_media_type
from kg.store import DEFAULT_GRAPH
from web.http.auth import require_write
from web.http.context import rules, settings, store, writable_store
from web.http.negotiation import choose_format
from web.http.protocol import etag, not_modified, rdf_response

bp = Blueprint("graph_store", __name__)


def _target() -> str | None:
    """DEFAULT_GRAPH, a graph IRI, or None (the whole graph store: POST creates a graph)."""
    named = request.args.getlist("graph")
    if "default" in request.args and named:
        raise BadRequestError("name either ?default or ?graph=IRI, not both")
    if len(named) > 1:
        raise BadRequestError("name one graph (?graph=IRI)")
    if named:
        iri = named[0]
        term_text(URIRef(iri))  # refuses what is not an IRI
        if ":" not in iri:
            raise BadRequestError(f"the graph must be an absolute IRI, got {iri!r}")
        return iri
    return DEFAULT_GRAPH if "default" in request.args else None


def _exists(graph: str) -> bool:
    return graph == DEFAULT_GRAPH or graph in store().named_graphs()


def write_graph(documents: list[tuple[bytes, str]], graph: str, *, replace: bool) -> None:
    """The one place the Graph Store Protocol writes: :func:`kg.loading.graph_store.write_graph`
    (stored exactly as sent, all or nothing, after the same shape checks as loads)."""
    s = settings()
    base = s.base_iri if graph == DEFAULT_GRAPH else graph
    write_checked_graph(writable_store(), documents, graph, replace=replace, base_iri=base,
                        rules=rules())


def _read(graph: str) -> Response:
    if not _exists(graph):
        raise NotFoundError(f"the store holds no graph <{graph}>")
    tag = etag()
    cached = not_modified(tag)
    if cached is not None:
        return cached
    fmt = choose_format("graph")
    out = io.BytesIO()
    store().export(out, fmt.name, graph=graph)
    response = rdf_response(out.getvalue(), fmt, tag)
    return response


def _format(mimetype: str) -> str:
    fmt = rdf_format_for_media_type(mimetype)
    if fmt is None or fmt.name in ("trig", "nquads"):
        raise UnsupportedMediaTypeError(
            f"a graph cannot be sent as {mimetype or 'no content type'}",
            hint="send text/turtle, application/n-triples, application/ld+json or "
                 "application/rdf+xml")
    return fmt.name


def _documents() -> list[tuple[bytes, str]]:
    """The request's RDF: its body, or each part of a multipart/form-data POST."""
    if request.method == "POST" and request.mimetype == "multipart/form-data":
        parts = [(f.read(), _format(f.mimetype)) for f in request.files.values()]
        if not parts:
            raise BadRequestError("the multipart request holds no RDF document")
        return parts
    return [(request.get_data(), _format(request.mimetype or ""))]


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    graph = _target()
    if request.method in ("GET", "HEAD"):
        if graph is None:
            raise BadRequestError("name a graph: /store?default or /store?graph=IRI")
        return _read(graph)
    require_write()
    if graph is not None and is_system_graph(graph, settings().base_iri):
        raise ForbiddenError(f"<{graph}> is one of the store's own graphs (a load's record, "
                             "the ontology, the inferences): the Graph Store does not write it",
                             hint="take a load back with its undo; name another graph")
    if request.method == "DELETE":
        if graph is None:
            raise BadRequestError("name the graph to delete: ?default or ?graph=IRI")
        if not _exists(graph):
            raise NotFoundError(f"the store holds no graph <{graph}>")
        writable_store().drop_graph(graph)
        return Response(status=204)
    documents = _documents()
    if graph is None:  # POST to the graph store itself: a new graph
        graph = f"{settings().base_iri}graph/{uuid.uuid4().hex}"
        write_graph(documents, graph, replace=False)
        return Response(status=201, headers={"Location": graph})
    created = not _exists(graph)
    write_graph(documents, graph, replace=request.method == "PUT")
    return Response(status=201 if created else 204)
