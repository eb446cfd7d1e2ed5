"""Stores: one interface (:mod:`kg.store.base`), two engines.

:func:`open_store` picks the engine from the settings: the remote engine when an
``endpoint`` is set, otherwise the embedded one (in memory with ``memory``, on disk at
``store`` otherwise). Engine modules are imported only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.store.base import DEFAULT_GRAPH, QueryResult, ReadStore, Row, Term, WriteStore

if TYPE_CHECKING:
    from kg.settings import Settings


def open_store(settings: Settings) -> WriteStore:
    """Open the store the settings describe."""
    if settings.is_remote:
        from kg.store.remote.store import RemoteStore

        return RemoteStore(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            store_endpoint=settings.store_endpoint,
            user=settings.endpoint_user,
            password=settings.endpoint_password,
            timeout=settings.query_timeout,
        )
    from kg.store.oxigraph.store import EmbeddedStore

    return EmbeddedStore(None if settings.memory else settings.store_path)


def stop_queries_on_time(store: ReadStore, settings: Settings) -> None:
    """Make query time limits stop the work, for a long-running server.

    The embedded engine cannot cancel a query, so it runs queries in
    ``settings.query_workers`` worker processes that are killed at the time limit (see
    :mod:`kg.store.executor`). The remote engine already gives up on the client side at the
    limit; whether the engine then stops its own work is up to the engine.
    """
    use_workers = getattr(store, "use_workers", None)
    if use_workers is not None:
        use_workers(settings.query_workers, settings.query_timeout)


__all__ = ["DEFAULT_GRAPH", "QueryResult", "ReadStore", "Row", "Term", "WriteStore",
           "open_store", "stop_queries_on_time"]
