"""The home page: what is in the graph."""

from __future__ import annotations

from flask import Blueprint

from kg.stats import graph_stats

from .context import page, store

bp = Blueprint("home", __name__)


@bp.get("/")
@bp.get("/index.json")
def index():  # type: ignore[no-untyped-def]
    stats = graph_stats(store())
    data = {
        "title": "Space KG",
        "triples": stats.triples,
        "graphs": len(stats.graphs),
        "classes": [c.__dict__ for c in stats.classes],
    }
    return page("home.html", data)
