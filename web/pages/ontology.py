"""The ontology page: classes, properties, concept schemes and alignments, read from the
store's ontology graph at run time."""

from __future__ import annotations

from flask import Blueprint

from kg.explore.ontology import ontology_overview
from web.http.context import page, store

bp = Blueprint("ontology", __name__)


@bp.get("/ontology.json")
@bp.get("/ontology")  # registered first, so url_for() gives the HTML address
def ontology():  # type: ignore[no-untyped-def]
    return page("ontology.html", ontology_overview(store()))
