"""The remote engine: any SPARQL 1.1 endpoint through SPARQLWrapper (:mod:`.store`), read
only (:class:`RemoteReadStore`) or read and write (:class:`RemoteStore`). The only place
that imports SPARQLWrapper."""

from kg.store.remote.store import RemoteReadStore, RemoteResult, RemoteStore

__all__ = ["RemoteReadStore", "RemoteResult", "RemoteStore"]
