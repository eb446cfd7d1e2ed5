"""The `kg` command, run as a real process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click import Group

from kgcli.main import cli
from tests.conftest import ROOT, free_port

README = ROOT / "README.md"


def kg(*args: str, store: Path, cwd: Path | None = None, check: bool = True,
       **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ.update({"KG_STORE": str(store), **env})
    proc = subprocess.run([sys.executable, "-m", "kgcli", *args], capture_output=True,
                          text=True, cwd=cwd, env=environ, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def command_names() -> list[str]:
    assert isinstance(cli, Group)
    return sorted(cli.commands)


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_and_is_in_the_readme(name: str, tmp_path: Path) -> None:
    out = kg(name, "--help", store=tmp_path / "s").stdout
    assert out.startswith("Usage: kg " + name)
    assert f"`kg {name}" in README.read_text(encoding="utf-8")


def test_top_level_help_teaches(tmp_path: Path) -> None:
    out = kg("--help", store=tmp_path / "s").stdout
    for word in ("kg serve", "kg query", "kg load", "KG_"):
        assert word in out


def test_stats_query_and_export_agree(tmp_path: Path) -> None:
    store = tmp_path / "store"
    stats = json.loads(kg("stats", "--json", store=store).stdout)
    assert stats["triples"] > 0
    out = kg("query", "-o", "json", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", store=store).stdout
    n = int(json.loads(out)["results"]["bindings"][0]["n"]["value"])
    assert n == stats["triples"]
    table = kg("query", "SELECT ?c WHERE { ?c a owl:Class } LIMIT 1", store=store).stdout
    assert table.splitlines()[0].strip() == "c" and table.endswith("(1 row)\n")
    dump = kg("export", "-f", "nquads", store=store).stdout
    assert len(dump.strip().splitlines()) == sum(stats["graphs"].values())


def test_load_then_query(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ttl = tmp_path / "new.ttl"
    ttl.write_text('<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> '
                   '"Brand-new station"@en ;\n'
                   '    a <https://w3id.org/spacekg/ontology#SpaceStation> .\n')
    kg("load", str(ttl), store=store)
    out = kg("query", "-o", "csv", 'SELECT ?l WHERE { <https://example.org/x> rdfs:label ?l }',
             store=store).stdout
    assert "Brand-new station" in out


def test_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    store = tmp_path / "store"
    bad = kg("query", "SELECT ?s WHERE { ?s ?p }", store=store, check=False)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("kg: error: query:1:")
    assert "Traceback" not in bad.stderr
    ttl = tmp_path / "broken.ttl"
    ttl.write_text("<a> <b> .\n")
    broken = kg("load", str(ttl), store=store, check=False)
    assert broken.returncode == 1 and "broken.ttl:1:" in broken.stderr
    conf = kg("stats", store=store, check=False, KG_PORT="eighty")
    assert conf.returncode == 1 and "KG_PORT" in conf.stderr
    debug = kg("--debug", "query", "SELECT", store=store, check=False)
    assert "Traceback" in debug.stderr


def test_serve_on_a_busy_port_fails_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = kg("serve", "--port", str(port), store=tmp_path / "store", check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith(
        f"kg: error: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) <= 2


def test_serve_answers_the_same_count_as_stats(tmp_path: Path) -> None:
    store = tmp_path / "store"
    triples = json.loads(kg("stats", "--json", store=store).stdout)["triples"]
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ["KG_STORE"] = str(store)
    server = subprocess.Popen([sys.executable, "-m", "kgcli", "serve", "--port", str(port)],
                              env=environ, cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{query}",
                                            timeout=5) as resp:
                    doc = json.load(resp)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        assert int(doc["results"]["bindings"][0]["n"]["value"]) == triples
    finally:
        server.terminate()
        server.wait(timeout=10)
