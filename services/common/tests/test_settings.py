from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tts_common.env import env_secret
from tts_common.settings import database_settings, database_url, postgres_url_for


def test_database_url_wins_over_the_postgres_server(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db:5432/explicit")
    monkeypatch.setenv("TTS_POSTGRES_URL", "postgresql://u@db:5432")

    assert database_url("authservice", Path("/tmp")) == "postgresql://u@db:5432/explicit"


def test_the_postgres_server_gives_each_service_its_logical_database(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("TTS_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

    assert database_url("authservice", Path("/tmp")) == "postgresql://postgres@127.0.0.1:5432/authservice"
    assert postgres_url_for("postgresql://p@h:1?sslmode=require", "x") == "postgresql://p@h:1/x?sslmode=require"


def test_the_embedded_default_is_sqlite_under_var(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("TTS_POSTGRES_URL", raising=False)

    config = database_settings("authservice", tmp_path)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "authservice.sqlite3")


def test_secrets_have_no_default_in_production(monkeypatch):
    monkeypatch.setenv("DJANGO_ENV", "production")
    monkeypatch.delenv("SOME_SECRET", raising=False)

    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET"):
        env_secret("SOME_SECRET", "dev")


def test_secrets_fall_back_in_development(monkeypatch):
    monkeypatch.delenv("DJANGO_ENV", raising=False)
    monkeypatch.delenv("SOME_SECRET", raising=False)

    assert env_secret("SOME_SECRET", "dev") == "dev"
