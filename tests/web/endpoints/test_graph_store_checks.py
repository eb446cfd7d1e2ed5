"""Graph Store Protocol writes pass the same shape checks as loads, and are still stored
exactly as sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from kg.bundle import ensure_bundle
from kg.store.oxigraph.store import EmbeddedStore
from tests.conftest import BASE, MakeApp

TOKEN = {"Authorization": "Bearer s3cret", "Content-Type": "text/turtle"}
G = "https://example.org/graphs/new-mission"
BROKEN = (b"@prefix sk: <https://w3id.org/spacekg/ontology#> .\n"
          b"<https://example.org/m1> a sk:SpaceMission .\n")  # no label, no programme
GOOD = (b"@prefix sk: <https://w3id.org/spacekg/ontology#> .\n"
        b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        b"<https://example.org/x> a sk:Country ; rdfs:label \"Atlantis\"@en .\n")


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    """A fresh store of the bundle for each test: they write."""
    store = EmbeddedStore()
    ensure_bundle(store, BASE)
    yield store
    store.close()


@pytest.fixture
def app(make_app: MakeApp, store: EmbeddedStore) -> Flask:
    return make_app(store, write_token="s3cret")


def test_a_put_that_violates_the_shapes_is_refused_and_stores_nothing(
        client: FlaskClient, store: EmbeddedStore) -> None:
    before = set(store.named_graphs())
    r = client.put("/store", query_string={"graph": G}, data=BROKEN, headers=TOKEN)
    assert r.status_code == 422
    body = r.get_json()
    assert body["error"] == "validation" and body["violations"]
    assert any("m1" in v for v in body["violations"])
    assert set(store.named_graphs()) == before


def test_a_valid_put_is_stored_exactly_as_sent(client: FlaskClient) -> None:
    assert client.put("/store", query_string={"graph": G}, data=GOOD,
                      headers=TOKEN).status_code in (200, 201, 204)
    got = client.get("/store", query_string={"graph": G}, headers={"Accept": "text/turtle"})
    stored = rdflib.Graph().parse(data=got.data, format="turtle")
    sent = rdflib.Graph().parse(data=GOOD, format="turtle")
    assert isomorphic(stored, sent)
