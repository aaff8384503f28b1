import pytest

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
