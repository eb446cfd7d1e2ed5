"""Keeping queries and updates from reaching other servers or local files.

A SPARQL endpoint exposed to the public must not become a proxy: ``SERVICE <url>``
makes the engine call another endpoint, ``LOAD <url>`` fetches a document (or reads a
``file://`` path), and some engines fetch the graphs a query names with ``FROM`` or
``USING``. :func:`reaches` finds every such place in a text; :class:`Guard` refuses
them with :class:`~kg.errors.QueryRejectedError` unless ``service_allow`` names the
target. The store layer holds one guard and asks it before every query and update
(:mod:`kg.store.base`): no door reaches an engine around it.

**The text is read as any engine could read it.** A parser of our own could read a text
differently from the engine (rdflib expands ``\\u`` escapes before parsing, as the
grammar says; Oxigraph reads them only inside strings and IRIs), and a difference is a
hole. So nothing here parses SPARQL: a linear scanner finds its tokens (strings, IRIs,
comments, variables, words), once on the text as sent and once more with its ``\\u``
escapes expanded when it has any, and every reading counts. A bare word (outside
strings, IRIs and comments, not a variable, not the local part of a prefixed name) that
contains ``service`` or ``load`` is a reach, whatever follows: that is stricter than any
grammar (``SERVICESILENT`` or a prefix named ``loader:`` is refused too) and cannot be
hidden by nesting, escapes, comments or case. The scanner never recurses, so no text can
exhaust it, and its cost is linear in the text.

Graphs named by ``FROM``, ``FROM NAMED``, ``USING`` or the protocol's graph parameters
only matter to an engine that dereferences graphs it does not hold
(``fetches_graphs``): for such an engine a named graph must be one the store holds.
The embedded engine never fetches one; it answers a graph it does not hold as empty, as
SPARQL's dataset rules say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from kg.errors import BadRequestError, QueryRejectedError

#: SPARQL's tokens as far as reaching out goes. Every alternative starts with a different
#: character class and none can backtrack into another, so a scan is linear.
_TOKEN = re.compile(r"""
    (?P<skip> [ \t\r\n]+ | \#[^\n\r]* )
  | (?P<string> '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*" )
  | (?P<iri> <[^<>"{}|^`\\\x00-\x20]*> )
  | (?P<var> [?$][^\s{}()\[\];,<>"'\#?$=!|&^*/+]* )
  | (?P<word> (?:[^\s{}()\[\];,<>"'\#?$=!|&^*/+\\]|\\.)+ )
  | (?P<other> . )
""", re.VERBOSE | re.DOTALL)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: Deepest nesting of groups, brackets and parentheses sent on to an engine: Oxigraph's
#: parser recurses, and a few thousand nested groups overflow its stack (a crash, not
#: an error). Real queries stay far below this.
MAX_NESTING = 256
_REACHING = ("service", "load")


@dataclass(frozen=True)
class Reach:
    """One place a request would reach: what kind (service, load, graph) and the IRI
    (None when a variable or something unreadable names it)."""

    kind: str
    iri: str | None


def allowed_endpoints(setting: str) -> frozenset[str]:
    """The ``service_allow`` setting as a set of URLs."""
    return frozenset(setting.split())


def expand_escapes(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced, as the SPARQL
    grammar reads them before parsing (an escape of no character stays as it is)."""
    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _ESCAPE.sub(char, text)


def readings(text: str) -> list[str]:
    """Every way an engine may read ``text``: as sent, and with escapes expanded."""
    if "\\u" not in text and "\\U" not in text:
        return [text]
    return [text, expand_escapes(text)]


def reaches(text: str, *, prefixes: Mapping[str, str] | None = None,
            base_iri: str | None = None) -> list[Reach]:
    """Every place a query or update in ``text`` could reach, in any reading of it."""
    return _read(text, prefixes, base_iri)[1]


def nesting(text: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` outside strings, IRIs and comments,
    in any reading of ``text``."""
    return _read(text, None, None)[0]


def _read(text: str, prefixes: Mapping[str, str] | None,
          base_iri: str | None) -> tuple[int, list[Reach]]:
    """The deepest nesting and the reaches of ``text``, each reading tokenised once."""
    deepest, found = 0, []
    for reading in readings(text):
        tokens = list(_tokens(reading))
        deepest = max(deepest, _depth(tokens))
        for r in _scan(tokens, dict(prefixes or {}), base_iri):
            if r not in found:
                found.append(r)
    return deepest, found


def _depth(tokens: list[tuple[str, str]]) -> int:
    depth = deepest = 0
    for kind, value in tokens:
        if kind == "other":
            depth += (value in "{([") - (value in "})]")
            deepest = max(deepest, depth)
    return deepest


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    end, last = -1, ""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind == "skip":
            continue
        if kind == "var" and m.start() == end and (last in ("word", "iri") or
                                                   text[end - 1] == ")"):
            # ``sk:p?name`` may be read as the path ``sk:p?`` and a word ``name``
            yield "word", m.group()[1:]
        yield kind, m.group()
        end, last = m.end(), kind


def _scan(tokens: list[tuple[str, str]], prefixes: dict[str, str],
          base: str | None) -> Iterator[Reach]:
    for i, (kind, value) in enumerate(tokens):
        if kind != "word":
            continue
        lower = value.lower()
        head = lower.split(":", 1)[0] if ":" in lower else lower
        if any(word in head for word in _REACHING):
            kind_of = "load" if "load" in head else "service"
            yield Reach(kind_of, _target(tokens, i + 1, prefixes, base))
        elif lower == "prefix" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            name = tokens[i + 1][1]
            if name.endswith(":"):
                prefixes[name[:-1]] = _resolve(tokens[i + 2][1][1:-1], base) or ""
        elif lower == "base" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            base = _resolve(tokens[i + 1][1][1:-1], base)
        elif lower in ("from", "using"):
            yield Reach("graph", _target(tokens, i + 1, prefixes, base))


def _target(tokens: list[tuple[str, str]], i: int, prefixes: Mapping[str, str],
            base: str | None) -> str | None:
    """The IRI the tokens from ``i`` name, after SILENT or NAMED; None when it is a
    variable or cannot be read."""
    while i < len(tokens) and tokens[i][0] == "word" and tokens[i][1].lower() in (
            "silent", "named"):
        i += 1
    if i >= len(tokens):
        return None
    kind, value = tokens[i]
    if kind == "iri":
        return _resolve(value[1:-1], base)
    if kind == "word" and ":" in value and "\\" not in value and "%" not in value:
        prefix, local = value.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def _resolve(iri: str, base: str | None) -> str | None:
    if "\\" in iri:
        return None  # an escape we do not read the way every engine does: unknown
    if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
        return iri
    return urljoin(base, iri) if base else None


class Guard:
    """The decision for one store: what may be reached (``allow``), and whether the
    engine fetches graphs it does not hold (``fetches_graphs``), so that a graph a
    request names must be one the store holds (``held``, asked only when needed)."""

    def __init__(self, allow: Collection[str] = (), *, fetches_graphs: bool = False) -> None:
        self.allow = frozenset(allow)
        self.fetches_graphs = fetches_graphs

    def check(self, text: str, *, graphs: Iterable[str] = (),
              prefixes: Mapping[str, str] | None = None, base_iri: str | None = None,
              held: Callable[[], Collection[str]] = tuple) -> None:
        """Raise :class:`~kg.errors.QueryRejectedError` when the query or update in
        ``text`` (with the protocol's ``graphs``) could reach what is not allowed, and
        :class:`~kg.errors.BadRequestError` when it nests deeper than any engine should
        be asked to parse (:data:`MAX_NESTING`)."""
        depth, found = _read(text, prefixes, base_iri)
        if depth > MAX_NESTING:
            raise BadRequestError(
                f"the request nests groups, brackets or parentheses more than {MAX_NESTING} "
                "deep", hint="flatten the query: such depth is never needed")
        found += [Reach("graph", g) for g in graphs]
        holding: Collection[str] | None = None
        for r in found:
            if r.iri is not None and r.iri in self.allow:
                continue
            if r.kind == "graph":
                if not self.fetches_graphs:
                    continue
                holding = holding if holding is not None else set(held())
                if r.iri is not None and r.iri in holding:
                    continue
            raise _refusal(r)


def _refusal(r: Reach) -> QueryRejectedError:
    if r.kind == "graph":
        target = f"the graph <{r.iri}>" if r.iri else "a graph it does not name plainly"
        return QueryRejectedError(
            f"the request names {target}, which this store does not hold, and its engine "
            "may fetch such a graph from elsewhere",
            hint="name a graph the store holds, or ask the operator to add the URL to "
                 "service_allow")
    what = {"service": "SERVICE", "load": "LOAD"}[r.kind]
    target = f"<{r.iri}>" if r.iri else "an endpoint this server cannot read plainly"
    return QueryRejectedError(
        f"{what} {target} is not allowed: this server does not call other endpoints or "
        "read files on a request's behalf",
        hint="ask the operator to add the URL to service_allow" if r.iri else
             "name the endpoint with an absolute IRI the operator has put in service_allow")


__all__ = ["MAX_NESTING", "Guard", "Reach", "allowed_endpoints", "expand_escapes", "nesting",
           "reaches", "readings"]
