"""The store and settings of the running app, for views."""

from __future__ import annotations

from flask import current_app, render_template, request

from kg.settings import Settings
from kg.store import WriteStore


def store() -> WriteStore:
    return current_app.extensions["kg"]["store"]  # type: ignore[no-any-return]


def settings() -> Settings:
    return current_app.extensions["kg"]["settings"]  # type: ignore[no-any-return]


def wants_json() -> bool:
    """JSON when the URL ends in .json, ?format=json, or Accept prefers JSON over HTML."""
    if request.path.endswith(".json") or request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def page(template: str, data: dict[str, object], status: int = 200):  # type: ignore[no-untyped-def]
    """One data dict, two renderings: JSON when asked for, HTML otherwise."""
    if wants_json():
        return data, status
    return render_template(template, **data), status
