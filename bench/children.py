"""Library-level loads, run as child processes so each one's peak memory is its own.

    python bench/children.py embedded-bulk FILE STORE_DIR   EmbeddedStore.load(bulk=True)
    python bench/children.py embedded-txn FILE STORE_DIR    EmbeddedStore.load(bulk=False)
    python bench/children.py rdflib FILE                    rdflib Dataset().parse(FILE)

Each prints one JSON line: the seconds the load itself took and the quads it holds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def embedded(file: Path, store_dir: Path, *, bulk: bool) -> dict[str, float]:
    from kg.rdf.formats import rdf_format_for_path
    from kg.store.oxigraph.store import EmbeddedStore

    started = time.perf_counter()
    store = EmbeddedStore(store_dir)
    store.load(file, rdf_format_for_path(file).name, bulk=bulk)
    store.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "quads": EmbeddedStore(store_dir).count()}


def rdflib_memory(file: Path) -> dict[str, float]:
    import warnings

    from rdflib import Dataset

    warnings.simplefilter("ignore")  # rdflib warns about its own Dataset API
    started = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(file)
    return {"seconds": time.perf_counter() - started, "quads": len(ds)}


def main(argv: list[str]) -> int:
    kind, file = argv[0], Path(argv[1])
    if kind == "rdflib":
        result = rdflib_memory(file)
    elif kind in ("embedded-bulk", "embedded-txn"):
        result = embedded(file, Path(argv[2]), bulk=kind == "embedded-bulk")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
