"""Every named query parses, runs against the bundled graph and gives its expected answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.bundle import named_queries
from kg.bundle.named_queries import PARAM_TYPES
from kg.store import WriteStore

BASE = "https://w3id.org/spacekg/id/"
SK = "https://w3id.org/spacekg/ontology#"

Rows = list[dict[str, str]]


def short(value: object) -> str:
    text = str(value)
    for ns in (BASE, SK):
        if text.startswith(ns):
            return text[len(ns) :]
    return text


def run(store: WriteStore, name: str, **params: str) -> Rows:
    result = named_queries.get(name).run(store, params, base_iri=BASE)
    return [{k: short(v) for k, v in row.items()} for row in result.rows()]


def column(rows: Rows, name: str) -> list[str]:
    return [r.get(name, "") for r in rows]


# --- one check per query: the expected answer, stated here ------------------------------

EXPECTED: dict[str, Callable[[WriteStore], None]] = {}


def expect(check: Callable[[WriteStore], None]) -> Callable[[WriteStore], None]:
    """Register the check of the query named like the function (dashes for underscores)."""
    EXPECTED[check.__name__.replace("_", "-")] = check
    return check


@expect
def ilrs_mou_signatories(store: WriteStore) -> None:
    rows = run(store, "ilrs-mou-signatories")
    seen = {(r["signatoryLabel"], r["signerLabel"], r["onBehalfOfLabel"], r["date"]) for r in rows}
    assert seen == {
        ("Roscosmos", "Dmitry Rogozin", "Russia", "2021-03-09"),
        ("CNSA", "Zhang Kejian", "China", "2021-03-09"),
        ("Roscosmos", "Dmitry Rogozin", "Russia", "2021-02"),  # SpaceNews: "February"
        ("CNSA", "Zhang Kejian", "China", "2021-02"),
    }
    assert {r["place"] for r in rows} == {"by videoconference"}
    march = {r["source"] for r in rows if r["date"] == "2021-03-09"}
    assert march == {"source/tass-1263979", "source/parabolicarc-2021-03-10", "source/seed-article"}
    # the 2019 agreements were signed in person, in St Petersburg
    rows = run(store, "ilrs-mou-signatories", agreement="lunar-data-centre-agreement")
    assert {(r["signerLabel"], r["place"], r["date"]) for r in rows} == {
        ("Dmitry Rogozin", "St Petersburg", "2019-09-17"),
        ("Zhang Kejian", "St Petersburg", "2019-09-17"),
    }


@expect
def moon_landings_of_programme(store: WriteStore) -> None:
    rows = run(store, "moon-landings-of-programme")
    assert column(rows, "label") == [f"Apollo {n}" for n in (11, 12, 14, 15, 16, 17)]
    assert rows[0]["landingDate"] == "1969-07-20" and rows[-1]["landingDate"] == "1972-12-11"
    rows = run(store, "moon-landings-of-programme", program="change-programme")
    assert column(rows, "label") == ["Chang'e 3", "Chang'e 4", "Chang'e 5", "Chang'e 6"]


@expect
def crewed_lunar_landings(store: WriteStore) -> None:
    rows = run(store, "crewed-lunar-landings")
    assert column(rows, "mission") == [f"apollo-{n}" for n in (11, 12, 14, 15, 16, 17)]
    assert set(column(rows, "programLabel")) == {"Apollo programme"}


@expect
def crewed_reached_without_landing(store: WriteStore) -> None:
    rows = run(store, "crewed-reached-without-landing")
    assert column(rows, "label") == ["Apollo 8", "Apollo 10", "Apollo 13", "Artemis II"]


@expect
def planned_versus_actual_launch(store: WriteStore) -> None:
    rows = run(store, "planned-versus-actual-launch")
    assert set(column(rows, "kind")) == {"planned"}  # Chang'e 7 has not launched
    plans = [(r.get("planned", ""), r.get("notBefore", ""), r.get("notAfter", "")) for r in rows]
    assert plans == [
        ("2023", "", ""),
        ("", "2023", "2024"),
        ("2024", "", ""),
        ("", "2026-07", "2026-12"),
        ("2026-08", "", ""),
    ]
    assert rows[1]["source"] == "source/seed-article" and rows[1]["asOf"] == "2021-03-10"
    rows = run(store, "planned-versus-actual-launch", mission="artemis-2")
    actual = [r for r in rows if r["kind"] == "actual"]
    assert {r["actual"] for r in actual} == {"2026-04-01"}
    assert [r["planned"] for r in rows if r["kind"] == "planned"] == [
        "2022",
        "2024",
        "2025-09",
        "2026-02",
        "2026-03",
    ]


@expect
def stations_by_status(store: WriteStore) -> None:
    rows = run(store, "stations-by-status")
    assert {(r["statusLabel"], r["label"]) for r in rows} == {
        ("operational", "International Space Station"),
        ("operational", "Tiangong"),
        ("paused", "Lunar Gateway"),
        ("planned", "International Lunar Research Station"),
        ("retired", "Mir"),
    }
    mir = next(r for r in rows if r["label"] == "Mir")
    assert mir["since"] == "2001-03-23"


@expect
def station_status_on_date(store: WriteStore) -> None:
    status = {r["label"]: r["statusLabel"] for r in run(store, "station-status-on-date")}
    assert status == {
        "International Space Station": "operational",
        "Tiangong": "operational",
        "Mir": "retired",
        "Lunar Gateway": "planned",
        "International Lunar Research Station": "planned",
    }
    status = {
        r["label"]: r["statusLabel"]
        for r in run(store, "station-status-on-date", date="1999-06-01")
    }
    assert status == {
        "International Space Station": "operational",
        "Mir": "operational",
        "Lunar Gateway": "planned",
    }
    status = {
        r["label"]: r["statusLabel"]
        for r in run(store, "station-status-on-date", date="2026-04-15")
    }
    assert status["Lunar Gateway"] == "paused"


@expect
def station_status_history(store: WriteStore) -> None:
    rows = run(store, "station-status-history")
    assert [(r["statusLabel"], r.get("since", ""), r.get("until", "")) for r in rows] == [
        ("planned", "", "2026-03"),
        ("paused", "2026-03", ""),
    ]
    assert rows[1]["verification"] == "aggregatorOnly"


@expect
def partners_of_both(store: WriteStore) -> None:
    assert column(run(store, "partners-of-both"), "label") == ["CSA", "ESA", "JAXA", "NASA"]


@expect
def connections_between_agents(store: WriteStore) -> None:
    rows = run(store, "connections-between-agents")
    assert {r["link"] for r in rows} == {"through a shared partner", "restricted by law"}
    assert {r["viaLabel"] for r in rows} == {"Roscosmos", "Wolf Amendment"}
    shared = {
        (r["aSideLabel"], r["bSideLabel"]) for r in rows if r["link"] == "through a shared partner"
    }
    assert ("International Space Station", "ILRS memorandum of understanding") in shared
    law = next(r for r in rows if r["link"] == "restricted by law")
    assert (law["aSideLabel"], law["bSideLabel"]) == ("NASA", "China")
    rows = run(store, "connections-between-agents", a="roscosmos", b="cnsa")
    assert "ILRS memorandum of understanding" in {
        r["aSideLabel"] for r in rows if r["link"] == "both take part"
    }


@expect
def agency_founding_order(store: WriteStore) -> None:
    rows = run(store, "agency-founding-order")
    assert column(rows, "label") == ["NASA", "ISRO", "ESA", "CSA", "Roscosmos", "CNSA", "JAXA"]
    assert column(rows, "founded") == [
        "1958-07-29",
        "1969-08-15",
        "1975-05-30",
        "1989-03-01",
        "1992-02-25",
        "1993",
        "2003-10-01",
    ]
    assert next(r for r in rows if r["label"] == "CNSA")["claims"] == "2"


@expect
def founding_signatories(store: WriteStore) -> None:
    rows = run(store, "founding-signatories")
    assert column(rows, "label") == [
        "Australia",
        "Canada",
        "Italy",
        "Japan",
        "Luxembourg",
        "United Arab Emirates",
        "United Kingdom",
        "United States",
    ]
    assert set(column(rows, "date")) == {"2020-10-13"}
    rows = run(store, "founding-signatories", agreement="esa-convention")
    assert len(rows) == 9 and set(column(rows, "date")) == {"1975-05-30"}


@expect
def programme_members(store: WriteStore) -> None:
    rows = run(store, "programme-members")
    assert len({r["member"] for r in rows}) == 15
    dated = [(r["label"], r["joined"]) for r in rows if r.get("joined")]
    assert dated == [
        ("China", "2021-06"),
        ("Russia", "2021-06"),
        ("Venezuela", "2023-07"),
        ("South Africa", "2023-09"),
        ("Azerbaijan", "2023-10"),
        ("Belarus", "2023-10"),
        ("Pakistan", "2023-10"),
    ]
    assert {r["label"] for r in rows if r.get("founding") == "true"} == {"China", "Russia"}
    undated = {r["source"] for r in rows if not r.get("joined")}
    assert undated == {"source/thekhybermail-ilrs"}


@expect
def conflicting_claims(store: WriteStore) -> None:
    rows = run(store, "conflicting-claims")
    conflicts = {(r["subject"], short(r["property"]), r["value1"], r["value2"]) for r in rows}
    assert conflicts == {
        ("ilrs-mou-signing-roscosmos", "date", "2021-02", "2021-03-09"),
        ("ilrs-mou-signing-cnsa", "date", "2021-02", "2021-03-09"),
        ("iss-iga-signing", "date", "1998-01-28", "1998-01-29"),
        ("mir", "deorbitDate", "2001-03-21", "2001-03-23"),
        ("spacex", "foundingDate", "2002-05-06", "2002-06"),
    }


@expect
def sample_return_masses(store: WriteStore) -> None:
    rows = run(store, "sample-return-masses")
    assert [(r["label"], float(r["grams"]), r["approximate"], r["returned"]) for r in rows] == [
        ("Chang'e 5", 1731.0, "false", "2020-12-17"),
        ("Chang'e 6", 2000.0, "true", "2024-06-25"),
    ]


@expect
def sources_of_entity(store: WriteStore) -> None:
    rows = run(store, "sources-of-entity")
    launch = {r["url"] for r in rows if short(r["property"]) == "launchDate"}
    assert launch == {"https://www.seasky.org/space-exploration/mission-patches-apollo.html"}
    landing = {r["source"] for r in rows if short(r["property"]) == "landingDate"}
    assert landing == {"source/airandspace-subsequent-missions", "source/ccssc-apollo17"}
    wikidata = [r for r in rows if r["value"] == "http://www.wikidata.org/entity/Q43653"]
    assert [r["verification"] for r in wikidata] == ["aggregatorOnly"]


@expect
def unsourced_statements(store: WriteStore) -> None:
    assert run(store, "unsourced-statements") == [{"unsourced": "0"}]


@expect
def claims_by_verification(store: WriteStore) -> None:
    rows = run(store, "claims-by-verification")
    assert {(r["subject"], short(r["property"]), r["value"]) for r in rows} == {
        ("iss-iga-signing", "date", "1998-01-28"),
        ("mir", "deorbitDate", "2001-03-21"),
        ("spacex", "foundingDate", "2002-05-06"),
        ("spacex", "foundingDate", "2002-06"),
        ("spacex", "issVisitCount", "23"),
    }
    rows = run(store, "claims-by-verification", mark=SK + "aggregatorOnly")
    assert ("artemis-2", "launchDate", "2026-04-01") in {
        (r["subject"], short(r["property"]), r["value"]) for r in rows
    }


@expect
def missions_of_programme(store: WriteStore) -> None:
    rows = run(store, "missions-of-programme")
    assert column(rows, "label") == [f"Chang'e {n}" for n in range(1, 9)]
    assert rows[4]["localLaunchDate"] == "2020-11-24" and "launchDate" not in rows[4]
    assert [r.get("statusLabel") for r in rows[-2:]] == ["planned", "planned"]
    rows = run(store, "missions-of-programme", program="apollo-programme")
    assert column(rows, "label")[:2] == ["Apollo 7", "Apollo 8"]
    assert rows[-1]["label"] == "Apollo 1" and rows[-1]["statusLabel"] == "never flown"
    assert next(r for r in rows if r["label"] == "Apollo 13")["outcomeLabel"] == "failure"


@expect
def parties_to_agreement(store: WriteStore) -> None:
    rows = run(store, "parties-to-agreement")
    assert len(rows) == 15
    assert {"United States", "Russia", "Japan", "Canada", "Norway", "Switzerland"} <= set(
        column(rows, "label")
    )
    rows = run(store, "parties-to-agreement", agreement="ilrs-mou")
    assert set(column(rows, "label")) == {"China", "CNSA", "Roscosmos", "Russia"}


@expect
def agreements_of_agent(store: WriteStore) -> None:
    rows = run(store, "agreements-of-agent")
    assert column(rows, "agreement") == [
        "roscosmos-cnsa-programme-2018-2022",
        "roscosmos-cnsa-letter-of-intent-2018",
        "lunar-data-centre-agreement",
        "change-7-luna-26-agreement",
        "ilrs-mou",
    ]
    assert rows[-1]["signed"] == "2021-02, 2021-03-09"


@expect
def mission_crew(store: WriteStore) -> None:
    rows = run(store, "mission-crew")
    assert {(r["label"], r["agencyLabel"]) for r in rows} == {
        ("Reid Wiseman", "NASA"),
        ("Victor Glover", "NASA"),
        ("Christina Koch", "NASA"),
        ("Jeremy Hansen", "CSA"),
    }
    assert column(run(store, "mission-crew", mission="demo-2"), "label") == [
        "Bob Behnken",
        "Doug Hurley",
    ]


@expect
def programme_phases(store: WriteStore) -> None:
    rows = run(store, "programme-phases")
    phases = {
        r["label"]: (r["start"], r.get("end", ""), set(r.get("missions", "").split(", ")) - {""})
        for r in rows
    }
    assert phases == {
        "ILRS reconnaissance phase": (
            "2021",
            "2025",
            {"Chang'e 4", "Chang'e 6", "Chang'e 7", "Luna 25", "Luna 26", "Luna 27"},
        ),
        "ILRS construction phase": ("2026", "2035", {"Chang'e 8", "Luna 28"}),
        "ILRS utilisation phase": ("2036", "", set()),
    }


@expect
def lunar_landings(store: WriteStore) -> None:
    rows = run(store, "lunar-landings")
    assert [(r["label"], r["crewed"]) for r in rows] == [
        *((f"Apollo {n}", "true") for n in (11, 12, 14, 15, 16, 17)),
        *((f"Chang'e {n}", "false") for n in (3, 4, 5, 6)),
    ]
    assert "luna-25" not in column(rows, "mission")


@expect
def local_and_utc_dates(store: WriteStore) -> None:
    rows = run(store, "local-and-utc-dates")
    assert {(r["thing"], r["event"], r.get("utc", ""), r["local"]) for r in rows} == {
        ("mir-core-module", "launch", "", "1986-02-20"),
        ("change-3", "launch", "2013-12-01", "2013-12-02"),
        ("change-4", "launch", "2018-12-07", "2018-12-08"),
        ("change-5", "launch", "", "2020-11-24"),
        ("luna-25", "launch", "2023-08-10", "2023-08-11"),
        ("change-5", "return", "", "2020-12-17"),
        ("artemis-2", "return", "2026-04-11", "2026-04-10"),
    }


@expect
def launches_between(store: WriteStore) -> None:
    rows = run(store, "launches-between")
    assert column(rows, "label") == ["Apollo 9", "Apollo 10", "Apollo 11", "Apollo 12"]
    rows = run(store, "launches-between", **{"from": "2021-01-01", "to": "2022-12-31"})
    assert column(rows, "label") == ["Tianhe", "Mengtian", "Artemis I"]


@expect
def agency_heads(store: WriteStore) -> None:
    rows = run(store, "agency-heads")
    assert {
        (r["organisationLabel"], r["personLabel"], r["role"], r.get("since", "")) for r in rows
    } == {
        ("NASA", "Jared Isaacman", "Administrator", ""),
        ("Roscosmos", "Dmitry Bakanov", "Director General", "2025-02"),
    }


def test_at_least_twenty_named_queries() -> None:
    assert len(named_queries.all_queries()) >= 20


def test_every_query_has_an_expected_answer() -> None:
    assert sorted(q.name for q in named_queries.all_queries()) == sorted(EXPECTED)


@pytest.mark.parametrize("query", named_queries.all_queries(), ids=lambda q: q.name)
def test_query_header(query: named_queries.NamedQuery) -> None:
    assert query.title.endswith("?"), "a title asks the question the query answers"
    assert len(query.description) > 20
    for p in query.params:
        assert p.type in PARAM_TYPES and p.default, p
        assert f"?{p.name}" in query.text, f"parameter {p.name} is not used"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_answers(bundled_store: WriteStore, name: str) -> None:
    EXPECTED[name](bundled_store)
