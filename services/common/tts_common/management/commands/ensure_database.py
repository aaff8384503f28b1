"""Create this service's PostgreSQL database if it does not exist (no-op on SQLite)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from psycopg2 import connect, sql
from psycopg2.errors import DuplicateDatabase


class Command(BaseCommand):
    help = "Create the service's logical PostgreSQL database when it is missing."

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if "postgresql" not in db["ENGINE"]:
            self.stdout.write(f"{db['NAME']}: SQLite, nothing to create")
            return
        params = {
            "dbname": "postgres",
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
        }
        connection = connect(**{key: value for key, value in params.items() if value})
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
                if cursor.fetchone():
                    self.stdout.write(f"{db['NAME']}: exists")
                    return
                try:
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                    self.stdout.write(f"{db['NAME']}: created")
                except DuplicateDatabase:
                    self.stdout.write(f"{db['NAME']}: exists")
        finally:
            connection.close()
