"""`kg serve` closes its store when it stops: Granian's worker is told by the ASGI
lifespan protocol (web/serve/asgi.py), and closing the embedded store removes the
snapshots its query workers read, so a stopped server leaves none behind."""

from __future__ import annotations

from pathlib import Path

from tests.web.serve.test_served_clients import KgServer


def test_a_stopped_server_has_closed_its_store(tmp_path: Path) -> None:
    server = KgServer(tmp_path)
    try:
        assert (tmp_path / ".store-snapshots").is_dir()  # the query workers' snapshots
    finally:
        server.stop()
    assert server.proc.returncode is not None
    assert not (tmp_path / ".store-snapshots").exists()
