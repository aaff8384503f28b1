import pytest

from tests.celery_app import app
from tts_common.logging import MESSAGE_HEADER, REQUEST_ID_HEADER, request_id_var
from tts_common.routing import SEND_TICKET_STATUS, TICKET_STATUS_QUEUE
from tts_common.testing import drain_task_messages

pytestmark = pytest.mark.django_db


def test_health_reports_each_check(api_client):
    response = api_client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "outbox": "ok"}
    assert response.json()["details"]["outbox"] == {
        "pending": 0,
        "parked": 0,
        "oldest_pending_age_seconds": None,
        "max_pending_age_seconds": 120,
    }


def test_health_is_503_when_the_oldest_pending_outbox_row_waited_too_long(api_client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from tts_common.outbox.models import OutboxMessage

    old = OutboxMessage.objects.create(task_name=SEND_TICKET_STATUS, args=["T-1", "Resolved"])
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(seconds=200))
    OutboxMessage.objects.create(task_name=SEND_TICKET_STATUS, args=["T-2", "Resolved"], parked_at=timezone.now())

    response = api_client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == "error: OutboxStuckError"
    details = response.json()["details"]["outbox"]
    assert (details["pending"], details["parked"]) == (1, 1) and details["oldest_pending_age_seconds"] >= 200

    monkeypatch.setenv("OUTBOX_MAX_PENDING_AGE_SECONDS", "300")
    assert api_client.get("/health/").status_code == 200


@pytest.fixture
def broker_down():
    saved = {key: app.conf[key] for key in ("broker_write_url", "broker_transport_options")}
    app.conf.update(broker_write_url="amqp://guest:guest@127.0.0.1:1//", broker_transport_options={})
    yield
    app.conf.update(saved)


def test_health_is_503_naming_the_broker_when_it_is_down(api_client, broker_down):
    response = api_client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")


def test_the_request_id_is_echoed_or_made_up(api_client):
    given = api_client.get("/health/", HTTP_X_REQUEST_ID="abc-123")
    made_up = api_client.get("/health/")

    assert given[REQUEST_ID_HEADER] == "abc-123"
    assert len(made_up[REQUEST_ID_HEADER]) == 32


def test_the_request_id_travels_in_task_message_headers():
    drain_task_messages(app, TICKET_STATUS_QUEUE, timeout=0.2)
    token = request_id_var.set("req-42")
    try:
        app.send_task(SEND_TICKET_STATUS, args=["T-1", "Resolved"])
    finally:
        request_id_var.reset(token)

    [message] = drain_task_messages(app, TICKET_STATUS_QUEUE, timeout=1)
    assert message["headers"][MESSAGE_HEADER] == "req-42"


def test_schema_and_swagger_are_served(api_client):
    assert api_client.get("/api/schema/").status_code == 200
    assert api_client.get("/api/docs/").status_code == 200
