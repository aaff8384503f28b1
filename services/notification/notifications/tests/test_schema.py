"""The OpenAPI schema says what the notification endpoints answer and take (issue 12)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import PEOPLE, InAppNotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _ref(schema, reference: str) -> dict:
    return schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def test_the_inapp_list_is_declared_as_the_page_it_answers(schema, callers):
    """It was declared as a page whose results were pages (the unread count's serializer nested in the pagination)."""
    InAppNotificationFactory(user_id=PEOPLE["owner"])
    answered = callers["owner"].get("/api/v2/notifications/inapp/").json()

    operation = schema["paths"]["/api/v2/notifications/inapp/"]["get"]
    page = _ref(schema, operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"])
    item = _ref(schema, page["properties"]["results"]["items"]["$ref"])
    assert set(page["properties"]) == set(answered) == {"count", "next", "previous", "results", "unread"}
    assert set(item["properties"]) == set(answered["results"][0])


def test_a_patch_of_preferences_may_leave_the_list_out_and_a_put_may_not(schema):
    operations = schema["paths"]["/api/v1/preferences/"]
    patch = _ref(schema, operations["patch"]["requestBody"]["content"]["application/json"]["schema"]["$ref"])
    put = _ref(schema, operations["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"])

    assert "preferences" not in patch.get("required", [])
    assert put["required"] == ["preferences"]


def test_every_body_is_declared_json_only(schema):
    media_types = {
        media_type
        for operations in schema["paths"].values()
        for operation in operations.values()
        for media_type in operation.get("requestBody", {}).get("content", {})
    }

    assert media_types == {"application/json"}


def test_send_declares_the_api_key_scheme(schema):
    operation = schema["paths"]["/api/v1/notifications/send/"]["post"]

    assert operation["security"] == [{"NotificationAPIKey": []}]
    assert schema["components"]["securitySchemes"]["NotificationAPIKey"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
