"""Space KG benchmarks: our figures beside reference engines, measured in the same run.

Sections (all three when none is named):
  --load     load the generated file: `oxigraph load` (the reference), `kg load`, the
             embedded store's bulk path, and rdflib's memory store; wall time and the
             child process's peak RSS, as ratios to `oxigraph load`.
             Targets (issue 2): kg load within 1.2x of oxigraph load, at most 1 GiB.
  --http     SPARQL over HTTP at concurrency 8: `kg serve` vs `oxigraph serve` vs
             rdflib-endpoint on the same data; requests/s, p50 and p99 latency for a
             cheap lookup, a join and an aggregate; kg's throughput as a ratio to each.
             Targets (issue 4): >= 0.5x Oxigraph on lookups, >= 0.8x on heavier
             queries, >= 5x rdflib-endpoint.
  --browser  the graph view of a hub agency in headless Chromium, navigation to network
             drawn. Target (issue 6): under 1 s. Beside it, a static vis-network star
             (the library alone, three option sets) as a baseline.

The data is made by bench/generate.py (seeded, so every run loads the same bytes) into
bench/data/, with the stores the http and browser sections reuse; results go to
bench/out/ as JSON. Everything talks to 127.0.0.1 only; every request loop is bounded.

examples:
  python bench/run.py --quick                  smoke run: 100k triples, short, all sections
  python bench/run.py --load --repeat 3        1M-triple loads, best of three
  python bench/run.py --http --seconds 20      longer HTTP runs
  python bench/run.py --http --engines kg,oxigraph --queries lookup
  python bench/run.py --browser --graph-url '/graph?iri={iri}'
  python bench/run.py --size 10m --load --no-rdflib     (the 10M file is 2 GB)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import sys
from pathlib import Path
from typing import Any

import generate
import procs
import report

HERE = Path(__file__).resolve().parent
ENGINES = {"kg": "kg serve", "oxigraph": "oxigraph serve", "rdflib": "rdflib-endpoint"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    doc = __doc__ or ""
    head, _, examples = doc.partition("\nexamples:\n")
    p = argparse.ArgumentParser(prog="python bench/run.py", description=head,
                                epilog="examples:\n" + examples,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    s = p.add_argument_group("sections")
    s.add_argument("--load", action="store_true", help="load time and peak memory")
    s.add_argument("--http", action="store_true", help="SPARQL over HTTP, concurrency 8")
    s.add_argument("--browser", action="store_true", help="graph view of a hub, in Chromium")
    d = p.add_argument_group("data")
    d.add_argument("--size", default="1m", help="100k, 1m (default) or 10m triples, or a "
                   "number such as 250k")
    d.add_argument("--quick", action="store_true", help="smoke run: --size 100k, 2 s HTTP "
                   "runs, 2 browser runs")
    d.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    o = p.add_argument_group("options")
    o.add_argument("--repeat", type=int, default=1, help="load runs per engine; the best "
                   "is shown (default 1)")
    o.add_argument("--load-format", choices=["nt", "nq"], default="nt",
                   help="file --load loads: nt (default: triples, which kg load takes in "
                   "bulk) or nq (claim graphs; the http and browser sections use nq)")
    o.add_argument("--no-rdflib", action="store_true", help="leave rdflib out of --load")
    o.add_argument("--txn", action="store_true", help="also time EmbeddedStore.load with "
                   "bulk=False (the transactional path)")
    o.add_argument("--engines", default="kg,oxigraph,rdflib",
                   help="servers for --http (default kg,oxigraph,rdflib)")
    o.add_argument("--queries", default="lookup,join,aggregate",
                   help="queries for --http (default lookup,join,aggregate)")
    o.add_argument("--concurrency", type=int, default=8, help="HTTP clients (default 8)")
    o.add_argument("--seconds", type=float, help="seconds per HTTP run, after a 1 s "
                   "warm-up (default 10; 2 with --quick)")
    o.add_argument("--graph-url", default="/entity?iri={iri}", help="path of the graph view "
                   "with {iri} for the hub's IRI (default /entity?iri={iri})")
    o.add_argument("--baseline-nodes", type=int, default=300, help="nodes in the static "
                   "vis-network baseline of --browser (default 300; 0 leaves it out)")
    o.add_argument("--browser-runs", type=int, help="navigations (default 5; 2 with --quick)")
    o.add_argument("--keep", action="store_true", help="keep the stores the load section made")
    o.add_argument("--workdir", type=Path, default=HERE, help="where data/ and out/ go "
                   "(default bench/)")
    args = p.parse_args(argv)
    if args.quick:
        args.size = "100k"
    args.seconds = args.seconds or (2.0 if args.quick else 10.0)
    args.browser_runs = args.browser_runs or (2 if args.quick else 5)
    if not (args.load or args.http or args.browser):
        args.load = args.http = args.browser = True
    return args


def dataset(size: str, seed: int, workdir: Path, fmt: str = "nq"
            ) -> tuple[Path, dict[str, Any]]:
    """The generated file for ``size``, made unless it is there with this seed."""
    path = workdir / "data" / f"space-{size.lower()}.{fmt}"
    manifest_path = Path(f"{path}.json")
    if manifest_path.exists() and path.exists():
        manifest = json.loads(manifest_path.read_text())
        if (manifest["seed"], manifest["triples"], manifest.get("version")) == (
                seed, generate.parse_size(size), generate.VERSION):
            return path, manifest
    print(f"generating {path.name} ...", file=sys.stderr)
    generate.generate(path, generate.parse_size(size), fmt=fmt, seed=seed)
    return path, json.loads(manifest_path.read_text())


def run_load(args: argparse.Namespace) -> list[dict[str, Any]]:
    import load_bench

    data, _ = dataset(args.size, args.seed, args.workdir, args.load_format)
    work = args.workdir / "out" / "tmp" / "load"
    runs = []
    for k in range(args.repeat):
        print(f"load: run {k + 1} of {args.repeat} ...", file=sys.stderr)
        runs.append(load_bench.load_rows(data, work, rdflib=not args.no_rdflib, txn=args.txn,
                                         graph=args.load_format == "nt"))
    rows = load_bench.best_of(runs)
    load_bench.add_ratios(rows)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def run_http(args: argparse.Namespace, data: Path, manifest: dict[str, Any]
             ) -> list[dict[str, Any]]:
    import http_bench

    engines = [ENGINES[e.strip()] for e in args.engines.split(",") if e.strip()]
    print(f"http: {', '.join(engines)}, {args.seconds:g} s per query ...", file=sys.stderr)
    rows = http_bench.http_rows(data, manifest, stores_dir(args), engines,
                                concurrency=args.concurrency, seconds=args.seconds,
                                only=[q.strip() for q in args.queries.split(",")])
    http_bench.add_ratios(rows)
    return rows


def run_browser(args: argparse.Namespace, data: Path, manifest: dict[str, Any]
                ) -> list[dict[str, Any]]:
    import browser_bench
    import http_bench

    rows = []
    if args.baseline_nodes:
        print("browser: static vis-network baseline ...", file=sys.stderr)
        rows += browser_bench.baseline_rows(args.baseline_nodes, runs=args.browser_runs)
    stores = http_bench.prepare_stores(data, stores_dir(args))
    print("browser: starting kg serve ...", file=sys.stderr)
    server = http_bench.start("kg serve", data, stores)
    try:
        rows += browser_bench.browser_rows(server.base, manifest["hub_agency"], args.graph_url,
                                           runs=args.browser_runs)
    finally:
        server.stop()
    return rows


def stores_dir(args: argparse.Namespace) -> Path:
    return args.workdir / "data" / "stores" / args.size.lower()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    procs.TMP = args.workdir / "out" / "tmp"
    data, manifest = dataset(args.size, args.seed, args.workdir)
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "size": args.size, "triples": manifest["triples"], "file": data.name,
        "machine": {"cpus": _cpus(), "python": platform.python_version(),
                    "platform": platform.platform()}}
    if args.load:
        result["load"] = run_load(args)
        result["load_file"] = f"space-{args.size.lower()}.{args.load_format}"
        print(report.load_table(result["load"]))
    if args.http:
        result["http"] = run_http(args, data, manifest)
        print(report.http_table(result["http"], args.concurrency))
    if args.browser:
        result["browser"] = run_browser(args, data, manifest)
        print(report.browser_table(result["browser"]))
    out = args.workdir / "out"
    out.mkdir(parents=True, exist_ok=True)
    stamp = result["date"].replace(":", "").replace("-", "")
    path = out / f"bench-{args.size.lower()}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten: {path}", file=sys.stderr)
    return 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    sys.exit(main())
