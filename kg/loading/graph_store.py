"""Writing whole graphs, as the Graph Store Protocol does: stored exactly as sent.

A graph written here holds exactly the triples sent (no provenance record is added to
it, as the protocol's semantics require), but it passes the same shape checks as a
load through :mod:`kg.loading.loader`: the documents are parsed in memory, checked
against the shapes with what the store already says about their nodes, and written by
one update, all or nothing. Checked loads with provenance records and undo go
through :func:`kg.loading.loader.load` instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef

from kg.checks.validate import Rules, check
from kg.errors import ValidationError
from kg.loading.model import graph_content, type_context
from kg.rdf.binding import term_text
from kg.rdf.ntriples import triples_text
from kg.rdf.parse import parse_quads
from kg.rdf.terms import Triple
from kg.store.base import DEFAULT_GRAPH, WriteStore


def write_graph(store: WriteStore, documents: Sequence[tuple[bytes, str]], graph: str, *,
                replace: bool, base_iri: str, rules: Rules) -> list[str]:
    """Put the (body, format) documents into ``graph`` (an IRI or DEFAULT_GRAPH),
    replacing its triples or adding to them. Returns the vocabulary warnings; raises
    :class:`~kg.errors.RdfSyntaxError` or :class:`~kg.errors.ValidationError`, in which
    case nothing was stored.

    The documents are parsed and checked here, in memory, and written by one update:
    no query ever sees them before they pass, and a process killed at any moment leaves
    the store as it was or as it is after the write, never between."""
    triples: list[Triple] = []
    for body, fmt in documents:
        quads = parse_quads(body, fmt, base_iri=base_iri, name="request body")
        triples.extend((s, p, o) for s, p, o, _ in quads)
    triples = list(dict.fromkeys(triples))
    with store.write_lock:
        context = type_context(store, triples)
        if replace:  # the store as it will be: less what goes
            for t in graph_content(store, graph) or [] if graph != DEFAULT_GRAPH else []:
                context.remove(t)
        findings = check(rules, triples, context)
        if findings.violations:
            n = len(findings.violations)
            raise ValidationError(f"{n} shape violation{'s' if n != 1 else ''}; nothing was "
                                  "stored", findings.violations,
                                  hint="fix the data and send it again")
        update = _write(graph, triples, replace)
        if update is not None:
            store.update(update)
    return findings.warnings


def _write(graph: str, triples: Sequence[Triple], replace: bool) -> str | None:
    """One update giving ``graph`` the triples (``replace``) or adding them; None when
    there is nothing to do. ``INSERT {...} WHERE {}`` rather than INSERT DATA, which some
    engines refuse with blank nodes (the two mean the same)."""
    target = "DEFAULT" if graph == DEFAULT_GRAPH else "GRAPH " + term_text(URIRef(graph))
    ops = [f"DROP SILENT {target}"] if replace else []
    if replace and graph != DEFAULT_GRAPH:
        ops.append(f"CREATE SILENT {target}")  # an empty graph PUT still exists
    body = triples_text(triples)
    if body:
        inner = body if graph == DEFAULT_GRAPH else f"{target} {{\n{body}}}"
        ops.append("INSERT {\n" + inner + "} WHERE {}")
    return " ;\n".join(ops) or None
