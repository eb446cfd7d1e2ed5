"""`/timeline`: missions, agreements and stations over time, planned against actual."""

from __future__ import annotations

from flask import Blueprint, request

from kg.errors import BadRequestError
from kg.explore.timeline import KINDS, Filters, timeline
from web.http.context import page, settings, store
from web.pages.common import current_lang
from web.pages.timeline_chart import chart, slip_text, summary

bp = Blueprint("timeline", __name__)


def _year(name: str) -> int | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 9999:
        raise BadRequestError(f"'{name}' must be a year such as 2021, got {text!r}")
    return int(text)


def filters_from_request() -> Filters:
    kinds = tuple(k for k in request.args.getlist("kind") if k in KINDS) or KINDS
    year_from, year_to = _year("from"), _year("to")
    if year_from and year_to and year_from > year_to:
        year_from, year_to = year_to, year_from
    return Filters(program=request.args.get("program", "").strip(),
                   agency=request.args.get("agency", "").strip(),
                   year_from=year_from, year_to=year_to, kinds=kinds)


@bp.get("/timeline.json")
@bp.get("/timeline")
def index():  # type: ignore[no-untyped-def]
    data = timeline(store(), filters_from_request(), lang=current_lang(),
                    timeout=settings().query_timeout)
    for item in data["items"]:
        item["summary"] = summary(item)
        item["slip"] = slip_text(item["slip_days"]) if item["slip_days"] else ""
    data["chart"] = chart(data)
    query = request.query_string.decode()
    data["json_url"] = "/timeline.json" + ("?" + query if query else "")
    return page("timeline.html", data)
