"""SHACL: the bundled facts conform; broken facts fail with messages in words."""

from __future__ import annotations

import pytest

from kg.checks.shapes import Report, Violation, validate, validate_bundle
from tests.conftest import DATA

BASE = "https://w3id.org/spacekg/id/"
BROKEN = DATA / "broken-facts.trig"


def test_bundled_facts_conform() -> None:
    report = validate_bundle(BASE)
    assert report.conforms, report.text()
    assert report.violations == ()


@pytest.fixture(scope="module")
def broken() -> Report:
    return validate([BROKEN], base_iri=BASE)


def find(report: Report, node: str, prop: str) -> Violation:
    found = [v for v in report.violations if v.node == node and v.property == prop]
    assert found, f"no violation for {node} {prop} in:\n{report.text()}"
    return found[0]


def test_broken_file_does_not_conform(broken: Report) -> None:
    assert not broken.conforms
    assert len(broken.violations) >= 6


def test_mission_without_programme_is_named_in_words(broken: Report) -> None:
    v = find(broken, "<broken-mission>", "sk:partOfProgram")
    assert v.rule == "required (minimum count)"
    assert "must belong to a programme" in v.message
    assert str(v) == (
        "<broken-mission>, property sk:partOfProgram: A mission must belong to a programme "
        "(sk:partOfProgram a sk:SpaceProgram). [rule: required (minimum count)]"
    )


def test_untyped_date_names_value_and_rule(broken: Report) -> None:
    v = find(broken, "<broken-mission>", "sk:launchDate")
    assert v.rule == "wrong datatype"
    assert v.value == '"1969"'
    assert "must be a calendar date typed xsd:date" in v.message


def test_signatory_must_be_an_agent(broken: Report) -> None:
    v = find(broken, "<broken-signing>", "sk:signatory")
    assert v.rule == "wrong class of value"
    assert v.value == "<broken-site>"
    assert "must be an agent" in v.message


def test_misspelt_reference_has_no_type_or_label(broken: Report) -> None:
    assert "misspelt" in find(broken, "<nassa>", "rdf:type").message
    assert find(broken, "<nassa>", "rdfs:label").rule == "required (minimum count)"


def test_claim_graph_needs_source_and_as_of(broken: Report) -> None:
    assert "at least one source" in find(broken, "<claim/broken>", "prov:wasDerivedFrom").message
    assert "as of when" in find(broken, "<claim/broken>", "sk:asOf").message


def test_report_text_has_one_line_per_violation(broken: Report) -> None:
    lines = broken.text().splitlines()
    assert len(lines) == len(broken.violations)
    assert all("[rule: " in line for line in lines)
