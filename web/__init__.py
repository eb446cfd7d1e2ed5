"""The web shell: a Flask app factory over the :mod:`kg` library.

``create_app(settings=None, store=None)`` builds the app; one blueprint per area.
Views parse the request, call ``kg``, and render one data dict as HTML or JSON.
Every blueprint, hook and error handler is registered here, and nowhere else.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import HTTPException

from kg.bundle import ensure_bundle
from kg.errors import KgError
from kg.loading import history
from kg.settings import Settings, load_settings
from kg.store import ReadStore, WriteStore, open_store, stop_queries_on_time
from web.endpoints import graph_store, sparql
from web.endpoints.fast_query import FastQueries
from web.http.auth import www_authenticate
from web.http.context import EXTENSION, AppState
from web.http.errors import handle_error
from web.http.limits import BodyLimit
from web.http.protocol import add_cors
from web.http.security import add_security_headers
from web.pages import browse, graphs, home, load, ontology, query, timeline
from web.pages.common import http_only, remember_lang, template_helpers

#: Every blueprint of the app, in the order they are registered.
BLUEPRINTS = (home.bp, sparql.bp, ontology.bp, load.bp, graph_store.bp, browse.bp, graphs.bp,
              query.bp, timeline.bp)


def create_app(settings: Settings | None = None, store: ReadStore | None = None) -> Flask:
    settings = settings or load_settings()
    if store is None:
        store = open_store(settings)
        if isinstance(store, WriteStore):  # a read-only engine holds what it holds
            ensure_bundle(store, settings.base_iri)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION] = AppState(settings=settings, store=store)
    stop_queries_on_time(store, settings)
    if isinstance(store, WriteStore):
        history.recover(store, settings.base_iri)  # what loads cut off by a crash left

    app.register_error_handler(KgError, handle_error)
    app.register_error_handler(HTTPException, handle_error)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    app.after_request(add_cors)  # on the SPARQL and Graph Store endpoints only
    app.after_request(www_authenticate)
    app.after_request(add_security_headers)
    app.after_request(remember_lang)
    app.add_template_filter(http_only, "http_only")
    app.context_processor(template_helpers)

    # plain query GETs answered before Flask's request machinery (web.serve.asgi finds it)
    app.wsgi_app = FastQueries(BodyLimit(app.wsgi_app, settings.max_body),  # type: ignore
                               settings, store)
    return app
