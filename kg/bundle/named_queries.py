"""Named queries: the `.rq` files in ``queries/``, each with a title, a description and
typed parameters declared in its comment header::

    # title: Who signed the ILRS memorandum?
    # description: Signatories, dates and on whose behalf.
    # param: agreement iri ilrs-mou

Parameters are bound into the query by :func:`kg.rdf.binding.bind`, never pasted into it.
IRI parameters may be given relative to the base IRI (``ilrs-mou``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from kg.bundle.files import bundle_dir
from kg.errors import BadRequestError, NotFoundError
from kg.rdf.vocab import PREFIXES
from kg.store.base import QueryResult, ReadStore

PARAM_TYPES = ("iri", "string", "date", "integer")
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None

    def term(self, value: str, base_iri: str) -> Identifier:
        try:
            if self.type == "iri":
                return URIRef(value if re.match(r"^[a-z][a-z0-9+.-]*:", value) else
                              base_iri + value)
            if self.type == "integer":
                return Literal(int(value))
            if self.type == "date":
                if not re.match(r"^-?\d{4}-\d\d-\d\d$", value):
                    raise ValueError(value)
                return Literal(value, datatype=XSD.date)
            return Literal(value)
        except ValueError:
            raise BadRequestError(f"parameter '{self.name}' expects {self.type}, "
                                  f"got {value!r}") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def bindings(self, values: dict[str, str], base_iri: str) -> dict[str, Identifier]:
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise BadRequestError(f"query '{self.name}' has no parameter "
                                  f"{', '.join(sorted(unknown))}")
        out: dict[str, Identifier] = {}
        for p in self.params:
            value = values.get(p.name) or p.default
            if value is None:
                raise BadRequestError(f"query '{self.name}' needs the parameter '{p.name}'")
            out[p.name] = p.term(value, base_iri)
        return out

    def run(self, store: ReadStore, values: dict[str, str] | None = None, *,
            base_iri: str, timeout: float | None = None) -> QueryResult:
        return store.query(self.text, bindings=self.bindings(values or {}, base_iri),
                           base_iri=base_iri, prefixes=PREFIXES, timeout=timeout)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [p.__dict__ for p in self.params], "text": self.text}


def parse(path: Path) -> NamedQuery:
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise BadRequestError(f"{path}: bad param line {value!r}",
                                      hint="write: # param: NAME TYPE [DEFAULT] with TYPE in "
                                           + ", ".join(PARAM_TYPES))
            params.append(Param(parts[0], parts[1], parts[2] if len(parts) > 2 else None))
        else:
            meta[key] = value
    return NamedQuery(path.stem, meta.get("title", path.stem), meta.get("description", ""),
                      path.read_text(encoding="utf-8"), tuple(params))


@cache
def _load(folder: Path) -> dict[str, NamedQuery]:
    return {p.stem: parse(p) for p in sorted(folder.glob("*.rq"))}


def all_queries() -> list[NamedQuery]:
    return list(_load(bundle_dir("queries")).values())


def get(name: str) -> NamedQuery:
    try:
        return _load(bundle_dir("queries"))[name]
    except KeyError:
        raise NotFoundError(f"no named query '{name}'",
                            hint="`kg query --list` lists them") from None
