"""The OpenAPI schema declares what the API answers and takes (issue 12: read and write shapes, nullability, bounds)."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def component(schema, name):
    return schema["components"]["schemas"][name]


def test_a_workflow_is_written_with_step_names_and_answered_with_step_ids(schema):
    written = component(schema, "NestedTransitionRequest")["properties"]
    answered = component(schema, "Transition")["properties"]

    assert written["from_step"]["type"] == "string" and written["from_step"]["nullable"] is True
    assert answered["from_step"]["type"] == "integer" and answered["from_step"]["nullable"] is True
    assert component(schema, "Workflow")["properties"]["transitions"]["items"] == {"$ref": "#/components/schemas/Transition"}
    request = schema["paths"]["/workflows/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert request == {"$ref": "#/components/schemas/WorkflowWriteRequest"}


@pytest.mark.parametrize(
    ("name", "field"),
    [("Workflow", "version"), ("Transition", "from_step_name"), ("Transition", "to_step_name"), ("TaskList", "workflow")],
)
def test_what_is_null_at_times_is_declared_nullable(schema, name, field):
    assert component(schema, name)["properties"][field]["nullable"] is True


def test_the_lists_a_client_sends_are_bounded(schema):
    properties = component(schema, "WorkflowWriteRequest")["properties"]

    assert properties["steps"]["maxItems"] == 100
    assert properties["transitions"]["maxItems"] == 400
    assert properties["sla"]["additionalProperties"] is False
    assert set(properties["sla"]["required"]) == {"low", "medium", "high", "urgent"}


def test_the_task_filters_declare_their_choices(schema):
    parameters = {parameter["name"]: parameter["schema"] for parameter in schema["paths"]["/tasks/"]["get"]["parameters"]}

    assert sorted(parameters["status"]["enum"]) == ["cancelled", "completed", "in_progress", "on_hold", "pending", "unmatched"]
    assert sorted(parameters["priority"]["enum"]) == ["Critical", "High", "Low", "Medium"]
    assert parameters["mine"]["type"] == parameters["breached"]["type"] == "boolean"


def test_hold_and_resume_declare_who_may_and_the_wrong_state(schema):
    hold, resume = (schema["paths"][f"/tasks/{{id}}/{name}/"]["post"] for name in ("hold", "resume"))

    assert {"200", "400", "403", "404", "409"} <= hold["responses"].keys()
    assert {"200", "403", "404", "409"} <= resume["responses"].keys()
    assert "requestBody" not in resume
    assert schema["components"]["schemas"]["Workflow"]["properties"]["calendar"]["allOf"] == [{"$ref": "#/components/schemas/Calendar"}]


def test_only_json_bodies_are_declared(schema):
    bodies = [
        operation["requestBody"]["content"]
        for path in schema["paths"].values()
        for operation in path.values()
        if "requestBody" in operation
    ]

    assert bodies and all(list(content) == ["application/json"] for content in bodies)


@pytest.mark.parametrize(
    ("path", "method", "status"),
    [
        ("/workflows/{id}/", "delete", "409"),
        ("/workflows/{id}/deploy/", "post", "400"),
        ("/tasks/{id}/transition/", "post", "409"),
        ("/tasks/{id}/escalate/", "post", "409"),
        ("/tasks/{id}/transfer/", "post", "409"),
    ],
)
def test_domain_refusals_are_declared(schema, path, method, status):
    assert status in schema["paths"][path][method]["responses"]
