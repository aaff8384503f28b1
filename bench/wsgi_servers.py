#!/usr/bin/env python
"""gunicorn worker models on this machine: sync processes against gthread, on an authenticated list endpoint.

For each configuration the whole suite is started as `make run` starts it
(tests/e2e/suite.py, on PostgreSQL, with the GUNICORN_* variables set), 100
tickets go through intake, then Debian's ``wrk`` asks workflow_api's
``GET /tasks/`` (an administrator's token: 25 tasks a page, with their
assignments, counted) from ``--connections`` connections for ``--seconds``.
Writes requests/s, latency p50/p99 and the suite's peak PostgreSQL
connections to docs/benchmarks.md.

    .venv/bin/python bench/wsgi_servers.py --seconds 20 --connections 32

Needs wrk, PostgreSQL, RabbitMQ and Redis (the TTS_TEST_* URLs of make test).
"""

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from results import write_results  # noqa: E402

from tests.e2e.flows import ADMIN, eventually, sign_in  # noqa: E402
from tests.e2e.http import call  # noqa: E402
from tests.e2e.suite import own_vhost, suite_started  # noqa: E402

CONFIGURATIONS = {
    "sync, 4 workers": {"GUNICORN_WORKER_CLASS": "sync", "GUNICORN_WORKERS": "4", "GUNICORN_THREADS": "1"},
    "sync, 8 workers": {"GUNICORN_WORKER_CLASS": "sync", "GUNICORN_WORKERS": "8", "GUNICORN_THREADS": "1"},
    "gthread, 2 workers x 4 threads": {"GUNICORN_WORKER_CLASS": "gthread", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4"},
    "gthread, 4 workers x 2 threads": {"GUNICORN_WORKER_CLASS": "gthread", "GUNICORN_WORKERS": "4", "GUNICORN_THREADS": "2"},
}
SUFFIX = "_benchwsgi"
TICKET = {
    "subject": "Bench ticket",
    "description": "For the list endpoint.",
    "category": "IT Support",
    "sub_category": "Hardware",
    "department": "IT Department",
    "priority": "Medium",
    "employee": {"first_name": "Be", "last_name": "Nch", "email": "bench@example.com", "company_id": "C-1", "department": "IT"},
}


def peak_connections(postgres_url: str, stop: threading.Event, peak: list[int]) -> None:
    connection = psycopg2.connect(postgres_url.rstrip("/") + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        while not stop.wait(0.5):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE %s", ["%" + SUFFIX.replace("_", r"\_")])
            peak[0] = max(peak[0], cursor.fetchone()[0])
    connection.close()


def wrk(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    command = [shutil.which("wrk") or "/usr/bin/wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    output = subprocess.run(
        [*command, "--timeout", "30s", "-H", f"Authorization: Bearer {token}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50%"),
        "p99": latency("99%"),
        "bad": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": errors.group(1) if errors else "none",
    }


def measure(name: str, environment: dict, args) -> dict:
    os.environ.update(environment)
    postgres_url = os.environ.get("TTS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    broker_url = own_vhost(os.environ.get("TTS_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"), "tts" + SUFFIX)
    with (
        tempfile.TemporaryDirectory(prefix="bench-wsgi-") as var_dir,
        suite_started(
            postgres_url=postgres_url,
            broker_url=broker_url,
            redis_url=os.environ.get("TTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
            var_dir=Path(var_dir),
            database_suffix=SUFFIX,
            port_offset=args.port_offset,
        ) as suite,
    ):
        admin = sign_in(suite, *ADMIN)
        for _ in range(args.tickets):
            created = call("post", f"{suite.ticket_mock}/api/tickets/", TICKET, token=admin, timeout=60)
            if created.status != 201:
                raise RuntimeError(f"POST /api/tickets/ answered {created.status}: {created.body}")
        eventually(lambda: call("get", f"{suite.workflow}/tasks/", token=admin).body["count"] >= args.tickets, what="the tasks")
        stop, peak = threading.Event(), [0]
        sampler = threading.Thread(target=peak_connections, args=(postgres_url, stop, peak))
        sampler.start()
        figures = wrk(f"{suite.workflow}/tasks/", admin, args.seconds, args.connections)
        stop.set()
        sampler.join()
    figures["connections"] = peak[0]
    print(f"{name}: {figures}", flush=True)
    return figures


def measure_retrying(name: str, environment: dict, args, attempts: int = 3) -> dict:
    """:func:`measure`, again when the suite could not start or PostgreSQL went away (a shared machine)."""
    for attempt in range(1, attempts + 1):
        try:
            return measure(name, environment, args)
        except (RuntimeError, OSError, KeyError) as error:  # SuiteError is a RuntimeError
            print(f"{name}: attempt {attempt} failed ({error!r:.200}); again in 30 s", flush=True)
            time.sleep(30)
    sys.exit(f"{name}: no measurement after {attempts} attempts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--tickets", type=int, default=100)
    parser.add_argument("--port-offset", type=int, default=30000)
    args = parser.parse_args()
    results = {name: measure_retrying(name, environment, args) for name, environment in CONFIGURATIONS.items()}
    rows = "\n".join(
        f"| {name} | **{r['rate']:.0f}** | {r['p50']:.0f} ms | {r['p99']:.0f} ms | {r['bad']} / {r['errors']} | {r['connections']} |"
        for name, r in results.items()
    )
    write_results(
        "wsgi_servers",
        f"""## gunicorn: sync processes or threads (`bench/wsgi_servers.py`)

Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}): the whole suite as `make run`
starts it, on PostgreSQL; `wrk` with {args.connections} connections for {args.seconds} s on workflow_api's
`GET /tasks/` (an administrator's token, 25 of {args.tickets} tasks a page), on the same machine.

| workflow_api under gunicorn | requests/s | p50 | p99 | non-2xx / socket errors | suite's PostgreSQL connections, peak |
|---|---|---|---|---|---|
{rows}
""",
    )


if __name__ == "__main__":
    main()
