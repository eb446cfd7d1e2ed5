"""Where the bundled ontology, shapes, facts and named queries live.

In the source tree they are ``ontology/``, ``data/`` and ``queries/``; an installed
package carries them as ``kg/_bundle/...``.
"""

from __future__ import annotations

from pathlib import Path

_KG = Path(__file__).resolve().parent.parent

BUNDLE_FORMAT = "2"  # bump when the way the bundle is loaded (or reasoned over) changes


def bundle_dir(name: str) -> Path:
    """The folder of bundled ``ontology``, ``data`` or ``queries`` files."""
    installed = _KG / "_bundle" / name
    if installed.is_dir():
        return installed
    return _KG.parent / name


SHAPES_FILE = "shapes.ttl"  # SHACL shapes: used to validate the facts, not loaded


def ontology_files() -> list[Path]:
    return sorted(p for p in bundle_dir("ontology").glob("*.ttl") if p.name != SHAPES_FILE)


def shapes_file() -> Path:
    return bundle_dir("ontology") / SHAPES_FILE


def data_files() -> list[Path]:
    folder = bundle_dir("data")
    return sorted(p for p in folder.iterdir() if p.suffix in {".ttl", ".trig", ".nt", ".nq"})


