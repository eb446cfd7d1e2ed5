"""The store and settings of the running app, for views."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import Flask, current_app, render_template, request

from kg.checks import Rules
from kg.errors import ReadOnlyError
from kg.settings import Settings
from kg.store import ReadStore, WriteStore

#: The key of :class:`AppState` in ``app.extensions``.
EXTENSION = "kg"


@dataclass
class AppState:
    """What :func:`web.create_app` gives every request: the settings, the store, and the
    rules new facts are checked against (read from the settings' files once, when first
    needed)."""

    settings: Settings
    store: ReadStore

    @functools.cached_property
    def rules(self) -> Rules:
        return Rules.chosen(self.settings.shapes, self.settings.ontology)


def app_state(app: Flask | None = None) -> AppState:
    """The state of ``app`` (the current app when None)."""
    state = (app or current_app).extensions.get(EXTENSION)
    if not isinstance(state, AppState):
        raise RuntimeError("this Flask app was not made by web.create_app")
    return state


def store() -> ReadStore:
    return app_state().store


def writable_store() -> WriteStore:
    """The store, for a write; :class:`~kg.errors.ReadOnlyError` when it only reads."""
    found = app_state().store
    if not isinstance(found, WriteStore):
        raise ReadOnlyError("the store behind this server only reads",
                            hint="the operator can give it an update endpoint")
    return found


def rules() -> Rules:
    return app_state().rules


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
