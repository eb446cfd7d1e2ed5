"""Writing query results for a terminal."""

from __future__ import annotations

from rdflib.term import BNode, Literal, URIRef

from kg.rdf.formats import RESULT_FORMATS
from kg.rdf.vocab import PREFIXES
from kg.store.base import QueryResult, Term

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in _BY_LENGTH:
            if term.startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.language:
        return f"{term}@{term.language}"
    return str(term)


def table(variables: list[str], rows: list[dict[str, Term]]) -> str:
    cells = [[short(r.get(v)) for v in variables] for r in rows]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render_result(result: QueryResult, output: str) -> bytes:
    """The result as the terminal should show it: a table, or a serialisation."""
    if output == "table":
        if result.kind == "ask":
            return b"true\n" if result.boolean else b"false\n"
        if result.kind == "graph":
            return result.serialize("turtle")
        return table(result.variables, list(result.rows())).encode()
    if result.kind == "graph" and output in RESULT_FORMATS and output != "json":
        return result.serialize("turtle")
    return result.serialize("jsonld" if result.kind == "graph" and output == "json" else output)
