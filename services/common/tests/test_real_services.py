"""The real-services pass of make test really runs on PostgreSQL."""

import os

import pytest
from django.db import connection

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_database_is_postgresql(postgres_database):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = cursor.fetchone()[0]

    assert connection.vendor == "postgresql"
    assert name == "test_ttscommon" + os.environ.get("TTS_TEST_DB_SUFFIX", "")
