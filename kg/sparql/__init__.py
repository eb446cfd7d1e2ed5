"""SPARQL texts and answers, engine-neutral: the guard that keeps requests from reaching
other hosts (:mod:`.guard`), the protocol's update dataset (:mod:`.update_dataset`),
result formats (:mod:`.results`), the service description (:mod:`.service`), the
recogniser of one-pattern lookups (:mod:`.single_pattern`) and syntax errors in one
shape (:mod:`.syntax`). Depends on :mod:`kg.rdf`."""

from kg.sparql.guard import Guard, Reach, allowed_endpoints, reaches
from kg.sparql.results import parse_json, write_results
from kg.sparql.service import service_description
from kg.sparql.single_pattern import is_single_pattern
from kg.sparql.syntax import located_query_error
from kg.sparql.update_dataset import check_dataset, with_dataset

__all__ = ["Guard", "Reach", "allowed_endpoints", "check_dataset", "is_single_pattern",
           "located_query_error", "parse_json", "reaches", "service_description",
           "with_dataset", "write_results"]
