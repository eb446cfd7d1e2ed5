"""One error shape: every error becomes the same JSON body, or an HTML page.

The JSON shape: ``{"error": CODE, "message": TEXT, ...details, "status": N}``, built by
:func:`error_shape` for the Flask app's handlers and for the answers given outside Flask
(:mod:`web.endpoints.fast_query`). :func:`web.create_app` registers the handlers.
"""

from __future__ import annotations

from flask import render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from kg.errors import KgError
from web.http.context import wants_json


def error_shape(error: BaseException) -> tuple[int, dict[str, object]]:
    """The status and JSON body for ``error``: a :class:`KgError` by its class, an HTTP
    error by its code, anything else as a 500 that says nothing of the cause."""
    if isinstance(error, KgError):
        return error.status, {**error.to_dict(), "status": error.status}
    if not isinstance(error, HTTPException):
        error = InternalServerError()
    status = error.code or 500
    code = (error.name or "error").lower().replace(" ", "_")
    return status, {"error": code, "message": error.description or error.name,
                    "status": status}


def _wants_json() -> bool:
    return wants_json() or request.path.startswith(("/sparql", "/store", "/api"))


def handle_error(error: KgError | HTTPException):  # type: ignore[no-untyped-def]
    """The handler for :class:`KgError` and :class:`HTTPException` (Flask turns any other
    exception into an ``InternalServerError`` first)."""
    status, body = error_shape(error)
    if _wants_json():
        return body, status
    return render_template("error.html", error=body), status
