"""`/query`: the query page. The query lives in the URL (GET ``?query=``) so a link
shares it; ``?name=`` loads a named query with its parameters as form fields.

The page runs the query through the store with the query timeout (a request may ask
for less with ``timeout=``) and the row cap, and keeps the text on every error.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, request
from rdflib.term import Identifier

from kg.bundle import named_queries
from kg.errors import KgError, QuerySyntaxError, QueryTimeoutError
from kg.explore.query_page import missing_prefixes, run, unknown_prefixes, with_prefixes
from kg.rdf.binding import bind
from kg.rdf.vocab import PREFIXES
from web.http.context import page, settings, store
from web.http.errors import error_shape
from web.http.protocol import timeout_seconds
from web.pages.common import current_lang

bp = Blueprint("query", __name__)

EXAMPLE = """SELECT ?agency ?label WHERE {
  ?agency a sk:SpaceAgency ;
          rdfs:label ?label .
  FILTER(LANG(?label) = "en")
}
ORDER BY ?label"""

DOWNLOADS = {"select": [("CSV", "csv"), ("JSON", "json"), ("TSV", "tsv")],
             "ask": [("JSON", "json")],
             "graph": [("Turtle", "turtle"), ("N-Triples", "ntriples"), ("JSON-LD", "jsonld")]}


def _timeout() -> float:
    asked = request.args.get("timeout", "").strip() or None
    return timeout_seconds(asked, float(settings().query_timeout))


def _named() -> tuple[named_queries.NamedQuery | None, dict[str, str]]:
    name = request.args.get("name", "").strip()
    if not name:
        return None, {}
    nq = named_queries.get(name)
    values = {p.name: request.args.get("param." + p.name, "").strip() for p in nq.params}
    return nq, {k: v for k, v in values.items() if v}


def _error(e: KgError, text: str) -> dict[str, Any]:
    out: dict[str, Any] = error_shape(e)[1]
    if isinstance(e, QuerySyntaxError):
        out["title"] = "Syntax error"
        out["detail"] = e.detail
        unknown = unknown_prefixes(text)
        if unknown:
            out["hint"] = " ".join(f"The prefix {p}: is not declared: add a line PREFIX {p}: "
                                   "<...> before the query." for p in unknown)
        lines = text.splitlines()
        if e.line and 0 < e.line <= len(lines):
            out["context"] = {"line": e.line, "text": lines[e.line - 1],
                              "caret": " " * max((e.column or 1) - 1, 0) + "^"}
    elif isinstance(e, QueryTimeoutError):
        out["title"] = "The query took too long"
        out["hint"] = out.get("hint") or (
            "It was stopped. Narrow it down (a LIMIT, a more specific pattern, fewer "
            "OPTIONALs) and run it again; your query is kept below.")
    else:
        out["title"] = "The query could not be run"
    return out


def _downloads(kind: str, text: str, bindings: dict[str, Identifier] | None) -> list[dict]:
    full = with_prefixes(bind(text, bindings), settings().base_iri)
    return [{"label": label, "format": fmt,
             "href": "/sparql?" + urlencode({"query": full, "format": fmt})}
            for label, fmt in DOWNLOADS[kind]]


def _params(nq: named_queries.NamedQuery | None, values: dict[str, str]) -> list[dict]:
    if nq is None:
        return []
    return [{"name": p.name, "type": p.type, "default": p.default,
             "value": values.get(p.name, p.default or "")} for p in nq.params]


@bp.get("/query.json")
@bp.get("/query")
def index():  # type: ignore[no-untyped-def]
    nq, values = _named()
    text = request.args.get("query", "").replace("\r\n", "\n")  # forms send CRLF
    ran = bool(text.strip())
    if not text:
        text = nq.text if nq else EXAMPLE
    data: dict[str, Any] = {
        "title": nq.title if nq else "Query",
        "query": text, "ran": ran,
        "name": nq.name if nq else None,
        "description": nq.description if nq else None,
        "params": _params(nq, values),
        "examples": [{"name": q.name, "title": q.title, "description": q.description}
                     for q in named_queries.all_queries()],
        "prefixes": PREFIXES, "missing_prefixes": missing_prefixes(text),
        "timeout": request.args.get("timeout", ""),
        "result": None, "error": None, "downloads": [],
    }
    status = 200
    if ran:
        try:
            bindings = nq.bindings(values, settings().base_iri) if nq else None
            data["result"] = run(store(), text, bindings=bindings,
                                 max_rows=settings().max_rows, timeout=_timeout(),
                                 base_iri=settings().base_iri, lang=current_lang())
            data["downloads"] = _downloads(data["result"]["kind"], text, bindings)
        except KgError as e:
            data["error"] = _error(e, text)
            status = e.status
    return page("query.html", data, status)
