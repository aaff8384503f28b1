"""Columns added after a service's first migration carry a database default.

A NOT NULL column that only Django fills breaks every insert that does not name it: processes still running the
previous release while the new schema is in place (a rolling restart, a worker that has not been restarted yet) and
plain SQL. CI's fault run met it: its SQL insert into notifications_deliverylog failed on the new ``claimed_by``.
So each such column gets ``db_default`` where it is added or in a later ``AlterField`` of the same app.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RELATIONS = ("ForeignKey", "OneToOneField", "ManyToManyField")


def keywords(call: ast.Call) -> dict[str, str]:
    return {keyword.arg: ast.unparse(keyword.value) for keyword in call.keywords if keyword.arg}


def field_operations(path: Path):
    """(operation, model, field name, the field's keywords, the field's class) of every AddField/AlterField in ``path``."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("AddField", "AlterField"):
            arguments = {keyword.arg: keyword.value for keyword in node.keywords}
            field = arguments["field"]
            yield (
                node.func.attr,
                ast.literal_eval(arguments["model_name"]),
                ast.literal_eval(arguments["name"]),
                keywords(field),
                ast.unparse(field.func),
            )


def columns_without_database_default() -> list[str]:
    missing = []
    for migrations in sorted(ROOT.glob("services/*/*/migrations")):
        needing, given = {}, set()
        for path in sorted(migrations.glob("[0-9]*.py")):
            if path.stem.endswith("_initial"):
                continue
            for operation, model, name, field, kind in field_operations(path):
                if "db_default" in field:
                    given.add((model, name))
                elif operation == "AddField" and field.get("null") != "True" and not kind.endswith(RELATIONS):
                    needing[(model, name)] = path.relative_to(ROOT)
        missing += [f"{path}: {model}.{name}" for (model, name), path in needing.items() if (model, name) not in given]
    return missing


def test_every_column_added_later_has_a_database_default():
    assert columns_without_database_default() == []


def test_the_check_finds_a_column_without_one(tmp_path, monkeypatch):
    app = tmp_path / "services" / "svc" / "app" / "migrations"
    app.mkdir(parents=True)
    (app / "0001_initial.py").write_text("")
    (app / "0002_flag.py").write_text(
        "from django.db import migrations, models\n"
        "operations = [migrations.AddField(model_name='thing', name='flag', field=models.BooleanField(default=False))]\n"
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert columns_without_database_default() == ["services/svc/app/migrations/0002_flag.py: thing.flag"]
