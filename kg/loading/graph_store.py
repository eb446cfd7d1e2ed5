"""Writing whole graphs, as the Graph Store Protocol does: stored exactly as sent.

A graph written here holds exactly the triples sent (no provenance record is added to
it, as the protocol's semantics require), but it passes the same shape checks as a
load through :mod:`kg.loading.loader`: the documents are parsed into a scratch graph, checked
against the shapes with what the store already says about their nodes, and moved into
place by one update, all or nothing. Checked loads with provenance records and undo go
through :func:`kg.loading.loader.load` instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from rdflib import URIRef

from kg.checks.validate import Rules, check
from kg.errors import ValidationError
from kg.loading.loader import graph_content, type_context
from kg.rdf.binding import term_text
from kg.store.base import DEFAULT_GRAPH, WriteStore


def write_graph(store: WriteStore, documents: Sequence[tuple[bytes, str]], graph: str, *,
                replace: bool, base_iri: str, rules: Rules) -> list[str]:
    """Put the (body, format) documents into ``graph`` (an IRI or DEFAULT_GRAPH),
    replacing its triples or adding to them. Returns the vocabulary warnings; raises
    :class:`~kg.errors.RdfSyntaxError` or :class:`~kg.errors.ValidationError`, in which
    case nothing was stored."""
    scratch = f"urn:space-kg:upload:{uuid.uuid4().hex}"
    try:
        for body, fmt in documents:
            store.load(body, fmt, graph=scratch, base_iri=base_iri, name="request body")
        triples = graph_content(store, scratch) or []
        findings = check(rules, triples, type_context(store, triples))
    except Exception:
        store.drop_graph(scratch)
        raise
    if findings.violations:
        store.drop_graph(scratch)
        n = len(findings.violations)
        raise ValidationError(f"{n} shape violation{'s' if n != 1 else ''}; nothing was stored",
                              findings.violations, hint="fix the data and send it again")
    source = term_text(URIRef(scratch))
    target = "DEFAULT" if graph == DEFAULT_GRAPH else "GRAPH " + term_text(URIRef(graph))
    if replace:
        store.update(f"DROP SILENT {target} ; MOVE SILENT GRAPH {source} TO {target}")
    else:
        store.update(f"ADD SILENT GRAPH {source} TO {target} ; DROP SILENT GRAPH {source}")
    return findings.warnings
