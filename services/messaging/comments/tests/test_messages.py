"""What messaging publishes, read back as its consumer (workflow_api's worker) reads it."""

import pytest

from tests.factories import TICKET
from tts_common.routing import NOTIFY_TICKET_PARTICIPANTS
from tts_common.testing_messages import outbox_read_back

pytestmark = pytest.mark.django_db


def test_a_comment_s_notice_is_what_workflow_api_reads(callers, broadcasts):
    callers["author"].post("/api/v1/comments/", {"ticket_id": TICKET, "content": "Could someone look?"}, format="json")

    [(_, notice)] = outbox_read_back(task_name=NOTIFY_TICKET_PARTICIPANTS)

    assert (notice.ticket_number, notice.author_user_id, notice.notification_type) == (TICKET, 10, "comment_added")
    assert notice.message == "Alice Agent: Could someone look?" and notice.metadata["author_name"] == "Alice Agent"
