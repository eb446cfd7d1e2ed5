"""RDF and SPARQL result formats, by name, media type and file extension.

Engine modules map these names onto their own format objects; nothing here imports an
engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import UnsupportedFormatError


@dataclass(frozen=True)
class Format:
    name: str
    media_types: tuple[str, ...]
    extensions: tuple[str, ...]
    datasets: bool = False  # can carry named graphs
    rdflib_name: str | None = None  # rdflib's parser and serializer name (RDF formats)
    aliases: tuple[str, ...] = ()  # other names a user may give it (``ttl``, ``json-ld``)

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def extension(self) -> str:
        return self.extensions[0]


RDF_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ("text/turtle", "application/x-turtle"), ("ttl",),
               rdflib_name="turtle", aliases=("ttl",)),
        Format("ntriples", ("application/n-triples", "text/plain"), ("nt",),
               rdflib_name="nt", aliases=("nt", "n-triples")),
        Format("nquads", ("application/n-quads", "text/x-nquads"), ("nq",), datasets=True,
               rdflib_name="nquads", aliases=("nq", "n-quads")),
        Format("trig", ("application/trig", "application/x-trig"), ("trig",), datasets=True,
               rdflib_name="trig"),
        Format("jsonld", ("application/ld+json",), ("jsonld", "json"), datasets=True,
               rdflib_name="json-ld", aliases=("json-ld",)),
        Format("rdfxml", ("application/rdf+xml", "application/xml"), ("rdf", "owl", "xml"),
               rdflib_name="xml", aliases=("rdf", "owl", "xml-rdf", "rdf/xml")),
    )
}

RESULT_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", ("application/sparql-results+json", "application/json"), ("srj", "json")),
        Format("xml", ("application/sparql-results+xml", "application/xml"), ("srx", "xml")),
        Format("csv", ("text/csv",), ("csv",)),
        Format("tsv", ("text/tab-separated-values",), ("tsv",)),
    )
}

_ALIASES = {alias: f.name for table in (RDF_FORMATS, RESULT_FORMATS)
            for f in table.values() for alias in f.aliases}


def format_name(name: str) -> str:
    """The name of the format ``name`` stands for: a format's own name or one of its
    aliases, in any case (``TTL`` is ``turtle``). A name no format has is given back in
    lower case, for the caller to refuse."""
    key = name.lower()
    return _ALIASES.get(key, key)


def rdf_format(name: str) -> Format:
    """The RDF format called ``name`` (or a common alias such as ``ttl``)."""
    try:
        return RDF_FORMATS[format_name(name)]
    except KeyError:
        raise UnsupportedFormatError(
            f"unknown RDF format '{name}'", hint="use one of " + ", ".join(RDF_FORMATS)
        ) from None


def result_format(name: str) -> Format:
    try:
        return RESULT_FORMATS[name.lower()]
    except KeyError:
        raise UnsupportedFormatError(
            f"unknown result format '{name}'", hint="use one of " + ", ".join(RESULT_FORMATS)
        ) from None


def rdf_format_for_path(path: str | Path) -> Format:
    """Guess an RDF format from a file name's extension."""
    suffix = Path(path).suffix.lstrip(".").lower()
    for fmt in RDF_FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    raise UnsupportedFormatError(
        f"{path}: cannot tell the RDF format from the extension '.{suffix}'",
        hint="name the format with --format (turtle, ntriples, nquads, trig, jsonld, rdfxml)",
    )


def rdf_format_for_media_type(media_type: str) -> Format | None:
    base = media_type.split(";")[0].strip().lower()
    for fmt in RDF_FORMATS.values():
        if base in fmt.media_types:
            return fmt
    return None
