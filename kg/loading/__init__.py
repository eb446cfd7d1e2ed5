"""Loading new facts, all or nothing, and taking them back.

One path behind every door (CLI, upload page, HTTP API): :func:`load` parses, checks
(:mod:`kg.checks`) and stores the inputs in one transaction (:mod:`.loader`) or, for large
inputs on a staging store, through a staged bulk load revealed in one step
(:mod:`.bulk`, cutting files into parts with :mod:`.split`). Each load is recorded with
PROV-O and can be undone (:mod:`.history`); Graph Store writes are checked the same way
(:mod:`.graph_store`). The load's data types are in :mod:`.model`.
Depends on :mod:`kg.store`, :mod:`kg.checks` and :mod:`kg.rdf`."""

from kg.loading.graph_store import write_graph
from kg.loading.history import LoadRecord, get_load, list_loads, load_diff, recover, unload
from kg.loading.loader import BULK_BYTES, load
from kg.loading.model import FileReport, Input, LoadReport, Progress, graph_content

__all__ = ["BULK_BYTES", "FileReport", "Input", "LoadRecord", "LoadReport", "Progress",
           "get_load", "graph_content", "list_loads", "load", "load_diff",
           "recover", "unload", "write_graph"]
