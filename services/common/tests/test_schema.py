"""The OpenAPI schema's shared parts (tts_common.schema): the bearer scheme and the problem responses."""

import pytest
from drf_spectacular.generators import SchemaGenerator

PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_bearer_jwt_scheme_is_declared(schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


def test_a_protected_operation_needs_the_bearer_token_and_declares_401_403_503(schema):
    operation = schema["paths"]["/whoami/"]["get"]

    assert operation["security"] == [{"bearerAuth": []}]
    assert set(operation["responses"]) == {"200", "401", "403", "503"}
    for status in ("401", "403", "503"):
        assert operation["responses"][status]["content"] == PROBLEM_CONTENT


def test_an_operation_with_a_body_declares_400_413_415_and_401_for_a_bad_token(schema):
    operation = schema["paths"]["/echo/"]["post"]

    assert {"400", "401", "413", "415", "503"} <= set(operation["responses"])
    assert "403" not in operation["responses"]  # AllowAny
    assert {"bearerAuth": []} in operation["security"] and {} in operation["security"]


def test_a_path_with_parameters_declares_404(schema):
    assert "404" in schema["paths"]["/items/{name}/"]["get"]["responses"]
    assert "404" not in schema["paths"]["/echo/"]["get"]["responses"]


def test_the_problem_component_requires_the_rfc_9457_members(schema):
    problem = schema["components"]["schemas"]["Problem"]

    assert set(problem["required"]) == {"type", "title", "status", "detail", "code", "request_id"}
    assert "errors" in problem["properties"]


def test_health_keeps_its_own_503_body(schema):
    responses = schema["paths"]["/health/"]["get"]["responses"]

    assert responses["503"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Health"}
    assert set(responses) == {"200", "503"}
