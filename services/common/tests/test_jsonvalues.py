"""The rules of what PostgreSQL cannot store, one owner for the HTTP edge and the queues."""

import pytest

from tts_common import validation
from tts_common.jsonvalues import (
    MAX_JSON_DEPTH,
    NOT_FINITE_MESSAGE,
    NULL_MESSAGE,
    JsonTooDeepError,
    dotted_path,
    json_path,
    nul_path,
    storable,
    text_problem,
    unstorable,
)


def nested(depth):
    value = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def test_text_problems_name_nul_and_a_lone_surrogate():
    assert text_problem("fine ü 😀") is None
    assert text_problem("a\x00b") == NULL_MESSAGE
    assert text_problem("x\udfff") == "Surrogate characters are not allowed: U+DFFF."


def test_unstorable_yields_every_offender_in_document_order_with_its_path():
    value = {"a": ["ok", "n\x00", float("inf")], "b\x00": "never walked \x00", "c": {"d": "\ud800"}, "e": (1.5, float("nan"))}

    assert list(unstorable(value)) == [
        (("a", 1), NULL_MESSAGE),
        (("a", 2), NOT_FINITE_MESSAGE),
        (("b\x00",), NULL_MESSAGE),
        (("c", "d"), "Surrogate characters are not allowed: U+D800."),
        (("e", 1), NOT_FINITE_MESSAGE),
    ]


def test_one_path_written_both_ways():
    path = ("steps", 0, "na\x00me")

    assert dotted_path(path) == "steps.0.na\\u0000me"
    assert dotted_path(path, "body") == "body.steps.0.na\\u0000me"
    assert dotted_path(()) == ""
    assert json_path(path) == "$.steps[0].na\ufffdme"
    assert json_path((), "ticket_data") == "ticket_data"


def test_nul_path_finds_the_first_nul_only():
    assert nul_path({"x": "\ud800", "y": [0, "\x00"]}, "ticket_data") == "ticket_data.y[1]"
    assert nul_path({"k\x00": 1}) == "$.k\ufffd"
    assert nul_path({"x": float("nan"), "y": "\ud800"}) is None


def test_both_sides_refuse_the_same_depth():
    assert list(unstorable(nested(MAX_JSON_DEPTH))) == []
    with pytest.raises(JsonTooDeepError, match=f"deeper than {MAX_JSON_DEPTH} levels"):
        nul_path(nested(MAX_JSON_DEPTH + 1))
    with pytest.raises(JsonTooDeepError):
        validation.unstorable_values(nested(10_000))
    with pytest.raises(JsonTooDeepError):
        validation.parse_json('{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1))


def test_the_http_side_names_paths_as_drf_does():
    assert validation.unstorable_values({"extras": {"asset\x00": "x", "n": ["\x00"]}}) == {
        "extras.asset\\u0000": [NULL_MESSAGE],
        "extras.n.0": [NULL_MESSAGE],
    }
    assert validation.unstorable_values("\x00") == {"non_field_errors": [NULL_MESSAGE]}
    assert validation.unstorable_values(float("inf"), "since") == {"since": [NOT_FINITE_MESSAGE]}


def test_storable_makes_what_the_rules_refuse_storable():
    assert storable({"a\x00": ["\ud800", 1]}) == {"a\ufffd": ["\ufffd", 1]}
    assert storable({"n": float("nan")}) == {"repr": "{'n': nan}"}
    assert storable("x" * 10, limit=5) == {"truncated": '"xxxx', "length": 12}
    assert list(unstorable(storable({"k\x00": "\x00\udfff", "t": (1, "\x00")}))) == []
