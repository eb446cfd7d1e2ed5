"""`kg load`, `kg loads`, `kg unload` as real processes. What a load never fetches is in
tests/kg/loading/test_no_fetching.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import kg
from tests.loading_helpers import BASE, DATA

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
