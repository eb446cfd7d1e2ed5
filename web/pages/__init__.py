"""The explorer's pages, one blueprint each: home, entity pages and search
(:mod:`.browse`), graph views and the path finder (:mod:`.graphs`), the ontology, the
query page, the timeline, and loading with its history (:mod:`.load`). Each builds one
data dict from :mod:`kg.explore` and renders it as HTML or JSON. Depends on
:mod:`web.http` and :mod:`kg`."""
