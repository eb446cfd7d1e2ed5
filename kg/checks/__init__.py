"""Checking facts before they are stored: the SHACL shapes and the ontology's vocabulary
(:mod:`.validate`, with pyshacl), the shapes compiled to SPARQL for staged bulk loads
(:mod:`.shacl_sparql`), and validating the bundle's own files (:mod:`.shapes`).
Depends on :mod:`kg.rdf` and :mod:`kg.bundle` (where the shapes live)."""

from kg.checks.validate import Findings, Rules, check, unknown_terms, vocabulary_warnings

__all__ = ["Findings", "Rules", "check", "unknown_terms", "vocabulary_warnings"]
