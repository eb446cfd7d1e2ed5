"""Section `http` (issue 4): SPARQL over HTTP at a fixed concurrency, same data, same run.

Servers, started one at a time on 127.0.0.1 and stopped before the next:

    kg serve          the project, through its CLI (whatever WSGI server `kg serve` uses)
    oxigraph serve    the reference: `oxigraph serve --union-default-graph`
    rdflib-endpoint   rdflib's memory store behind FastAPI (`pip install 'rdflib-endpoint[cli]'`)

Queries (GET ?query=, JSON results), each cycled over 200 variants so no answer repeats:

    lookup      every property of one mission (about 15 rows): the cheap request
    join        a program's crewed missions with launch date and crew employer (LIMIT 100)
    aggregate   missions per operating agency for one destination (a 9k-mission GROUP BY)

Before timing, each query runs once on each server and the row counts are compared.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from children import embedded
from httpload import ACCEPT, run_load
from procs import Server, free_port, timed, tool

ID = "https://w3id.org/spacekg/id/bench/"
PREFIX = "PREFIX sk: <https://w3id.org/spacekg/ontology#>\n"
BODIES = ["moon", "mars", "earth-orbit", "venus", "sun", "jupiter", "asteroid-belt"]


def queries(manifest: dict[str, Any], variants: int = 200) -> dict[str, list[str]]:
    """Each query's variants, spread over the whole graph."""
    missions, programs = manifest["missions"], manifest["programs"]
    step = max(1, missions // variants)
    return {
        "lookup": [PREFIX + f"SELECT ?p ?o WHERE {{ <{ID}mission-{k}> ?p ?o }}"
                   for k in range(0, missions, step)][:variants],
        "join": [PREFIX + "SELECT ?m ?date ?crew ?employer WHERE { "
                 f"?m sk:partOfProgram <{ID}program-{1 + k % (programs - 1)}> ; "
                 "sk:launchDate ?date ; sk:crewMember ?crew . ?crew sk:employer ?employer } "
                 "ORDER BY ?date ?crew LIMIT 100" for k in range(variants)],
        "aggregate": [PREFIX + "SELECT ?agency (COUNT(?m) AS ?n) WHERE { "
                      f"?m sk:destination <{ID}{b}> ; sk:operator ?agency }} "
                      "GROUP BY ?agency ORDER BY DESC(?n) ?agency" for b in BODIES],
    }


def prepare_stores(data: Path, stores: Path) -> dict[str, Path]:
    """An Oxigraph store and a kg store (the bundle, then ``data``) built once with the
    bulk loaders and reused while the file is unchanged."""
    from kg.bundle.build import bundle_hash
    from kg.settings import load_settings

    # rebuilt when the file or the bundle changes (kg serve would redo its reasoning over
    # the whole store, which is not what these sections measure)
    bundle = bundle_hash(load_settings(environ={}).base_iri)
    stamp = f"{data.resolve()} {data.stat().st_size} {data.stat().st_mtime_ns} {bundle}"
    made = {"oxigraph": stores / "oxigraph", "kg": stores / "kg"}
    marker = stores / "built-from"
    if marker.exists() and marker.read_text() == stamp:
        return made
    from load_bench import fresh

    run = timed([tool("oxigraph"), "load", "--location", str(fresh(made["oxigraph"])),
                 "--file", str(data)])
    if run.status:
        raise RuntimeError(f"oxigraph load failed: {run.stderr[-400:]}")
    # the bundle first, as `kg load` does, so its reasoning runs before the big file lands
    run = timed([tool("kg"), "stats", "--store", str(fresh(made["kg"]))])
    if run.status:
        raise RuntimeError(f"kg could not build its store: {run.stderr[-400:]}")
    embedded(data, made["kg"], bulk=True)
    marker.write_text(stamp)
    return made


def start(name: str, data: Path, stores: dict[str, Path]) -> Server:
    port = free_port()
    if name == "kg serve":
        return Server(name, [tool("kg"), "serve", "--store", str(stores["kg"]),
                             "--host", "127.0.0.1", "--port", str(port)], port, "/sparql")
    if name == "oxigraph serve":
        return Server(name, [tool("oxigraph"), "serve", "--location", str(stores["oxigraph"]),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                      port, "/query")
    return Server(name, [tool("rdflib-endpoint"), "serve", str(data), "--host", "127.0.0.1",
                         "--port", str(port)], port, "/", ready_timeout=900)


def rows_of(server: Server, query: str) -> int:
    url = server.query_url + "?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": ACCEPT})
    with urllib.request.urlopen(req, timeout=600) as r:
        return len(json.load(r)["results"]["bindings"])


def paths(server: Server, texts: list[str]) -> list[str]:
    path = urllib.parse.urlsplit(server.query_url).path
    return [path + "?" + urllib.parse.urlencode({"query": q}) for q in texts]


def bench_server(name: str, data: Path, stores: dict[str, Path], qs: dict[str, list[str]], *,
                 concurrency: int, seconds: float, warmup: float) -> list[dict[str, Any]]:
    try:
        server = start(name, data, stores)
    except (RuntimeError, OSError) as e:
        return [{"engine": name, "query": q, "ok": False, "note": str(e)[:300]} for q in qs]
    rows = []
    try:
        for q, texts in qs.items():
            check = rows_of(server, texts[0])
            ps = paths(server, texts)
            if warmup:
                run_load(server.base, ps, concurrency=concurrency, seconds=warmup)
            load = run_load(server.base, ps, concurrency=concurrency, seconds=seconds)
            rows.append({"engine": name, "query": q, "ok": load.requests > 0,
                         "rps": round(load.rps, 1), "p50_ms": round(load.p50_ms, 2),
                         "p99_ms": round(load.p99_ms, 2), "requests": load.requests,
                         "errors": load.errors, "rows": check, "first_error": load.first_error,
                         "startup_s": round(server.startup_seconds, 1)})
    finally:
        peak = server.peak_rss
        server.stop()
    for r in rows:
        r["server_peak_rss"] = peak
    return rows


def http_rows(data: Path, manifest: dict[str, Any], stores_dir: Path, engines: list[str], *,
              concurrency: int = 8, seconds: float = 10, warmup: float = 1,
              only: list[str] | None = None) -> list[dict[str, Any]]:
    stores = prepare_stores(data, stores_dir)
    qs = {k: v for k, v in queries(manifest).items() if not only or k in only}
    rows = []
    for name in engines:
        rows += bench_server(name, data, stores, qs, concurrency=concurrency, seconds=seconds,
                             warmup=warmup)
    return rows


def add_ratios(rows: list[dict[str, Any]]) -> None:
    """kg serve's throughput over each reference's, per query, on the reference's row."""
    by = {(r["engine"], r["query"]): r for r in rows}
    for r in rows:
        ours = by.get(("kg serve", r["query"]))
        if ours and r.get("rps") and ours.get("rps"):
            r["kg_ratio"] = round(ours["rps"] / r["rps"], 2)
