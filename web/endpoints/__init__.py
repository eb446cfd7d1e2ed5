"""The machine endpoints: the SPARQL 1.1 Protocol at ``/sparql`` (:mod:`.sparql`, with
its fast path for plain query GETs in :mod:`.fast_query`) and the Graph Store Protocol
at ``/store`` (:mod:`.graph_store`). Every query and update goes to the app's guarded
store. Depends on :mod:`web.http` and :mod:`kg`."""
