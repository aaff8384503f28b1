"""Property: a saved view's filters are exactly what GET /tasks/ takes; anything else is named by its key."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from savedviews.services import saved_view_filters_check, saved_view_ordering_check, task_filter_names, task_ordering_choices
from tasks.models import Task
from tasks.services.sla import PRIORITY_RANK

pytestmark = pytest.mark.django_db
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KNOWN = set(task_filter_names())
VALID = {
    "status": st.sampled_from(Task.Status.values),
    "priority": st.sampled_from(list(PRIORITY_RANK)),
    "mine": st.sampled_from([True, False, "true", "FALSE"]),
    "breached": st.booleans(),
    "ticket_number": st.text(st.characters(exclude_characters="\x00"), min_size=1, max_size=20).filter(str.strip),  # NUL: refused
}
unknown_keys = st.text(min_size=1, max_size=20).filter(lambda key: key not in KNOWN)


@PROPERTY
@given(valid=st.fixed_dictionaries({}, optional=VALID), unknown=st.dictionaries(unknown_keys, st.text(max_size=5), min_size=1, max_size=3))
def test_every_unknown_key_is_named_and_nothing_is_kept(valid, unknown):
    cleaned, problems = saved_view_filters_check({**valid, **unknown})

    assert cleaned == {}
    assert set(unknown) <= set(problems)


@PROPERTY
@given(valid=st.fixed_dictionaries({}, optional=VALID))
def test_values_the_task_list_takes_are_kept_as_query_text(valid):
    cleaned, problems = saved_view_filters_check(valid)

    assert problems == {}
    assert set(cleaned) == set(valid)
    assert all(isinstance(value, str) for value in cleaned.values())
    assert {cleaned[key] for key in cleaned if isinstance(valid[key], bool)} <= {"true", "false"}


@PROPERTY
@given(key=st.sampled_from(["status", "priority"]), value=st.text(max_size=15).filter(str.strip))
def test_a_choice_outside_the_list_is_named_by_its_key(key, value):
    choices = Task.Status.values if key == "status" else list(PRIORITY_RANK)
    cleaned, problems = saved_view_filters_check({key: value})

    if value.strip() in choices:
        assert problems == {}
    else:
        assert list(problems) == [key] and cleaned == {}


@PROPERTY
@given(terms=st.lists(st.sampled_from(task_ordering_choices()), min_size=1, max_size=4), bad=st.text(min_size=1, max_size=10))
def test_ordering_takes_only_the_lists_terms(terms, bad):
    assert saved_view_ordering_check(" , ".join(terms)) == (",".join(terms), None)
    if bad.strip() not in task_ordering_choices() and "," not in bad:
        cleaned, problem = saved_view_ordering_check(",".join([*terms, bad]))
        assert cleaned == "" and problem.startswith("Unknown field")
