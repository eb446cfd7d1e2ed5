"""Loading over the web: the `/load` upload page, the `/loads` history with undo, and the
JSON API behind them. Every write goes through :func:`kg.loading.loader.load` (the same path as
`kg load`) and needs ``Authorization: Bearer <write_token>``.

- ``POST /api/load``: multipart files (field ``file``, repeatable; ``graph``, ``replace``,
  ``dry_run``, ``source`` form fields) or one RDF document as the body (its media type
  names the format; ``graph`` etc. as query parameters). 201 with the load report.
- ``POST /api/validate``: the same input, checked only; 200 with the report (``conforms``,
  ``violations`` in words, ``warnings``, counts). Stores nothing; needs no token.
- ``POST /api/loads/<id>/undo``: take a load back.
"""

from __future__ import annotations

from flask import Blueprint, request

from kg.errors import BadRequestError, ValidationError
from kg.loading import history, loader
from kg.rdf.formats import RDF_FORMATS, rdf_format_for_media_type
from web.http.auth import require_write
from web.http.context import page, rules, settings, store, writable_store

bp = Blueprint("load", __name__)


def _flag(name: str) -> bool:
    return request.values.get(name, "").lower() in {"1", "true", "on", "yes"}


def _inputs() -> list[loader.Input]:
    files = [f for f in request.files.getlist("file") if f.filename]
    fmt = request.values.get("format") or None
    if files:
        return [(f.filename or "upload", f.read(), fmt) for f in files]
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise BadRequestError("no file was sent", hint="choose at least one file")
    found = rdf_format_for_media_type(request.mimetype or "")
    if found is None and not fmt:
        raise BadRequestError(f"cannot tell the RDF format of {request.mimetype or 'the body'}",
                              hint="send text/turtle, application/n-triples, application/trig, "
                                   "application/n-quads, application/ld+json or "
                                   "application/rdf+xml")
    name = request.values.get("name") or "upload"
    return [(name, request.get_data(), fmt or (found.name if found else None))]


def _run(dry_run: bool) -> loader.LoadReport:
    s = settings()
    return loader.load(
        store(), _inputs(), graph=request.values.get("graph") or None,
        replace=_flag("replace"), dry_run=dry_run, loaded_by="web",
        declared_source=request.values.get("source") or None, base_iri=s.base_iri,
        rules=rules())


@bp.post("/api/load")
def api_load():  # type: ignore[no-untyped-def]
    require_write()
    report = _run(_flag("dry_run"))
    return report.to_dict(), 200 if report.dry_run else 201


@bp.post("/api/validate")
def api_validate():  # type: ignore[no-untyped-def]
    try:
        report = _run(dry_run=True)
    except ValidationError as e:
        report = e.report  # type: ignore[attr-defined]
    data = report.to_dict()
    data["conforms"] = not report.violations
    return data, 200


@bp.post("/api/loads/<load_id>/undo")
def api_undo(load_id: str):  # type: ignore[no-untyped-def]
    require_write()
    rec = history.unload(writable_store(), load_id)
    return {"unloaded": rec.id, "graph": rec.graph, "added": rec.added,
            "removed": rec.removed}, 200


@bp.get("/load")
def upload_page():  # type: ignore[no-untyped-def]
    data = {"title": "Load facts", "writable": bool(settings().write_token),
            "formats": sorted(f"{f.name} (.{', .'.join(f.extensions)})"
                              for f in RDF_FORMATS.values()),
            "max_body": settings().max_body}
    return page("load.html", data)


@bp.get("/loads")
@bp.get("/loads.json")
def loads_page():  # type: ignore[no-untyped-def]
    records = []
    for rec in history.list_loads(store()):
        item = rec.to_dict()
        item["diff"] = history.load_diff(store(), rec, limit=50)
        records.append(item)
    data = {"title": "Loads", "writable": bool(settings().write_token), "loads": records}
    return page("loads.html", data)
