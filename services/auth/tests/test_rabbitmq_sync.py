"""A role change in auth arrives on tts.role.sync in a real RabbitMQ, even across a broker outage."""

import pytest
from django.db import transaction

from rbac.models import Role
from tts_common.celery import make_celery_app
from tts_common.outbox.models import OutboxMessage
from tts_common.outbox.services import relay_pending
from tts_common.routing import ROLE_SYNC_QUEUE, SYNC_ROLE, SYNC_USER_SYSTEM_ROLE, USER_SYSTEM_ROLE_SYNC_QUEUE
from tts_common.testing import drain_task_messages

pytestmark = pytest.mark.integration

DOWN = {"broker_url": "amqp://guest:guest@127.0.0.1:1//", "broker_transport_options": {}}


@pytest.fixture
def rabbit_app(rabbitmq_url):
    app = make_celery_app(
        "auth-it", overrides={"broker_url": rabbitmq_url, "broker_transport_options": {"confirm_publish": True}}, set_as_current=False
    )
    for queue in (ROLE_SYNC_QUEUE, USER_SYSTEM_ROLE_SYNC_QUEUE):
        drain_task_messages(app, queue, timeout=0.3)
    return app


def _for_role(role_name):
    return lambda found: any(message["args"][0].get("name") == role_name for message in found)


@pytest.mark.django_db(transaction=True)
def test_a_role_created_over_the_api_arrives_on_the_queue(as_admin, rabbit_app, configured_rabbitmq_app):
    response = as_admin.post("/api/v1/roles/", {"name": "Auditor", "system": "tts", "description": "Reads"}, format="json")

    found = drain_task_messages(configured_rabbitmq_app, ROLE_SYNC_QUEUE, timeout=5, until=_for_role("Auditor"))

    [message] = [m for m in found if m["args"][0]["name"] == "Auditor"]
    assert message["task"] == SYNC_ROLE
    assert message["args"] == [
        {"role_id": response.json()["id"], "name": "Auditor", "system": "tts", "description": "Reads", "action": "create"}
    ]
    assert message["headers"]["id"] == str(OutboxMessage.objects.get(task_name=SYNC_ROLE, args__0__name="Auditor").message_id)


@pytest.mark.django_db
def test_a_change_made_while_the_broker_is_down_waits_and_then_arrives(tts, rabbit_app):
    broker_down = make_celery_app("auth-down", overrides=DOWN, set_as_current=False)
    with transaction.atomic():
        Role.objects.create(system=tts, name="Night Shift")

    refused = relay_pending(app=broker_down)

    assert refused.error and refused.published == 0
    waiting = OutboxMessage.objects.get(task_name=SYNC_ROLE, args__0__name="Night Shift")
    # the broker away is no row's fault: the row waits, nothing counted against it, never parked
    assert (waiting.published_at, waiting.parked_at, waiting.attempts) == (None, None, 0)

    assert relay_pending(app=rabbit_app).error is None
    waiting.refresh_from_db()
    assert waiting.published_at is not None and waiting.attempts == 1
    found = drain_task_messages(rabbit_app, ROLE_SYNC_QUEUE, timeout=5, until=_for_role("Night Shift"))
    assert [m["args"][0]["action"] for m in found if m["args"][0]["name"] == "Night Shift"] == ["create"]
    assert all(message["task"] in (SYNC_ROLE, SYNC_USER_SYSTEM_ROLE) for message in found)
