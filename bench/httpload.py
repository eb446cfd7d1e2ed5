"""A small closed-loop HTTP load generator: N worker processes, each with one keep-alive
connection to 127.0.0.1, sending GET requests back to back for a bounded time and count.

Processes, not threads, so the client's own Python does not serialise on one GIL; each
worker takes every N-th path of a fixed list, so every server gets the same requests.
"""

from __future__ import annotations

import http.client
import multiprocessing as mp
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

ACCEPT = "application/sparql-results+json"


@dataclass
class Load:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    first_error: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _worker(base: str, paths: list[str], seconds: float, max_requests: int, timeout: float,
            out: mp.Queue) -> None:  # type: ignore[type-arg]
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=timeout)
    latencies: list[float] = []
    errors, first_error, i = 0, "", 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and len(latencies) + errors < max_requests:
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": ACCEPT})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}")
            latencies.append(time.perf_counter() - started)
        except Exception as e:  # noqa: BLE001 - counted and reported, the loop goes on
            errors += 1
            first_error = first_error or f"{type(e).__name__}: {e}"
            conn.close()
    conn.close()
    out.put((latencies, errors, first_error))


def run_load(base: str, paths: list[str], *, concurrency: int = 8, seconds: float = 10,
             max_requests: int = 200_000, timeout: float = 300) -> Load:
    """Send ``paths`` (cycled) to ``base`` from ``concurrency`` processes."""
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    shares = [paths[k::concurrency] or paths for k in range(concurrency)]
    per_worker = max(1, max_requests // concurrency)
    procs = [ctx.Process(target=_worker, args=(base, share, seconds, per_worker, timeout, out))
             for share in shares]
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + timeout + 30) for _ in procs]
    elapsed = time.perf_counter() - started
    for p in procs:
        p.join()
    latencies = sorted(x for lat, _, _ in results for x in lat)
    errors = sum(e for _, e, _ in results)
    first_error = next((f for _, _, f in results if f), "")
    if not latencies:
        return Load(0, errors, elapsed, float("nan"), float("nan"), first_error)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Load(len(latencies), errors, elapsed, statistics.median(latencies) * 1000,
                p99 * 1000, first_error)
