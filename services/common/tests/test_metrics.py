"""tts_common.metrics: who may read /metrics, what it reports, and how the processes' files add up."""

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tts_common.metrics.asgi import WEBSOCKET_CONNECTIONS, WebSocketMetrics, route_of
from tts_common.metrics.collectors import DatabaseCollector
from tts_common.metrics.multiprocess import configure_process, is_celery_worker_main, metrics_root, reset_dir
from tts_common.metrics.views import MultiProcessFilesCollector, address_allowed
from tts_common.metrics.workers import CELERY_TASK_RUNTIME, CELERY_TASKS
from tts_common.outbox.models import OutboxMessage
from tts_common.testing import access_token_for

pytestmark = pytest.mark.urls("tests.metrics_urls")

ADMIN = [{"system": "tts", "role": "Admin"}]
AGENT = [{"system": "tts", "role": "Agent"}]


def parsed(response) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def bearer(roles) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(user_id=7, email='a@tts.local', roles=roles)}"}


# --- who may read it


@pytest.mark.parametrize(
    ("address", "cidrs", "development", "allowed"),
    [
        ("127.0.0.1", (), True, True),
        ("::1", (), True, True),
        ("127.0.0.1", (), False, False),
        ("10.1.2.3", ("10.0.0.0/8",), False, True),
        ("10.1.2.3", ("192.168.0.0/16",), True, False),
        ("not an address", ("0.0.0.0/0",), True, False),
    ],
)
def test_an_address_may_scrape_without_a_token_only_on_loopback_in_development_or_in_the_allow_list(address, cidrs, development, allowed):
    assert address_allowed(address, cidrs=cidrs, development=development) is allowed


@pytest.mark.django_db
def test_in_development_loopback_reads_the_metrics_without_a_token(client, monkeypatch):
    monkeypatch.delenv("DJANGO_ENV", raising=False)

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    names = {name for name, _ in parsed(response)}
    assert {"tts_outbox_oldest_unpublished_age_seconds", "tts_outbox_rows", "tts_metrics_collector_up"} <= names


@pytest.mark.django_db
def test_in_production_loopback_needs_an_administrators_token(client, monkeypatch):
    monkeypatch.setenv("DJANGO_ENV", "production")

    anonymous = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    agent = client.get("/metrics", REMOTE_ADDR="127.0.0.1", **bearer(AGENT))
    admin = client.get("/metrics", REMOTE_ADDR="127.0.0.1", **bearer(ADMIN))

    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/problem+json"
    assert json.loads(anonymous.content)["status"] == 401
    assert agent.status_code == 403
    assert "METRICS_ALLOWED_NETWORKS" in json.loads(agent.content)["detail"]
    assert admin.status_code == 200


@pytest.mark.django_db
def test_a_forged_token_is_refused_even_from_loopback(client, monkeypatch):
    monkeypatch.delenv("DJANGO_ENV", raising=False)

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer not.a.token")

    assert response.status_code == 401


@pytest.mark.django_db
def test_an_address_in_the_allow_list_reads_the_metrics_in_production(client, monkeypatch, settings):
    monkeypatch.setenv("DJANGO_ENV", "production")
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]

    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.1").status_code == 401


@pytest.mark.django_db
def test_a_forwarded_address_counts_only_from_a_trusted_proxy(client, monkeypatch):
    monkeypatch.delenv("DJANGO_ENV", raising=False)

    # loopback is a trusted proxy: the client it names is the one asking
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 401


# --- what it reports


@pytest.mark.django_db
def test_the_outbox_age_is_the_oldest_pending_rows(client, monkeypatch):
    monkeypatch.delenv("DJANGO_ENV", raising=False)
    from datetime import timedelta

    from django.utils import timezone

    old = OutboxMessage.objects.create(task_name="t")
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(seconds=120))
    OutboxMessage.objects.create(task_name="t")
    OutboxMessage.objects.create(task_name="t", parked_at=timezone.now())
    OutboxMessage.objects.create(task_name="t", published_at=timezone.now() - timedelta(days=1))

    found = parsed(client.get("/metrics", REMOTE_ADDR="127.0.0.1"))

    assert 120 <= found[("tts_outbox_oldest_unpublished_age_seconds", ())] < 180
    assert found[("tts_outbox_rows", (("state", "pending"),))] == 2
    assert found[("tts_outbox_rows", (("state", "parked"),))] == 1


@pytest.mark.django_db
def test_requests_and_queries_are_counted_by_view_method_and_status(client, monkeypatch):
    monkeypatch.delenv("DJANGO_ENV", raising=False)
    client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    found = parsed(client.get("/metrics", REMOTE_ADDR="127.0.0.1"))

    by_status = ("django_http_responses_total_by_status_view_method_total", (("method", "GET"), ("status", "200"), ("view", "metrics")))
    assert found[by_status] >= 1
    assert found[("django_http_requests_latency_seconds_by_view_method_count", (("method", "GET"), ("view", "metrics")))] >= 1
    assert sum(v for (name, _), v in found.items() if name == "django_db_execute_total") >= 1


def test_a_failing_reader_costs_only_its_own_figures():
    from django.db import OperationalError
    from prometheus_client.core import GaugeMetricFamily

    def broken():
        raise OperationalError("the database is away")
        yield  # pragma: no cover

    def working():
        yield GaugeMetricFamily("tts_test_working", "a reader that answers", value=3)

    families = {family.name: family for family in DatabaseCollector({"broken": broken, "working": working}).collect()}

    assert families["tts_test_working"].samples[0].value == 3
    up = {sample.labels["collector"]: sample.value for sample in families["tts_metrics_collector_up"].samples}
    assert up == {"broken": 0, "working": 1}


# --- several processes, one scrape

WRITER = textwrap.dedent(
    """
    import sys
    from prometheus_client import Counter, Gauge
    Counter("tts_test_work", "work done", ["kind"]).labels("x").inc(int(sys.argv[1]))
    Gauge("tts_test_open", "open now", multiprocess_mode="livesum").inc(1)
    """
)


def write_from_a_process(folder: Path, amount: int) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    subprocess.run([sys.executable, "-c", WRITER, str(amount)], env=env, check=True, timeout=60)


def test_the_files_of_every_role_and_process_add_up(tmp_path):
    web, worker = reset_dir(tmp_path / "web"), reset_dir(tmp_path / "worker")
    write_from_a_process(web, 2)
    write_from_a_process(web, 3)
    write_from_a_process(worker, 5)

    families = {family.name: family for family in MultiProcessFilesCollector([web, worker]).collect()}

    work = {sample.name: sample.value for sample in families["tts_test_work"].samples}
    assert work["tts_test_work_total"] == 10
    assert families["tts_test_open"].samples[0].value == 3  # live-sum: no process was marked dead


def test_a_celery_worker_gets_its_own_folder_emptied_and_other_processes_none(tmp_path, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    service_dir = tmp_path / "services" / "workflow_api"
    stale = metrics_root(tmp_path / "var", service_dir) / "worker" / "counter_1.db"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    monkeypatch.setattr(sys, "argv", ["/venv/bin/celery", "-A", "config", "worker", "--concurrency", "2"])

    folder = configure_process(tmp_path / "var", service_dir)

    assert folder == str(tmp_path / "var" / "metrics" / "workflow_api" / "worker")
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == folder
    assert not stale.exists()
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    monkeypatch.setattr(sys, "argv", ["manage.py", "relay_outbox"])
    assert configure_process(tmp_path / "var", service_dir) is None


@pytest.mark.parametrize(
    ("argv", "worker"),
    [
        (["/v/bin/celery", "-A", "config", "worker"], True),
        (["/v/bin/celery", "-A", "config", "beat"], False),
        (["manage.py", "relay_outbox"], False),
        ([], False),
    ],
)
def test_which_process_is_a_celery_worker(argv, worker):
    assert is_celery_worker_main(argv) is worker


# --- Celery workers and sockets


def test_a_celery_task_is_counted_with_its_runtime():
    from tests.celery_app import app

    @app.task(name="tests.metrics.sample")
    def sample(fail: bool = False):
        if fail:
            raise ValueError("no")
        return "ok"

    def count(state):
        return CELERY_TASKS.labels("tests.metrics.sample", state)._value.get()

    succeeded, failed = count("succeeded"), count("failed")
    runs = [
        s.value
        for s in CELERY_TASK_RUNTIME.collect()[0].samples
        if s.name.endswith("_count") and s.labels["task"] == "tests.metrics.sample"
    ]

    sample.apply()
    sample.apply(kwargs={"fail": True})

    assert (count("succeeded"), count("failed")) == (succeeded + 1, failed + 1)
    after = [
        s.value
        for s in CELERY_TASK_RUNTIME.collect()[0].samples
        if s.name.endswith("_count") and s.labels["task"] == "tests.metrics.sample"
    ]
    assert after[0] == (runs[0] if runs else 0) + 2


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("/ws/comments/T-1/", "comments"),
        ("/ws/tickets/T-1/", "tickets"),
        ("/ws/notifications/", "notifications"),
        ("/ws/x/", "other"),
        ("/", "other"),
    ],
)
def test_a_socket_is_labelled_by_its_route_kind(path, route):
    assert route_of(path) == route


def test_an_open_socket_is_counted_until_its_handler_returns():
    gauge = WEBSOCKET_CONNECTIONS.labels("comments")
    seen = []

    async def app(scope, receive, send):
        await send({"type": "websocket.accept"})
        seen.append(gauge._value.get())
        await receive()

    async def refusing(scope, receive, send):
        await send({"type": "websocket.close", "code": 4401})

    async def run(application):
        async def receive():
            return {"type": "websocket.disconnect"}

        async def send(message):
            pass

        await WebSocketMetrics(application)({"type": "websocket", "path": "/ws/comments/T-1/"}, receive, send)

    start = gauge._value.get()
    asyncio.run(run(app))
    asyncio.run(run(refusing))

    assert seen == [start + 1]
    assert gauge._value.get() == start


# --- the outbox relay's container health check


@pytest.mark.django_db
def test_check_outbox_fails_only_when_the_oldest_pending_row_is_too_old():
    from datetime import timedelta

    from django.core.management import CommandError, call_command
    from django.utils import timezone

    call_command("check_outbox", "--max-age", "60")  # nothing pending
    row = OutboxMessage.objects.create(task_name="t")
    call_command("check_outbox", "--max-age", "60")
    OutboxMessage.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(seconds=120))

    with pytest.raises(CommandError, match=r"\d+ s old \(more than 60 s\)"):
        call_command("check_outbox", "--max-age", "60")
    OutboxMessage.objects.filter(pk=row.pk).update(parked_at=timezone.now())  # parked rows do not hold the relay up
    call_command("check_outbox", "--max-age", "60")


# --- gunicorn's hooks (tts_common.gunicorn)


def test_the_gunicorn_master_empties_the_web_folder_and_marks_exited_workers_dead(tmp_path, monkeypatch):
    web = tmp_path / "web"
    # the config module sets variables as it loads (the pool size, the metrics folder): keep them in this test
    monkeypatch.setattr(os, "environ", {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(web)})
    sys.modules.pop("tts_common.gunicorn", None)
    from tts_common import gunicorn as config

    web.mkdir()
    (web / "counter_99999.db").write_bytes(b"the previous run")
    config.on_starting(server=None)
    assert list(web.iterdir()) == []

    write_from_a_process(web, 1)  # a counter and a live-sum gauge, from a process that has exited
    [gauge_file] = web.glob("gauge_livesum_*.db")
    pid = int(gauge_file.stem.rsplit("_", 1)[1])
    config.child_exit(server=None, worker=type("Worker", (), {"pid": pid})())

    assert not gauge_file.exists()  # its live gauges leave the scrape
    assert list(web.glob("counter_*.db"))  # its counters stay: figures are whole
