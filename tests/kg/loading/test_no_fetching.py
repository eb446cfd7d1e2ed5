"""What a load never fetches: no JSON-LD context, no XML entity, neither from the web nor
from a file, while kg.loading.loader parses what it is given."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import RdfSyntaxError
from kg.loading import loader
from kg.store.oxigraph.store import EmbeddedStore
from tests.loading_helpers import BASE, rules_for_tests


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        Recorder.hits.append(self.path)
        body = b'{"@context": {"name": "https://e.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.hits = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_nothing_is_fetched_while_parsing(recorder: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do-not-leak")
    store = EmbeddedStore()
    jsonld = f'{{"@context": "{recorder}/context.jsonld", "@id": "https://e.org/a", "name": "x"}}'
    rdfxml = (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
              f'  <!ENTITY web SYSTEM "{recorder}/entity">\n'
              f'  <!ENTITY file SYSTEM "file://{secret}"> ]>\n'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              'xmlns:e="https://e.org/"><rdf:Description rdf:about="https://e.org/a">'
              '<e:p>&web;</e:p><e:q>&file;</e:q></rdf:Description></rdf:RDF>')
    for name, data in (("ctx.jsonld", jsonld), ("entities.rdf", rdfxml)):
        with pytest.raises(RdfSyntaxError) as e:
            loader.load(store, [(name, data.encode(), None)], base_iri=BASE,
                        rules=rules_for_tests())
        assert str(e.value).startswith(f"{name}:")
    assert Recorder.hits == []
    assert store.count() == 0
