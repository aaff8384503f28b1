"""Input at notification's edges: what used to be a 500, and arbitrary input (hypothesis).

The real pass runs these on PostgreSQL, where a NUL and a -20:00 offset used to fail.
"""

import pytest

from tests.factories import API_KEY, PEOPLE, DeliveryLogFactory, InAppNotificationFactory, NotificationTemplateFactory
from tts_common.testing_inputs import Listing, Write, check_lists, check_writes

pytestmark = pytest.mark.django_db
NUL_REFUSED = ["Null characters are not allowed."]


@pytest.mark.parametrize("offset", ["-20:00", "+23:59"])
def test_history_since_and_until_accept_any_valid_offset(callers, offset):
    DeliveryLogFactory()

    response = callers["admin"].get(
        "/api/v1/notifications/history/", {"since": f"2000-01-01T00:00:00{offset}", "until": "9000-01-01T00:00:00-20:00"}
    )

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_nul_in_the_context_of_a_send_is_a_400_naming_its_path(callers):
    body = {"user_email": "someone@example.com", "notification_type": "system", "context": {"name": "a\x00b"}}

    response = callers["right_api_key"].post("/api/v1/notifications/send/", body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"context.name": NUL_REFUSED}


def test_an_address_longer_than_the_delivery_log_holds_is_a_400_naming_user_email(callers):
    body = {"user_email": "a" * 60 + "@" + "b" * 200 + ".com", "notification_type": "system"}  # 265: valid, but over 254

    response = callers["right_api_key"].post("/api/v1/notifications/send/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["user_email"]


def test_a_nul_in_a_list_filter_is_a_400_naming_it(callers):
    response = callers["owner"].get("/api/v2/notifications/inapp/", {"related_ticket_number": "TX\x00"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"related_ticket_number": NUL_REFUSED}


def test_arbitrary_input_never_makes_a_500(callers):
    mine = InAppNotificationFactory(user_id=PEOPLE["owner"])
    template = NotificationTemplateFactory()
    check_writes(
        callers["right_api_key"],
        [
            Write(
                "POST",
                "/api/v1/notifications/send/",
                {"user_email": "someone@example.com", "notification_type": "system", "context": {"name": "Ada"}, "user_id": 10},
            )
        ],
        headers={"HTTP_X_API_KEY": API_KEY},
    )
    owner = callers["owner"]
    check_writes(
        owner,
        [
            Write("PATCH", f"/api/v2/notifications/inapp/{mine.id}/", {"is_read": True}),
            Write("POST", "/api/v2/notifications/inapp/mark-all-read/", {}),
            Write(
                "PATCH",
                "/api/v1/preferences/",
                {"preferences": [{"notification_type": "task_assignment", "channel": "email", "enabled": False}]},
            ),
        ],
    )
    admin = callers["admin"]
    check_writes(
        admin,
        [
            Write(
                "POST",
                "/api/v1/templates/",
                {"notification_type": "custom_edge", "channel": "email", "subject": "Hi {{ name }}", "body": "B"},
            ),
            Write("PATCH", f"/api/v1/templates/{template.id}/", {"subject": "Hello {{ name }}", "is_active": True}),
        ],
    )
    check_lists(
        owner, [Listing("/api/v2/notifications/inapp/", ["is_read", "notification_type", "related_ticket_number", "related_task_id"])]
    )
    check_lists(
        admin,
        [
            Listing(
                "/api/v1/notifications/history/",
                ["channel", "status", "notification_type", "user_id", "recipient", "message_id", "since", "until"],
            ),
            Listing("/api/v1/templates/", ["notification_type", "channel", "is_active"]),
        ],
    )
