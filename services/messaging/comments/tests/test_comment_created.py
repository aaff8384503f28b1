"""comment.created for workflow_api's webhooks: one message per new comment or reply, none for edits, none on rollback."""

import pytest

from tests.factories import TICKET
from tts_common.routing import COMMENT_CREATED
from tts_common.testing_messages import outbox_read_back

pytestmark = pytest.mark.django_db


def test_each_new_comment_and_reply_is_announced_as_workflow_api_reads_it(callers, broadcasts):
    author = callers["author"]
    first = author.post("/api/v1/comments/", {"ticket_id": TICKET, "content": "Could someone look?"}, format="json").json()
    reply = author.post("/api/v1/comments/", {"ticket_id": TICKET, "content": "Me", "parent": first["id"]}, format="json").json()
    author.patch(f"/api/v1/comments/{first['id']}/", {"content": "Edited"}, format="json")

    announced = [comment for _, comment in outbox_read_back(task_name=COMMENT_CREATED)]

    assert [(c.id, c.ticket_id, c.user_id, c.content, c.parent) for c in announced] == [
        (first["id"], TICKET, 10, "Could someone look?", None),
        (reply["id"], TICKET, 10, "Me", first["id"]),
    ]
    assert announced[0].author_name == "Alice Agent" and announced[0].created_at.startswith(first["created_at"][:19])


def test_a_refused_comment_announces_nothing(callers, broadcasts):
    callers["author"].post("/api/v1/comments/", {"ticket_id": TICKET, "content": "  "}, format="json")

    assert outbox_read_back(task_name=COMMENT_CREATED) == []
