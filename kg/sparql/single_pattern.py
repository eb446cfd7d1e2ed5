"""Recognising queries that are one triple pattern, whose work is bounded by their answer.

Most requests a SPARQL endpoint gets are lookups: ``SELECT ?p ?o { <x> ?p ?o }``. Sending
each one to a query worker process (so that a time limit can stop it, see
:mod:`kg.store.executor`) costs several times the query itself. A query that is exactly one
triple pattern, with no filter, no DISTINCT, no repeated variable and a small OFFSET,
does a bounded amount of work per answer row: the engine walks one index range and
writes each match. Stopping it after a number of output bytes therefore stops its work,
so it can run in the caller's process (see ``EmbeddedStore.query``); past that size it
goes to a worker like any other query.

:func:`is_single_pattern` reads the text with a strict, conservative grammar: anything it
does not recognise (comments, ``\\u`` escapes, paths, blank nodes, FROM, VALUES, several
patterns, long strings...) is simply not a single pattern. The engine still parses the
query itself; this only decides where it runs.
"""

from __future__ import annotations

import re

#: Longer texts are not read here (lookups are short; this bounds the matching too).
MAX_LENGTH = 4_096

#: The largest OFFSET read in the caller's process (skipped rows are work without output).
MAX_OFFSET = 1_000

_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
_PNAME = r"(?:[A-Za-z][\w-]*)?:(?:[\w-]+(?:\.[\w-]+)*)?"
_VAR = r"[?$][A-Za-z_]\w*"
_STRING = r'"(?:[^"\\\n\r]|\\.)*"' + "|" + r"'(?:[^'\\\n\r]|\\.)*'"
_LITERAL = (rf"(?:{_STRING})(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:{_IRI}|{_PNAME}))?"
            r"|[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
            r"|true|false")
_TERM = rf"(?:{_IRI}|{_PNAME}|{_VAR}|{_LITERAL})"
_VERB = rf"(?:{_IRI}|{_PNAME}|{_VAR}|a)"
_PROLOGUE = rf"(?:\s*(?:BASE\s*{_IRI}|PREFIX\s+(?:[A-Za-z][\w-]*)?:\s*{_IRI}))*"
_PATTERN = (rf"(?:WHERE\s*)?\{{\s*(?P<s>{_TERM})\s+(?P<p>{_VERB})\s+(?P<o>{_TERM})"
            r"\s*\.?\s*\}")
_LIMIT = r"(?:\s*LIMIT\s+\d+)"
_OFFSET = r"(?:\s*OFFSET\s+(\d+))"
_SELECT = rf"SELECT\s*(?:REDUCED\s*)?(?:\*|{_VAR}(?:\s*{_VAR})*)\s*"
_ASK = r"ASK\s*"

_QUERY = re.compile(
    rf"{_PROLOGUE}\s*(?:{_SELECT}|{_ASK}){_PATTERN}"
    rf"(?:{_LIMIT}{_OFFSET}?|{_OFFSET}{_LIMIT}?)?\s*",
    re.IGNORECASE | re.DOTALL)


def is_single_pattern(text: str) -> bool:
    """Whether ``text`` is a SELECT or ASK of exactly one triple pattern whose work is
    bounded by its answer (see the module's documentation)."""
    if len(text) > MAX_LENGTH or "\\u" in text or "\\U" in text:
        return False  # escapes: let the engine's own parser have them
    m = _QUERY.fullmatch(text)
    if m is None:
        return False
    offset = m.group(4) or m.group(5)  # OFFSET after LIMIT, or before it
    if offset is not None and int(offset) > MAX_OFFSET:
        return False
    variables = [t for t in (m.group("s"), m.group("p"), m.group("o")) if t[0] in "?$"]
    # a repeated variable (?x <p> ?x) scans the pattern and keeps few rows
    return len({v[1:] for v in variables}) == len(variables)
