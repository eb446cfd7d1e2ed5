"""answer_query (web/endpoints/sparql_query.py), the one function behind both doors of
a SPARQL query, called with plain values and no request; and the one error shape."""

from __future__ import annotations

import json

import pytest
from werkzeug.exceptions import InternalServerError, NotAcceptable

from kg.errors import QuerySyntaxError, UnsupportedFormatError
from kg.settings import load_settings
from kg.store.oxigraph.store import EmbeddedStore
from web.endpoints.sparql_query import QueryParams, answer_query, error_answer
from web.http.errors import error_shape

SETTINGS = load_settings({"memory": True}, environ={})
LOOKUP = "SELECT ?o WHERE { <http://example.org/a> <http://example.org/p> ?o }"


@pytest.fixture
def store() -> EmbeddedStore:
    s = EmbeddedStore()
    s.update("INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }")
    return s


def test_an_answer_with_its_validator(store: EmbeddedStore) -> None:
    answer = answer_query(store, SETTINGS, QueryParams(LOOKUP, format="csv"))
    headers = dict(answer.headers)
    assert answer.status == 200 and answer.body.splitlines() == [b"o", b"1"]
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    again = QueryParams(LOOKUP, format="csv", if_none_match=headers["ETag"])
    assert answer_query(store, SETTINGS, again).status == 304
    posted = QueryParams(LOOKUP, format="csv", if_none_match=headers["ETag"],
                         conditional=False)
    assert answer_query(store, SETTINGS, posted).status == 200


def test_without_waiting_only_what_the_store_answers_at_once(store: EmbeddedStore) -> None:
    join = "SELECT * WHERE { ?s ?p ?o . ?o ?q ?r }"
    assert answer_query(store, SETTINGS, QueryParams(join), wait=False) is None
    # a bad text that cannot be answered at once is left to the caller that may wait
    assert answer_query(store, SETTINGS, QueryParams("SELECT ?s {"), wait=False) is None
    with pytest.raises(QuerySyntaxError):
        answer_query(store, SETTINGS, QueryParams("SELECT ?s {"))


def test_errors_are_raised_for_the_caller_to_shape(store: EmbeddedStore) -> None:
    with pytest.raises(UnsupportedFormatError):
        answer_query(store, SETTINGS, QueryParams(LOOKUP, format="yaml"))


def test_one_error_shape() -> None:
    status, body = error_shape(UnsupportedFormatError("no", hint="use csv"))
    assert (status, body) == (406, {"error": "unsupported_format", "message": "no",
                                    "hint": "use csv", "status": 406})
    status, body = error_shape(NotAcceptable())
    assert status == 406 and body["error"] == "not_acceptable" and body["status"] == 406
    assert error_shape(RuntimeError("secret detail")) == error_shape(InternalServerError())
    answer = error_answer(RuntimeError("secret detail"))
    assert answer.status == 500 and b"secret" not in answer.body
    assert json.loads(answer.body) == error_shape(InternalServerError())[1]
