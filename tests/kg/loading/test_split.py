"""A large N-Triples file is bulk-loaded in parts side by side (kg.loading.split): the same
triples as one load, blank nodes kept whole, syntax errors at the file's own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import RdfSyntaxError
from kg.loading import loader, split
from kg.store.oxigraph.store import EmbeddedStore
from tests.loading_helpers import BASE, content, rules_for_tests, same_content

RULES = rules_for_tests()
LINES = [f'<https://e.org/s{i}> <https://e.org/p> "value {i}" .\n' for i in range(300)]


def _load(store: EmbeddedStore, data: bytes | Path, **kw: object) -> loader.LoadReport:
    return loader.load(store, [("facts.nt", data, None)], base_iri=BASE, rules=RULES, **kw)  # type: ignore[arg-type]


def _facts(store: EmbeddedStore, graph: str) -> set[tuple[str, ...]]:
    rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), "
                       '"https://e.org/")) }', default_graphs=[graph]).rows()
    return {(str(r["s"]) if not r["s"].startswith("_:") else "_", str(r["p"]), str(r["o"]))
            for r in rows}


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_the_parts_cover_the_file_and_end_at_line_ends(tmp_path: Path, parts: int) -> None:
    data = "".join(LINES).encode()
    (tmp_path / "f.nt").write_bytes(data)
    for source in (data, tmp_path / "f.nt"):
        pieces = split.cut(source, len(data), parts, lambda: None)
        read = [p.read() for p in pieces]
        assert b"".join(read) == data and len(read) == parts
        assert all(r.endswith(b"\n") for r in read if r)


def test_a_file_loaded_in_parts_holds_what_one_load_holds(tmp_path: Path) -> None:
    path = tmp_path / "facts.nt"
    path.write_text("".join(LINES))
    whole, parted = EmbeddedStore(tmp_path / "whole"), EmbeddedStore(tmp_path / "parted")
    one = _load(whole, path, bulk=False)
    cut = _load(parted, path, bulk=True)
    assert cut.bulk and cut.triples == one.triples == 300
    assert _facts(parted, cut.graph) == _facts(whole, one.graph)
    assert len(_facts(parted, cut.graph)) == 300


def test_a_file_with_blank_nodes_or_too_long_is_loaded_whole(tmp_path: Path) -> None:
    data = "".join(['_:shared <https://e.org/first> "1" .\n', *LINES,
                    '_:shared <https://e.org/last> "2" .\n']).encode()
    assert split.part_count(data, "ntriples") == 1
    plain = "".join(LINES).encode()
    assert split.part_count(plain, "turtle") == 1
    assert split.part_count(plain, "ntriples", max_lines=len(LINES) - 1) == 1
    store = EmbeddedStore(tmp_path / "store")
    report = _load(store, data, bulk=True)
    rows = store.query("SELECT ?b WHERE { ?b <https://e.org/first> ?x ; <https://e.org/last> ?y }",
                       default_graphs=[report.graph]).rows()
    assert len(list(rows)) == 1


def test_a_syntax_error_in_a_later_part_names_the_line_of_the_file(tmp_path: Path) -> None:
    lines = list(LINES)
    lines[249] = "<https://e.org/s249> <https://e.org/p> .\n"
    path = tmp_path / "facts.nt"
    path.write_text("".join(lines))
    store = EmbeddedStore(tmp_path / "store")
    before = content(store)
    for data in (path, path.read_bytes()):
        with pytest.raises(RdfSyntaxError) as e:
            _load(store, data, bulk=True)
        assert (e.value.source, e.value.line) == ("facts.nt", 250)
        assert "near '.'" in str(e.value)
        assert same_content(content(store), before)
