"""/webhooks/ and /webhook-deliveries/: administrators only, the secret shown once, bad input a 400 naming the field."""

import pytest

from tts_common import messages
from webhooks.models import Delivery, Subscription
from webhooks.services import comment_event_enqueue

pytestmark = pytest.mark.django_db
HOOK = {"url": "http://127.0.0.1:8999/hook", "events": ["task.created", "comment.created"]}
COMMENT = {"id": 5, "ticket_id": "TX-A-1", "user_id": 10, "author_name": "Ana", "content": "hi", "parent": None, "created_at": "x"}


@pytest.mark.parametrize(("caller", "status"), [("anonymous", 401), ("agent", 403), ("coordinator", 403)])
def test_only_administrators_reach_webhooks(callers, caller, status):
    client = callers[caller]
    assert client.get("/webhooks/").status_code == status
    assert client.post("/webhooks/", HOOK, format="json").status_code == status
    assert client.get("/webhook-deliveries/").status_code == status
    assert not Subscription.objects.exists()


def test_an_administrator_registers_a_webhook_and_sees_the_generated_secret_once(callers):
    admin = callers["admin"]

    created = admin.post("/webhooks/", {**HOOK, "events": ["task.created", "task.created", "comment.created"]}, format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["secret"].startswith("whsec_") and body["secret_hint"] == "…" + body["secret"][-4:]
    assert (body["events"], body["is_active"], body["owner_user_id"]) == (["task.created", "comment.created"], True, 1)
    read = admin.get(f"/webhooks/{body['id']}/").json()
    assert "secret" not in read and read["url"] == HOOK["url"]
    assert all("secret" not in item for item in admin.get("/webhooks/").json()["results"])


def test_a_given_secret_is_kept_and_never_shown_back(callers):
    created = callers["admin"].post("/webhooks/", {**HOOK, "secret": "my-own-secret-1234"}, format="json").json()

    assert created["secret"] == "my-own-secret-1234"
    assert Subscription.objects.get().secret == "my-own-secret-1234"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**HOOK, "events": []}, "events"),
        ({**HOOK, "events": ["task.exploded"]}, "events"),
        ({**HOOK, "events": "task.created"}, "events"),
        ({"events": ["task.created"]}, "url"),
        ({**HOOK, "url": "ftp://example.com/"}, "url"),
        ({**HOOK, "url": "http://10.1.2.3/hook"}, "url"),
        ({**HOOK, "url": "http://no-such-host.invalid/"}, "url"),
        ({**HOOK, "url": "http://" + "a" * 2000 + ".com/"}, "url"),
        ({**HOOK, "secret": "short"}, "secret"),
        ({**HOOK, "secret": " padded-secret-value "}, "secret"),
        ({**HOOK, "is_active": "maybe"}, "is_active"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(callers, body, field):
    answer = callers["admin"].post("/webhooks/", body, format="json")

    assert answer.status_code == 400, answer.json()
    assert field in answer.json()["errors"]
    assert not Subscription.objects.exists()


def test_in_production_a_loopback_receiver_is_refused_at_registration(callers, monkeypatch):
    monkeypatch.setenv("DJANGO_ENV", "production")

    answer = callers["admin"].post("/webhooks/", {**HOOK, "url": "http://2130706433:8999/hook"}, format="json")

    assert answer.status_code == 400
    assert answer.json()["errors"]["url"][0].startswith("2130706433 resolves to a refused address: 127.0.0.1 is a loopback address")


def test_an_administrator_edits_switches_on_again_and_deletes(callers):
    admin = callers["admin"]
    hook = admin.post("/webhooks/", HOOK, format="json").json()
    Subscription.objects.filter(pk=hook["id"]).update(is_active=False, disabled_reason="failed for a day")

    edited = admin.patch(f"/webhooks/{hook['id']}/", {"events": ["task.assigned"], "is_active": True}, format="json")

    assert edited.status_code == 200
    assert (edited.json()["events"], edited.json()["is_active"], edited.json()["disabled_reason"]) == (["task.assigned"], True, "")
    assert admin.patch(f"/webhooks/{hook['id']}/", {"url": "http://192.168.0.9/"}, format="json").status_code == 400
    assert admin.delete(f"/webhooks/{hook['id']}/").status_code == 204
    assert admin.get(f"/webhooks/{hook['id']}/").status_code == 404


def test_the_delivery_log_filters_and_redelivers(callers):
    admin = callers["admin"]
    hook = admin.post("/webhooks/", HOOK, format="json").json()
    [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))

    log = admin.get(f"/webhook-deliveries/?subscription={hook['id']}&status=pending").json()
    again = admin.post(f"/webhook-deliveries/{delivery.pk}/redeliver/")

    [row] = log["results"]
    assert (row["id"], row["event_type"], row["attempts"], row["subscription_url"]) == (delivery.pk, "comment.created", 0, HOOK["url"])
    assert again.status_code == 201 and again.json()["redelivery_of"] == delivery.pk
    assert admin.get("/webhook-deliveries/?status=nonsense").status_code == 400
    Subscription.objects.update(is_active=False)
    refused = admin.post(f"/webhook-deliveries/{delivery.pk}/redeliver/")
    assert refused.status_code == 409 and refused.json()["code"] == "conflict"
    assert Delivery.objects.count() == 2


def test_the_delivery_log_does_not_grow_queries_with_the_page(callers, django_assert_num_queries):
    admin = callers["admin"]
    admin.post("/webhooks/", HOOK, format="json")
    for n in range(3):
        comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], {**COMMENT, "id": 100 + n}))
    with django_assert_num_queries(4):  # savepoint, count, the page with its webhooks, release
        admin.get("/webhook-deliveries/?page_size=100")
    for n in range(30):
        comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], {**COMMENT, "id": 200 + n}))
    with django_assert_num_queries(4):
        assert len(admin.get("/webhook-deliveries/?page_size=100").json()["results"]) == 33
