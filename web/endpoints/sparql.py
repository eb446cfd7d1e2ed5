"""`/sparql`: the SPARQL 1.1 Protocol, query and update operations.

Query by GET, POST form or POST ``application/sparql-query``; update by POST form or
POST ``application/sparql-update`` with the write token; a Service Description on a
GET without a query. The store checks every request (:mod:`kg.sparql.guard`) so that it cannot
make the server call other endpoints or read files. A query is answered by
:func:`web.endpoints.sparql_query.answer_query`, as the fast path answers it.
"""

from __future__ import annotations

from flask import Blueprint, Response, request, url_for
from werkzeug.exceptions import MethodNotAllowed

from kg.errors import BadRequestError, UnsupportedFormatError, UnsupportedMediaTypeError
from kg.sparql.service import service_description
from kg.sparql.update_dataset import check_dataset
from web.endpoints.sparql_query import Answer, QueryParams, answer_query
from web.http.auth import require_write
from web.http.context import settings, store, writable_store
from web.http.negotiation import choose_format
from web.http.protocol import asked_timeout, rdf_response

bp = Blueprint("sparql", __name__)


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


def query_params(text: str) -> QueryParams:
    """The current request's query, read into plain values."""
    return QueryParams(
        text=text,
        default_graphs=tuple(request.values.getlist("default-graph-uri")),
        named_graphs=tuple(request.values.getlist("named-graph-uri")),
        format=request.values.get("format") or request.values.get("output"),
        accept=request.headers.get("Accept"),
        if_none_match=request.headers.get("If-None-Match"),
        timeout=asked_timeout(),
        full_path=request.full_path,
        body=request.get_data(as_text=True) if request.method == "POST" else "",
        conditional=request.method in ("GET", "HEAD"))


def to_response(answer: Answer) -> Response:
    return Response(answer.body, status=answer.status, headers=answer.headers)


def run_query(text: str) -> Response:
    return to_response(answer_query(store(), settings(), query_params(text)))


def run_update(text: str) -> Response:
    require_write()
    using, using_named = (request.values.getlist("using-graph-uri"),
                          request.values.getlist("using-named-graph-uri"))
    check_dataset(text, using, using_named)  # a 400 for USING and the parameters both
    writable_store().update(text, base_iri=settings().base_iri, using_graphs=using,
                   using_named_graphs=using_named)
    return Response(status=204)


def describe_service() -> Response:
    s = settings()
    graph = service_description(url_for("sparql.sparql", _external=True),
                                writable=bool(s.write_token),
                                named_graphs=store().named_graphs(),
                                allowed_services=s.service_allow.split())
    fmt = choose_format("graph")
    if fmt.rdflib_name is None:  # every graph format has one; only result formats lack it
        raise UnsupportedFormatError(f"a service description cannot be given as {fmt.name}")
    return rdf_response(graph.serialize(format=fmt.rdflib_name, encoding="utf-8"), fmt)


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
