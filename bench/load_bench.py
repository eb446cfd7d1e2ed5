"""Section `load` (issue 2): load the generated file into a fresh store with each engine.

Each load is its own child process; its wall time and its own peak RSS (from wait4) are
recorded. Rows:

    oxigraph load      the reference: `oxigraph load --location DIR --file FILE`
    oxigraph --graph   the same with `--graph IRI`: triples into a named graph, as kg load
                       stores them (Oxigraph keeps six indexes for named graphs, three for
                       the default graph); N-Triples only
    kg load            the project's CLI, as a user runs it (store built from the bundle
                       first, then the file; whatever path `kg load` takes on this branch)
    embedded bulk      kg.store.oxigraph.store.EmbeddedStore.load(..., bulk=True): the library's
                       bulk path, without the CLI around it
    embedded txn       the same with bulk=False (the transactional path), with --txn
    rdflib memory      rdflib Dataset().parse(FILE): the in-memory reference
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from procs import Run, timed, tool

HERE = Path(__file__).resolve().parent
CHILDREN = str(HERE / "children.py")


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    return folder


def _row(name: str, run: Run, note: str = "", quads: int | None = None,
         inner: float | None = None) -> dict[str, Any]:
    ok = run.status == 0
    if not ok:
        note = f"exit status {run.status}: {run.stderr.strip()[-400:]}"
    return {"engine": name, "seconds": round(run.seconds, 2), "peak_rss": run.peak_rss,
            "ok": ok, "quads": quads, "inner_seconds": inner and round(inner, 2), "note": note}


def _child(kind: str, *args: str) -> tuple[Run, dict[str, Any]]:
    run = timed([sys.executable, CHILDREN, kind, *args])
    info = json.loads(run.stdout.strip().splitlines()[-1]) if run.status == 0 else {}
    return run, info


def load_rows(data: Path, work: Path, *, rdflib: bool = True, txn: bool = False,
              graph: bool = True) -> list[dict[str, Any]]:
    """One row per engine, the reference first."""
    rows = []
    run = timed([tool("oxigraph"), "load", "--location", str(fresh(work / "oxigraph")),
                 "--file", str(data)])
    rows.append(_row("oxigraph load", run, "reference"))
    if graph:
        run = timed([tool("oxigraph"), "load", "--location", str(fresh(work / "oxigraph-graph")),
                     "--file", str(data), "--graph", "https://example.org/bench/load"])
        rows.append(_row("oxigraph --graph", run, "into a named graph, as kg load stores"))

    store = fresh(work / "kg-cli")
    run = timed([tool("kg"), "load", "--store", str(store), str(data)])
    quads = _count(store) if run.status == 0 else None
    rows.append(_row("kg load", run, "CLI: bundle + file", quads=quads))

    run, info = _child("embedded-bulk", str(data), str(fresh(work / "kg-bulk")))
    rows.append(_row("embedded bulk", run, "EmbeddedStore.load(bulk=True)",
                     quads=info.get("quads"), inner=info.get("seconds")))
    if txn:
        run, info = _child("embedded-txn", str(data), str(fresh(work / "kg-txn")))
        rows.append(_row("embedded txn", run, "EmbeddedStore.load(bulk=False)",
                         quads=info.get("quads"), inner=info.get("seconds")))
    if rdflib:
        run, info = _child("rdflib", str(data))
        rows.append(_row("rdflib memory", run, "Dataset().parse", quads=info.get("quads"),
                         inner=info.get("seconds")))
    return rows


def _count(store_dir: Path) -> int | None:
    """Quads in a closed on-disk store, read in a child so no lock stays behind."""
    code = ("import sys, pyoxigraph as ox; "
            "print(len(ox.Store.read_only(sys.argv[1])))")
    run = timed([sys.executable, "-c", code, str(store_dir)])
    return int(run.stdout) if run.status == 0 else None


def add_ratios(rows: list[dict[str, Any]]) -> None:
    """time and memory of each row as a multiple of the first (the reference)."""
    ref = rows[0]
    for r in rows:
        r["time_ratio"] = round(r["seconds"] / ref["seconds"], 2) if ref["seconds"] else None
        r["rss_ratio"] = round(r["peak_rss"] / ref["peak_rss"], 2) if ref["peak_rss"] else None


def best_of(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per engine, the fastest of several runs (the usual way to damp a shared machine)."""
    best: dict[str, dict[str, Any]] = {}
    for rows in runs:
        for r in rows:
            key = r["engine"]
            if key not in best or (r["ok"] and r["seconds"] < best[key]["seconds"]):
                best[key] = {**r, "runs": [x["seconds"] for rs in runs for x in rs
                                           if x["engine"] == key]}
    return list(best.values())
