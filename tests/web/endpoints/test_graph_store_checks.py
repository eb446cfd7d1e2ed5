"""Graph Store Protocol writes pass the same shape checks as loads, and are still stored
exactly as sent."""

from __future__ import annotations

import rdflib
from rdflib.compare import isomorphic

from kg.bundle import ensure_bundle
from kg.settings import load_settings
from kg.store.oxigraph.store import EmbeddedStore
from tests.conftest import BASE
from web import create_app

TOKEN = {"Authorization": "Bearer s3cret", "Content-Type": "text/turtle"}
G = "https://example.org/graphs/new-mission"
BROKEN = (b"@prefix sk: <https://w3id.org/spacekg/ontology#> .\n"
          b"<https://example.org/m1> a sk:SpaceMission .\n")  # no label, no programme
GOOD = (b"@prefix sk: <https://w3id.org/spacekg/ontology#> .\n"
        b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        b"<https://example.org/x> a sk:Country ; rdfs:label \"Atlantis\"@en .\n")


def client():  # type: ignore[no-untyped-def]
    store = EmbeddedStore()
    ensure_bundle(store, BASE)
    settings = load_settings({"memory": True, "write_token": "s3cret"}, environ={})
    return create_app(settings, store=store).test_client(), store


def test_a_put_that_violates_the_shapes_is_refused_and_stores_nothing() -> None:
    c, store = client()
    before = set(store.named_graphs())
    r = c.put("/store", query_string={"graph": G}, data=BROKEN, headers=TOKEN)
    assert r.status_code == 422
    body = r.get_json()
    assert body["error"] == "validation" and body["violations"]
    assert any("m1" in v for v in body["violations"])
    assert set(store.named_graphs()) == before


def test_a_valid_put_is_stored_exactly_as_sent() -> None:
    c, store = client()
    assert c.put("/store", query_string={"graph": G}, data=GOOD,
                 headers=TOKEN).status_code in (200, 201, 204)
    got = c.get("/store", query_string={"graph": G}, headers={"Accept": "text/turtle"})
    stored = rdflib.Graph().parse(data=got.data, format="turtle")
    sent = rdflib.Graph().parse(data=GOOD, format="turtle")
    assert isomorphic(stored, sent)
