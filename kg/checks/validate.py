"""Checking new facts before they are stored: SHACL shapes and the ontology.

:class:`Rules` holds the shapes graph and the ontology graph (read once, from the bundled
``ontology/`` folder by default). :func:`check` validates an rdflib graph of new facts:

- every SHACL result of severity ``sh:Violation`` is an error, written in words
  (``node <x>: property sk:p: rule min count: message``);
- every other SHACL result, and every class or property the ontology does not declare
  (outside the well-known vocabularies), is a warning.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.term import Node

from kg.bundle.files import ontology_files, shapes_file
from kg.errors import ConfigError
from kg.rdf.vocab import PREFIXES, SK

SH = Namespace("http://www.w3.org/ns/shacl#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")

#: Namespaces whose terms are never reported as unknown.
KNOWN_VOCABULARIES = tuple(v for k, v in PREFIXES.items() if k != "sk") + (
    "http://xmlns.com/foaf/0.1/", "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "http://www.w3.org/ns/shacl#",
)
_CLASS_TYPES = {OWL.Class, RDFS.Class}
_PROPERTY_TYPES = {RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
                   OWL.AnnotationProperty, OWL.FunctionalProperty, OWL.TransitiveProperty,
                   OWL.SymmetricProperty, OWL.InverseFunctionalProperty}


def _parse(paths: Iterable[Path]) -> Graph:
    g = Graph()
    for path in paths:
        try:
            g.parse(path, format="turtle")
        except Exception as e:  # rdflib raises many unrelated types for bad input
            raise ConfigError(f"cannot read {path}: {e}") from None
    return g


@dataclass
class Rules:
    """The shapes and the ontology new facts are checked against."""

    shapes: Graph
    ontology: Graph
    classes: set[URIRef] = field(default_factory=set)
    properties: set[URIRef] = field(default_factory=set)
    targets: set[URIRef] = field(default_factory=set)
    subjects_of: set[URIRef] = field(default_factory=set)
    objects_of: set[URIRef] = field(default_factory=set)

    def __post_init__(self) -> None:
        for s, _, o in self.ontology.triples((None, RDF.type, None)):
            if isinstance(s, URIRef) and o in _CLASS_TYPES:
                self.classes.add(s)
            if isinstance(s, URIRef) and o in _PROPERTY_TYPES:
                self.properties.add(s)
        for prop, into in ((SH.targetClass, self.targets),
                           (SH.targetSubjectsOf, self.subjects_of),
                           (SH.targetObjectsOf, self.objects_of)):
            into.update(o for o in self.shapes.objects(None, prop) if isinstance(o, URIRef))

    @classmethod
    def from_files(cls, shapes: Sequence[Path] = (), ontology: Sequence[Path] = ()) -> Rules:
        return cls(_parse(shapes), _parse(ontology))

    @classmethod
    def bundled(cls) -> Rules:
        """The bundled ``ontology/shapes.ttl`` (when present) and ontology files, read
        once per process (they are the package's own files and never change)."""
        return _bundled_rules()

    @classmethod
    def chosen(cls, shapes: str = "", ontology: str = "") -> Rules:
        """The files the ``shapes`` and ``ontology`` settings name, each in place of the
        bundled one when given. Read anew at each call: whoever checks many loads (the
        web app) keeps the result."""
        bundled = cls.bundled()
        given = cls.from_files([Path(shapes)] if shapes else [],
                               [Path(ontology)] if ontology else [])
        return cls(given.shapes if shapes else bundled.shapes,
                   given.ontology if ontology else bundled.ontology)

    def is_known(self, term: URIRef, kind: str) -> bool:
        if str(term).startswith(KNOWN_VOCABULARIES):
            return True
        return term in (self.classes if kind == "class" else self.properties)


@functools.cache
def _bundled_rules() -> Rules:
    shapes = shapes_file()
    return Rules.from_files([shapes] if shapes.exists() else [], ontology_files())


@dataclass
class Findings:
    violations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def short_name(term: Node | None) -> str:
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(term).startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, rdflib.BNode):
        return "a blank node"
    return repr(str(term))


def rule_words(component: Node | None) -> str:
    name = str(component or "").rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    words = "".join(" " + c.lower() if c.isupper() else c for c in name).strip()
    return words or "shape"


def shacl_findings(report: Graph, about: set[Node] | None = None) -> Findings:
    """SHACL results in words, violations apart from warnings, in a stable order; only
    those about the nodes in ``about`` when given."""
    out = Findings()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if about is not None and focus not in about:
            continue
        path = report.value(result, SH.resultPath)
        rule = rule_words(report.value(result, SH.sourceConstraintComponent))
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        text = f"node {short_name(focus)}: property {short_name(path)}: rule {rule}"
        if value is not None and value != focus:
            text += f" (value {short_name(value)})"
        if message is not None:
            text += f": {message}"
        severity = report.value(result, SH.resultSeverity)
        (out.violations if severity == SH.Violation else out.warnings).append(text)
    out.violations.sort()
    out.warnings.sort()
    return out


def unknown_terms(rules: Rules, classes: Iterable[Node], properties: Iterable[Node],
                  declared: Iterable[Node] = ()) -> list[str]:
    """Warnings for the classes and properties the ontology does not declare (terms the
    data declares itself, ``declared``, are let through)."""
    skip = set(declared)
    out = [f"unknown class {short_name(c)}: the ontology does not declare it"
           for c in sorted({c for c in classes if isinstance(c, URIRef)})
           if c not in skip and not rules.is_known(c, "class")]
    out += [f"unknown property {short_name(p)}: the ontology does not declare it"
            for p in sorted({p for p in properties if isinstance(p, URIRef)})
            if p not in skip and not rules.is_known(p, "property")]
    return out


def vocabulary_warnings(rules: Rules, data: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Classes and properties used in ``data`` that the ontology does not declare."""
    triples = list(data)
    return unknown_terms(rules, {o for _, p, o in triples if p == RDF.type},
                         {p for _, p, _ in triples}, {s for s, p, _ in triples if p == RDF.type})


def check(rules: Rules, data: Iterable[tuple[Node, Node, Node]], context: Graph | None = None,
          about: set[Node] | None = None) -> Findings:
    """Validate ``data`` against the shapes and the ontology.

    The shapes see the new facts together with ``context`` (what the store already says
    about the nodes they mention) and the ontology (class hierarchy, concept schemes);
    only results about nodes of the new facts (or the nodes in ``about``) are reported."""
    findings = Findings()
    data = data if isinstance(data, (Graph, list)) else list(data)
    if len(rules.shapes):
        import pyshacl  # here: importing it costs a second, and most runs check nothing

        combined = Graph()
        for source in (data, context or (), rules.ontology):
            for t in source:
                combined.add(t)
        _, report, _ = pyshacl.validate(
            combined, shacl_graph=rules.shapes, inference="none", abort_on_first=False,
            allow_warnings=True, allow_infos=True, advanced=False, meta_shacl=False)
        assert isinstance(report, Graph)
        if about is None:
            about = {t for s, _, o in data for t in (s, o)}
        findings = shacl_findings(report, about)
    findings.warnings += vocabulary_warnings(rules, data)
    return findings


__all__ = ["Findings", "Rules", "SH", "SK", "check", "shacl_findings", "unknown_terms",
           "vocabulary_warnings"]
