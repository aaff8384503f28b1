"""Every endpoint for every kind of caller, then what each answers."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import InAppNotification, NotificationPreference
from notifications.tasks import send_email
from tests.factories import PEOPLE, DeliveryLogFactory, InAppNotificationFactory, NotificationPreferenceFactory, api_key_client
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import SEND_EMAIL
from tts_common.testing_messages import outbox_read_back

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "owner", "other_user", "admin", "right_api_key", "wrong_api_key"]
SEND_BODY = {"user_email": "someone@example.com", "notification_type": "system", "context": {"message": "Hi"}}
PREFERENCES_BODY = {"preferences": [{"notification_type": "sla_warning", "channel": "email", "enabled": False}]}
SIGNED_IN = {"anonymous": 401, "owner": 200, "other_user": 200, "admin": 200, "right_api_key": 401, "wrong_api_key": 401}
OWN_ONLY = {**SIGNED_IN, "other_user": 404, "admin": 404}
ADMINS = {**SIGNED_IN, "owner": 403, "other_user": 403}
ANYONE = dict.fromkeys(CALLERS, 200)

# (method, path, body, {caller: status}); {notification} is the owner's, {delivery} a log row.
MATRIX = [
    ("get", "/health/", None, ANYONE),
    ("get", "/api/schema/", None, ANYONE),
    ("get", "/api/docs/", None, ANYONE),
    (
        "post",
        "/api/v1/notifications/send/",
        SEND_BODY,
        {"anonymous": 401, "owner": 401, "other_user": 401, "admin": 401, "right_api_key": 202, "wrong_api_key": 403},
    ),
    ("get", "/api/v1/notifications/history/", None, ADMINS),
    ("get", "/api/v1/notifications/history/{delivery}/", None, ADMINS),
    ("get", "/api/v2/notifications/inapp/", None, SIGNED_IN),
    ("get", "/api/v2/notifications/inapp/unread-count/", None, SIGNED_IN),
    ("post", "/api/v2/notifications/inapp/mark-all-read/", None, SIGNED_IN),
    ("get", "/api/v2/notifications/inapp/{notification}/", None, OWN_ONLY),
    ("patch", "/api/v2/notifications/inapp/{notification}/", {"is_read": True}, OWN_ONLY),
    ("put", "/api/v2/notifications/inapp/{notification}/", {"is_read": True}, {**SIGNED_IN, "owner": 405, "other_user": 405, "admin": 405}),
    ("delete", "/api/v2/notifications/inapp/{notification}/", None, {**SIGNED_IN, "owner": 405, "other_user": 405, "admin": 405}),
    ("get", "/api/v1/preferences/", None, SIGNED_IN),
    ("put", "/api/v1/preferences/", PREFERENCES_BODY, SIGNED_IN),
    ("patch", "/api/v1/preferences/", PREFERENCES_BODY, SIGNED_IN),
    ("get", "/api/v1/templates/", None, ADMINS),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
@pytest.mark.parametrize("caller", CALLERS)
def test_endpoint_answers_each_caller(callers, method, path, body, expected, caller):
    notification = InAppNotificationFactory(user_id=PEOPLE["owner"])
    delivery = DeliveryLogFactory()

    response = getattr(callers[caller], method)(path.format(notification=notification.pk, delivery=delivery.pk), body, format="json")

    assert response.status_code == expected[caller], response.content


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda make: make(user_id=10, lifetime_seconds=-10), id="expired"),
        pytest.param(lambda make: make(user_id=10, token_type="refresh"), id="refresh token"),
        pytest.param(lambda make: make(user_id=10)[:-4] + "AAAA", id="forged signature"),
    ],
)
def test_a_bad_token_is_401(make_token, token):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token(make_token)}")

    assert client.get("/api/v2/notifications/inapp/").status_code == 401


# --- send ---------------------------------------------------------------------------------------------


def test_send_queues_a_send_email_message_through_the_outbox(callers):
    response = callers["right_api_key"].post("/api/v1/notifications/send/", {**SEND_BODY, "user_id": 7}, format="json")

    assert response.status_code == 202
    queued = OutboxMessage.objects.get()
    assert response.json() == {"status": "queued", "message_id": str(queued.message_id)}
    assert queued.task_name == SEND_EMAIL == "notifications.send_email"
    assert queued.kwargs == {"to": "someone@example.com", "template": "system", "context": {"message": "Hi"}, "user_id": 7}

    [(_, email)] = outbox_read_back()  # as the worker reads it
    assert (email.to, email.template, email.user_id) == ("someone@example.com", "system", 7)

    # and the worker mails it
    send_email.apply(args=queued.args, kwargs=queued.kwargs, task_id=str(queued.message_id))
    assert mail.outbox[0].to == ["someone@example.com"] and "Hi" in mail.outbox[0].body


def test_send_accepts_every_configured_key():
    assert api_key_client("another-key").post("/api/v1/notifications/send/", SEND_BODY, format="json").status_code == 202


def test_send_without_a_key_says_how_to_authenticate(callers):
    response = callers["anonymous"].post("/api/v1/notifications/send/", SEND_BODY, format="json")

    assert response.status_code == 401 and "X-API-Key" in response["WWW-Authenticate"]
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"notification_type": "system"}, "user_email"),
        ({**SEND_BODY, "user_email": "not-an-address"}, "user_email"),
        ({**SEND_BODY, "notification_type": ""}, "notification_type"),
        ({**SEND_BODY, "notification_type": "Shout Loudly"}, "notification_type"),
        ({**SEND_BODY, "context": ["x"]}, "context"),
        ({**SEND_BODY, "context": {f"key_{n}": n for n in range(20_000)}}, "context"),
        ({**SEND_BODY, "user_id": "me"}, "user_id"),
    ],
)
def test_send_with_bad_input_is_a_400_naming_the_field(callers, body, field):
    response = callers["right_api_key"].post("/api/v1/notifications/send/", body, format="json")

    assert response.status_code == 400 and list(response.json()["errors"]) == [field]
    assert not OutboxMessage.objects.exists()


# --- history ---------------------------------------------------------------------------------------------


def test_history_lists_deliveries_newest_first_with_filters(callers, django_assert_num_queries):
    old = DeliveryLogFactory(status="failed", error="554 refused", attempts=5, created_at=timezone.now() - timedelta(days=2))
    DeliveryLogFactory(channel="inapp", recipient="user:10")
    newest = DeliveryLogFactory(recipient="Boss@Example.com")
    admin = callers["admin"]

    with django_assert_num_queries(4):  # savepoint (the request's transaction), count, page, release
        listed = admin.get("/api/v1/notifications/history/").json()

    assert listed["count"] == 3 and listed["results"][0]["id"] == newest.pk
    assert set(listed["results"][0]) == {
        "id",
        "channel",
        "recipient",
        "user_id",
        "notification_type",
        "subject",
        "status",
        "error",
        "attempts",
        "task_name",
        "message_id",
        "created_at",
        "updated_at",
        "sent_at",
    }
    failed = admin.get("/api/v1/notifications/history/", {"status": "failed"}).json()["results"]
    assert [(row["id"], row["error"], row["attempts"]) for row in failed] == [(old.pk, "554 refused", 5)]
    assert admin.get("/api/v1/notifications/history/", {"channel": "inapp"}).json()["count"] == 1
    assert admin.get("/api/v1/notifications/history/", {"recipient": "boss@example.com"}).json()["count"] == 1
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert admin.get("/api/v1/notifications/history/", {"since": since}).json()["count"] == 2
    assert admin.get("/api/v1/notifications/history/", {"status": "lost"}).status_code == 400


# --- in-app ------------------------------------------------------------------------------------------------


def test_the_list_is_the_callers_own_newest_first_with_the_unread_count(callers, django_assert_num_queries):
    now = timezone.now()
    older = InAppNotificationFactory(created_at=now - timedelta(hours=1))
    newer = InAppNotificationFactory(created_at=now)
    read = InAppNotificationFactory(created_at=now - timedelta(hours=2), is_read=True)
    InAppNotificationFactory(user_id=PEOPLE["other_user"])

    with django_assert_num_queries(5):  # savepoint, count, page, unread, release
        body = callers["owner"].get("/api/v2/notifications/inapp/").json()

    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk, read.pk]
    assert (body["count"], body["unread"]) == (3, 2)
    assert set(body) == {"count", "next", "previous", "results", "unread"}
    unread = callers["owner"].get("/api/v2/notifications/inapp/", {"is_read": "false"}).json()
    assert [item["id"] for item in unread["results"]] == [newer.pk, older.pk]
    assert callers["owner"].get("/api/v2/notifications/inapp/unread-count/").json() == {"unread": 2}
    assert callers["other_user"].get("/api/v2/notifications/inapp/unread-count/").json() == {"unread": 1}


def test_a_notification_reads_as_the_contract_says(callers):
    notification = InAppNotificationFactory(related_ticket_number="", metadata={"step": "Triage"})

    item = callers["owner"].get(f"/api/v2/notifications/inapp/{notification.pk}/").json()

    assert item == {
        "id": notification.pk,
        "user_id": PEOPLE["owner"],
        "subject": notification.subject,
        "message": notification.message,
        "notification_type": "task_assignment",
        "related_task_id": notification.related_task_id,
        "related_ticket_number": None,
        "metadata": {"step": "Triage"},
        "is_read": False,
        "read_at": None,
        "created_at": item["created_at"],
    }


def test_the_list_is_paginated(callers):
    InAppNotificationFactory.create_batch(30)

    first = callers["owner"].get("/api/v2/notifications/inapp/").json()
    small = callers["owner"].get("/api/v2/notifications/inapp/", {"page_size": 5, "page": 2}).json()

    assert (first["count"], len(first["results"]), first["next"] is not None) == (30, 25, True)
    assert len(small["results"]) == 5 and small["unread"] == 30


def test_marking_read_and_unread(callers):
    notification = InAppNotificationFactory()

    read = callers["owner"].patch(f"/api/v2/notifications/inapp/{notification.pk}/", {"is_read": True}, format="json")
    assert read.status_code == 200 and read.json()["is_read"] is True and read.json()["read_at"]

    unread = callers["owner"].patch(f"/api/v2/notifications/inapp/{notification.pk}/", {"is_read": False}, format="json")
    assert unread.json()["is_read"] is False and unread.json()["read_at"] is None


def test_someone_elses_notification_is_a_404_and_stays_unread(callers):
    notification = InAppNotificationFactory()

    response = callers["other_user"].patch(f"/api/v2/notifications/inapp/{notification.pk}/", {"is_read": True}, format="json")

    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


@pytest.mark.parametrize("body", [{}, {"is_read": "yes"}, {"is_read": 1}, {"is_read": None}])
def test_marking_with_bad_input_is_a_400_naming_is_read(callers, body):
    notification = InAppNotificationFactory()

    response = callers["owner"].patch(f"/api/v2/notifications/inapp/{notification.pk}/", body, format="json")

    assert response.status_code == 400 and list(response.json()["errors"]) == ["is_read"]


def test_only_is_read_can_be_changed(callers):
    notification = InAppNotificationFactory(subject="Original")

    callers["owner"].patch(f"/api/v2/notifications/inapp/{notification.pk}/", {"is_read": True, "subject": "Changed"}, format="json")

    notification.refresh_from_db()
    assert notification.subject == "Original" and notification.is_read


def test_mark_all_read_marks_only_the_callers_own(callers):
    InAppNotificationFactory.create_batch(3)
    InAppNotificationFactory(is_read=True)
    theirs = InAppNotificationFactory(user_id=PEOPLE["other_user"])

    response = callers["owner"].post("/api/v2/notifications/inapp/mark-all-read/")

    assert response.json() == {"marked": 3}
    assert not InAppNotification.objects.filter(user_id=PEOPLE["owner"], is_read=False).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


# --- preferences -------------------------------------------------------------------------------------------


def test_preferences_start_all_on(callers):
    body = callers["owner"].get("/api/v1/preferences/").json()

    assert all(row["enabled"] and row["is_default"] for row in body["preferences"])
    assert {"notification_type": "task_assignment", "channel": "email", "enabled": True, "is_default": True} in body["preferences"]
    assert body["always_sent"] == ["otp_code", "password_reset"]


def test_a_person_mutes_email_for_a_type_and_keeps_inapp(callers):
    response = callers["owner"].patch(
        "/api/v1/preferences/",
        {"preferences": [{"notification_type": "task_assignment", "channel": "email", "enabled": False}]},
        format="json",
    )

    assert response.status_code == 200
    rows = {(row["notification_type"], row["channel"]): row["enabled"] for row in response.json()["preferences"]}
    assert rows[("task_assignment", "email")] is False and rows[("task_assignment", "inapp")] is True
    preference = NotificationPreference.objects.get()
    assert (preference.user_id, preference.user_email) == (PEOPLE["owner"], "user10@example.com")
    assert callers["other_user"].get("/api/v1/preferences/").json()["preferences"][0]["enabled"] is True


def test_put_replaces_every_choice(callers):
    owner = callers["owner"]
    owner.patch(
        "/api/v1/preferences/", {"preferences": [{"notification_type": "sla_breach", "channel": "inapp", "enabled": False}]}, format="json"
    )

    owner.put("/api/v1/preferences/", PREFERENCES_BODY, format="json")

    assert set(NotificationPreference.objects.values_list("notification_type", "channel", "enabled")) == {("sla_warning", "email", False)}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "preferences"),
        ({"preferences": "all off"}, "preferences"),
        ({"preferences": [{"notification_type": "otp_code", "channel": "email", "enabled": False}]}, "notification_type"),
        ({"preferences": [{"notification_type": "sla_warning", "channel": "sms", "enabled": False}]}, "channel"),
        ({"preferences": [{"notification_type": "sla_warning", "channel": "email", "enabled": "no"}]}, "enabled"),
        ({"preferences": [{"notification_type": "Bad Type", "channel": "email", "enabled": False}]}, "notification_type"),
    ],
)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_preferences_with_bad_input_are_a_400_naming_the_field(callers, body, field, method):
    if method == "patch" and body == {}:
        pytest.skip("a PATCH without preferences changes nothing (test_a_patch_without_preferences_changes_nothing)")
    response = getattr(callers["owner"], method)("/api/v1/preferences/", body, format="json")

    assert response.status_code == 400 and field in str(response.json()["errors"]), response.json()
    assert not NotificationPreference.objects.exists()


def test_a_patch_without_preferences_changes_nothing(callers):
    NotificationPreferenceFactory(user_id=PEOPLE["owner"], notification_type="sla_warning", channel="email", enabled=False)

    response = callers["owner"].patch("/api/v1/preferences/", {}, format="json")

    assert response.status_code == 200
    assert set(NotificationPreference.objects.values_list("notification_type", "channel", "enabled")) == {("sla_warning", "email", False)}


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_list_of_20000_preferences_is_a_quick_400_naming_it(callers, method, settings):
    """Issue 12: PATCH /api/v1/preferences/ with 20,000 entries answered 200 after 18 s."""
    items = [{"notification_type": f"type_{n}", "channel": "email", "enabled": False} for n in range(20_000)]
    started = time.monotonic()

    response = getattr(callers["owner"], method)("/api/v1/preferences/", {"preferences": items}, format="json")

    assert response.status_code == 400 and list(response.json()["errors"]) == ["preferences"]
    too_many = f"Ensure this field has no more than {settings.NOTIFICATION_PREFERENCES_MAX} elements."
    assert response.json()["errors"]["preferences"] == {"non_field_errors": [too_many]}  # DRF's nesting for a list's own error
    assert time.monotonic() - started < 5
    assert not NotificationPreference.objects.exists()


def test_a_person_keeps_at_most_the_bound_of_choices_in_all(callers, settings):
    settings.NOTIFICATION_PREFERENCES_MAX = 3  # the list bound is read at import: 100 here, so a PATCH of 2 passes it
    owner = callers["owner"]

    def patch(*types):
        body = {"preferences": [{"notification_type": kind, "channel": "email", "enabled": False} for kind in types]}
        return owner.patch("/api/v1/preferences/", body, format="json")

    assert patch("type_a", "type_b").status_code == 200
    refused = patch("type_c", "type_d")
    assert refused.status_code == 400 and refused.json()["errors"] == {"preferences": ["A person keeps at most 3 choices."]}
    assert set(NotificationPreference.objects.values_list("notification_type", flat=True)) == {"type_a", "type_b"}
    assert patch("type_a", "type_c").status_code == 200  # changing a kept choice adds nothing


def test_the_same_pair_twice_is_refused(callers):
    item = {"notification_type": "sla_warning", "channel": "email", "enabled": False}

    response = callers["owner"].patch("/api/v1/preferences/", {"preferences": [item, {**item, "enabled": True}]}, format="json")

    assert response.status_code == 400 and list(response.json()["errors"]) == ["preferences"]
