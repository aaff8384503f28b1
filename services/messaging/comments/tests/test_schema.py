"""The OpenAPI schema says what the comment endpoints answer (issue 12: declared and real shapes differed)."""

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator

from comments.tests.test_attachments import attach, png, upload
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_parent_is_declared_nullable_as_a_top_level_comment_answers_it(schema, callers, broadcasts):
    top = callers["author"].post("/api/v1/comments/", {"ticket_id": "TX1", "content": "Hello"}, format="json").json()

    assert top["parent"] is None
    assert schema["components"]["schemas"]["Comment"]["properties"]["parent"]["nullable"] is True


def test_a_download_declares_every_type_it_may_answer(schema, callers, broadcasts):
    declared = schema["paths"]["/api/v1/attachments/{id}/download/"]["get"]["responses"]["200"]["content"]
    comment = CommentFactory()
    attachment_id = attach(callers["author"], comment, upload("screen.png", png())).json()["attachments"][0]["id"]

    response = callers["author"].get(f"/api/v1/attachments/{attachment_id}/download/")

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert set(declared) == set(settings.MESSAGING_ATTACHMENT_TYPES)
