"""The store and settings of the running app, for views."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, render_template, request

from kg.settings import Settings
from kg.store import WriteStore

#: The key of :class:`AppState` in ``app.extensions``.
EXTENSION = "kg"


@dataclass(frozen=True)
class AppState:
    """What :func:`web.create_app` gives every request: the settings and the store."""

    settings: Settings
    store: WriteStore


def app_state(app: Flask | None = None) -> AppState:
    """The state of ``app`` (the current app when None)."""
    state = (app or current_app).extensions.get(EXTENSION)
    if not isinstance(state, AppState):
        raise RuntimeError("this Flask app was not made by web.create_app")
    return state


def store() -> WriteStore:
    return app_state().store


def settings() -> Settings:
    return app_state().settings


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
