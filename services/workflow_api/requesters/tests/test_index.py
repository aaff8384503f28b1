"""On PostgreSQL the requester lookup uses its expression index (migration 0001), not a scan of every task."""

import pytest
from django.db import connection

from tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.mark.integration
def test_the_requester_lookup_uses_the_expression_index():
    if connection.vendor != "postgresql":
        pytest.skip("the index is PostgreSQL's")
    query = Task.objects.filter(ticket__employee__email__iexact="ada@example.com").only("id")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "task_requester_email_idx" in plan, plan
