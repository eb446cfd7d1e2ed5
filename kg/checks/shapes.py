"""SHACL validation of fact files against ``ontology/shapes.ttl``, with messages in words.

The facts are validated as one graph (the union of every file's named graphs) together
with the ontology, so a claim graph may point at an entity described in another one and
``sh:class`` follows the class hierarchy.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kg.bundle.files import data_files, ontology_files, shapes_file
from kg.rdf.formats import rdf_format_for_path
from kg.rdf.vocab import PREFIXES

_PARSER = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


@dataclass(frozen=True)
class Violation:
    """One broken rule: which node, which property, which rule, and why in words."""

    node: str
    property: str | None
    rule: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.node}, property {self.property}" if self.property else self.node
        value = f" (value {self.value})" if self.value is not None else ""
        return f"{where}: {self.message}{value} [rule: {self.rule}]"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        if self.conforms:
            return "conforms: no violations"
        return "\n".join(str(v) for v in self.violations)


def facts_graph(paths: Iterable[Path], base_iri: str) -> Graph:
    """One graph holding every triple of the given files, whatever graph it was in."""
    merged = Graph()
    for path in paths:
        fmt = rdf_format_for_path(path)
        with path.open("rb") as f:
            if fmt.datasets:
                ds = rdflib.Dataset()
                with warnings.catch_warnings():
                    # rdflib 7.x warns about its own use of Dataset.default_context
                    warnings.simplefilter("ignore", DeprecationWarning)
                    ds.parse(f, format=_PARSER[fmt.name], publicID=base_iri)
                for s, p, o, _g in ds.quads():
                    merged.add((s, p, o))
            else:
                merged.parse(f, format=_PARSER[fmt.name], publicID=base_iri)
    return merged


def _short(term: object, base_iri: str) -> str:
    text = str(term)
    if isinstance(term, URIRef):
        if text.startswith(base_iri):
            return "<" + text[len(base_iri) :] + ">"
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns) :]}"
        return f"<{text}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    return text


_RULES = {
    "MinCountConstraintComponent": "required (minimum count)",
    "MaxCountConstraintComponent": "too many values (maximum count)",
    "DatatypeConstraintComponent": "wrong datatype",
    "ClassConstraintComponent": "wrong class of value",
    "InConstraintComponent": "value not in the allowed list",
    "OrConstraintComponent": "none of the alternatives holds",
    "QualifiedMinCountConstraintComponent": "required kind of value missing",
    "UniqueLangConstraintComponent": "one value per language",
    "NodeKindConstraintComponent": "wrong kind of node",
    "HasValueConstraintComponent": "required value missing",
}


def _rule_words(component: object) -> str:
    name = str(component).rsplit("#", 1)[-1]
    return _RULES.get(name, name.replace("ConstraintComponent", "").lower())


def validate(paths: Iterable[Path], *, base_iri: str) -> Report:
    """Validate fact files against the bundled shapes and ontology."""
    import pyshacl  # imported here: slow to import and only needed for validation

    data = facts_graph(paths, base_iri)
    for path in ontology_files():  # for the class hierarchy and the concept schemes
        data.parse(path, format="turtle")
    shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        allow_infos=True,
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        node = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        violations.append(
            Violation(
                node=_short(node, base_iri),
                property=_short(path, base_iri) if path is not None else None,
                rule=_rule_words(results.value(result, SH.sourceConstraintComponent)),
                message=str(message) if message is not None else "violates a shape",
                value=_short(value, base_iri) if value is not None else None,
            )
        )
    violations.sort(key=lambda v: (v.node, v.property or "", v.rule))
    return Report(bool(conforms), tuple(violations))


def validate_bundle(base_iri: str) -> Report:
    """Validate every bundled fact file."""
    return validate(data_files(), base_iri=base_iri)
