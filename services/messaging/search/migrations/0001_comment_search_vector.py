"""Comments' full-text document: a stored column PostgreSQL generates from ``content``, so no write path (REST,
WebSocket, admin) can forget it, with a GIN index. PostgreSQL only: SQLite searches with ``icontains``
(search.selectors). A later migration that changes ``content``'s type drops the column first and adds it back.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE comments_comment ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(content, ''))) STORED",
    "CREATE INDEX comment_search_vector_idx ON comments_comment USING GIN (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS comment_search_vector_idx",
    "ALTER TABLE comments_comment DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("comments", "0002_author_name_fits_auth")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
