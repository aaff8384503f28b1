#!/usr/bin/env python
"""Search benchmark: 100,000 tasks and 500,000 comments on PostgreSQL, then timed searches.

Fills its own databases (``bench_search_workflow`` and ``bench_search_messaging``, recreated and
migrated; ``--reuse`` keeps filled ones) with realistic help-desk text by COPY, then runs
``--searches`` searches of varied queries (common and rare words, phrases, exclusions, ``or``,
requester names and emails, ticket-number prefixes) through each service's search layer exactly as
its view does (one page of 25 ranked keys with the count of all matches, then the page's rows and highlights), as an administrator
(sees everything) and as an agent (sees the ~1% of tasks they were assigned). Prints p50, p95 and
p99 in ms per service and caller and writes them to docs/benchmarks.md ("Search").

    .venv/bin/python bench/search.py                       # 100,000 tasks, 500,000 comments, 400 searches
    .venv/bin/python bench/search.py --tasks 10000 --comments 50000 --searches 100 --no-write

Needs PostgreSQL (BENCH_POSTGRES_URL, the local server by default). Not part of ``make test``.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = {
    "workflow_api": ("bench_search_workflow", ROOT / "services" / "workflow_api"),
    "messaging": ("bench_search_messaging", ROOT / "services" / "messaging"),
}
AGENT_ID = 10
PAGE_SIZE = 25
TARGET_P95_MS = 150

DEVICES = [
    "printer",
    "laptop",
    "monitor",
    "keyboard",
    "mouse",
    "docking station",
    "projector",
    "headset",
    "scanner",
    "phone",
    "router",
    "access card",
    "badge reader",
    "desktop",
    "tablet",
    "webcam",
    "VPN token",
    "server",
    "switch",
    "UPS",
]
PROBLEMS = [
    "does not boot",
    "is offline",
    "keeps disconnecting",
    "is jammed",
    "shows a black screen",
    "is very slow",
    "makes a clicking noise",
    "cannot connect to Wi-Fi",
    "needs replacing",
    "was stolen",
    "is overheating",
    "prints blank pages",
    "will not charge",
    "has a cracked screen",
    "lost its configuration",
    "asks for a password",
]
REQUESTS = [
    "New {device} for a new hire",
    "Request a second {device}",
    "Replace broken {device}",
    "Budget for {device} upgrade",
    "Loan a {device} for the conference",
    "Return a {device}",
    "Access to the finance share",
    "Reset my password",
    "Install Adobe Acrobat",
    "Upgrade Microsoft Office licence",
    "Add me to the payroll mailing list",
]
SENTENCES = [
    "Since this morning the {device} {problem}.",
    "I already restarted it twice.",
    "This blocks the month-end closing.",
    "It happened after the latest Windows update.",
    "Colleagues on floor {floor} have the same issue.",
    "Please call me on my extension {ext}.",
    "The asset tag is {tag}.",
    "I need it before the audit on Friday.",
    "The error message says access denied.",
    "Our manager approved the purchase order.",
    "The warranty expired last year.",
    "It works when plugged into the docking station.",
    "The toner was replaced last week.",
    "We are in building {floor}.",
    "The invoice from the vendor is attached.",
    "The quotation is within the approved budget.",
]
REPLIES = [
    "Thanks, I am looking into it now.",
    "Could you send a photo of the error?",
    "I have ordered a replacement {device}.",
    "Restarting the print spooler fixed it for now.",
    "The {device} is covered by the warranty; the vendor will pick it up.",
    "Escalating to the network team, the switch on floor {floor} is down.",
    "Please try again, the password was reset.",
    "The technician will come by tomorrow morning.",
    "Budget approved by finance.",
    "Closing this, the {device} works again.",
    "Is the {device} still {problem_short}?",
    "Firmware updated to the latest version.",
    "The licence was assigned to your account.",
    "We swapped the cable and the monitor is fine.",
    "Waiting for the asset manager to confirm the serial number.",
    "Reimaged the laptop; your files are restored from OneDrive.",
    "The VPN certificate had expired; renewed.",
]
FIRST = [
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Dennis",
    "Barbara",
    "Ken",
    "Radia",
    "Tim",
    "Frances",
    "John",
    "Hedy",
    "Katherine",
    "Edsger",
    "Donald",
    "Shafi",
    "Leslie",
    "Sophie",
    "Guido",
    "Anita",
    "Niklaus",
    "Mary",
    "Claude",
]
LAST = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Liskov",
    "Thompson",
    "Perlman",
    "Berners-Lee",
    "Allen",
    "McCarthy",
    "Lamarr",
    "Johnson",
    "Dijkstra",
    "Knuth",
    "Goldwasser",
    "Lamport",
    "Wilson",
    "van Rossum",
    "Borg",
    "Wirth",
    "Keller",
    "Shannon",
]
CATEGORIES = [
    ("IT Support", "Hardware"),
    ("IT Support", "Software"),
    ("IT Support", "Network"),
    ("Asset Request", "New Laptop"),
    ("Asset Request", "Peripheral"),
    ("Budget Request", "Purchase"),
    ("Facilities", "Access"),
    ("HR", "Payroll"),
]
PRIORITIES = [("Low", 1), ("Medium", 2), ("High", 3), ("Critical", 4)]
QUERIES = [
    "printer",
    "laptop",
    "monitor",
    "black screen",
    '"black screen"',
    "printer -toner",
    "laptop or tablet",
    "jammed",
    "warranty",
    "vpn certificate",
    "budget approved",
    "access denied",
    "Lovelace",
    "grace hopper",
    "dijkstra@example.com",
    "hardware",
    "payroll",
    "firmware",
    "docking station",
    "projector conference",
    "stolen",
    "overheating laptop",
    "month-end closing",
    "password reset",
    "TX2025110",
    "tx20251120000",
    "Adobe Acrobat",
    "floor 3",
    "spooler",
    "invoice vendor",
]


def words(rng: random.Random, template: str) -> str:
    device = rng.choice(DEVICES)
    return template.format(
        device=device,
        problem=rng.choice(PROBLEMS),
        problem_short=rng.choice(PROBLEMS).split(" ", 1)[1],
        floor=rng.randint(1, 12),
        ext=rng.randint(1000, 9999),
        tag=f"AT-{rng.randint(10000, 99999)}",
    )


def ticket_text(rng: random.Random, n: int) -> tuple[str, str, dict]:
    number = f"TX2025{(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=5 * n)).strftime('%m%d')}{n:06d}"
    a_fault = rng.random() < 0.6
    subject = f"{rng.choice(DEVICES).capitalize()} {rng.choice(PROBLEMS)}" if a_fault else words(rng, rng.choice(REQUESTS))
    first, last = rng.choice(FIRST), rng.choice(LAST)
    category, sub_category = rng.choice(CATEGORIES)
    ticket = {
        "ticket_number": number,
        "subject": subject,
        "description": " ".join(words(rng, rng.choice(SENTENCES)) for _ in range(rng.randint(2, 6))),
        "category": category,
        "sub_category": sub_category,
        "department": "IT Department",
        "priority": "Medium",
        "employee": {
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}@example.com".lower().replace(" ", ""),
            "company_id": f"C-{n % 500}",
            "department": "Finance",
        },
    }
    return number, subject, ticket


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    quoted = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def migration_statements(service_dir: Path, name: str) -> list[str]:
    namespace: dict = {}
    exec(compile((service_dir / "search" / "migrations" / name).read_text(), name, "exec"), namespace)  # noqa: S102
    return namespace["FORWARD"]


def fill_workflow(connection, count: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    forward = migration_statements(SERVICES["workflow_api"][1], "0001_task_search_vector.py")
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS task_search_vector_idx")
        task_columns = [
            "id",
            "ticket_number",
            "ticket",
            "subject",
            "priority",
            "priority_rank",
            "current_step_name",
            "current_role",
            "status",
            "resolution",
            "owner_email",
            "received_at",
            "updated_at",
            "hold_reason",
        ]

        def tasks():
            for n in range(1, count + 1):
                number, subject, ticket = ticket_text(rng, n)
                priority, rank = rng.choice(PRIORITIES)
                received = now - timedelta(minutes=5 * (count - n))
                yield (
                    n,
                    number,
                    json.dumps(ticket),
                    subject,
                    priority,
                    rank,
                    "Resolve",
                    "Agent",
                    rng.choice(["in_progress", "completed", "pending"]),
                    "",
                    "",
                    received,
                    received,
                    "",
                )

        copy_rows(cursor, "tasks_task", task_columns, tasks())
        assignment_columns = [
            "task_id",
            "step_id",
            "step_name",
            "role_name",
            "user_id",
            "user_email",
            "user_full_name",
            "status",
            "reason",
            "assigned_at",
            "notes",
            "decision",
        ]

        def assignments():
            for n in range(1, count + 1):
                user = AGENT_ID if n % 100 == 0 else 100 + n % 60  # the benchmark's agent holds 1% of the tasks
                yield (n, 2, "Resolve", "Agent", user, f"user{user}@example.com", f"User {user}", "active", "workflow", now, "", "")

        copy_rows(cursor, "tasks_assignment", assignment_columns, assignments())
        connection.commit()  # the deferred foreign-key checks run here, before the index is built
        cursor.execute(forward[1])  # the GIN index, built once after the load
        cursor.execute("SELECT setval(pg_get_serial_sequence('tasks_task', 'id'), %s)", [count])
    connection.commit()


def fill_messaging(connection, count: int, tickets: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    forward = migration_statements(SERVICES["messaging"][1], "0001_comment_search_vector.py")
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS comment_search_vector_idx")
        columns = [
            "ticket_id",
            "user_id",
            "author_name",
            "content",
            "thumbs_up",
            "thumbs_down",
            "is_edited",
            "is_deleted",
            "created_at",
            "updated_at",
        ]

        def comments():
            for n in range(count):
                ticket = rng.randint(1, tickets)
                first, last = rng.choice(FIRST), rng.choice(LAST)
                text = " ".join(words(rng, rng.choice(REPLIES + SENTENCES)) for _ in range(rng.randint(1, 4)))
                created = now - timedelta(seconds=30 * (count - n))
                yield (f"TX{ticket:014d}", 100 + n % 60, f"{first} {last}", text, 0, 0, False, n % 97 == 0, created, created)

        copy_rows(cursor, "comments_comment", columns, comments())
        connection.commit()
        cursor.execute(forward[1])
    connection.commit()


def prepare(server_url: str, args, rng: random.Random) -> None:
    import psycopg

    for service, (database, service_dir) in SERVICES.items():
        with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
            if exists and args.reuse:
                print(f"{service}: reusing {database}", flush=True)
                continue
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{database}"')
        env = {**os.environ, "DATABASE_URL": f"{server_url.rstrip('/')}/{database}", "TTS_VAR_DIR": str(args.var_dir)}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=service_dir, env=env, check=True)
        started = time.monotonic()
        with psycopg.connect(f"{server_url.rstrip('/')}/{database}") as connection:
            if service == "workflow_api":
                fill_workflow(connection, args.tasks, rng)
            else:
                fill_messaging(connection, args.comments, args.tasks, rng)
        with psycopg.connect(f"{server_url.rstrip('/')}/{database}", autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
        print(f"{service}: filled {database} in {time.monotonic() - started:.0f} s", flush=True)


def inner(service: str, searches: int, seed: int) -> None:
    """In the service's own folder, with its settings: time what its search view does, print JSON."""
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from tts_common.search import RankedPage

    rng = random.Random(seed)  # noqa: S311 (test data, repeatable by seed)
    timings: dict[str, list[float]] = {}
    callers = ["admin", "agent"] if service == "workflow_api" else ["member"]
    if service == "workflow_api":
        from search.selectors import task_search, task_search_hits

        from audit.services import Actor

        actors = {"admin": Actor(user_id=1, is_admin=True), "agent": Actor(user_id=AGENT_ID)}

        def run(caller: str, text: str) -> int:
            found = RankedPage(task_search(actor=actors[caller], text=text), offset=0, limit=PAGE_SIZE)
            count = found.count()
            task_search_hits(matches=found[0:PAGE_SIZE], text=text)
            return count
    else:
        from search.selectors import comment_search, comment_search_hits

        def run(caller: str, text: str) -> int:
            found = RankedPage(comment_search(text=text), offset=0, limit=PAGE_SIZE)
            count = found.count()
            comment_search_hits(matches=found[0:PAGE_SIZE], text=text)
            return count

    for text in QUERIES:  # warm the cache and the connection once
        run(callers[0], text)
    counts = {}
    for _ in range(searches):
        caller, text = rng.choice(callers), rng.choice(QUERIES)
        started = time.perf_counter()
        counts[text] = run(caller, text)
        timings.setdefault(caller, []).append((time.perf_counter() - started) * 1000)
    print(json.dumps({"timings": timings, "counts": counts}))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=500_000)
    parser.add_argument("--searches", type=int, default=400, help="per service")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="keep the databases when they exist (already filled)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--inner", choices=list(SERVICES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner, args.searches, args.seed)
        return
    server_url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    args.var_dir = Path(os.environ.get("TTS_VAR_DIR") or ROOT / "var" / "bench-search")
    args.var_dir.mkdir(parents=True, exist_ok=True)
    prepare(server_url, args, random.Random(args.seed))  # noqa: S311 (test data, repeatable by seed)
    lines = []
    load_before = os.getloadavg()[0]
    for service, (database, service_dir) in SERVICES.items():
        env = {
            **os.environ,
            "DATABASE_URL": f"{server_url.rstrip('/')}/{database}",
            "TTS_VAR_DIR": str(args.var_dir),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        output = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--inner", service, "--searches", str(args.searches), "--seed", str(args.seed)],
            cwd=service_dir,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        for caller, values in result["timings"].items():
            p50, p95, p99 = (percentile(values, f) for f in (0.50, 0.95, 0.99))
            verdict = "met" if p95 < TARGET_P95_MS else "NOT met"
            line = f"| {service} | {caller} | {len(values)} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {max(values):.1f} | {verdict} |"
            lines.append(line)
            print(
                f"{service:12} {caller:7} n={len(values):4}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms  "
                f"max {max(values):6.1f} ms  (p95 < {TARGET_P95_MS} ms: {verdict})",
                flush=True,
            )
        matches = result["counts"]
        print(
            f"{service:12} matches per query (as the last caller saw them): "
            f"median {statistics.median(matches.values()):.0f}, max {max(matches.values())}",
            flush=True,
        )
    if not args.no_write:
        from results import write_results

        header = (
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}): "
            f"{args.tasks:,} tasks, {args.comments:,} comments, {args.searches} searches per service, "
            f"`.venv/bin/python bench/search.py{' --reuse' if args.reuse else ''}`; load average (1 min) "
            f"{load_before:.1f} before the searches, {os.getloadavg()[0]:.1f} after.\n\n"
            "| service | caller | searches | p50 ms | p95 ms | p99 ms | max ms | p95 < 150 ms |\n|---|---|---|---|---|---|---|---|"
        )
        write_results("search", header + "\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
