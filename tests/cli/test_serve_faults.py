"""`kg serve` killed with SIGKILL leaves nothing running: its Granian worker and the query
workers end with it, so a restart right after succeeds on the same port and store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.slow
COUNT = "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D"


def children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        out.setdefault(ppid, []).append(int(entry.name))
    return out


def descendants(pid: int) -> set[int]:
    tree, found, todo = children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def serve(store: Path, port: int) -> subprocess.Popen[bytes]:
    kg = Path(sys.executable).parent / "kg"
    proc = subprocess.Popen([str(kg), "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{COUNT}", timeout=5) as r:
                assert r.status == 200
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("kg serve did not answer within 90 s")


def test_kill_9_leaves_nothing_running_and_a_restart_works(tmp_path: Path) -> None:
    store, port = tmp_path / "store", free_port()
    first = serve(store, port)
    tree = descendants(first.pid)
    assert tree, "kg serve runs its app in worker processes"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(p) for p in tree):
        time.sleep(0.2)
    assert [p for p in tree if alive(p)] == []
    second = serve(store, port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{COUNT}", timeout=10) as r:
            assert int(r.read().split(b'"value":"')[1].split(b'"')[0]) > 1000
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=30)
