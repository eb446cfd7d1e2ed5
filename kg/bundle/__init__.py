"""The bundled knowledge: ontology, shapes, facts and named queries, and building a store
from them.

Owns where the bundled files live (:mod:`.files`), loading them into a store on first
start and again when they change (:mod:`.build`), the RDFS/OWL inferences kept in their
own graph (:mod:`.reasoning`), and the named queries of ``queries/``
(:mod:`.named_queries`). Depends on :mod:`kg.rdf` and :mod:`kg.store`.
"""

from kg.bundle import named_queries
from kg.bundle.build import BuildReport, bundle_hash, ensure_bundle
from kg.bundle.files import bundle_dir, data_files, ontology_files, shapes_file
from kg.bundle.reasoning import materialise

__all__ = ["BuildReport", "bundle_dir", "bundle_hash", "data_files", "ensure_bundle",
           "materialise", "named_queries", "ontology_files", "shapes_file"]
