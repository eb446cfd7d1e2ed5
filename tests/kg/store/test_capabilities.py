"""Capabilities are types, and the store's own graphs are not a client's to write.

A read-only remote store has no write methods at all, and the app over it answers every
write with 403 read_only while reads and dry-run checks keep working; loads and Graph
Store writes cannot target a load's record graph or the ontology."""

from __future__ import annotations

import pytest

from kg.errors import ForbiddenError, ReadOnlyError
from kg.loading import load
from kg.rdf.vocab import ONTOLOGY_GRAPH
from kg.settings import load_settings
from kg.store import (
    EmbeddedStore,
    ReadStore,
    RemoteReadStore,
    RemoteStore,
    StagingStore,
    WriteStore,
)
from tests.conftest import OxigraphServer
from web import create_app

BASE = "https://w3id.org/spacekg/id/"
TOKEN = "t0ken"
FACT = (b"<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        b"<https://w3id.org/spacekg/ontology#SpaceAgency> .\n"
        b"<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> \"a\"@en .\n")


def test_capabilities_are_types(oxigraph_server: OxigraphServer) -> None:
    read_only = RemoteReadStore(f"{oxigraph_server.url}/query", engine="oxigraph")
    writable = RemoteStore(f"{oxigraph_server.url}/query",
                           update_endpoint=f"{oxigraph_server.url}/update", engine="oxigraph")
    embedded = EmbeddedStore()
    assert isinstance(read_only, ReadStore) and not isinstance(read_only, WriteStore)
    for name in ("update", "load", "drop_graph", "write_lock"):
        assert not hasattr(read_only, name)
    assert isinstance(writable, WriteStore) and not isinstance(writable, StagingStore)
    assert isinstance(embedded, StagingStore)


def test_an_app_over_a_read_only_store(oxigraph_server: OxigraphServer) -> None:
    oxigraph_server.clear()
    RemoteStore(f"{oxigraph_server.url}/query", update_endpoint=f"{oxigraph_server.url}/update",
                engine="oxigraph").load(FACT, "ntriples", graph="http://example.org/g")
    store = RemoteReadStore(f"{oxigraph_server.url}/query", engine="oxigraph")
    settings = load_settings({"memory": True, "write_token": TOKEN}, environ={})
    client = create_app(settings, store=store).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.get_json()["boolean"] is True
    writes = [client.post("/sparql", data={"update": "CLEAR ALL"}, headers=auth),
              client.put("/store?graph=http://example.org/g", data=FACT,
                         content_type="application/n-triples", headers=auth),
              client.delete("/store?graph=http://example.org/g", headers=auth),
              client.post("/api/load", data=FACT, content_type="application/n-triples",
                          headers=auth)]
    for r in writes:
        assert r.status_code == 403, r.get_data(as_text=True)
        assert r.get_json()["error"] == "read_only"
    r = client.post("/api/validate", data=FACT, content_type="application/n-triples")
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["triples"] == 2
    with pytest.raises(ReadOnlyError):
        load(store, [("a.nt", FACT, None)], base_iri=BASE)


@pytest.mark.parametrize("graph", [BASE + "load/20990101-000000-abcdef", ONTOLOGY_GRAPH])
def test_the_stores_own_graphs_are_not_written(graph: str) -> None:
    store = EmbeddedStore()
    settings = load_settings({"memory": True, "write_token": TOKEN}, environ={})
    client = create_app(settings, store=store).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.put(f"/store?graph={graph}", data=FACT, content_type="application/n-triples",
                   headers=auth)
    assert r.status_code == 403, r.get_data(as_text=True)
    r = client.post("/api/load", data=FACT, content_type="application/n-triples",
                    query_string={"graph": graph, "replace": "true"}, headers=auth)
    assert r.status_code == 403, r.get_data(as_text=True)
    with pytest.raises(ForbiddenError):
        load(store, [("a.nt", FACT, None)], graph=graph, base_iri=BASE)
    assert graph not in store.named_graphs()
