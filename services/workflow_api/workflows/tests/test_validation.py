import pytest
from hypothesis import given
from hypothesis import strategies as st

from tts_common.limits import MAX_DURATION_SECONDS
from workflows.models import SLA_KEYS
from workflows.validation import graph_problems, sla_problems

STEPS = [{"id": 1, "name": "Triage"}, {"id": 2, "name": "Resolve"}]


def t(from_step, to_step, name="go"):
    return {"from_step": from_step, "to_step": to_step, "name": name}


def test_a_sound_graph_has_no_problems():
    assert graph_problems(STEPS, [t(None, 1), t(1, 2), t(2, None), t(2, 1, "reject")]) == []


@pytest.mark.parametrize(
    ("transitions", "expected"),
    [
        ([t(1, 2), t(2, None)], "exactly one start transition"),
        ([t(None, 1), t(None, 2), t(1, 2), t(2, None)], "exactly one start transition"),
        ([t(None, 1), t(1, None)], "step 'Resolve' cannot be reached"),
        ([t(None, 1), t(1, 2), t(2, 1)], "no end can be reached from step 'Triage'"),
        ([t(None, None), t(None, 1), t(1, 2), t(2, None)], "straight to the end"),
    ],
)
def test_graph_problems_are_named(transitions, expected):
    problems = graph_problems(STEPS, transitions)

    assert any(expected in problem for problem in problems), problems


def test_a_workflow_without_steps_cannot_deploy():
    assert graph_problems([], []) == ["the workflow has no steps"]


@pytest.mark.parametrize(
    ("sla", "expected"),
    [
        ({"low": 1, "medium": 1, "high": 1}, "sla.urgent is missing"),
        ({"low": 1, "medium": 1, "high": 1, "urgent": 0}, "sla.urgent must be a positive"),
        ({"low": 1, "medium": 1, "high": 1, "urgent": "soon"}, "sla.urgent must be a positive"),
        ({"low": 1, "medium": 1, "high": 1, "urgent": 1, "critical": 1}, "sla.critical is not a priority"),
        ([], "sla must be an object"),
    ],
)
def test_sla_problems_are_named(sla, expected):
    assert any(expected in problem for problem in sla_problems(sla))


SECONDS = st.integers(min_value=1, max_value=MAX_DURATION_SECONDS)


@given(st.fixed_dictionaries(dict.fromkeys(SLA_KEYS, SECONDS)))
def test_any_four_durations_in_range_are_an_sla(sla):
    assert sla_problems(sla) == []


@given(
    st.fixed_dictionaries(dict.fromkeys(SLA_KEYS, SECONDS)),
    st.dictionaries(st.text(max_size=20).filter(lambda key: key not in SLA_KEYS), st.integers(), min_size=1, max_size=50),
)
def test_unknown_keys_are_one_problem_naming_the_first(sla, extra):
    problems = sla_problems({**sla, **extra})

    assert problems == [f"sla.{next(iter(extra))} is not a priority (use low, medium, high, urgent)"]


@given(
    st.sampled_from(SLA_KEYS),
    st.one_of(st.integers(max_value=0), st.integers(min_value=MAX_DURATION_SECONDS + 1), st.floats(), st.text(), st.booleans()),
)
def test_a_bad_duration_is_named_by_its_key(key, value):
    sla = {**dict.fromkeys(SLA_KEYS, 60), key: value}

    problems = sla_problems(sla)

    assert len(problems) == 1 and problems[0].startswith(f"sla.{key} must be")
