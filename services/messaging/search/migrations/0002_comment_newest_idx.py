"""The newest live comments first, for the search of a common word (search.selectors.comment_search reads the
newest comments in this order and stops)."""

from django.db import migrations

FORWARD = ["CREATE INDEX comment_newest_idx ON comments_comment (created_at DESC, id DESC) WHERE NOT is_deleted"]
BACKWARD = ["DROP INDEX IF EXISTS comment_newest_idx"]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_comment_search_vector")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
