"""What a load is made of and reports: its inputs, progress, report and PROV-O record,
and the judgement of its findings. Shared by the transaction path
(:mod:`kg.loading.loader`) and the bulk path (:mod:`kg.loading.bulk`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import rdflib
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.checks.validate import Findings
from kg.errors import RdfSyntaxError, ValidationError
from kg.rdf.binding import term_text
from kg.rdf.formats import Format, rdf_format
from kg.rdf.ntriples import triples_text
from kg.rdf.terms import Triple
from kg.rdf.vocab import PREFIXES, SK
from kg.store.base import ReadStore

PROV = rdflib.Namespace(PREFIXES["prov"])
DCTERMS = rdflib.Namespace(PREFIXES["dcterms"])

#: One input: a name (a file name), its bytes or path, and its format (None: by the name)
Input = tuple[str, bytes | Path, str | None]


@dataclass
class Progress:
    """What a long load is doing: ``stage`` is parse, check or commit; ``triples`` is
    exact after parsing and estimated (lines read) while bulk loading."""

    stage: str
    done_bytes: int
    total_bytes: int
    triples: int
    seconds: float


@dataclass
class FileReport:
    name: str
    format: str
    size: int
    sha256: str
    triples: int = 0


@dataclass
class LoadReport:
    """What a load did (or, with ``dry_run``, would do)."""

    id: str
    graph: str  # where the facts went
    record: str  # the load's own graph: its PROV-O record (and its facts by default)
    files: list[FileReport]
    triples: int = 0
    added: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    added_triples: list[str] = field(default_factory=list)  # N-Triples lines, first 200
    removed_triples: list[str] = field(default_factory=list)
    dry_run: bool = False
    bulk: bool = False
    replace: bool = False
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        out = dict(self.__dict__)
        out["files"] = [f.__dict__ for f in self.files]
        return out


@dataclass
class Item:
    name: str
    data: bytes | Path
    format: Format
    report: FileReport


def judge(report: LoadReport, findings: Findings) -> None:
    report.warnings = findings.warnings
    report.violations = findings.violations
    if findings.violations:
        n = len(findings.violations)
        error = ValidationError(
            f"{n} shape violation{'s' if n != 1 else ''}; nothing was loaded",
            findings.violations, hint="fix the data and load it again")
        error.report = report  # type: ignore[attr-defined]
        raise error


def _line_of(data: bytes | Path, number: int) -> str | None:
    if isinstance(data, bytes):
        lines = data.split(b"\n", number)
        return lines[number - 1].decode("utf-8", "replace") if len(lines) >= number else None
    with data.open("rb") as f:
        for n, line in enumerate(f, 1):
            if n == number:
                return line.decode("utf-8", "replace").rstrip("\r\n")
    return None


def with_token(err: RdfSyntaxError, data: bytes | Path) -> RdfSyntaxError:
    """The error with the text found at its place: ``(near '"y" .')``."""
    if err.line is None or err.column is None:
        return err
    line = _line_of(data, err.line)
    if line is None:
        return err
    near = line[err.column - 1:][:24].strip()
    detail = f"{err.detail} (near {near!r})" if near else f"{err.detail} (at the end of the line)"
    return RdfSyntaxError(detail, source=err.source, line=err.line, column=err.column,
                          hint=err.hint)


def graph_content(store: ReadStore, graph: str) -> list[Triple] | None:
    """The triples of one named graph, or None when the store has no such graph."""
    if graph not in store.named_graphs():
        return None
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                         bindings={"g": URIRef(graph)})
    return list(result.triples())


def type_context(store: ReadStore, triples: Iterable[Triple], limit: int = 2000) -> Graph:
    """What the store already says about the IRIs the new triples mention (their types,
    labels, ...), so a shape sees an entity loaded earlier as it is."""
    nodes = sorted({t for s, _, o in triples for t in (s, o) if isinstance(t, URIRef)})[:limit]
    g = Graph()
    if not nodes:
        return g
    values = " ".join(term_text(n) for n in nodes)
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}"
    for t in store.query(q).triples():
        g.add(t)
    return g


@dataclass
class Meta:
    loaded_by: str
    declared_source: str | None
    started: datetime

    def sources(self, report: LoadReport) -> list[URIRef]:
        if self.declared_source:
            return [URIRef(self.declared_source)]
        return [URIRef(f"{report.record}#file-{n}") for n in range(1, len(report.files) + 1)]

    def graph_provenance(self, report: LoadReport) -> list[Triple]:
        """What the target graph says about itself, as the bundled claim graphs do."""
        g = URIRef(report.graph)
        out: list[Any] = [(g, PROV.wasDerivedFrom, src) for src in self.sources(report)]
        out.append((g, SK.asOf, Literal(self.started.date().isoformat(), datatype=XSD.date)))
        return out

    def triples(self, report: LoadReport, before: dict[str, list[Triple] | None],
                changes: dict[str, tuple[list[Triple], list[Triple]]]) -> list[Triple]:
        """The PROV-O record of the load (see :mod:`kg.loading.history`)."""
        r = URIRef(report.record)
        activity, now = URIRef(report.record + "#activity"), datetime.now(UTC)
        out: list[Any] = [
            (r, RDF.type, SK.Load), (r, RDF.type, PROV.Entity),
            (r, SK.loadId, Literal(report.id)), (r, PROV.wasGeneratedBy, activity),
            (r, PROV.generatedAtTime, Literal(now.isoformat(), datatype=XSD.dateTime)),
            (r, SK.asOf, Literal(now.date().isoformat(), datatype=XSD.date)),
            (r, SK.targetGraph, URIRef(report.graph)), (r, SK.loadedBy, Literal(self.loaded_by)),
            (r, SK.tripleCount, Literal(report.triples)), (r, SK.addedCount, Literal(report.added)),
            (r, SK.removedCount, Literal(report.removed)),
            (activity, RDF.type, PROV.Activity),
            (activity, PROV.startedAtTime, Literal(self.started.isoformat(),
                                                   datatype=XSD.dateTime)),
            (activity, PROV.endedAtTime, Literal(now.isoformat(), datatype=XSD.dateTime)),
        ]
        out += [(r, PROV.wasDerivedFrom, src) for src in self.sources(report)]
        if self.declared_source:
            out.append((r, SK.declaredSource, URIRef(self.declared_source)))
        for n, f in enumerate(report.files, 1):
            entity = URIRef(f"{report.record}#file-{n}")
            out += [(activity, PROV.used, entity), (entity, RDF.type, PROV.Entity),
                    (entity, DCTERMS["title"], Literal(f.name)),
                    (entity, SK.sha256, Literal(f.sha256)), (entity, SK.byteSize, Literal(f.size)),
                    (entity, SK.tripleCount, Literal(f.triples)),
                    (entity, DCTERMS["format"], Literal(rdf_format(f.format).media_type))]
        for n, (g, old) in enumerate(sorted(before.items()), 1):
            snap = URIRef(f"{report.record}#before-{n}")
            added, removed = changes[g]
            out += [(r, SK.snapshot, snap), (snap, SK.ofGraph, URIRef(g)),
                    (snap, SK.existed, Literal(old is not None)),
                    (snap, SK.content, Literal(triples_text(old or []))),
                    (snap, SK.addedTriples, Literal(triples_text(added))),
                    (snap, SK.removedTriples, Literal(triples_text(removed)))]
        return out


__all__ = ["FileReport", "Input", "Item", "LoadReport", "Meta", "Progress", "graph_content",
           "judge", "type_context", "with_token"]
