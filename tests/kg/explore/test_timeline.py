"""The timeline's data (kg.explore.timeline) from real stores of every engine; its two
renderings are in tests/web/pages/test_timeline.py."""

from __future__ import annotations

from datetime import date

from rdflib import XSD, Literal

from kg.explore.timeline import Filters, parse_when, timeline
from kg.store import WriteStore
from tests.conftest import BASE, DATA

PROGRAMME = BASE + "tl-programme"
ALPHA, BETA = BASE + "tl-alpha", BASE + "tl-beta"


def load_timeline_data(store: WriteStore) -> None:
    store.load(DATA / "timeline.trig", "trig", base_iri=BASE)


def by_label(data: dict) -> dict[str, dict]:
    return {it["label"]: it for it in data["items"]}


def test_parse_when_keeps_precision() -> None:
    day = parse_when(Literal("2020-06-15", datatype=XSD.date))
    assert day and (day.start, day.end, day.precision) == (date(2020, 6, 15),) * 2 + ("day",)
    month = parse_when(Literal("2024-02", datatype=XSD.gYearMonth))
    assert month and (month.start, month.end) == (date(2024, 2, 1), date(2024, 2, 29))
    year = parse_when(Literal("2027", datatype=XSD.gYear))
    assert year and (year.start, year.end, year.text) == (date(2027, 1, 1), date(2027, 12, 31),
                                                          "2027")
    stamp = parse_when(Literal("2018-12-07T18:23:00Z", datatype=XSD.dateTime))
    assert stamp and stamp.start == date(2018, 12, 7)
    assert parse_when(Literal("soon")) is None
    assert parse_when(Literal("2021-02-30", datatype=XSD.date)) is None


def test_planned_against_actual_on_every_engine(any_store: WriteStore) -> None:
    load_timeline_data(any_store)
    items = by_label(timeline(any_store, Filters(program=PROGRAMME)))
    assert set(items) == {"TL Late Lander", "TL Future Orbiter"}
    late = items["TL Late Lander"]
    assert [w["text"] for w in late["actual"]] == ["2020-06-15"]
    assert [(p["when"]["text"], p["as_of"]["text"]) for p in late["plans"]] == [
        ("2018", "2016"), ("2019-05", "2018-03-01")]
    assert late["plans"][0]["sources"] == [BASE + "source/tl-old-report"]
    assert late["slip_days"] == (date(2020, 6, 15) - date(2018, 1, 1)).days
    assert not late["still_planned"]
    future = items["TL Future Orbiter"]
    assert future["still_planned"] and future["actual"] == []
    assert future["current_plan"]["text"] == "2027-07 to 2027-12"
    assert future["plans"][-1]["as_of"]["text"] == "2026-03-12"  # from its claim graph
    assert future["slip_days"] == (date(2027, 7, 1) - date(2024, 1, 1)).days


def test_agreements_and_stations(any_store: WriteStore) -> None:
    load_timeline_data(any_store)
    items = by_label(timeline(any_store, Filters(agency=ALPHA, kinds=("agreement", "station"))))
    assert set(items) == {"TL Accord", "TL Station"}
    assert [w["text"] for w in items["TL Accord"]["actual"]] == ["2019-09-17", "2019-11"]
    station = items["TL Station"]
    assert [(p["status_label"], p["start"]["text"], (p["end"] or {}).get("text"))
            for p in station["periods"]] == [("operational", "2001-01-01", "2010-05"),
                                             ("retired", "2010-05", None)]
    assert [(p["kind"], p["when"]["text"]) for p in station["plans"]] == [("retirement", "2009")]


def test_filters_by_agency_years_and_kind(any_store: WriteStore) -> None:
    load_timeline_data(any_store)
    data = timeline(any_store, Filters(agency=BETA))
    assert set(by_label(data)) == {"TL On Time", "TL Future Orbiter", "TL Accord"}
    assert {o["label"] for o in data["options"]["agencies"]} >= {"Test Agency Alpha",
                                                                 "Test Agency Beta"}
    assert set(by_label(timeline(any_store, Filters(agency=BETA, year_from=2016,
                                                    year_to=2020)))) == {"TL Accord"}
    assert set(by_label(timeline(any_store, Filters(year_to=2005)))) == {"TL Station"}
    assert timeline(any_store, Filters(kinds=("station",)))["counts"] == {
        "mission": 0, "agreement": 0, "station": 1}
