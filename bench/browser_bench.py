"""Section `browser` (issue 6): the graph view of a hub node, end to end in Chromium.

`kg serve` runs over the same store as the http section; headless Chromium (Debian's,
through Playwright, with the test suite's flags) opens the graph view of the hub agency
(agency-0 operates about 40% of all missions) in a fresh browser context each time. The
figure is the page's own clock (performance.now(), which starts at navigation) at the
first animation frame where the graph's canvas has pixels on it: from navigation to the
network drawn. The page's own timing for the HTML (responseEnd) is shown beside it.

The view's URL is a template with {iri} (the hub's IRI, URL-encoded); the default is the
entity page, /entity?iri={iri}. When the app answers it with anything but 200 the
section says so instead of timing it.

Beside it, a baseline that needs no app: a static page drawing a star of N nodes with the
vis-network that pyvis ships, with vis-network's default options, with stabilisation cut
to 100 iterations, and with no stabilisation: what the library itself costs a hub view.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

DEFAULT_URL = "/entity?iri={iri}"

# Truthy (the time) once a canvas in the page shows anything: vis-network draws on a
# transparent canvas, so any non-transparent pixel means nodes or edges were drawn.
DRAWN = """() => {
  for (const c of document.querySelectorAll('canvas')) {
    if (!c.width || !c.height) continue;
    const s = document.createElement('canvas'); s.width = 48; s.height = 48;
    const x = s.getContext('2d'); x.drawImage(c, 0, 0, 48, 48);
    const d = x.getImageData(0, 0, 48, 48).data;
    for (let i = 3; i < d.length; i += 4) if (d[i]) return performance.now();
  }
  return false;
}"""
HTML_DONE = "() => performance.getEntriesByType('navigation')[0].responseEnd"


def chromium() -> tuple[str, list[str]]:
    """Debian's chromium and the flags the browser tests use."""
    tests = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(tests))
    from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

    return chromium_path(), CHROMIUM_FLAGS


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return e.code


def time_graph_view(url: str, *, runs: int = 5, timeout_ms: int = 30_000
                    ) -> list[dict[str, float]]:
    """Navigate to ``url`` ``runs`` times, each in a fresh context; times in ms."""
    from playwright.sync_api import sync_playwright

    path, flags = chromium()
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=flags)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 860})
                page = context.new_page()
                page.route("**/*", lambda route: route.continue_()
                           if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1"
                           else route.abort())
                page.goto(url, wait_until="commit", timeout=timeout_ms)
                drawn = page.wait_for_function(DRAWN, polling="raf", timeout=timeout_ms)
                times.append({"drawn_ms": float(drawn.json_value()),
                              "html_ms": float(page.evaluate(HTML_DONE))})
                context.close()
        finally:
            browser.close()
    return times


def browser_rows(base: str, hub: str, template: str, *, runs: int) -> list[dict[str, Any]]:
    url = base + template.format(iri=urllib.parse.quote(hub, safe=""))
    status = status_of(url)
    if status != 200:
        return [{"view": template, "ok": False, "status": status, "url": url,
                 "note": f"HTTP {status}: the graph view is not on this branch yet"}]
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        times = time_graph_view(url, runs=runs)
    except PlaywrightTimeout:
        return [{"view": template, "ok": False, "status": status, "url": url,
                 "note": "the page answered but drew no canvas within 30 s"}]
    drawn = [t["drawn_ms"] for t in times]
    return [{"view": template, "ok": True, "status": status, "url": url, "runs": len(times),
             "drawn_ms_median": round(statistics.median(drawn), 1),
             "drawn_ms_max": round(max(drawn), 1),
             "html_ms_median": round(statistics.median(t["html_ms"] for t in times), 1),
             "target_ms": 1000, "all": times}]


STAR = """<!doctype html><html><head><meta charset="utf-8">
<script src="vis-network.min.js"></script></head><body>
<div id="g" style="width:1200px;height:800px"></div><script>
const nodes = [{id: 0, label: "hub"}], edges = [];
for (let i = 1; i < %(nodes)d; i++) { nodes.push({id: i, label: "m" + i});
                                      edges.push({from: 0, to: i}); }
new vis.Network(document.getElementById("g"),
  {nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)}, %(options)s);
</script></body></html>"""
VARIANTS = {"vis defaults": "{}",
            "stabilization 100": "{physics: {stabilization: {iterations: 100}}}",
            "no stabilization": "{physics: {stabilization: false}}"}


def vis_network_js() -> Path:
    import pyvis

    found = sorted(Path(pyvis.__file__).parent.glob("lib/vis-*/vis-network.min.js"))
    if not found:
        raise RuntimeError("pyvis ships no vis-network.min.js here")
    return found[-1]


def baseline_rows(nodes: int, *, runs: int) -> list[dict[str, Any]]:
    """Time a static star of ``nodes`` nodes in each vis-network variant."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "vis-network.min.js").write_bytes(vis_network_js().read_bytes())
        for k, options in enumerate(VARIANTS.values()):
            (folder / f"star{k}.html").write_text(STAR % {"nodes": nodes, "options": options})
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            rows = []
            for k, name in enumerate(VARIANTS):
                [row] = browser_rows(base, "", f"/star{k}.html", runs=runs)
                rows.append({**row, "view": f"baseline: {nodes}-node star, {name}"})
            return rows
        finally:
            server.shutdown()
            server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass
