"""Space KG: a knowledge graph of the world's space programs.

The library, which the command line (:mod:`kgcli`) and the web explorer (:mod:`web`)
only wrap. Its packages, each depending only on those listed before it:

- :mod:`kg.errors` and :mod:`kg.settings`: the one exception hierarchy; every setting.
- :mod:`kg.rdf`: terms, formats, N-Triples, parsing without fetching, the fixed IRIs.
- :mod:`kg.sparql`: the guard, the protocol's dataset, result formats, syntax errors.
- :mod:`kg.store`: the guarded store interface and its engines (embedded Oxigraph, any
  SPARQL 1.1 endpoint).
- :mod:`kg.bundle`: the bundled ontology, facts and named queries; building a store.
- :mod:`kg.checks`: SHACL shapes and vocabulary checks.
- :mod:`kg.loading`: all-or-nothing loads, their records, undo, Graph Store writes.
- :mod:`kg.explore`: what the explorer shows (entities, graphs, paths, search, timeline).

The names below are the short way in::

    import kg
    store = kg.open_store(kg.load_settings({"memory": True}))
    kg.ensure_bundle(store, "https://w3id.org/spacekg/id/")
    report = kg.load(store, [("news.ttl", data, None)], base_iri=...)
    kg.unload(store, report.id)

It never imports Flask, pyvis or :mod:`web`.
"""

from kg import errors
from kg.bundle import ensure_bundle
from kg.errors import KgError
from kg.loading import list_loads, load, recover, unload
from kg.settings import Settings, load_settings
from kg.store import ReadStore, StagingStore, WriteStore, open_store

__version__ = "0.1.0"

__all__ = ["KgError", "ReadStore", "Settings", "StagingStore", "WriteStore", "__version__",
           "ensure_bundle", "errors", "list_loads", "load", "load_settings", "open_store",
           "recover", "unload"]
