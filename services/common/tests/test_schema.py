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


class TestNestedLists:
    """``Serializer(many=True, max_length=, min_length=, allow_empty=)``: DRF enforces the bounds, the schema declares them."""

    def test_max_length_and_min_length_are_max_items_and_min_items(self, schema):
        lines = schema["components"]["schemas"]["Basket"]["properties"]["lines"]

        assert lines == {"type": "array", "items": {"$ref": "#/components/schemas/Line"}, "maxItems": 3, "minItems": 2}

    def test_allow_empty_false_is_min_items_1(self, schema):
        gifts = schema["components"]["schemas"]["Basket"]["properties"]["gifts"]

        assert gifts["minItems"] == 1
        assert "maxItems" not in gifts

    def test_an_unbounded_list_and_a_read_only_one_stay_as_drf_spectacular_makes_them(self, schema):
        properties = schema["components"]["schemas"]["Basket"]["properties"]

        assert properties["notes"] == {"type": "array", "items": {"$ref": "#/components/schemas/Line"}}
        assert properties["history"] == {"type": "array", "items": {"$ref": "#/components/schemas/Line"}, "readOnly": True}
        assert schema["components"]["schemas"]["Basket"]["required"] == ["history", "lines"]

    @pytest.mark.django_db
    @pytest.mark.parametrize(("count", "status"), [(1, 400), (2, 200), (3, 200), (4, 400)])
    def test_what_the_schema_declares_is_what_is_enforced(self, client, count, status):
        response = client.post("/basket/", {"lines": [{"sku": "a"}] * count}, content_type="application/json")

        assert response.status_code == status, response.content
        if status == 400:
            assert list(response.json()["errors"]) == ["lines"]


def test_every_operation_with_query_parameters_declares_414_and_no_other_does(schema):
    operations = [operation for path in schema["paths"].values() for operation in path.values()]
    with_query = [op for op in operations if any(p["in"] == "query" for p in op.get("parameters", []))]

    assert with_query, "the test URLs have no operation with query parameters"
    for operation in operations:
        assert ("414" in operation["responses"]) == (operation in with_query), operation["operationId"]
