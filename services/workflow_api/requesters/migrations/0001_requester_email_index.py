"""An index for the requester's other tickets (``requesters.selectors.requester_other_tasks``) on PostgreSQL.

The lookup ``ticket__employee__email__iexact`` compiles to ``UPPER((ticket #>> '{employee,email}')::text) = UPPER(%s)``;
this expression index matches it exactly (``tests/test_index.py`` checks the plan uses it). It lives here, not on
``tasks.Task``, because it serves this app's one query. SQLite (the embedded default) scans, which is fine at its scale.
"""

from django.db import migrations

INDEX = "task_requester_email_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON tasks_task (UPPER((ticket #>> '{{employee,email}}')::text))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("tasks", "0005_approvals_sla_outcome")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
