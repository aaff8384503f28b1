"""tts_common.quota: the lock needs the transaction that then writes (the counting under it is tested on real
PostgreSQL in workflow_api's savedviews/tests/test_quota_postgres.py)."""

import pytest
from django.db import transaction

from tts_common.quota import owner_lock


def test_the_lock_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="needs a transaction"):
        owner_lock("saved_views", 10)


@pytest.mark.django_db
def test_inside_a_transaction_the_lock_is_taken_and_held_to_its_end():
    with transaction.atomic():
        owner_lock("saved_views", 10)
        owner_lock("saved_views", 10)  # the same transaction may take it again
