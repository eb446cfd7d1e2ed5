"""The timeline's geometry: where each marker, bar and line goes in the SVG.

Pure functions over the page dict of :func:`kg.explore.timeline.timeline`; the template draws
the shapes. Conventions: an actual date is a filled marker, a planned one hollow; a
dashed line runs from the first plan to the launch (or to the latest plan), which is the
slip; an item still planned gets a "planned" tag. Every item also gets a sentence that
says all of this in words, for screen readers and the table view.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

WIDTH = 1100
GUTTER = 250  # room for the labels
PAD = 70  # room for a 'planned' tag after the last date
ROW = 26
TOP = 34
HEADINGS = {"mission": "Missions", "agreement": "Agreements", "station": "Stations"}


def slip_text(days: int) -> str:
    size = abs(days)
    if size >= 365:
        amount = f"{size / 365.25:.1f} years"
    elif size >= 31:
        amount = f"{round(size / 30.44)} months"
    else:
        amount = f"{size} days"
    return f"slipped {amount}" if days > 0 else f"{amount} earlier than first planned"


def _as_of(plan: dict[str, Any]) -> str:
    return f" (as of {plan['as_of']['text']})" if plan.get("as_of") else ""


def summary(item: dict[str, Any]) -> str:
    """The item in one sentence: what happened, what was planned, the slip."""
    parts = [f"{item['label']} ({item['kind']})"]
    actual = [w["text"] for w in item["actual"]]
    launches = [p for p in item["plans"] if p["kind"] == "launch"]
    if item["kind"] == "mission":
        parts.append(f"launched {actual[0]}" if actual else "not launched yet")
    elif item["kind"] == "agreement" and actual:
        parts.append("signed " + ", ".join(actual))
    for period in item["periods"]:
        start, end = period["start"], period["end"]
        if start and end:
            when = f"from {start['text']} to {end['text']}"
        elif start:
            when = f"since {start['text']}"
        else:
            when = f"until {end['text']}" if end else "at an unknown time"
        parts.append(f"{period['status_label']} {when}")
    if launches:
        parts.append("planned for " + ", ".join(
            p["when"]["text"] + _as_of(p) for p in launches))
    for p in item["plans"]:
        if p["kind"] == "retirement":
            parts.append(f"retirement planned for {p['when']['text']}{_as_of(p)}")
    if item["still_planned"]:
        parts.append("still planned")
    if item.get("slip_days"):
        parts.append(slip_text(item["slip_days"]))
    return "; ".join(parts[:1]) + ": " + "; ".join(parts[1:]) + "." if len(parts) > 1 \
        else parts[0] + "."


class Scale:
    def __init__(self, first_year: int, last_year: int) -> None:
        self.lo = date(first_year, 1, 1).toordinal()
        self.hi = date(last_year + 1, 1, 1).toordinal()
        self.first_year, self.last_year = first_year, last_year

    def x(self, iso: str) -> float:
        day = date.fromisoformat(iso).toordinal()
        day = min(max(day, self.lo), self.hi)
        return round(GUTTER + (day - self.lo) / (self.hi - self.lo) * (WIDTH - GUTTER - PAD), 1)

    def mid(self, when: dict[str, str]) -> float:
        return round((self.x(when["start"]) + self.x(when["end"])) / 2, 1)

    def ticks(self) -> list[dict[str, Any]]:
        years = self.last_year - self.first_year + 1
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= 14)
        first = self.first_year + (-self.first_year) % step
        return [{"x": self.x(f"{y:04d}-01-01"), "label": str(y)}
                for y in range(first, self.last_year + 1, step)]


def _mission_shapes(item: dict[str, Any], s: Scale, y: float) -> list[dict[str, Any]]:
    shapes: list[dict[str, Any]] = []
    launches = [p for p in item["plans"] if p["kind"] == "launch"]
    target = None
    if item["actual"]:
        target = s.x(item["actual"][0]["start"])
    elif launches:
        target = s.mid(launches[-1]["when"])
    if launches and target is not None and s.mid(launches[0]["when"]) != target:
        shapes.append({"type": "line", "x1": s.mid(launches[0]["when"]), "y1": y,
                       "x2": target, "y2": y, "cls": "slip"})
    for p in launches:
        w = p["when"]
        if w["precision"] in ("window", "year"):
            x1, x2 = s.x(w["start"]), s.x(w["end"])
            shapes.append({"type": "rect", "x": x1, "y": y - 5, "width": max(x2 - x1, 2),
                           "height": 10, "cls": "plan-span"})
        shapes.append({"type": "circle", "cx": s.mid(w), "cy": y, "r": 5, "cls": "planned"})
    if item["actual"]:
        shapes.append({"type": "circle", "cx": target, "cy": y, "r": 6, "cls": "actual"})
    elif launches and target is not None:
        shapes.append({"type": "text", "x": target + 10, "y": y + 4, "text": "planned",
                       "cls": "tag"})
    return shapes


def _agreement_shapes(item: dict[str, Any], s: Scale, y: float) -> list[dict[str, Any]]:
    out = []
    for w in item["actual"]:
        x = s.mid(w)
        out.append({"type": "path", "d": f"M{x} {y - 7}L{x + 7} {y}L{x} {y + 7}L{x - 7} {y}Z",
                    "cls": "actual signing"})
    return out


def _station_shapes(item: dict[str, Any], s: Scale, y: float,
                    today: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in item["periods"]:
        status = p["status"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        start = p["start"]["start"] if p["start"] else (p["end"] or {}).get("start")
        if start is None:
            continue
        if status == "retired":
            out.append({"type": "rect", "x": s.x(start) - 5, "y": y - 5, "width": 10,
                        "height": 10, "cls": "actual retired"})
            continue
        end = p["end"]["end"] if p["end"] else today
        x1, x2 = s.x(start), s.x(end)
        out.append({"type": "rect", "x": x1, "y": y - 6, "width": max(x2 - x1, 3),
                    "height": 12, "cls": f"period status-{status}"})
    for p in item["plans"]:
        if p["kind"] == "retirement":
            x = s.mid(p["when"])
            out.append({"type": "rect", "x": x - 5, "y": y - 5, "width": 10, "height": 10,
                        "cls": "planned retirement"})
    return out


def chart(data: dict[str, Any]) -> dict[str, Any]:
    """Rows and shapes for the items of a timeline page dict, in SVG user units."""
    f, years = data["filters"], data["options"]["years"]
    first = f["year_from"] or years[0]
    last = max(f["year_to"] or years[1], first)
    s = Scale(first, last)
    rows: list[dict[str, Any]] = []
    y = TOP
    kind = None
    for item in data["items"]:
        if item["kind"] != kind:
            kind = item["kind"]
            y += ROW
            rows.append({"heading": HEADINGS[kind], "y": y})
        y += ROW
        if kind == "mission":
            shapes = _mission_shapes(item, s, y)
        elif kind == "agreement":
            shapes = _agreement_shapes(item, s, y)
        else:
            shapes = _station_shapes(item, s, y, data["today"])
        rows.append({"y": y, "label": item["label"], "summary": item["summary"],
                     "href": "/entity?iri=" + quote(item["iri"], safe=""),
                     "still_planned": item["still_planned"], "shapes": shapes})
    return {"width": WIDTH, "height": y + ROW, "gutter": GUTTER, "top": TOP,
            "ticks": s.ticks(), "rows": rows, "years": [first, last]}
