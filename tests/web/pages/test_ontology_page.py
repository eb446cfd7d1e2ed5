"""The ontology page: one dict, rendered as HTML and as JSON, built from the store."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from kg.store import WriteStore
from kg.store.oxigraph.store import EmbeddedStore
from tests.conftest import MakeApp

SK = "https://w3id.org/spacekg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


@pytest.fixture
def store(bundled_store: WriteStore) -> WriteStore:
    return bundled_store


def by_name(items: list[dict], name: str) -> dict:  # type: ignore[type-arg]
    return next(i for i in items if i["name"] == name)


def test_json_lists_classes_with_hierarchy_and_counts(client: FlaskClient) -> None:
    data = client.get("/ontology.json").get_json()
    assert data["iri"] == "https://w3id.org/spacekg/ontology"
    landing = by_name(data["classes"], "sk:CrewedLunarLanding")
    assert landing["instances"] == 6
    assert {p["name"] for p in landing["parents"]} == {
        "sk:CrewedMission",
        "sk:LanderMission",
        "sk:LunarMission",
    }
    mission = by_name(data["classes"], "sk:SpaceMission")
    assert mission["depth"] == 0 and mission["instances"] == 31  # subclasses counted
    crewed = by_name(data["classes"], "sk:CrewedMission")
    assert crewed["depth"] == 1
    names = [c["name"] for c in data["classes"]]
    assert (
        names.index("sk:SpaceMission")
        < names.index("sk:CrewedMission")
        < names.index("sk:CrewedLunarLanding")
    )
    assert len(names) == len(set(names)) == data["counts"]["classes"]


def test_json_lists_properties_with_domain_range_and_alignments(client: FlaskClient) -> None:
    data = client.get("/ontology.json").get_json()
    signatory = by_name(data["properties"], "sk:hasSignatory")
    assert [d["name"] for d in signatory["domain"]] == ["sk:Agreement"]
    assert [r["name"] for r in signatory["range"]] == ["sk:Agent"]
    assert [p["name"] for p in signatory["parents"]] == ["sk:hasParty"]
    assert signatory["chain"] == ["inverse of sk:signedAgreement", "sk:signatory"]
    assert {"relation": "owl:equivalentProperty", "name": "wdt:P1891"}.items() <= (
        signatory["alignments"][0].items()
    )
    launch = by_name(data["properties"], "sk:launchDate")
    assert launch["kind"] == "datatype"
    assert {a["name"] for a in launch["alignments"]} == {"wdt:P619", "dbo:launchDate"}
    party = by_name(data["properties"], "sk:hasParty")
    assert [i["name"] for i in party["inverse"]] == ["sk:partyTo"]


def test_json_lists_alignments_and_schemes(client: FlaskClient) -> None:
    data = client.get("/ontology.json").get_json()
    links = {(a["term"]["name"], a["relation"], a["name"]) for a in data["alignments"]}
    assert ("sk:SpaceMission", "owl:equivalentClass", "dbo:SpaceMission") in links
    assert ("sk:SpaceMission", "skos:exactMatch", "wd:Q2133344") in links
    assert ("sk:SpaceAgency", "rdfs:subClassOf", "dbo:GovernmentAgency") not in links  # via parent
    assert ("sk:GovernmentAgency", "rdfs:subClassOf", "dbo:GovernmentAgency") in links
    schemes = {s["label"]: [c["label"] for c in s["concepts"]] for s in data["schemes"]}
    assert schemes["station status"] == ["operational", "paused", "planned", "retired"]


def test_html_and_json_come_from_one_dict(client: FlaskClient) -> None:
    data = client.get("/ontology.json").get_json()
    assert client.get("/ontology", headers={"Accept": "application/json"}).get_json() == data
    r = client.get("/ontology")
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert f"<strong>{data['counts']['classes']}</strong> classes" in html
    assert 'id="sk:CrewedLunarLanding"' in html
    assert 'href="http://www.wikidata.org/prop/direct/P619"' in html
    assert 'href="/ontology.json"' in html and 'href="/ontology">Ontology</a>' in html


def test_html_escapes_what_the_ontology_says(make_app: MakeApp) -> None:
    store = EmbeddedStore()
    label = "<script>alert(1)</script>"
    turtle = f'<{SK}Bad> a <http://www.w3.org/2002/07/owl#Class> ; <{RDFS}label> "{label}"@en .'
    store.load(turtle.encode(), "turtle", graph="https://w3id.org/spacekg/graph/ontology")
    app = make_app(store)
    html = app.test_client().get("/ontology").get_data(as_text=True)
    assert label not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
