"""Stores: one interface (:mod:`kg.store.base`), two engines.

:func:`open_store` picks the engine from the settings: the remote engine when an
``endpoint`` is set, otherwise the embedded one (in memory with ``memory``, on disk at
``store`` otherwise). Engine modules are imported only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import DEFAULT_GRAPH, QueryResult, ReadStore, Row, Term, WriteStore

if TYPE_CHECKING:
    from ..settings import Settings


def open_store(settings: Settings) -> WriteStore:
    """Open the store the settings describe."""
    if settings.is_remote:
        from .remote import RemoteStore

        return RemoteStore(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            store_endpoint=settings.store_endpoint,
            user=settings.endpoint_user,
            password=settings.endpoint_password,
            timeout=settings.query_timeout,
        )
    from .embedded import EmbeddedStore

    return EmbeddedStore(None if settings.memory else settings.store_path)


__all__ = ["DEFAULT_GRAPH", "QueryResult", "ReadStore", "Row", "Term", "WriteStore",
           "open_store"]
