import importlib
import os
import sys
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


def test_a_web_server_gets_a_bounded_pool_that_keeps_no_connection_idle(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("TTS_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    monkeypatch.setenv("TTS_DB_POOL_MAX_SIZE", "4")

    config = database_settings("authservice", tmp_path)

    assert config["OPTIONS"]["pool"] == {"min_size": 0, "max_size": 4, "max_idle": 5, "timeout": 10}
    assert config["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert config["CONN_HEALTH_CHECKS"] is True  # the pool checks a connection before lending it


def test_a_single_threaded_process_keeps_one_checked_connection_and_no_pool(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("TTS_DB_POOL_MAX_SIZE", raising=False)
    monkeypatch.setenv("TTS_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")

    config = database_settings("authservice", tmp_path)

    assert "pool" not in config.get("OPTIONS", {})
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True


def test_sqlite_ignores_the_pool(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("TTS_POSTGRES_URL", raising=False)
    monkeypatch.setenv("TTS_DB_POOL_MAX_SIZE", "4")

    config = database_settings("authservice", tmp_path)

    assert "pool" not in config["OPTIONS"] and config["CONN_MAX_AGE"] == 0


def test_gunicorn_settings_bound_each_worker_to_its_threads(monkeypatch):
    monkeypatch.delenv("TTS_DB_POOL_MAX_SIZE", raising=False)
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "5")
    sys.modules.pop("tts_common.gunicorn", None)

    config = importlib.import_module("tts_common.gunicorn")

    assert (config.workers, config.threads, config.worker_class, config.preload_app) == (3, 5, "gthread", False)
    assert config.accesslog == "-"
    assert os.environ["TTS_DB_POOL_MAX_SIZE"] == "5"  # undone by monkeypatch
    sys.modules.pop("tts_common.gunicorn", None)
