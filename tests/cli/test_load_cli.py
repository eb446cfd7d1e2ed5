"""`kg load`, `kg loads`, `kg unload` as real processes, and what a load never fetches."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import RdfSyntaxError
from kg.loading import loader
from kg.store.oxigraph.store import EmbeddedStore
from tests.cli.test_cli import kg
from tests.loading_helpers import BASE, DATA, rules_for_tests

SHAPES = {"KG_SHAPES": str(DATA / "shapes.ttl"), "KG_ONTOLOGY": str(DATA / "ontology.ttl")}
GRAPH = "https://w3id.org/spacekg/id/graph/agreements"


def loads(store: Path) -> list[dict[str, object]]:
    return json.loads(kg("loads", "--json", store=store).stdout)  # type: ignore[no-any-return]


def test_load_list_and_unload(tmp_path: Path) -> None:
    store = tmp_path / "store"
    done = kg("load", str(DATA / "good.ttl"), "--source", "https://example.org/press",
              store=store, **SHAPES)
    load_id = done.stdout.strip()
    assert f"loaded 10 triples from 1 file(s) into <{BASE}load/{load_id}>" in done.stderr
    assert "kg: warning: unknown property sk:nickname" in done.stderr
    [rec] = loads(store)
    assert (rec["id"], rec["source"], rec["loaded_by"]) == (
        load_id, "https://example.org/press", "cli")
    assert load_id in kg("loads", store=store).stdout
    kg("unload", load_id, store=store)
    assert loads(store) == []


def test_violations_are_listed_and_the_exit_status_is_1(tmp_path: Path) -> None:
    store = tmp_path / "store"
    bad = kg("load", str(DATA / "bad.ttl"), store=store, check=False, **SHAPES)
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert lines[-1].startswith("kg: error: 3 shape violations; nothing was loaded")
    assert ("kg: violation: node <https://w3id.org/spacekg/id/agreement/nameless>: "
            "property rdfs:label: rule min count: an agreement needs a label") in lines
    assert loads(store) == []


def test_a_syntax_error_is_one_line_with_its_place(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('<https://e.org/a> <https://e.org/p> "x" .\n<https://e.org/b> "y" .\n')
    out = kg("load", str(broken), store=tmp_path / "store", check=False)
    assert out.returncode == 1
    assert out.stderr.startswith(f"kg: error: {broken}:2:")
    assert len(out.stderr.strip().splitlines()) == 1


def test_dry_run_prints_the_diff_and_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = tmp_path / "first.ttl"
    first.write_text('<https://e.org/a> <https://e.org/p> "old" .\n'
                     '<https://e.org/a> <https://e.org/q> "kept" .\n')
    kg("load", str(first), "--graph", GRAPH, store=store)
    second = tmp_path / "second.ttl"
    second.write_text('<https://e.org/a> <https://e.org/p> "new" .\n'
                      '<https://e.org/a> <https://e.org/q> "kept" .\n')
    out = kg("load", str(second), "--graph", GRAPH, "--replace", "--dry-run", store=store)
    facts = [line for line in out.stdout.splitlines() if "prov#wasDerivedFrom" not in line]
    assert facts == ['- <https://e.org/a> <https://e.org/p> "old" .',
                     '+ <https://e.org/a> <https://e.org/p> "new" .']
    assert "would add 2 and remove 2" in out.stderr  # the fact, and the graph's source
    assert len(loads(store)) == 1


def test_a_folder_and_standard_input(tmp_path: Path) -> None:
    store, folder = tmp_path / "store", tmp_path / "facts"
    folder.mkdir()
    (folder / "a.ttl").write_text('<https://e.org/a> <https://e.org/p> "1" .\n')
    (folder / "b.nt").write_text('<https://e.org/b> <https://e.org/p> "2" .\n')
    (folder / "notes.txt").write_text("not RDF")
    kg("load", str(folder), store=store)
    [rec] = loads(store)
    assert [f["name"] for f in rec["files"]] == [str(folder / "a.ttl"), str(folder / "b.nt")]  # type: ignore[index]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ["KG_STORE"] = str(store)
    piped = subprocess.run([sys.executable, "-m", "kgcli", "load", "-"], env=environ,
                           input=b'<https://e.org/c> <https://e.org/p> "3" .', capture_output=True,
                           timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert loads(store)[0]["files"][0]["name"] == "stdin"  # type: ignore[index]


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    big = tmp_path / "big.nt"
    big.write_text("".join(f'<https://e.org/s{i}> <https://e.org/p> "{i}" .\n'
                           for i in range(30_000)))
    out = kg("load", str(big), store=tmp_path / "store")
    progress = [line for line in out.stderr.splitlines() if "triples/s" in line]
    assert [p.split()[1] for p in progress] == ["parse", "check", "commit"]
    assert "\r" not in out.stderr and "30,000 triples" in progress[-1]


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        Recorder.hits.append(self.path)
        body = b'{"@context": {"name": "https://e.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.hits = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_nothing_is_fetched_while_parsing(recorder: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do-not-leak")
    store = EmbeddedStore()
    jsonld = f'{{"@context": "{recorder}/context.jsonld", "@id": "https://e.org/a", "name": "x"}}'
    rdfxml = (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
              f'  <!ENTITY web SYSTEM "{recorder}/entity">\n'
              f'  <!ENTITY file SYSTEM "file://{secret}"> ]>\n'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              'xmlns:e="https://e.org/"><rdf:Description rdf:about="https://e.org/a">'
              '<e:p>&web;</e:p><e:q>&file;</e:q></rdf:Description></rdf:RDF>')
    for name, data in (("ctx.jsonld", jsonld), ("entities.rdf", rdfxml)):
        with pytest.raises(RdfSyntaxError) as e:
            loader.load(store, [(name, data.encode(), None)], base_iri=BASE,
                        rules=rules_for_tests())
        assert str(e.value).startswith(f"{name}:")
    assert Recorder.hits == []
    assert store.count() == 0
