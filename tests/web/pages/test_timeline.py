"""The timeline's two renderings (web.pages.timeline): HTML and JSON from one dict."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from kg.store import WriteStore
from tests.kg.explore.test_timeline import PROGRAMME, load_timeline_data


@pytest.fixture
def store(any_store: WriteStore) -> WriteStore:
    load_timeline_data(any_store)
    return any_store


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
