"""Printing the sections' rows as plain-text tables, with the issues' targets beside them."""

from __future__ import annotations

from typing import Any

GIB = 1024**3


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def mib(n: int | None) -> str:
    return "-" if not n else f"{n / 2**20:,.0f} MiB"


def x(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}x"


def load_table(rows: list[dict[str, Any]]) -> str:
    body = [[r["engine"], f"{r['seconds']:.1f} s" if r["ok"] else "failed",
             x(r.get("time_ratio")), mib(r["peak_rss"]), x(r.get("rss_ratio")),
             "-" if r.get("quads") is None else f"{r['quads']:,}",
             r["note"] if r["ok"] else "FAILED, see below"] for r in rows]
    failures = "".join(f"\n{r['engine']}: {r['note']}" for r in rows if not r["ok"])
    kg = next((r for r in rows if r["engine"] == "kg load"), None)
    verdict = ""
    if kg and kg["ok"]:
        time_ok = (kg.get("time_ratio") or 99) <= 1.2
        mem_ok = kg["peak_rss"] <= GIB
        verdict = (f"\nkg load vs target: time {x(kg.get('time_ratio'))} of oxigraph load "
                   f"(target <= 1.20x: {'met' if time_ok else 'MISSED'}), peak "
                   f"{mib(kg['peak_rss'])} (target <= 1,024 MiB: "
                   f"{'met' if mem_ok else 'MISSED'})")
    return ("\n== load ==\n" + table(["engine", "time", "vs oxigraph", "peak RSS",
                                      "vs oxigraph", "quads", "what"], body) + verdict
            + failures)


TARGETS = {"lookup": 0.5, "join": 0.8, "aggregate": 0.8}


def http_table(rows: list[dict[str, Any]], concurrency: int) -> str:
    body: list[list[str]] = []
    notes: list[str] = []
    for r in rows:
        if not r.get("ok"):
            body.append([r["query"], r["engine"], "failed", "-", "-", "-", "-", "-", "-"])
            notes.append(f"{r['engine']} {r['query']}: "
                         f"{r.get('note') or r.get('first_error') or 'no answer'}")
            continue
        body.append([r["query"], r["engine"], f"{r['rps']:,.1f}", f"{r['p50_ms']:.1f}",
                     f"{r['p99_ms']:.1f}", str(r["rows"]), str(r["errors"]),
                     mib(r.get("server_peak_rss")),
                     "" if r["engine"] == "kg serve" else x(r.get("kg_ratio"))])
    lines = [f"\n== http (concurrency {concurrency}) ==",
             table(["query", "server", "req/s", "p50 ms", "p99 ms", "rows", "errors",
                    "server peak", "kg vs this"], body)]
    lines += _http_verdicts(rows) + sorted(set(notes))
    return "\n".join(lines)


def _http_verdicts(rows: list[dict[str, Any]]) -> list[str]:
    out = []
    rows_by_query: dict[str, set[int]] = {}
    for r in rows:
        if r.get("ok"):
            rows_by_query.setdefault(r["query"], set()).add(r["rows"])
        ratio = r.get("kg_ratio")
        if ratio is None or r["engine"] == "kg serve":
            continue
        target = 5.0 if r["engine"] == "rdflib-endpoint" else TARGETS.get(r["query"], 0.8)
        out.append(f"{r['query']}: kg serve at {x(ratio)} of {r['engine']} "
                   f"(target >= {target:.1f}x: {'met' if ratio >= target else 'MISSED'})")
    for q, counts in rows_by_query.items():
        if len(counts) > 1:
            out.append(f"WARNING {q}: the servers returned different row counts {counts}")
    return out


def browser_table(rows: list[dict[str, Any]]) -> str:
    body = []
    for r in rows:
        if not r["ok"]:
            body.append([r["view"], "-", "-", "-", r["note"]])
            continue
        verdict = "met" if r["drawn_ms_median"] < r["target_ms"] else "MISSED"
        body.append([r["view"], f"{r['drawn_ms_median']:.0f} ms", f"{r['drawn_ms_max']:.0f} ms",
                     f"{r['html_ms_median']:.0f} ms", f"target < 1000 ms: {verdict}"])
    return "\n== browser (graph view of the hub agency) ==\n" + table(
        ["view", "drawn (median)", "drawn (max)", "HTML received", "verdict"], body)
