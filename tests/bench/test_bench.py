"""The benchmark harness works: the generator is deterministic and valid, and the bench
command runs at a toy size and prints its table. No timing is asserted here; figures
live in bench/README.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import rdflib
from rdflib import URIRef

from tests.conftest import ROOT

BENCH = ROOT / "bench"
SK = rdflib.Namespace("https://w3id.org/spacekg/ontology#")
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
ID = "https://w3id.org/spacekg/id/bench/"


def bench(script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH / script), *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=True)


def test_generator_is_deterministic_exact_and_valid(tmp_path: Path) -> None:
    first, second = tmp_path / "a.nq", tmp_path / "b.nq"
    bench("generate.py", "--size", "3000", "--seed", "7", "-o", first)
    bench("generate.py", "--size", "3000", "--seed", "7", "-o", second)
    assert first.read_bytes() == second.read_bytes()

    ds = rdflib.Dataset()
    ds.parse(first, format="nquads")
    graphs = [g for g in ds.graphs() if g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID]
    assert sum(len(g) for g in graphs) == 3000
    # every claim graph says where its facts come from
    for g in graphs:
        if len(g):
            assert (g.identifier, PROV_DERIVED, None) in g, g.identifier

    manifest = json.loads(Path(f"{first}.json").read_text())
    assert manifest["triples"] == 3000 and manifest["seed"] == 7
    operators = [o for s, _, o, _ in ds.quads((None, SK.operator, None, None))
                 if str(s).startswith(ID + "mission-")]
    hub = operators.count(URIRef(manifest["hub_agency"]))
    assert len(operators) > 50 and hub > 0.3 * len(operators)


def test_generator_writes_turtle_and_another_seed_differs(tmp_path: Path) -> None:
    ttl = tmp_path / "g.ttl"
    bench("generate.py", "--size", "2000", "--format", "ttl", "-o", ttl)
    g = rdflib.Graph().parse(ttl, format="turtle")
    assert len(g) == 2000
    assert len(set(g.subjects(rdflib.RDF.type, SK.SigningEvent))) > 0
    other = tmp_path / "h.ttl"
    bench("generate.py", "--size", "2000", "--format", "ttl", "--seed", "8", "-o", other)
    assert other.read_bytes() != ttl.read_bytes()


def test_run_help_teaches_the_sections() -> None:
    out = bench("run.py", "--help").stdout
    for word in ("--load", "--http", "--browser", "--size", "--quick", "oxigraph", "examples"):
        assert word in out


def test_bench_load_runs_at_a_toy_size_and_prints_a_table(tmp_path: Path) -> None:
    result = bench("run.py", "--load", "--size", "2000", "--workdir", tmp_path)
    assert "== load ==" in result.stdout
    for engine in ("oxigraph load", "kg load", "embedded bulk", "rdflib memory"):
        assert engine in result.stdout
    [written] = (tmp_path / "out").glob("bench-2000-*.json")
    rows = {r["engine"]: r for r in json.loads(written.read_text())["load"]}
    assert all(r["ok"] for r in rows.values()), rows
    assert rows["embedded bulk"]["quads"] == 2000
    assert rows["oxigraph load"]["time_ratio"] == 1.0
