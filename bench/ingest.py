#!/usr/bin/env python
"""Ticket intake benchmark: publish N tickets as the HDTS does, over the real broker, and measure.

Measures, until every task exists and every assignment message is published:
tickets per second end to end, p50 and p99 from publish to assignment; and,
in the same run over the same broker, the rate of a Celery task that does
nothing (the ceiling). Writes the figures to docs/benchmarks.md.

    .venv/bin/python bench/ingest.py --count 10000

Needs PostgreSQL, RabbitMQ and Redis (BENCH_POSTGRES_URL, BENCH_BROKER_URL,
BENCH_REDIS_URL; the local servers by default). Uses its own database
(workflowmanagement_bench, recreated) and queues it purges first.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg2
import redis
from celery import Celery
from results import write_results

ROOT = Path(__file__).resolve().parents[1]
SERVICE = ROOT / "services" / "workflow_api"
DATABASE = "workflowmanagement_bench"
NOOP_QUEUE = "bench.noop"


def recreate_database(server_url: str) -> None:
    connection = psycopg2.connect(server_url.rstrip("/") + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    connection.close()


# The intake worker buffers a batch per process, so it prefetches more than one batch.
PREFETCH_MULTIPLIER = 256


def start_worker(app: str, queue: str, concurrency: int, env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app,
            "worker",
            "-Q",
            queue,
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"bench-{queue}@%h",
            "--loglevel",
            "WARNING",
            "--prefetch-multiplier",
            str(PREFETCH_MULTIPLIER),
        ],
        cwd=cwd,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    time.sleep(4)  # prefork children up and consuming
    if process.poll() is not None:
        sys.exit(f"worker {app} died at start; see {log}")
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def purge(app: Celery, *queues: str) -> None:
    from tts_common.routing import plain_queue

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for name in queues:
            bound = plain_queue(name)(channel)
            bound.declare()
            bound.purge()


def publish_all(app: Celery, task_name: str, payloads, queue: str, chunk: int = 500) -> None:
    """Publish as fast as one producer can: batches on a confirm-mode channel, confirmed per batch."""
    from types import SimpleNamespace
    from uuid import uuid4

    from tts_common.outbox.publishing import publish_confirmed

    app.conf.task_routes = {task_name: {"queue": queue}}
    batch = []
    for args in payloads:
        batch.append(SimpleNamespace(task_name=task_name, args=args, kwargs={}, message_id=uuid4(), headers=None))
        if len(batch) == chunk:
            _publish(publish_confirmed, app, batch)
            batch = []
    if batch:
        _publish(publish_confirmed, app, batch)


def _publish(publish_confirmed, app: Celery, batch: list) -> None:
    refused = publish_confirmed(app, batch).refused
    if refused:
        raise RuntimeError(f"the broker refused {len(refused)} message(s): {refused[0][1]}")


def queue_depth(app: Celery, name: str) -> int:
    with app.connection_for_write() as connection:
        return connection.default_channel.queue_declare(name, passive=True).message_count


def measure_noop(count: int, concurrency: int, env: dict, log_dir: Path, broker_url: str, redis_url: str) -> float:
    counter = redis.Redis.from_url(redis_url)
    counter.delete("bench:noop:done")
    producer = Celery("bench-producer", broker=broker_url, set_as_current=False)
    producer.conf.broker_transport_options = {"confirm_publish": True}
    purge(producer, NOOP_QUEUE)
    worker = start_worker("noop_app", NOOP_QUEUE, concurrency, env, ROOT / "bench", log_dir / "noop-worker.log")
    try:
        started = time.monotonic()
        publish_all(producer, "bench.noop", ([number] for number in range(count)), NOOP_QUEUE)
        while int(counter.get("bench:noop:done") or 0) < count:
            time.sleep(0.02)
        return count / (time.monotonic() - started)
    finally:
        stop(worker)


def demo_ticket(number: int) -> dict:
    from tts_common.demo_catalogue import DEMO_CATEGORIES

    category = DEMO_CATEGORIES[number % len(DEMO_CATEGORIES)]
    return {
        "ticket_number": f"BENCH{number:08d}",
        "subject": f"Benchmark ticket {number}",
        "description": "Generated by bench/ingest.py",
        "category": category["category"],
        "sub_category": category["sub_categories"][number % len(category["sub_categories"])],
        "department": category["department"],
        "priority": ("Low", "Medium", "High", "Critical")[number % 4],
        "status": "New",
        "submit_date": datetime.now(UTC).isoformat(),
        "employee": {"first_name": "Bench", "last_name": "Mark", "email": "bench@example.com", "company_id": "B-1", "department": "QA"},
        "attachments": [],
        "bench_published_at": time.time(),
    }


def seed(agents: int, coordinators: int) -> None:
    from roles.services import role_member_sync_apply, role_sync_apply
    from workflows.demo import demo_workflows_seed

    roles = ["Admin", "Agent", "Ticket Coordinator", "Asset Manager", "Budget Manager"]
    for role_id, name in enumerate(roles, 1):
        role_sync_apply(payload={"role_id": role_id, "name": name, "system": "tts", "description": "", "action": "create"})
    people = [("Agent", agents), ("Ticket Coordinator", coordinators), ("Asset Manager", 2), ("Budget Manager", 2), ("Admin", 1)]
    membership = 0
    for name, count in people:
        for _ in range(count):
            membership += 1
            role_member_sync_apply(
                payload={
                    "user_system_role_id": membership,
                    "user_id": membership,
                    "user_email": f"user{membership}@example.com",
                    "user_full_name": f"User {membership}",
                    "system": "tts",
                    "role_id": roles.index(name) + 1,
                    "role_name": name,
                    "is_active": True,
                    "action": "create",
                }
            )
    demo_workflows_seed()


def measure_ingest(count: int, concurrency: int, env: dict, log_dir: Path, broker_url: str) -> dict:
    from django.db import connection

    from tasks.models import Assignment, Task
    from tts_common.outbox.models import OutboxMessage
    from tts_common.routing import INAPP_NOTIFICATION_QUEUE, NOTIFICATION_QUEUE, TICKET_QUEUE, TICKET_STATUS_QUEUE

    hdts = Celery("hdts", broker=broker_url, set_as_current=False)
    hdts.conf.broker_transport_options = {"confirm_publish": True}
    purge(hdts, TICKET_QUEUE, NOTIFICATION_QUEUE, INAPP_NOTIFICATION_QUEUE, TICKET_STATUS_QUEUE)
    worker = start_worker("config", TICKET_QUEUE, concurrency, env, SERVICE, log_dir / "workflow-worker.log")
    try:
        started = time.monotonic()
        publish_all(hdts, "tickets.tasks.receive_ticket", ([demo_ticket(number)] for number in range(count)), TICKET_QUEUE)
        published = time.monotonic()
        # Polling is light (every 0.25 s) so the measurement does not slow what it measures.
        while Task.objects.count() < count or OutboxMessage.objects.filter(published_at__isnull=True).exists():
            time.sleep(0.25)
            connection.close()
        finished = time.monotonic()
    finally:
        stop(worker)
    latencies = sorted(
        (assigned_at.timestamp() - float(ticket["bench_published_at"])) * 1000
        for assigned_at, ticket in Assignment.objects.values_list("assigned_at", "task__ticket")
    )
    tasks, assignments = Task.objects.count(), Assignment.objects.count()
    return {
        "tickets": count,
        "tasks": tasks,
        "assignments": assignments,
        "email_messages": queue_depth(hdts, NOTIFICATION_QUEUE),
        "inapp_messages": queue_depth(hdts, INAPP_NOTIFICATION_QUEUE),
        "status_messages": queue_depth(hdts, TICKET_STATUS_QUEUE),
        "publish_seconds": published - started,
        "seconds": finished - started,
        "rate": count / (finished - started),
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (prefork)")
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--coordinators", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    broker_url = os.environ.get("BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

    log_dir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{postgres.rstrip('/')}/{DATABASE}",
        "CELERY_BROKER_URL": broker_url,
        "TTS_VAR_DIR": str(log_dir),
        "BENCH_BROKER_URL": broker_url,
        "BENCH_REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
        "DJANGO_DEBUG": "0",
    }
    recreate_database(postgres)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=SERVICE, env=env, check=True)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(SERVICE))
    import django

    django.setup()
    seed(args.agents, args.coordinators)

    print(f"no-op ceiling: {args.count} tasks ...", flush=True)
    ceiling = measure_noop(args.count, args.concurrency, env, log_dir, broker_url, redis_url)
    print(f"  {ceiling:,.0f} tasks/s", flush=True)
    print(f"ingest: {args.count} tickets ...", flush=True)
    result = measure_ingest(args.count, args.concurrency, env, log_dir, broker_url)
    ratio = result["rate"] / ceiling
    print(f"  {result['rate']:,.0f} tickets/s end to end ({result['seconds']:.1f} s; publishing took {result['publish_seconds']:.1f} s)")
    print(f"  publish -> assignment: p50 {result['p50_ms']:,.0f} ms, p99 {result['p99_ms']:,.0f} ms")
    print(
        f"  {result['tasks']} tasks, {result['assignments']} assignments; queued: {result['email_messages']} email, "
        f"{result['inapp_messages']} in-app, {result['status_messages']} status messages"
    )
    print(f"  ratio to the no-op ceiling: {ratio:.2f}")
    complete = result["tasks"] == result["assignments"] == result["email_messages"] == result["inapp_messages"] == args.count
    if not complete:
        print("  INCOMPLETE: not every ticket became one assigned task with its messages", file=sys.stderr)

    text = (
        f"## Ticket intake (`bench/ingest.py`)\n\n"
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), PostgreSQL, RabbitMQ "
        f"(publisher confirms), one workflow worker with {args.concurrency} prefork processes; {args.count:,} tickets over the 5 demo "
        f"workflows, {args.agents} agents and {args.coordinators} coordinators.\n\n"
        "| figure | value |\n|---|---|\n"
        f"| tickets per second, end to end (every task exists, every message published) | **{result['rate']:,.0f}** |\n"
        f"| no-op Celery task per second, same broker and settings (the ceiling) | {ceiling:,.0f} |\n"
        f"| ratio to the ceiling | {ratio:.2f} |\n"
        f"| publish → assignment, p50 | {result['p50_ms']:,.0f} ms |\n"
        f"| publish → assignment, p99 | {result['p99_ms']:,.0f} ms |\n"
        f"| tasks / assignments / email / in-app / status messages | {result['tasks']} / {result['assignments']} / "
        f"{result['email_messages']} / {result['inapp_messages']} / {result['status_messages']} |\n\n"
        "Latency counts from the moment each ticket was published; all tickets are published as fast as one producer can, so "
        "later tickets wait in the queue and p99 mostly measures that backlog.\n"
    )
    if not args.no_write:
        written = write_results("ingest", text)
        print(f"written to {written.relative_to(ROOT)}")
    sys.exit(0 if complete else 1)


if __name__ == "__main__":
    main()
