"""Mail through Django's SMTP backend to a real (local, fake) SMTP server: refusals are retried with backoff, then logged as failed."""

import os
import smtplib
import socket
import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.delivery import Outcome, email_deliver, retry_countdown, this_process
from notifications.messages import EmailRequest
from notifications.models import DeliveryLog
from notifications.tasks import EmailDeliveryFailedError, send_assignment_notification
from tests.factories import DeliveryLogFactory, assignment_kwargs
from tests.smtp import fake_smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    """Point Django's SMTP backend at a fake server; ``smtp(refuse=n)`` refuses the first n mails (-1: all)."""
    servers = []

    def start(*, refuse: int = 0):
        context = fake_smtp_server(refuse=refuse)
        host, port, state = context.__enter__()
        servers.append(context)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = host, port, 5
        return state

    yield start
    for context in servers:
        context.__exit__(None, None, None)


def request(**overrides) -> EmailRequest:
    return EmailRequest(
        **{"to": "owner@example.com", "notification_type": "system", "context": {"message": "Hello"}, "user_id": 10, **overrides}
    )


def test_a_mail_the_server_accepts_is_sent_once(smtp):
    server = smtp()

    result = send_assignment_notification.apply(kwargs=assignment_kwargs(), task_id="smtp-ok")

    assert result.get() == "sent"
    [raw] = server.accepted
    assert b"Subject: New task assigned: TX20251119000123" in raw and b"To: owner@example.com" in raw
    assert DeliveryLog.objects.get().status == "sent"


def test_a_server_that_always_refuses_ends_in_a_logged_failure_after_the_retries(smtp, settings, dead_letters):
    settings.EMAIL_RETRY_MAX_ATTEMPTS = 4
    server = smtp(refuse=-1)

    result = send_assignment_notification.apply(kwargs=assignment_kwargs(), task_id="smtp-refused")

    assert result.failed() and isinstance(result.result, EmailDeliveryFailedError)
    assert server.refusals == 4 and server.accepted == []
    log = DeliveryLog.objects.get()
    assert (log.status, log.attempts) == ("failed", 4)
    assert log.error.startswith("gave up after 4 attempts; last attempt 4: SMTPSenderRefused")
    assert "Relay access denied" in log.error
    [dead] = dead_letters
    assert dead["task_id"] == "smtp-refused" and dead["reason"].startswith("EmailDeliveryFailedError")


def test_a_server_that_refuses_twice_then_accepts_delivers_on_the_third_attempt(smtp):
    server = smtp(refuse=2)

    result = send_assignment_notification.apply(kwargs=assignment_kwargs(), task_id="smtp-flaky")

    assert result.get() == "sent" and len(server.accepted) == 1
    log = DeliveryLog.objects.get()
    assert (log.status, log.attempts) == ("sent", 3) and log.error == ""


def test_a_server_that_does_not_answer_is_retried_too(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # discard: nothing listens

    outcome = email_deliver(request=request(), dedupe_key="unreachable")

    assert outcome.status == Outcome.RETRY and "ConnectionRefusedError" in outcome.error
    log = DeliveryLog.objects.get()
    assert (log.status, log.attempts) == ("retrying", 1)


def test_each_attempt_waits_twice_as_long_up_to_the_limit(settings):
    settings.EMAIL_RETRY_BASE_SECONDS, settings.EMAIL_RETRY_MAX_SECONDS = 10, 60

    assert [retry_countdown(attempt) for attempt in range(1, 6)] == [10, 20, 40, 60, 60]


def test_an_attempt_in_flight_elsewhere_is_looked_at_again_later(settings):
    settings.EMAIL_IN_FLIGHT_RECHECK_SECONDS = 30
    DeliveryLogFactory(dedupe_key="busy:email", status="sending", attempts=1)

    outcome = email_deliver(request=request(), dedupe_key="busy")

    assert (outcome.status, outcome.countdown) == (Outcome.BUSY, 30)
    assert mail.outbox == []


def test_an_attempt_whose_worker_died_is_taken_over():
    log = DeliveryLogFactory(dedupe_key="stale:email", status="sending", attempts=1)
    DeliveryLog.objects.filter(pk=log.pk).update(updated_at=timezone.now() - timedelta(hours=1))

    outcome = email_deliver(request=request(), dedupe_key="stale")

    assert outcome.status == Outcome.SENT and len(mail.outbox) == 1
    assert DeliveryLog.objects.get().attempts == 2


def test_an_attempt_whose_process_is_gone_from_this_host_is_taken_over_at_once():
    """CI's fault run, 2026-12-01: RabbitMQ blinked mid-send, Celery terminated the attempt, and the redelivered
    message waited EMAIL_SENDING_STALE_SECONDS (330 s) on the row its dead attempt had left ``sending``."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    DeliveryLogFactory(dedupe_key="gone:email", status="sending", attempts=1, claimed_by=f"{socket.gethostname()}:{gone.pid}")

    outcome = email_deliver(request=request(), dedupe_key="gone")

    assert outcome.status == Outcome.SENT and len(mail.outbox) == 1
    assert DeliveryLog.objects.get().claimed_by == this_process()


@pytest.mark.parametrize("claimer", ["this process", "another host"])
def test_an_attempt_whose_process_may_still_be_sending_is_left_to_it(claimer):
    claimed_by = this_process() if claimer == "this process" else f"elsewhere.example:{os.getpid()}"
    DeliveryLogFactory(dedupe_key="alive:email", status="sending", attempts=1, claimed_by=claimed_by)

    assert email_deliver(request=request(), dedupe_key="alive").status == Outcome.BUSY
    assert mail.outbox == []


@pytest.mark.parametrize("status", ["sent", "failed", "skipped"])
def test_a_message_already_finished_is_not_sent_again(status):
    DeliveryLogFactory(dedupe_key="done:email", status=status)

    assert email_deliver(request=request(), dedupe_key="done").status == Outcome.DUPLICATE
    assert mail.outbox == []


def test_a_retry_of_the_same_message_continues_its_row(monkeypatch):
    calls = []

    def flaky_send(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("gone")
        mail.outbox.append(kwargs)

    monkeypatch.setattr("notifications.delivery.email_send", flaky_send)

    first = email_deliver(request=request(), dedupe_key="again")
    second = email_deliver(request=request(), dedupe_key="again")

    assert (first.status, second.status) == (Outcome.RETRY, Outcome.SENT)
    log = DeliveryLog.objects.get()
    assert (log.status, log.attempts, log.error) == ("sent", 2, "")


def test_an_error_that_is_not_the_servers_fails_at_once(monkeypatch):
    monkeypatch.setattr("notifications.delivery.email_send", lambda **kwargs: 1 / 0)

    outcome = email_deliver(request=request(), dedupe_key="bug")

    assert outcome.status == Outcome.FAILED
    assert DeliveryLog.objects.get().error == "attempt 1: ZeroDivisionError: division by zero"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_mail_sent_just_before_postgresql_drops_the_connection_is_recorded_sent_once(postgres_database, monkeypatch):
    """The fault run's lost mail: sent, then the database restarted before the row said so. It must end ``sent``
    after one attempt, not stay ``sending`` (every later try waiting for it to go stale, then mailing again)."""
    from notifications import delivery
    from tts_common.testing import database_connection_terminate

    sent = []

    def send_then_lose_the_database(**kwargs):
        sent.append(kwargs["to"])
        database_connection_terminate()

    monkeypatch.setattr(delivery, "email_send", send_then_lose_the_database)

    outcome = email_deliver(request=request(), dedupe_key="pg-blink")

    assert outcome.status == Outcome.SENT
    assert sent == ["owner@example.com"]
    row = DeliveryLog.objects.get(pk=outcome.log_id)
    assert (row.status, row.attempts, row.sent_at is not None) == ("sent", 1, True)
