"""Stores: one guarded interface (:mod:`kg.store.base`), two engines.

Owns every conversation with an engine: the embedded Oxigraph store
(:mod:`kg.store.oxigraph`, on disk or in memory, with its query worker processes in
:mod:`kg.store.executor`) and any SPARQL 1.1 endpoint (:mod:`kg.store.remote`). Every
query and update passes the store's guard (:mod:`kg.sparql.guard`) before an engine sees
it. :func:`open_store` picks the engine from the settings: the remote engine when an
``endpoint`` is set (read-only without an ``update_endpoint``), otherwise the embedded
one (in memory with ``memory``, on disk at ``store`` otherwise).
"""

from __future__ import annotations

from kg.settings import Settings
from kg.sparql.guard import allowed_endpoints
from kg.store.base import (
    DEFAULT_GRAPH,
    QueryResult,
    ReadStore,
    Row,
    StagingStore,
    Term,
    WriteStore,
)
from kg.store.oxigraph import EmbeddedStore
from kg.store.remote import RemoteReadStore, RemoteStore


def open_store(settings: Settings) -> ReadStore:
    """Open the store the settings describe."""
    allow = allowed_endpoints(settings.service_allow)
    if settings.is_remote:
        common = {"store_endpoint": settings.store_endpoint, "user": settings.endpoint_user,
                  "password": settings.endpoint_password, "timeout": settings.query_timeout,
                  "service_allow": allow, "engine": settings.engine}
        if settings.update_endpoint:
            return RemoteStore(settings.endpoint, update_endpoint=settings.update_endpoint,
                               **common)  # type: ignore[arg-type]
        return RemoteReadStore(settings.endpoint, **common)  # type: ignore[arg-type]
    return EmbeddedStore(None if settings.memory else settings.store_path, service_allow=allow)


def stop_queries_on_time(store: ReadStore, settings: Settings) -> None:
    """Make query time limits stop the work, for a long-running server (see
    :meth:`ReadStore.use_workers`)."""
    store.use_workers(settings.query_workers, settings.query_timeout)


__all__ = ["DEFAULT_GRAPH", "EmbeddedStore", "QueryResult", "ReadStore", "RemoteReadStore",
           "RemoteStore", "Row", "StagingStore", "Term", "WriteStore", "open_store",
           "stop_queries_on_time"]
