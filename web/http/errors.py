"""One error handler: every error becomes the same JSON shape, or an HTML page.

The JSON shape: ``{"error": CODE, "message": TEXT, "status": N, ...details}``.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from kg.errors import KgError
from web.http.context import wants_json


def _wants_json() -> bool:
    return wants_json() or request.path.startswith(("/sparql", "/store", "/api"))


def _render(body: dict[str, object], status: int):  # type: ignore[no-untyped-def]
    body["status"] = status
    if _wants_json():
        return body, status
    return render_template("error.html", error=body), status


def register(app: Flask) -> None:
    @app.errorhandler(KgError)
    def kg_error(e: KgError):  # type: ignore[no-untyped-def]
        return _render(e.to_dict(), e.status)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):  # type: ignore[no-untyped-def]
        code = (e.name or "error").lower().replace(" ", "_")
        response = _render({"error": code, "message": e.description or e.name}, e.code or 500)
        return response
