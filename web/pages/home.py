"""The home page: what is in the graph, a search box, featured entities and the named
queries."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint

from kg.bundle.named_queries import all_queries
from kg.explore.labels import labels
from kg.explore.listing import featured
from kg.explore.stats import graph_stats
from web.http.context import page, store
from web.pages.common import current_lang, entity_url

bp = Blueprint("home", __name__)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    stats = graph_stats(store())
    lang = current_lang()
    names = labels(store(), [c.iri for c in stats.classes], lang)
    picks = featured(store(), lang)
    for f in picks:
        f["url"] = entity_url(f["iri"])
    data = {
        "title": "Space KG",
        "triples": stats.triples,
        "graphs": len(stats.graphs),
        "classes": [{**c.__dict__, "label": names.get(c.iri, c.label),
                     "url": "/class?" + urlencode({"iri": c.iri})} for c in stats.classes],
        "featured": picks,
        "queries": [{"name": q.name, "title": q.title, "description": q.description,
                     "url": "/query?" + urlencode({"name": q.name})} for q in all_queries()],
    }
    return page("home.html", data)


@bp.get("/index.json")
def index_json():  # type: ignore[no-untyped-def]
    """The same dict as JSON (a separate endpoint, so links to the home page stay "/")."""
    return index()
