"""Real clients against `kg serve` running as a real process (Granian, query workers):
SPARQLWrapper (JSON, XML, CSV), rdflib's SPARQLStore, and curl as a user would type it.
Also: a query that would run for minutes is stopped at the time limit while cheap
queries sent meanwhile are answered."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

from tests.conftest import free_port

TOKEN = "client-test-token"
P = "http://example.org/p"
DATA = " ".join(f"<http://example.org/s{i}> <{P}> {i} ." for i in range(300))
CHEAP = f"SELECT ?s ?o WHERE {{ ?s <{P}> ?o FILTER(?o < 3) }} ORDER BY ?o"
HEAVY = (f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{P}> ?x . ?b <{P}> ?y . ?c <{P}> ?z . "
         f"?d <{P}> ?w }}")


class KgServer:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        env["XDG_DATA_HOME"] = str(folder)
        kg = Path(sys.executable).parent / "kg"
        self.proc = subprocess.Popen(
            [str(kg), "serve", "--store", str(folder / "store"), "--port", str(self.port),
             "--write-token", TOKEN, "--query-timeout", "20", "--query-workers", "2"],
            env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kg serve exited: {self.proc.stderr.read()!r}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"{self.url}/sparql?query=ASK%7B%7D", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("kg serve did not start within 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stderr.close()  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KgServer]:
    s = KgServer(tmp_path_factory.mktemp("kg-serve"))
    try:  # stopped even when the set-up fails (it outlived the test run once)
        req = urllib.request.Request(
            f"{s.url}/sparql", method="POST",
            data=f"INSERT DATA {{ GRAPH <http://example.org/g> {{ {DATA} }} }}".encode(),
            headers={"Content-Type": "application/sparql-update",
                     "Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(req, timeout=30) as r:
            assert r.status == 204
        yield s
    finally:
        s.stop()


EXPECTED = [("http://example.org/s0", "0"), ("http://example.org/s1", "1"),
            ("http://example.org/s2", "2")]


def wrapper(server: KgServer, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(f"{server.url}/sparql")
    sw.setQuery(CHEAP)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_json(server: KgServer) -> None:
    doc = wrapper(server, JSON).queryAndConvert()
    assert isinstance(doc, dict)
    got = [(b["s"]["value"], b["o"]["value"]) for b in doc["results"]["bindings"]]
    assert got == EXPECTED


def test_sparqlwrapper_xml(server: KgServer) -> None:
    doc = wrapper(server, XML).queryAndConvert()
    ns = "{http://www.w3.org/2005/sparql-results#}"
    got = []
    for result in doc.getElementsByTagName("result"):  # type: ignore[union-attr]
        values = {b.getAttribute("name"): b.firstChild.firstChild.data
                  for b in result.getElementsByTagName("binding")}
        got.append((values["s"], values["o"]))
    assert got == EXPECTED and ns


def test_sparqlwrapper_csv(server: KgServer) -> None:
    data = wrapper(server, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(data.decode())))  # type: ignore[union-attr]
    assert rows[0] == ["s", "o"] and [tuple(r) for r in rows[1:]] == EXPECTED


def test_rdflib_sparqlstore(server: KgServer) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{server.url}/sparql", returnFormat="json"))
    got = [(str(r[0]), str(r[1])) for r in graph.query(CHEAP)]  # type: ignore[index]
    assert got == EXPECTED
    assert (rdflib.URIRef("http://example.org/s5"), rdflib.URIRef(P),
            rdflib.Literal(5)) in graph
    graph.close()


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    assert shutil.which("curl"), "curl is needed: apt-get install curl"
    return subprocess.run(["curl", "-s", "-S", *args], capture_output=True, text=True,
                          timeout=60, check=True)


def test_curl_as_a_user_types_it(server: KgServer) -> None:
    out = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={CHEAP}",
               f"{server.url}/sparql").stdout
    assert out.splitlines() == ["s,o", *[f"{s},{o}" for s, o in EXPECTED]]
    update = "INSERT DATA { <http://example.org/by-curl> <http://example.org/p> 999 }"
    refused = curl("-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode",
                   f"update={update}", f"{server.url}/sparql").stdout
    assert refused == "401"
    done = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", f"Authorization: Bearer {TOKEN}",
                "--data-urlencode", f"update={update}", f"{server.url}/sparql").stdout
    assert done == "204"
    turtle = curl("-H", "Accept: text/turtle", f"{server.url}/store?default").stdout
    assert "<http://example.org/by-curl>" in turtle


def test_a_query_of_minutes_is_stopped_and_others_still_answered(server: KgServer) -> None:
    order: list[str] = []
    heavy: dict[str, str] = {}

    def run_heavy() -> None:
        heavy["out"] = curl("-w", "\n%{http_code}", "--data-urlencode", f"query={HEAVY}",
                            "--data-urlencode", "timeout=2", f"{server.url}/sparql").stdout
        order.append("heavy")

    thread = threading.Thread(target=run_heavy)
    thread.start()
    answers = [wrapper(server, JSON).queryAndConvert() for _ in range(3)]
    order.append("cheap")
    thread.join()
    for doc in answers:
        assert [(b["s"]["value"], b["o"]["value"])  # type: ignore[index]
                for b in doc["results"]["bindings"]] == EXPECTED  # type: ignore[index]
    assert order == ["cheap", "heavy"]
    body, status = heavy["out"].rsplit("\n", 1)
    assert status == "503" and '"error":"timeout"' in body and "time limit of 2 s" in body
