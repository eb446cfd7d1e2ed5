"""Syntax errors of SPARQL texts in one shape, whichever parser found them."""

from __future__ import annotations

import re

from kg.errors import QuerySyntaxError

_QUERY_POS = re.compile(r"(?:error at|line) (\d+)[:, column]+(\d+):? (.*)", re.S)


def located_query_error(text: str, source: str = "query",
                        query: str | None = None) -> QuerySyntaxError:
    """A :class:`QuerySyntaxError` from a parser's message, with line and column when the
    message gives them (Oxigraph writes ``error at LINE:COLUMN: message``), and the
    offending text when the query is given. Long lists of expected tokens are cut."""
    m = _QUERY_POS.search(text)
    if not m:
        return QuerySyntaxError(text.strip(), source=source)
    line, column, message = int(m.group(1)), int(m.group(2)), " ".join(m.group(3).split())
    if len(message) > 160:
        message = message[:150].rsplit(",", 1)[0] + ", ..."
    if query is not None:
        lines = query.splitlines()
        if 0 < line <= len(lines):
            near = lines[line - 1][max(0, column - 1):][:20].strip()
            message = f"{message} (near {near!r})" if near else f"{message} (at end of line)"
    return QuerySyntaxError(message, source=source, line=line, column=column)
