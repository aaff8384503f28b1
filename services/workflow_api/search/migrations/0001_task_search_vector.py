"""Tasks' full-text document: a stored column PostgreSQL generates itself, so no write path can forget it.

``tasks_task.search_vector`` weighs the ticket number and subject (A) over the
description and the requester's name and email (B) and the category and
sub-category (C), all in the ``english`` configuration (tts_common.search.SEARCH_CONFIG),
with a GIN index; ``task_ticket_number_prefix_idx`` (``varchar_pattern_ops``)
serves the ticket-number prefix match. PostgreSQL only: SQLite searches with
``icontains`` (search.selectors). The column depends on ``ticket_number``,
``subject`` and ``ticket``: a later migration that changes one of their types
drops the column first and adds it back (this migration's SQL).
"""

from django.db import migrations

TASK_DOCUMENT = """
    setweight(to_tsvector('english', coalesce(ticket_number, '') || ' ' || coalesce(subject, '')), 'A')
    || setweight(to_tsvector('english',
           coalesce(ticket ->> 'description', '') || ' '
           || coalesce(ticket -> 'employee' ->> 'first_name', '') || ' '
           || coalesce(ticket -> 'employee' ->> 'last_name', '') || ' '
           || coalesce(ticket -> 'employee' ->> 'email', '')), 'B')
    || setweight(to_tsvector('english',
           coalesce(ticket ->> 'category', '') || ' ' || coalesce(coalesce(ticket ->> 'sub_category', ticket ->> 'subcategory'), '')), 'C')
"""

FORWARD = [
    f"ALTER TABLE tasks_task ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({TASK_DOCUMENT}) STORED",
    "CREATE INDEX task_search_vector_idx ON tasks_task USING GIN (search_vector)",
    "CREATE INDEX task_ticket_number_prefix_idx ON tasks_task (ticket_number varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS task_ticket_number_prefix_idx",
    "DROP INDEX IF EXISTS task_search_vector_idx",
    "ALTER TABLE tasks_task DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tasks", "0005_approvals_sla_outcome")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
