"""The protocol's dataset for an update: ``using-graph-uri`` and ``using-named-graph-uri``.

SPARQL 1.1 Protocol §2.2.3: these parameters set the RDF dataset that an update's WHERE
clauses match, as USING and USING NAMED clauses do, and an update that names its own
dataset (USING, USING NAMED or WITH) cannot also take them (:func:`check_dataset`). A
remote engine is sent the parameters; the embedded one has no way to take them, so
:func:`with_dataset` writes them into the update as those clauses.

The update is rewritten, not regenerated: a scanner that knows strings, IRIs, comments
and braces finds each operation's WHERE outside any braces and puts the clauses before
it; ``DELETE WHERE { P }`` becomes ``DELETE { P } USING ... WHERE { P }``, which is what
it means. rdflib's parser reads the update before and after, and the rewrite is refused
unless afterwards the same operations are there and each one with a WHERE has exactly the
new clauses. The IRIs must be absolute, with nothing that could end the ``<...>`` they
are written in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from pyparsing import (
    Literal,
    Optional,
    ParseBaseException,
    ParseException,
    ParserElement,
    StringEnd,
    ZeroOrMore,
    rest_of_line,
)
from rdflib.plugins.sparql import parser as sparql_grammar
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate

from kg.errors import BadRequestError, QuerySyntaxError
from kg.sparql.guard import MAX_NESTING, nesting
from kg.sparql.syntax import located_query_error

#: Longest update whose dataset clauses are rewritten: rdflib reads it twice, and its
#: parser's cost grows fast with the text (36 s of CPU for 199 KB of nested groups).
MAX_CHECKED = 20_000

#: An absolute IRI that can be written between ``<`` and ``>`` as it is.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*")

#: SPARQL's tokens as far as braces go: what is in a string, an IRI or a comment is not
#: a brace, and a word is a keyword only when it is all of its token (not ``where:x``).
_TOKEN = re.compile(r"""
    (?P<skip> \s+ | \#[^\n\r]* )
  | (?P<string> '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*" )
  | (?P<iri> <(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*> )
  | (?P<open> \{ ) | (?P<close> \} )
  | (?P<word> [?$]?(?:[\w\-.:%\u00B7]|\\.)+ )
  | (?P<other> . )
""", re.VERBOSE | re.DOTALL)

#: The update operations that match a WHERE clause against the dataset.
_MATCHING = ("Modify", "DeleteWhere")


def check_dataset(update: str, default_graphs: Sequence[str],
                  named_graphs: Sequence[str]) -> None:
    """Raise :class:`~kg.errors.BadRequestError` when the update cannot take these
    graphs as its dataset: it names its own, or a graph is not an absolute IRI."""
    if default_graphs or named_graphs:
        _checked(update, default_graphs, named_graphs)


def _checked(update: str, default_graphs: Sequence[str],
             named_graphs: Sequence[str]) -> list[Any]:
    """The update's operations (rdflib's parse), once :func:`check_dataset` passes."""
    for graph in (*default_graphs, *named_graphs):
        if not _IRI.fullmatch(graph):
            raise BadRequestError(f"the graph {graph!r} is not an absolute IRI",
                                  hint="using-graph-uri and using-named-graph-uri take "
                                       "absolute IRIs, such as http://example.org/graph")
    operations = _operations(update)
    if any("using" in op or "withClause" in op for op in operations if op.name == "Modify"):
        raise BadRequestError(
            "the update names its own dataset (USING, USING NAMED or WITH), so it cannot "
            "also take using-graph-uri or using-named-graph-uri",
            hint="send either the clauses or the parameters")
    return operations


def with_dataset(update: str, default_graphs: Sequence[str],
                 named_graphs: Sequence[str]) -> str:
    """``update`` with ``USING <g>`` for each of ``default_graphs`` and ``USING NAMED
    <g>`` for each of ``named_graphs`` in every operation that has a WHERE clause (see
    :func:`check_dataset` for the errors, and a 400 when the clauses cannot be placed)."""
    if not default_graphs and not named_graphs:
        return update
    before = _checked(update, default_graphs, named_graphs)
    expected = [("default", g) for g in default_graphs] + [("named", g) for g in named_graphs]
    clauses = " ".join(f"USING <{g}>" if kind == "default" else f"USING NAMED <{g}>"
                       for kind, g in expected)
    spots = _wheres(update)
    rewritten = update
    for where, pattern in reversed(spots):
        rewritten = f"{rewritten[:where]}{pattern} {clauses} {rewritten[where:]}"
    if len(spots) != sum(op.name in _MATCHING for op in before) \
            or not _placed(before, rewritten, expected):
        raise BadRequestError(
            "using-graph-uri and using-named-graph-uri could not be applied to this update",
            hint="write USING <graph> and USING NAMED <graph> clauses in the update itself")
    return rewritten


def _operations(update: str) -> list[Any]:
    tree = parse(update, update=True)
    return list(tree["request"]) if "request" in tree else []


def _wheres(update: str) -> list[tuple[int, str]]:
    """Where each WHERE outside braces starts, with the pattern after it when it is a
    ``DELETE WHERE`` (to be written before it as the DELETE template) else ``""``."""
    spots: list[tuple[int, str]] = []
    depth, last, opened, delete_where = 0, "", 0, False
    for token in _TOKEN.finditer(update):
        kind, text = token.lastgroup, token.group()
        if kind == "skip":
            continue
        if kind == "open":
            opened = token.start() if depth == 0 else opened
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and delete_where:
                spots[-1], delete_where = (spots[-1][0], update[opened:token.end()]), False
        elif depth == 0 and kind == "word" and text.upper() == "WHERE":
            delete_where = last.upper() == "DELETE"
            spots.append((token.start(), ""))
        last = text if depth == 0 else last
    return spots


def _placed(before: list[Any], rewritten: str, expected: list[tuple[str, str]]) -> bool:
    """Whether ``rewritten`` has the operations of ``before``, each one that matches a
    WHERE now a DELETE/INSERT with exactly the ``expected`` USING clauses."""
    try:
        after = _operations(rewritten)
    except QuerySyntaxError:
        return False
    if len(after) != len(before):
        return False
    for old, new in zip(before, after, strict=True):
        if old.name not in _MATCHING:
            if new.name != old.name:
                return False
        elif new.name != "Modify" or "withClause" in new or _using(new) != expected:
            return False
    return True


def _using(operation: Any) -> list[tuple[str, str]]:
    clauses = dict.get(operation, "using", [])  # CompValue.get(k) gives k when missing
    return [("default", str(c["default"])) if "default" in c else ("named", str(c["named"]))
            for c in clauses]


def parse(text: str, *, update: bool) -> Any:
    """rdflib's parse tree of a query or update; :class:`QuerySyntaxError` with the line
    and column when it is not SPARQL, :class:`QueryRejectedError` when it is too long."""
    if len(text) > MAX_CHECKED:
        raise BadRequestError(
            f"the {'update' if update else 'query'} is too long to take using-graph-uri or "
            f"using-named-graph-uri ({len(text):,} characters; at most {MAX_CHECKED:,})",
            hint="write USING clauses in the update itself")
    if nesting(text) > MAX_NESTING:  # rdflib's parser recurses too
        raise BadRequestError(f"the update nests groups more than {MAX_NESTING} deep")
    try:
        return parseUpdate(text) if update else parseQuery(text)
    except ParseException as e:
        where: ParseBaseException = e
        if update:
            where = _update_error(text) or e
        # the same message shape (and "near ...") as the engine's syntax errors
        raise located_query_error(f"error at {where.lineno}:{where.col}: {where.msg}",
                                  "update" if update else "query", text) from None


@functools.cache
def _strict_update() -> ParserElement:
    """rdflib's update grammar, but failing where an operation stops making sense:
    rdflib's own wraps each operation in an Optional, so any mistake is reported as
    "Expected end of text" at line 1, column 1."""
    g = sparql_grammar
    operations = (~StringEnd() - g.Update1
                  + ZeroOrMore(Literal(";") + ~StringEnd() - (g.Prologue + g.Update1))
                  + Optional(";") + StringEnd())
    strict = g.Prologue + (StringEnd() | operations)
    strict.ignore("#" + rest_of_line)
    return strict


def _update_error(text: str) -> ParseBaseException | None:
    """Where the update in ``text`` goes wrong, as :func:`_strict_update` finds it."""
    try:
        _strict_update().parse_string(expandUnicodeEscapes(text))
    except ParseBaseException as e:
        return e
    return None
