"""The web shell: a Flask app factory over the :mod:`kg` library.

``create_app(settings=None, store=None)`` builds the app; one blueprint per area.
Views parse the request, call ``kg``, and render one data dict as HTML or JSON.
"""

from __future__ import annotations

from flask import Flask

from kg.settings import Settings, load_settings
from kg.store import WriteStore, open_store, stop_queries_on_time
from web.http.security import add_security_headers


def create_app(settings: Settings | None = None, store: WriteStore | None = None) -> Flask:
    settings = settings or load_settings()
    if store is None:
        from kg.bundle import ensure_bundle

        store = open_store(settings)
        ensure_bundle(store, settings.base_iri)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["kg"] = {"settings": settings, "store": store}
    stop_queries_on_time(store, settings)

    from web.endpoints import graph_store, sparql
    from web.http import errors
    from web.pages import home, load, ontology
    from web.pages import query as query_page
    from web.pages import timeline as timeline_page

    errors.register(app)
    app.after_request(add_security_headers)
    app.register_blueprint(home.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(ontology.bp)
    app.register_blueprint(load.bp)
    app.register_blueprint(graph_store.bp)
    from web.pages.explorer import (
        register as register_explorer,  # entity pages, graphs, search, paths
    )

    register_explorer(app)
    app.register_blueprint(query_page.bp)
    app.register_blueprint(timeline_page.bp)
    from web.endpoints.fast_query import FastQueries

    fast = FastQueries(app.wsgi_app, settings, store)
    app.wsgi_app = fast  # type: ignore[method-assign]
    app.extensions["kg"]["fast_queries"] = fast  # for web.serve.asgi
    return app
