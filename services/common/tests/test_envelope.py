"""What a worker refuses as a task message body before Celery reads it (tts_common.celery.envelope_problem).

The real-worker side (the message is dead-lettered, the worker lives on) is in
workflow_api's tests/test_poison_rabbitmq.py."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tts_common.celery import envelope_problem

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.parametrize(
    "body",
    [
        [[], {}, None],
        [[1, "a"], {"k": 1}, {}],
        [[], {}, {"callbacks": None, "errbacks": [], "chain": [], "chord": None}],
        {"args": [1], "task": "x"},
    ],
)
def test_celery_envelopes_pass(body):
    assert envelope_problem(body) is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"ticket_number": "X"}, "the body must be the list [args, kwargs, embed] (Celery message protocol 2)"),
        ([[]], "the body must be the list [args, kwargs, embed] (Celery message protocol 2)"),
        ([[], {}], "the body must be the list [args, kwargs, embed] (Celery message protocol 2)"),
        ("just a string", "the body must be the list [args, kwargs, embed] (Celery message protocol 2)"),
        (5, "the body must be the list [args, kwargs, embed] (Celery message protocol 2)"),
        ([{}, {}, {}], "body[0] (args) must be a list"),
        ([[], ["a"], {}], "body[1] (kwargs) must be an object"),
        ([[], {}, "x"], "body[2] (embed) must be an object or null"),
        ([[], {}, {"chain": "x"}], "body[2].chain must be a list or null"),
        ([[], {}, {"chord": []}], "body[2].chord must be an object or null"),
    ],
)
def test_what_the_tester_sent_is_refused_with_its_reason(body, problem):
    assert envelope_problem(body) == problem


@given(JSON)
def test_any_json_body_is_either_refused_or_an_envelope_celery_can_unpack(body):
    if envelope_problem(body) is None and not (isinstance(body, dict) and "args" in body):
        args, kwargs, embed = body
        assert isinstance(args, list) and isinstance(kwargs, dict) and (embed is None or isinstance(embed, dict))
        dict(**kwargs)  # what the worker does with kwargs
