"""What the store must know of each SPARQL engine it may sit on (setting ``engine``).

A profile says how an engine differs where it matters to the store: here, whether it may
dereference a graph that a request names but it does not hold (``FROM <http://...>``,
``USING``, the protocol's graph parameters). An engine that may is only ever asked about
graphs it holds (see :mod:`kg.sparql.guard`). The ``generic`` profile assumes the worst.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import ConfigError


@dataclass(frozen=True)
class Profile:
    name: str
    #: whether the engine may fetch a named graph it does not hold from the web
    fetches_graphs: bool
    #: what the documentation says of the engine, for `kg settings` and the README
    note: str


PROFILES = {p.name: p for p in (
    Profile("generic", True, "any SPARQL 1.1 engine; a graph it does not hold is refused"),
    Profile("oxigraph", False, "Oxigraph server (`oxigraph serve --union-default-graph`): "
                               "never fetches a graph"),
    Profile("fuseki", False, "Apache Jena Fuseki with unionDefaultGraph: a dataset's "
                             "graphs only, never fetched"),
    Profile("virtuoso", True, "OpenLink Virtuoso: its Sponger may fetch a graph named by "
                              "FROM, so only graphs it holds are named"),
    Profile("graphdb", False, "Ontotext GraphDB: a repository's graphs only"),
    Profile("qlever", False, "QLever: an index's graphs only"),
    Profile("neptune", False, "Amazon Neptune: a cluster's graphs only"),
)}


def profile(name: str) -> Profile:
    """The profile called ``name``; :class:`~kg.errors.ConfigError` for an unknown one."""
    try:
        return PROFILES[name or "generic"]
    except KeyError:
        raise ConfigError(f"no engine profile '{name}'",
                          hint="use one of " + ", ".join(PROFILES)) from None


__all__ = ["PROFILES", "Profile", "profile"]
