"""Cutting a large input into parts that the store bulk-loads side by side.

Oxigraph's bulk loader keeps one core busy per input, so a large N-Triples or N-Quads
file is cut at line ends into one part per core (at most :data:`MAX_PARTS`) and the parts
are loaded at once (``EmbeddedStore.stage_parts``). Each part is a document of its own,
so a file is only cut when that changes nothing: one statement per line, and no blank
node (each document gets its own blank nodes, so ``_:b`` in two parts would become two
nodes); and only up to :data:`MAX_LINES`, where two parts take no more memory than one.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Most parts one input is cut into: each part's loader keeps its own batches in memory.
MAX_PARTS = 2
#: Longest file cut (about one triple a line). Oxigraph's bulk loader works in batches of
#: a million quads; peak memory measured here (bench data, on disk), whole and in two
#: parts: 1M triples 890 and 890 MiB, 1.5M 1,266 and 1,243 MiB, 2M 1,423 and 1,772 MiB,
#: 3M 1,587 and 2,457 MiB. Up to here two parts cost no memory; a longer file goes whole.
MAX_LINES = 1_500_000
_LINE_BASED = {"ntriples", "nquads"}
_CHUNK = 1 << 20


def _open(data: bytes | Path) -> Any:
    return data.open("rb") if isinstance(data, Path) else io.BytesIO(data)


class Part(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file (or of bytes) read through, counting bytes and
    lines (about one triple each) for progress; ``on_read`` is called after each read."""

    def __init__(self, data: bytes | Path, start: int, end: int,
                 on_read: Callable[[], None]) -> None:
        self._f = _open(data)
        self._f.seek(start)
        self.start, self._left = start, end - start
        self._on_read = on_read
        self.done = self.lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[:self._left]
        n = int(self._f.readinto(view)) if self._left else 0
        self._left -= n
        self.done += n
        self.lines += bytes(view[:n]).count(b"\n")
        self._on_read()
        return n

    def close(self) -> None:
        self._f.close()
        super().close()


def _survey(data: bytes | Path, max_lines: int) -> tuple[int, bool]:
    """How many lines ``data`` has (counting stops past ``max_lines``), and whether
    ``_:`` occurs anywhere (in a literal too: then the file is not cut)."""
    if isinstance(data, bytes):
        return data.count(b"\n"), b"_:" in data
    lines, tail = 0, b""
    with data.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            if b"_:" in tail + chunk[:1] or b"_:" in chunk:
                return lines, True
            lines += chunk.count(b"\n")
            if lines > max_lines:
                break
            tail = chunk[-1:]
    return lines, False


def part_count(data: bytes | Path, fmt: str, *, max_lines: int = MAX_LINES) -> int:
    """How many parts to cut ``data`` (of format ``fmt``) into: 1 when it cannot be cut,
    or when it has more than ``max_lines`` lines."""
    parts = min(MAX_PARTS, os.cpu_count() or 1)
    if parts < 2 or fmt not in _LINE_BASED:
        return 1
    lines, blank_nodes = _survey(data, max_lines)
    return 1 if blank_nodes or lines > max_lines else parts


def cut(data: bytes | Path, size: int, parts: int,
        on_read: Callable[[], None]) -> list[Part]:
    """``data`` (``size`` bytes) as ``parts`` parts of about equal size, cut at line ends."""
    offsets = [0]
    with _open(data) as f:
        for i in range(1, parts):
            f.seek(max(size * i // parts, offsets[-1]))
            f.readline()
            offsets.append(min(f.tell(), size))
    offsets.append(size)
    return [Part(data, a, b, on_read) for a, b in zip(offsets, offsets[1:], strict=False)]


def buffered(part: Part) -> io.BufferedReader:
    """``part`` read in chunks of a megabyte: the loader's small reads stay out of Python."""
    return io.BufferedReader(part, buffer_size=_CHUNK)


def line_of(data: bytes | Path, offset: int) -> int:
    """How many lines come before byte ``offset``."""
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset)
    lines, left = 0, offset
    with data.open("rb") as f:
        while left > 0:
            chunk = f.read(min(_CHUNK, left))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            left -= len(chunk)
    return lines


__all__ = ["MAX_LINES", "MAX_PARTS", "Part", "buffered", "cut", "line_of", "part_count"]
