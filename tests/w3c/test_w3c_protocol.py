"""W3C conformance: the SPARQL 1.1 Protocol and Graph Store Protocol test manifests.

Both manifests (tests/w3c/, copied unchanged from w3c/rdf-tests) describe each test as
a sequence of HTTP requests (method, path, headers, body) and the expected responses
(status, boolean, format, content type, graph). This module reads them and replays
every request against the app, on every store engine. The requests get the write token;
the graph `data0.rdf` that several protocol tests name is preloaded (the server refuses
graphs it does not hold, see kg.sparql.guard), beside each test's own `ut:graphData`.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from xml.etree import ElementTree

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDFS, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from kg.store import WriteStore
from tests.conftest import MakeApp

W3C = Path(__file__).parent
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
TOKEN = "w3c-test-token"
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"
ENDPOINTS = {"/sparql/": "/sparql", "/gsp": "/store"}

_STATUS = {s.phrase.replace(" ", ""): s.value for s in HTTPStatus}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]
    boolean: bool | None = None
    fmt: str | None = None
    content_type: str | None = None
    graph: str | None = None
    takes_location: bool = False


@dataclass
class W3CTest:
    name: str
    title: str
    requests: list[Request]
    graph_data: dict[str, Path] = field(default_factory=dict)


def _statuses(g: rdflib.Graph, resp: rdflib.term.Node) -> set[int]:
    out: set[int] = set()
    for code in g.objects(resp, MF.expectedStatus):
        local = str(code).rsplit("#", 1)[1]
        if local.startswith("StatusCode"):
            first = int(local[len("StatusCode")])
            out.update(range(first * 100, first * 100 + 100))
        else:
            out.add(_STATUS[local])
    return out


def _request(g: rdflib.Graph, node: rdflib.term.Node) -> Request:
    headers = {}
    header_list = g.value(node, HT.headers)
    for h in Collection(g, header_list) if header_list else []:
        headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    body_node = g.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(body_node, CNT.chars)).encode(encoding)
    path = str(g.value(node, HT.absolutePath))
    for prefix, ours in ENDPOINTS.items():
        if path.startswith(prefix):
            path = ours + path[len(prefix):]
    resp = g.value(node, HT.resp)
    assert resp is not None
    req = Request(str(g.value(node, HT.methodName)), path, headers, body, _statuses(g, resp))
    expected = g.value(resp, MF.expectedBoolean)
    req.boolean = None if expected is None else expected.toPython()
    req.fmt = str(g.value(resp, MF.expectedFormat) or "") or None
    req.takes_location = g.value(resp, MF.expectedLocation) is not None
    for h in Collection(g, g.value(resp, HT.headers)) if g.value(resp, HT.headers) else []:
        if str(g.value(h, HT.fieldName)).lower() == "content-type":
            req.content_type = str(g.value(h, HT.fieldValue))
    resp_body = g.value(resp, HT.body)
    if resp_body is not None:
        req.graph = str(g.value(resp_body, CNT.chars))
    return req


def load_manifest(path: Path) -> list[W3CTest]:
    g = rdflib.Graph()
    g.parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(g.subjects(MF.entries, None))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)
        requests = [_request(g, r) for r in Collection(g, g.value(action, HT.requests))]
        data = {str(g.value(d, RDFS.label)): Path(urllib.parse.urlparse(
            str(g.value(d, UT.graph))).path) for d in g.objects(entry, UT.graphData)}
        tests.append(W3CTest(str(entry).rsplit("#", 1)[1], str(g.value(entry, MF.name)),
                             requests, data))
    return tests


PROTOCOL = load_manifest(W3C / "protocol" / "manifest.ttl")
GRAPH_STORE = load_manifest(W3C / "graph-store-protocol" / "manifest-indirect.ttl")
CASES = PROTOCOL + GRAPH_STORE


@pytest.fixture
def store(any_store: WriteStore) -> WriteStore:
    any_store.load(f"<{DATA0}> a <http://example.org/Dataset> .", "turtle", graph=DATA0)
    return any_store


@pytest.fixture
def app(make_app: MakeApp, store: WriteStore) -> Flask:
    return make_app(store, write_token=TOKEN)


def _boolean(data: bytes, mimetype: str) -> bool:
    if "json" in mimetype:
        return bool(json.loads(data)["boolean"])
    root = ElementTree.fromstring(data)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


def _check(req: Request, response, name: str) -> None:  # type: ignore[no-untyped-def]
    where = f"{name}: {req.method} {req.path}"
    assert response.status_code in req.statuses, f"{where} -> {response.status_code} " \
        f"{response.get_data(as_text=True)[:300]}"
    mimetype = response.mimetype
    if req.boolean is not None:
        assert _boolean(response.data, mimetype) is req.boolean, where
    if req.fmt == "RDF":
        assert mimetype in ("application/rdf+xml", "text/turtle", "application/n-triples"), where
    if req.fmt == "tabular":
        assert mimetype in ("application/sparql-results+xml", "application/sparql-results+json",
                            "text/csv", "text/tab-separated-values"), where
    if req.content_type:
        assert response.headers["Content-Type"].lower() == req.content_type.lower(), where
    if req.graph is not None:
        expected = rdflib.Graph().parse(data=req.graph, format="turtle")
        got = rdflib.Graph().parse(data=response.data, format="turtle")
        assert isomorphic(expected, got), f"{where}: {response.get_data(as_text=True)}"


@pytest.mark.parametrize("test", CASES, ids=[t.name for t in CASES])
def test_w3c(test: W3CTest, client: FlaskClient, any_store: WriteStore) -> None:
    for graph, path in test.graph_data.items():
        any_store.load(W3C / "protocol" / path.name, "ntriples", graph=graph)
    location = ""
    for req in test.requests:
        path = req.path.replace("$LOCATION$", urllib.parse.quote(location, safe=""))
        headers = {**req.headers, "Authorization": f"Bearer {TOKEN}"}
        response = client.open(path, method=req.method, headers=headers, data=req.body)
        _check(req, response, test.name)
        if req.takes_location:
            location = response.headers["Location"]


def test_the_manifests_are_read_whole() -> None:
    assert len(PROTOCOL) == 34 and len(GRAPH_STORE) == 9
    assert all(t.requests for t in PROTOCOL + GRAPH_STORE)


def test_uri_refs_in_manifest_resolve_to_local_data() -> None:
    for test in PROTOCOL:
        for graph, path in test.graph_data.items():
            assert (W3C / "protocol" / path.name).exists(), (test.name, graph)
            assert URIRef(graph).startswith("http://kasei.us/")
