"""Binding values into SPARQL without pasting them into the query's text.

:func:`bind` puts a ``VALUES`` block at the start of the query's WHERE group, with each
term written by rdflib's escaping. Placed there (rather than trailing the query) it
joins before grouping and aggregation, so ``SELECT (COUNT(*) AS ?n) { GRAPH ?g {...} }``
with ``?g`` bound counts one graph, and it works the same on every engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import BNode, Identifier, Literal, URIRef

from kg.errors import BadRequestError, QuerySyntaxError

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BAD_IRI = re.compile(r'[<>"{}|^`\\\s]')


def term_text(term: Identifier) -> str:
    if isinstance(term, URIRef):
        if _BAD_IRI.search(str(term)):
            raise BadRequestError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise BadRequestError("a blank node cannot be bound into a query")
    raise BadRequestError(f"cannot bind {term!r}")


def values_block(bindings: Mapping[str, Identifier]) -> str:
    for name in bindings:
        if not _NAME.match(name):
            raise BadRequestError(f"not a variable name: {name!r}")
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(term_text(v) for v in bindings.values())
    return f" VALUES ({names}) {{ ({terms}) }} "


def _scan(text: str):
    """Yield (index, char) of each brace and the index of each keyword start outside
    strings, IRIs and comments."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c == "<":
            # an IRI has no spaces; a less-than comparison is followed by space or digit
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
            if m:
                i += m.end()
                continue
        if c in "\"'":
            q3 = text[i:i + 3]
            if q3 in ('"""', "'''"):
                j = text.find(q3, i + 3)
                i = n if j < 0 else j + 3
                continue
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in "{}":
            yield i, c
        elif c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "?$:_")):
            m = re.match(r"[A-Za-z]+", text[i:])
            assert m
            yield i, m.group(0).upper()
            i += m.end()
            continue
        i += 1


def bind(sparql: str, bindings: Mapping[str, Identifier] | None) -> str:
    """``sparql`` with ``bindings`` joined at the start of its WHERE group."""
    if not bindings:
        return sparql
    block = values_block(bindings)
    form = None
    skip_template = False
    depth = 0
    for i, tok in _scan(sparql):
        if form is None and tok in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
            form = tok
            continue
        if form == "CONSTRUCT" and tok == "WHERE" and depth == 0:
            skip_template = False
            form = "CONSTRUCT-WHERE"
            continue
        if tok == "{":
            if form == "CONSTRUCT":
                skip_template = True
            if depth == 0 and not skip_template and form is not None:
                return sparql[: i + 1] + block + sparql[i + 1:]
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
                form = "CONSTRUCT-WHERE"
    raise QuerySyntaxError("cannot find the query's WHERE clause to bind parameters into",
                           source="query")
