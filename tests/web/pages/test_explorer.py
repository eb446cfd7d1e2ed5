"""The explorer's JSON endpoints and Linked Data content negotiation, through Flask's
test client over a real store holding tests/data/explorer*.{ttl,trig}."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib import RDFS, Literal, URIRef

from kg.rdf.vocab import ONTOLOGY_GRAPH, SK
from kg.store import WriteStore
from kg.store.oxigraph.store import EmbeddedStore
from tests.conftest import BASE, DATA, MakeApp


class _Ids:
    """``ID["nasa"]`` is the entity's IRI as a plain string, as JSON gives it."""

    def __getitem__(self, name: str) -> str:
        return BASE + name


ID = _Ids()


def load_explorer_data(store: WriteStore) -> None:
    store.load(DATA / "explorer-ontology.ttl", "turtle", graph=ONTOLOGY_GRAPH)
    store.load(DATA / "explorer.trig", "trig", base_iri=BASE)


@pytest.fixture(scope="module")
def explorer_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    load_explorer_data(store)
    yield store
    store.close()


@pytest.fixture
def store(explorer_store: EmbeddedStore) -> EmbeddedStore:
    return explorer_store


def values(page: dict, predicate: str, key: str = "properties") -> list[dict]:  # type: ignore[type-arg]
    return next(p["values"] for p in page[key] if p["predicate"] == predicate)


def test_entity_page_dict_has_types_sources_and_inverse_links(client: FlaskClient) -> None:
    page = client.get("/id/apollo-11.json").get_json()
    assert page["label"] == "Apollo 11" and page["iri"] == ID["apollo-11"]
    types = {t["label"]: t["inferred"] for t in page["types"]}
    assert types == {"crewed lunar landing": False, "mission": True}
    launch = values(page, str(SK.launchDate))
    assert [v["value"] for v in launch] == ["1969-07-16"]  # one fact ...
    titles = sorted(s["title"] for s in launch[0]["sources"])
    assert titles == ["A press report", "NASA History Office"]  # ... stated by two sources
    assert {s["as_of"] for s in launch[0]["sources"]} == {"2023-06-01", "2024-05-01"}
    nasa = client.get("/id/nasa", headers={"Accept": "application/json"}).get_json()
    operators = values(nasa, str(SK.operatedBy), "inverse")
    assert [v["label"] for v in operators] == ["International Space Station"]
    assert nasa["wikidata"] == ["https://www.wikidata.org/wiki/Q23548"]
    assert nasa["description"] == "The space agency of the United States."


def test_conflicting_claims_stay_apart_each_with_its_source(client: FlaskClient) -> None:
    page = client.get("/id/change-7.json").get_json()
    planned = {v["value"]: [s["title"] for s in v["sources"]]
               for v in values(page, str(SK.plannedLaunchDate))}
    assert planned == {"2026-08-01": ["CNSA news release"], "2026-01-01": ["A press report"]}
    press = next(v for v in values(page, str(SK.plannedLaunchDate)) if v["value"] == "2026-01-01")
    assert press["sources"][0]["verification"] == "unverified"
    html = client.get("/id/change-7").get_data(as_text=True)
    assert "2 values from different sources" in html and ">unverified</span>" in html


def test_a_hub_lists_a_capped_number_and_counts_the_rest(client: FlaskClient) -> None:
    page = client.get("/id/outer-space-treaty.json").get_json()
    parties = next(p for p in page["inverse"] if p["predicate"] == str(SK.partyTo))
    assert parties["total"] == 30 and len(parties["values"]) == 30 and parties["more"] == 0


def test_content_negotiation_answers_rdf_at_the_same_url(client: FlaskClient) -> None:
    nasa = URIRef(ID["nasa"])
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld")):
        r = client.get("/id/nasa", headers={"Accept": accept})
        assert r.status_code == 200 and r.mimetype == accept
        g = rdflib.Graph().parse(data=r.data, format=fmt)
        assert (nasa, RDFS.label, Literal("NASA", lang="en")) in g
        assert (URIRef(ID["iss"]), SK.operatedBy, nasa) in g  # links to it, too
        assert r.headers["Vary"] == "Accept"
    r = client.get("/id/nasa")
    assert r.mimetype == "text/html"
    links = r.headers["Link"]
    for mime in ("text/turtle", "application/n-triples", "application/ld+json",
                 "application/json"):
        assert f'rel="alternate"; type="{mime}"' in links
    assert "</id/nasa.ttl>" in links
    suffixed = client.get("/id/nasa.ttl")
    assert suffixed.mimetype == "text/turtle" and suffixed.data == client.get(
        "/id/nasa?format=ttl").data
    assert client.get("/id/nasa", headers={"Accept": "image/png"}).status_code == 406


def test_entities_outside_the_base_and_errors(client: FlaskClient) -> None:
    r = client.get("/entity", query_string={"iri": str(SK.SpaceAgency), "format": "json"})
    assert r.status_code == 200 and r.get_json()["label"] == "space agency"
    assert "format=turtle" in r.headers["Link"]
    bad = client.get("/entity", query_string={"iri": "not an iri"},
                     headers={"Accept": "application/json"})
    assert bad.status_code == 400 and bad.get_json()["error"] == "bad_request"
    missing = client.get("/id/no-such-thing.json")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404
    html = client.get("/id/no-such-thing")
    assert html.status_code == 404 and b"nothing is known about" in html.data


def search(client: FlaskClient, q: str, **args: str) -> list[dict]:  # type: ignore[type-arg]
    r = client.get("/api/search", query_string={"q": q, **args})
    assert r.status_code == 200
    return r.get_json()["results"]  # type: ignore[no-any-return]


def test_search_matches_labels_in_every_language_ranked(client: FlaskClient) -> None:
    assert search(client, "nasa")[0]["iri"] == ID["nasa"]  # case-insensitive, exact first
    assert search(client, "NAS")[0]["iri"] == ID["nasa"]  # prefix
    station = [h["iri"] for h in search(client, "station")]  # substring, shorter first
    assert station[:2] == [ID["iss"], ID["ilrs"]]
    assert search(client, "国际")[0]["iri"] in (ID["iss"], ID["ilrs"])  # Chinese
    ru = search(client, "роскос")  # Russian, matched in lower case
    assert ru[0]["iri"] == ID["roscosmos"] and ru[0]["matched"] == "Роскосмос"
    zh = search(client, "nasa", lang="zh")[0]
    assert zh["label"] == "美国国家航空航天局" and zh["class_label"] == "航天机构"
    assert search(client, "Aeronautics")[0]["iri"] == ID["nasa"]  # alternative labels
    assert search(client, "   ") == [] and search(client, "zzzz-nothing") == []
    assert search(client, '") } DROP ALL #') == []  # bound, never pasted


def test_neighbourhood_caps_hubs_and_marks_sources(client: FlaskClient) -> None:
    g = client.get("/api/graph", query_string={"iri": ID["outer-space-treaty"], "cap": 5}
                   ).get_json()
    more = [n for n in g["nodes"] if "more" in n]
    assert len(more) == 1 and more[0]["more"]["count"] == 25 and more[0]["label"] == "+25 more"
    countries = [n for n in g["nodes"] if n.get("class_label") == "country"]
    assert len(countries) == 5 and g["truncated"] is True
    assert all(e["sources"] == ["A press report (as of 2024-05-01)"]
               for e in g["edges"] if not e["id"].startswith("more "))
    assert all(n["url"].startswith("/id/") for n in g["nodes"])


def test_neighbourhood_depth_two_and_no_type_links(client: FlaskClient) -> None:
    one = client.get("/api/graph", query_string={"iri": ID["nasa"]}).get_json()
    two = client.get("/api/graph", query_string={"iri": ID["nasa"], "depth": 2}).get_json()
    ids1, ids2 = {n["id"] for n in one["nodes"]}, {n["id"] for n in two["nodes"]}
    assert ids1 == {ID["nasa"], ID["iss"], ID["apollo"]}
    assert ids1 < ids2 and {ID["roscosmos"], ID["apollo-11"], ID["esa"]} <= ids2
    assert not any(e["predicate"].endswith("#type") for e in two["edges"])
    assert {c["label"] for c in two["classes"]} >= {"space agency", "space station"}
    bad = client.get("/api/graph", query_string={"iri": ID["nasa"], "depth": "9"})
    assert bad.status_code == 400 and bad.get_json()["error"] == "bad_request"


def test_path_finder_finds_every_shortest_path(client: FlaskClient) -> None:
    r = client.get("/api/paths", query_string={"from": ID["nasa"], "to": "CNSA"}).get_json()
    assert r["length"] == 4 and len(r["paths"]) == 2
    for path in r["paths"]:
        assert path[0]["from"] == ID["nasa"] and path[-1]["to"] == ID["cnsa"]
        assert all(a["to"] == b["from"] for a, b in zip(path, path[1:], strict=False))
    middles = sorted(p[2]["to_label"] for p in r["paths"])
    assert middles == ["International Lunar Research Station", "Signing of the ILRS memorandum"]
    assert {n["id"] for n in r["graph"]["nodes"]} >= {ID["nasa"], ID["cnsa"], ID["iss"]}
    short = client.get("/api/paths", query_string={"from": "NASA", "to": "CNSA", "max": 3})
    assert short.get_json()["paths"] == []
    html = client.get("/paths", query_string={"from": "NASA", "to": "CNSA"}).get_data(
        as_text=True)
    assert "2 shortest paths of 4 links" in html
    assert "No path of at most 3 links" in client.get(
        "/paths", query_string={"from": "NASA", "to": "CNSA", "max": 3}).get_data(as_text=True)
    assert client.get("/api/paths", query_string={"from": "NASA", "to": "nobody"}
                      ).status_code == 404
    form = client.get("/paths", query_string={"from": ID["iss"]}).get_data(as_text=True)
    assert 'value="International Space Station"' in form and f'data-iri="{ID["iss"]}"' in form


def test_home_lists_featured_entities_and_links_class_counts(client: FlaskClient) -> None:
    home = client.get("/index.json").get_json()
    assert ID["nasa"] in {f["iri"] for f in home["featured"]}
    agencies = next(c for c in home["classes"] if c["iri"] == str(SK.SpaceAgency))
    assert agencies["count"] == 4 and agencies["url"].startswith("/class?")
    listing = client.get(agencies["url"], headers={"Accept": "application/json"}).get_json()
    assert [m["label"] for m in listing["members"]] == ["CNSA", "ESA", "NASA", "Roscosmos"]
    featured = {f["label"]: f["class_label"] for f in home["featured"]}
    assert featured["International Space Station"] == "station"  # an inferred class
    assert featured["Apollo program"] == "space program"
    html = client.get("/").get_data(as_text=True)
    assert 'data-suggest="/api/search"' in html and "NASA" in html


def test_language_switch_remembers_the_choice(client: FlaskClient) -> None:
    r = client.get("/id/nasa", query_string={"lang": "zh"})
    assert "kg_lang=zh" in r.headers["Set-Cookie"]
    assert "<h1>美国国家航空航天局</h1>" in r.get_data(as_text=True)
    assert "<h1>美国国家航空航天局</h1>" in client.get("/id/nasa").get_data(as_text=True)
    ru = client.get("/id/iss.json", query_string={"lang": "ru"}).get_json()
    assert ru["label"] == "Международная космическая станция"
    assert client.get("/id/esa.json", query_string={"lang": "ru"}).get_json()["label"] == "ESA"


def test_explorer_on_every_engine(any_store: WriteStore, make_app: MakeApp) -> None:
    load_explorer_data(any_store)
    app = make_app(any_store)
    client = app.test_client()
    page = client.get("/id/apollo-11.json").get_json()
    assert len(values(page, str(SK.launchDate))[0]["sources"]) == 2
    assert search(client, "роскос")[0]["iri"] == ID["roscosmos"]
    graph = client.get("/api/graph", query_string={"iri": ID["nasa"], "depth": 2}).get_json()
    assert ID["roscosmos"] in {n["id"] for n in graph["nodes"]}
    paths = client.get("/api/paths", query_string={"from": ID["nasa"], "to": ID["cnsa"]})
    assert len(paths.get_json()["paths"]) == 2
    turtle = client.get("/id/nasa", headers={"Accept": "text/turtle"})
    assert (URIRef(ID["nasa"]), RDFS.label, Literal("NASA", lang="en")) in rdflib.Graph().parse(
        data=turtle.data, format="turtle")
    assert json.loads(client.get("/index.json").data)["featured"]
