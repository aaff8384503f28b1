"""``outcome_record``: the write of an outcome tried again through a database blink, and only then."""

import pytest
from django.db import InterfaceError, OperationalError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from tts_common.dbretry import outcome_record
from tts_common.outbox.models import OutboxMessage
from tts_common.testing import database_connection_terminate


class Flaky:
    """A write that fails with ``errors`` in turn, then returns ``result``."""

    def __init__(self, errors, result="written"):
        self.errors, self.result, self.calls = list(errors), result, 0

    def __call__(self):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return self.result


def no_sleep(_seconds: float) -> None:
    pass


@given(st.lists(st.sampled_from([OperationalError, InterfaceError]), max_size=6))
def test_database_faults_are_tried_again_until_the_write_goes_through(faults):
    write = Flaky([fault("server closed the connection unexpectedly") for fault in faults])

    assert outcome_record(write, patience_seconds=60, sleep=no_sleep) == "written"
    assert write.calls == len(faults) + 1


def test_any_other_error_is_raised_at_once():
    write = Flaky([ValueError("not the database's fault")])

    with pytest.raises(ValueError, match="not the database"):
        outcome_record(write, patience_seconds=60, sleep=no_sleep)
    assert write.calls == 1


def test_once_the_patience_is_spent_the_last_database_error_is_raised():
    write = Flaky([OperationalError(f"down {n}") for n in range(1000)])

    with pytest.raises(OperationalError, match="down"):
        outcome_record(write, patience_seconds=0, sleep=no_sleep)
    assert write.calls == 1


@pytest.mark.django_db
def test_inside_a_transaction_one_write_is_not_retried_alone():
    write = Flaky([OperationalError("deadlock detected")])

    with transaction.atomic(), pytest.raises(OperationalError):
        outcome_record(write, patience_seconds=60, sleep=no_sleep)
    assert write.calls == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_write_after_postgresql_dropped_the_connection_goes_through_on_a_fresh_one(postgres_database):
    """The real thing: PostgreSQL terminates this process's backend (as a restart does); the next write reconnects."""
    row = OutboxMessage.objects.create(task_name="tts.test", args=[])
    before = database_connection_terminate()

    updated = outcome_record(lambda: OutboxMessage.objects.filter(pk=row.pk).update(last_error="recorded"), patience_seconds=30)

    assert updated == 1
    assert OutboxMessage.objects.get(pk=row.pk).last_error == "recorded"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != before
