"""Running the engines as child processes: timed runs with their peak memory, and
servers on loopback that are started, waited for and stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
TMP = Path(__file__).resolve().parent / "out" / "tmp"  # logs and captured output


def tool(name: str) -> str:
    """An executable from this virtual environment, else from PATH."""
    found = VENV_BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed (see bench/README.md)")
    return path


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes: the child's maximum resident set size
    status: int
    stdout: str
    stderr: str


def timed(argv: list[str], *, timeout: float = 3600) -> Run:
    """Run ``argv`` to completion; its wall time and its own peak RSS (from wait4)."""
    out, err = _tmp("out"), _tmp("err")
    with open(out, "w+b") as o, open(err, "w+b") as e:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=o, stderr=e, stdin=subprocess.DEVNULL)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        o.seek(0)
        e.seek(0)
        return Run(seconds, usage.ru_maxrss * 1024, proc.returncode,
                   o.read().decode(errors="replace"), e.read().decode(errors="replace"))


def _tmp(kind: str) -> Path:
    TMP.mkdir(parents=True, exist_ok=True)
    return TMP / f"{os.getpid()}.{kind}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_of(pid: int) -> int:
    """VmHWM (peak resident set) of a running process, in bytes; 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class Server:
    """A SPARQL server process on 127.0.0.1: ``query_url`` answers GET ?query=."""

    def __init__(self, name: str, argv: list[str], port: int, path: str, *,
                 ready_timeout: float = 120, log: Path | None = None) -> None:
        self.name = name
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.query_url = self.base + path
        self.log = log or _tmp(f"{name}.log")
        started = time.perf_counter()
        with open(self.log, "wb") as logf:
            self.proc = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
        try:
            self._wait(ready_timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.perf_counter() - started

    def _wait(self, timeout: float) -> None:
        ask = self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log.read_text(errors="replace")[-800:]
                raise RuntimeError(f"{self.name} exited with status {self.proc.returncode}: "
                                   f"{tail}")
            try:
                req = urllib.request.Request(
                    ask, headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=2) as r:
                    if r.status == 200:
                        return
            except urllib.error.HTTPError as e:  # up, but not answering SPARQL there
                raise RuntimeError(f"{self.name} answered {self.query_url} with HTTP "
                                   f"{e.code}") from None
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s "
                           f"(log: {self.log})")

    @property
    def peak_rss(self) -> int:
        return peak_rss_of(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
