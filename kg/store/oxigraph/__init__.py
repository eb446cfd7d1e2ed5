"""The embedded engine: pyoxigraph on disk or in memory (:mod:`.store`), its results and
query running (:mod:`.query`). With :mod:`kg.rdf.parse`, the only place that imports
pyoxigraph."""

from kg.store.oxigraph.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
