"""Every consumer of workflow_api, fed arbitrary JSON: each message is processed or recorded as a failure.

Runs on SQLite in the unit pass and on PostgreSQL in the real pass (where NUL,
lone surrogates and out-of-range numbers are refused by the database itself).
"""

import pytest
from hypothesis import given

from intake.services import Delivery, tickets_receive
from roles.tasks import sync_role, sync_user_system_role
from tasks.tasks import notify_ticket_participants, sweep_slas
from tests.factories import hdts_ticket, membership_payload
from tts_common.testing_consumers import PROCESSED, RECORDED, consumer_settings, keyword_messages, payload_messages, settle
from tts_common.testing_inputs import json_values
from workflows.tasks import seed_workflows

pytestmark = pytest.mark.django_db(transaction=True)

ROLE = {"role_id": 9001, "name": "Property Role", "system": "tts", "description": "", "action": "create"}
MEMBER = membership_payload(501, user_system_role_id=9001, user_email="p@example.com", user_full_name="Pat Q")
COMMENT = {
    "ticket_number": "PROP-1",
    "author_user_id": 20,
    "notification_type": "comment_added",
    "subject": "New comment",
    "message": "hello",
    "metadata": {"comment_id": 1},
}


@pytest.fixture
def a_ticket(demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("PROP-1"))])


@consumer_settings()
@given(message=payload_messages(ROLE))
def test_sync_role_processes_or_records_any_message(replica, message):
    assert settle(sync_role, *message) in (PROCESSED, RECORDED)


@consumer_settings()
@given(message=payload_messages(MEMBER))
def test_sync_user_system_role_processes_or_records_any_message(replica, message):
    assert settle(sync_user_system_role, *message) in (PROCESSED, RECORDED)


@consumer_settings()
@given(message=keyword_messages(list(COMMENT), COMMENT))
def test_notify_ticket_participants_processes_or_records_any_message(a_ticket, message):
    assert settle(notify_ticket_participants, *message) in (PROCESSED, RECORDED)


@consumer_settings(max_examples=5)
@given(message=keyword_messages([], {}))
def test_the_argumentless_consumers_record_a_message_with_arguments(replica, message):
    args, kwargs = message
    expected = PROCESSED if not args and not kwargs else RECORDED
    assert settle(sweep_slas, args, kwargs) == expected
    assert settle(seed_workflows, args, kwargs) == expected


@consumer_settings()
@given(payloads=json_values().flatmap(lambda value: st_payloads(value)))
def test_intake_makes_each_payload_a_task_a_duplicate_or_a_stored_failure(demo_workflows, payloads):
    report = tickets_receive(deliveries=[Delivery(payload, message_id=f"m-{n}") for n, payload in enumerate(payloads)])

    assert not report.deferred
    assert all(failure.stored and failure.pk for failure in report.failures)
    assert len(report.created) + len(report.duplicates) + len(report.failures) == len(payloads)


def st_payloads(value):
    """A good ticket, the arbitrary value, and the good ticket with its fields replaced by arbitrary values."""
    from hypothesis import strategies as st

    good = hdts_ticket("PROP-GOOD")
    edited = st.fixed_dictionaries({}, optional={name: json_values() for name in good}).map(lambda new: {**good, **new})
    return st.tuples(st.just(good), st.just(value), edited).map(list)


def test_every_consumer_settles_its_final_failures():
    from config.celery import app
    from tts_common.routing import RECEIVE_TICKET
    from tts_common.testing_consumers import tasks_without_settling

    assert tasks_without_settling(app, batch_tasks=(RECEIVE_TICKET,)) == []  # intake settles through SettledBatches
