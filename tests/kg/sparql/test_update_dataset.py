"""The rewrite of the protocol's dataset for updates (using-graph-uri,
using-named-graph-uri) into USING clauses that the embedded engine runs
(kg.sparql.update_dataset); through /sparql in tests/web/endpoints/test_update_dataset.py."""

from __future__ import annotations

import pytest

from kg.errors import BadRequestError
from kg.sparql.update_dataset import with_dataset


def test_clauses_go_before_each_where_outside_braces() -> None:
    text = ("PREFIX where: <http://w/>\n# WHERE { in a comment\n"
            "INSERT DATA { <http://a> <http://b> \"WHERE } '''\", '''x ' } '' }''' } ;\n"
            "INSERT { ?s a where:X } WHERE { ?s a where:Y FILTER(?s != <http://x/WHERE#y>) } ;\n"
            "delete { ?s ?p ?where } where { ?s ?p ?where }")
    out = with_dataset(text, ["http://g"], ["http://n"])
    clauses = " USING <http://g> USING NAMED <http://n> "
    assert out == text.replace("} WHERE {", "} " + clauses + "WHERE {").replace(
        "} where {", "} " + clauses + "where {")
    assert out.count("\n") == text.count("\n")  # error lines stay right


def test_delete_where_is_written_out() -> None:
    out = with_dataset("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", [], ["http://n"])
    assert out == ("DELETE { GRAPH ?g { ?s ?p ?o } } USING NAMED <http://n> "
                   "WHERE { GRAPH ?g { ?s ?p ?o } }")


def test_without_parameters_nothing_changes() -> None:
    text = "INSERT { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }"
    assert with_dataset(text, [], []) == text
    assert with_dataset("CLEAR ALL", ["http://g"], []) == "CLEAR ALL"


def test_an_update_the_scanner_reads_otherwise_is_refused() -> None:
    # "<?s)#x>" looks like an IRI to the scanner, but is "<" and a comment to SPARQL: the
    # scanner then misses the second WHERE, and nothing is run
    text = ("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o FILTER(?o<?s)#x>{\n } ;\n"
            "INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }")
    with pytest.raises(BadRequestError, match="could not be applied"):
        with_dataset(text, ["http://g"], [])
