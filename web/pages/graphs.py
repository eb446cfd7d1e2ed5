"""Graph views: the neighbourhood JSON the graph script draws and expands, and the path
finder ("how is A connected to B?")."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, request

from kg.errors import BadRequestError, NotFoundError
from kg.explore.entity import check_iri
from kg.explore.labels import labels
from kg.explore.neighbourhood import neighbourhood
from kg.explore.paths import MAX_LENGTH, connection
from kg.explore.search import search
from web.http.context import page, store
from web.pages.common import current_lang, entity_url

bp = Blueprint("graphs", __name__)

MAX_CAP = 100


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequestError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise BadRequestError(f"{name} must be between {low} and {high}, got {value}")
    return value


def with_urls(graph: dict[str, Any]) -> dict[str, Any]:
    """Give every entity node its page URL (a "+N more" node: its hub's page)."""
    for node in graph["nodes"]:
        node["url"] = entity_url(node["more"]["of"] if "more" in node else node["iri"])
    return graph


@bp.get("/api/graph")
def api_graph():  # type: ignore[no-untyped-def]
    """The neighbourhood of ``iri``: ``depth`` 1 or 2, at most ``cap`` links per predicate
    and direction from each node."""
    iri = request.args.get("iri", "").strip()
    if not iri:
        raise BadRequestError("which entity? give its IRI as ?iri=")
    graph = neighbourhood(store(), iri, depth=_int("depth", 1, 1, 2), lang=current_lang(),
                          cap=_int("cap", 10, 1, MAX_CAP))
    return with_urls(graph)


def resolve(text: str) -> str:
    """An IRI as given, or the best search match for a name."""
    text = text.strip()
    try:
        return str(check_iri(text))
    except BadRequestError:
        pass
    hits = search(store(), text, limit=1)
    if not hits:
        raise NotFoundError(f"no entity is called {text!r}",
                            hint="pick a name from the search suggestions")
    return str(hits[0]["iri"])


def _connection() -> dict[str, Any]:
    source, target = request.args.get("from", ""), request.args.get("to", "")
    if not source.strip() or not target.strip():
        raise BadRequestError("give both ends: ?from=...&to=... (IRIs or names)")
    data = connection(store(), resolve(source), resolve(target), lang=current_lang(),
                      max_length=_int("max", 4, 1, MAX_LENGTH))
    if data["graph"]:
        with_urls(data["graph"])
    for end in ("from", "to"):
        data[end]["url"] = entity_url(data[end]["iri"])
    for path in data["paths"]:
        for step in path:
            step["from_url"], step["to_url"] = entity_url(step["from"]), entity_url(step["to"])
    return data


@bp.get("/api/paths")
def api_paths():  # type: ignore[no-untyped-def]
    return _connection()


@bp.get("/paths")
def paths_page():  # type: ignore[no-untyped-def]
    """The path finder: a form, and when both ends are given, the paths."""
    asked = {k: request.args.get(k, "") for k in ("from", "to", "max")}
    data: dict[str, Any] = {"asked": asked, "max_length": MAX_LENGTH, "result": None}
    if asked["from"].strip() and asked["to"].strip():
        result = _connection()
        data["result"] = result
        data["graph_url"] = "/api/paths?" + urlencode(
            {"from": result["from"]["iri"], "to": result["to"]["iri"],
             "max": result["max_length"], "lang": current_lang()})
    else:  # one end chosen (from an entity page): show its name, keep its IRI
        for end in ("from", "to"):
            text = asked[end].strip()
            if text and _is_iri(text):
                asked[end + "_iri"] = text
                asked[end] = labels(store(), [text], current_lang())[text]
    return page("paths.html", data)


def _is_iri(text: str) -> bool:
    try:
        check_iri(text)
    except BadRequestError:
        return False
    return True
