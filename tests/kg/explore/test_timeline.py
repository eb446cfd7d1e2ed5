"""The timeline: its data from real stores of every engine, and its two renderings."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from rdflib import XSD, Literal

from kg.explore.timeline import Filters, parse_when, timeline
from kg.settings import load_settings
from kg.store import WriteStore
from tests.conftest import BASE, DATA
from web import create_app

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


@pytest.fixture
def client(any_store: WriteStore) -> FlaskClient:
    load_timeline_data(any_store)
    return create_app(load_settings({"memory": True}, environ={}), store=any_store).test_client()


@pytest.mark.parametrize("any_store", ["memory"], indirect=True)
def test_timeline_json_and_html_from_one_dict(client: FlaskClient) -> None:
    args = {"program": PROGRAMME, "from": "2015"}
    data = client.get("/timeline.json", query_string=args).get_json()
    assert data["filters"]["program"] == PROGRAMME and data["filters"]["year_from"] == 2015
    assert [it["label"] for it in data["items"]] == ["TL Late Lander", "TL Future Orbiter"]
    late = data["items"][0]
    assert late["summary"] == ("TL Late Lander (mission): launched 2020-06-15; planned for "
                               "2018 (as of 2016), 2019-05 (as of 2018-03-01); slipped 2.5 "
                               "years.")
    assert data["chart"]["years"] == [2015, data["options"]["years"][1]]
    html = client.get("/timeline", query_string=args)
    assert html.status_code == 200 and html.mimetype == "text/html"
    text = html.get_data(as_text=True)
    for it in data["items"]:
        assert f'aria-label="{it["summary"]}"' in text
    chart = text.split('<svg class="timeline"', 1)[1]
    assert chart.count('class="planned"') == sum(len(it["plans"]) for it in data["items"])
    assert chart.count('class="actual"') == sum(len(it["actual"]) for it in data["items"])
    assert client.get("/timeline", query_string=args,
                      headers={"Accept": "application/json"}).get_json() == data


@pytest.mark.parametrize("any_store", ["memory"], indirect=True)
def test_a_bad_year_is_a_clear_400(client: FlaskClient) -> None:
    r = client.get("/timeline.json", query_string={"from": "last year"})
    assert r.status_code == 400
    body = r.get_json()
    assert body["error"] == "bad_request" and "'from' must be a year" in body["message"]


@pytest.mark.parametrize("any_store", ["memory"], indirect=True)
def test_labels_follow_the_language_switch(client: FlaskClient) -> None:
    args = {"program": PROGRAMME, "lang": "zh"}
    labels = [it["label"] for it in client.get("/timeline.json", query_string=args)
              .get_json()["items"]]
    assert labels == ["TL 迟到的着陆器", "TL Future Orbiter"]  # English where no zh label
