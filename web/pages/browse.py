"""Entity pages (with Linked Data content negotiation), class listings and search."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request
from flask import json as flask_json

from kg.errors import BadRequestError, UnsupportedFormatError
from kg.explore.entity import describe, entity
from kg.explore.listing import members
from kg.explore.search import search
from kg.rdf.formats import RDF_FORMATS, format_name
from web.http.context import page, settings, store
from web.pages.common import current_lang, entity_url

bp = Blueprint("browse", __name__)

#: representation name -> media type; "html" and "json" render the page dict
MEDIA = {"html": "text/html", "json": "application/json", "turtle": "text/turtle",
         "ntriples": "application/n-triples", "jsonld": "application/ld+json"}
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".json": "json",
            ".html": "html"}


def _representation(suffix: str | None) -> str:
    asked = request.args.get("format")
    if asked:
        name = format_name(asked)
        if name not in MEDIA:
            raise UnsupportedFormatError(f"an entity cannot be given as '{asked}'",
                                         hint="use one of " + ", ".join(MEDIA))
        return name
    if suffix:
        return SUFFIXES[suffix]
    accept = request.accept_mimetypes
    if not accept or accept.best == "*/*":
        return "html"
    offered = list(MEDIA.values()) + ["application/xhtml+xml", "text/plain"]
    best = accept.best_match(offered)
    if best is None:
        raise UnsupportedFormatError(
            f"none of the accepted media types ({request.headers.get('Accept')}) is offered",
            hint="accept one of " + ", ".join(MEDIA.values()))
    if best == "text/plain":
        return "ntriples"
    return next((k for k, v in MEDIA.items() if v == best), "html")


def _alternates(iri: str) -> str:
    url = entity_url(iri)
    links = []
    for name, suffix in (("turtle", ".ttl"), ("ntriples", ".nt"), ("jsonld", ".jsonld"),
                         ("json", ".json"), ("html", "")):
        href = (url + suffix if url.startswith("/id/") else
                url + ("&" + urlencode({"format": name}) if name != "html" else ""))
        links.append(f'<{href}>; rel="alternate"; type="{MEDIA[name]}"')
    return ", ".join(links)


def _answer(iri: str, suffix: str | None = None) -> Response:
    name = _representation(suffix)
    if name in ("html", "json"):
        data = entity(store(), iri, current_lang())
        data["url"] = entity_url(iri)
        data["graph_url"] = "/api/graph?" + urlencode({"iri": iri, "lang": current_lang()})
        data["paths_url"] = "/paths?" + urlencode({"from": iri})
        if name == "json":
            response = Response(_json(data), content_type="application/json")
        else:
            response = Response(render_template("entity.html", **data),
                                content_type="text/html; charset=utf-8")
    else:
        body = describe(store(), iri, name)
        mime = RDF_FORMATS[name].media_type
        response = Response(body, content_type=mime + "; charset=utf-8")
    response.headers["Link"] = _alternates(iri)
    response.headers["Vary"] = "Accept"
    return response


def _json(data: dict[str, object]) -> str:
    return flask_json.dumps(data, ensure_ascii=False)


@bp.get("/entity")
def entity_page() -> Response:
    iri = request.args.get("iri", "").strip()
    if not iri:
        raise BadRequestError("which entity? give its IRI as ?iri=",
                              hint="or search for it by name from the home page")
    return _answer(iri)


@bp.get("/id/<path:rest>")
def entity_by_path(rest: str) -> Response:
    """Linked Data URLs: ``/id/nasa`` is ``<base>nasa``; a suffix picks a format."""
    base = settings().base_iri
    for suffix in SUFFIXES:
        if rest.endswith(suffix) and len(rest) > len(suffix):
            return _answer(base + rest[: -len(suffix)], suffix)
    return _answer(base + rest)


@bp.get("/class")
def class_page():  # type: ignore[no-untyped-def]
    iri = request.args.get("iri", "").strip()
    if not iri:
        raise BadRequestError("which class? give its IRI as ?iri=")
    try:
        number = int(request.args.get("page", "1"))
    except ValueError:
        raise BadRequestError("page must be a whole number") from None
    data = members(store(), iri, lang=current_lang(), page=number)
    for m in data["members"]:
        m["url"] = entity_url(m["iri"])
    data["class_url"] = entity_url(iri)
    return page("class.html", data)


def _hits(q: str, limit: int) -> list[dict[str, object]]:
    hits = search(store(), q, lang=current_lang(), limit=limit)
    for h in hits:
        h["url"] = entity_url(str(h["iri"]))
    return hits


@bp.get("/api/search")
def api_search():  # type: ignore[no-untyped-def]
    """Autocomplete: ``?q=`` (and ``limit=``, at most 50)."""
    q = request.args.get("q", "")
    try:
        limit = min(50, max(1, int(request.args.get("limit", "10"))))
    except ValueError:
        raise BadRequestError("limit must be a whole number") from None
    return {"q": q, "lang": current_lang(), "results": _hits(q, limit)}


@bp.get("/search")
def search_page():  # type: ignore[no-untyped-def]
    """The search box without JavaScript: a page of matches."""
    q = request.args.get("q", "").strip()
    return page("search.html", {"q": q, "results": _hits(q, 50) if q else []})
