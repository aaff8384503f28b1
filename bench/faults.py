#!/usr/bin/env python
"""Fault run: a ticket intake through the suite as `make run` starts it, while processes are killed and servers stop.

Injects N tickets through ticket_mock's ``inject`` at a steady rate and,
spread over the intake, (a) kills the workflow worker with SIGKILL, (b)
restarts RabbitMQ (``rabbitmqctl stop_app`` / ``start_app``), (c) stops
PostgreSQL (``pg_ctlcluster ... stop`` / ``start``) and (d) kills one outbox
relay with SIGKILL; each fault is optional. Then waits until the system
settles and checks that every ticket is exactly one task or one intake
failure, each assignment exactly one in-app notification and one email, each
reported status exactly one status change at ticket_mock, and every
``/health/`` answers 200, without a hand restart; while PostgreSQL or RabbitMQ
is stopped, every ``/health/`` answers 503 within 5 s. Prints the figures (time to
recover after each fault, throughput, counts), writes them to
docs/benchmarks.md and exits 1 naming what failed.

    .venv/bin/python bench/faults.py --count 5000          # its own suite, started as make run starts it
    .venv/bin/python bench/faults.py --attach --count 500  # the suite make run started with this environment

Needs root, PostgreSQL as a Debian cluster (pg_ctlcluster), RabbitMQ (rabbitmqctl)
and Redis on this machine (BENCH_POSTGRES_URL, BENCH_BROKER_URL, BENCH_REDIS_URL;
the local servers by default). Stopping the servers disconnects every other
client of them too: run it on a machine of its own.
"""

import argparse
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: `bench` and `tests` as packages

from bench import fault_actions  # noqa: E402
from bench.exactly_once import Baseline, Tally, baseline_take, tally_take, tasks_made, tickets_created  # noqa: E402
from tests.e2e.suite import Suite, answers_200  # noqa: E402
from tts_common.routing import (  # noqa: E402
    DEAD_LETTER_QUEUE,
    INAPP_NOTIFICATION_QUEUE,
    NOTIFICATION_QUEUE,
    TICKET_QUEUE,
    TICKET_STATUS_QUEUE,
)

# The queues of the intake's path; the run has settled when they are empty.
FLOW_QUEUES = (TICKET_QUEUE, TICKET_STATUS_QUEUE, NOTIFICATION_QUEUE, INAPP_NOTIFICATION_QUEUE)
POLL_SECONDS = 2
SETTLE_REPORT_SECONDS = 30
# While PostgreSQL or RabbitMQ is stopped, each /health/ answers 503 within this many seconds.
HEALTH_WHILE_DOWN_SECONDS = 5.0
COMPLETION_KINDS = ("tasks", "status changes", "in-app", "emails")


@dataclass(frozen=True)
class FaultPlan:
    """What to inject and how long; ``intake_seconds`` spreads both the tickets and the faults."""

    tickets: int = 5000
    intake_seconds: float = 150
    worker_kills: int = 5
    rabbitmq_restarts: int = 1
    rabbitmq_down_seconds: float = 10
    postgres_stops: int = 1
    postgres_down_seconds: float = 30
    relay_kills: int = 1
    relay_service: str = "workflow_api"
    recovery_timeout: float = 180
    settle_timeout: float = 600
    # Settled also when the flow's queues are empty and nothing moved for this long (a loss does not heal by waiting).
    stall_seconds: float = 60

    @classmethod
    def short(cls) -> "FaultPlan":
        """The CI variant: 300 tickets, the worker killed twice, each server stopped once and briefly, one relay killed."""
        return cls(
            tickets=300,
            intake_seconds=50,
            worker_kills=2,
            rabbitmq_down_seconds=5,
            postgres_down_seconds=15,
            recovery_timeout=90,
            # Tasks retry a database or broker fault with backoff (TTSTask: up to 2 * 2^n s, jittered), so a message
            # can wait a minute or two after the servers are back.
            settle_timeout=180,
            stall_seconds=30,
        )

    def faults(self) -> list[str]:
        """The faults in the order injected: worker kills evenly spread, the others between them."""
        others = ["relay"] * self.relay_kills + ["rabbitmq"] * self.rabbitmq_restarts + ["postgres"] * self.postgres_stops
        order: list[str] = []
        for index in range(max(self.worker_kills, len(others))):
            if index < self.worker_kills:
                order.append("worker")
            if index < len(others):
                order.append(others[index])
        return order


@dataclass
class FaultOutcome:
    """One injected fault: when (seconds into the run), how long it lasted, and seconds from its end until the suite recovered."""

    fault: str
    at: float
    lasted: float
    recovered_after: float | None = None  # None: not within the plan's recovery_timeout
    detail: str = ""
    # A server stopped: each service's /health/ while it was down, (status or None, seconds to answer).
    health_while_down: dict[str, tuple[int | None, float]] = field(default_factory=dict)


@dataclass
class FaultReport:
    plan: FaultPlan
    tickets: int = 0
    intake_seconds: float = 0
    inject_runs: int = 0
    settle_seconds: float = 0
    settled: bool = False
    outcomes: list[FaultOutcome] = field(default_factory=list)
    tally: Tally | None = None
    health: dict[str, bool] = field(default_factory=dict)
    dead_letters: int = 0
    processes_missing: list[str] = field(default_factory=list)
    # Messages left in the flow's queues at the last look, by queue.
    in_flight: dict[str, int] = field(default_factory=dict)
    # Seconds from the first ticket until each kind of outcome was all there ("tasks", "status changes", "in-app", "emails").
    complete_after: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.tickets / self.settle_seconds if self.settle_seconds else 0.0


def broker_vhost(broker_url: str) -> str:
    """The RabbitMQ vhost of an AMQP URL (``/`` when the URL names none)."""
    return unquote(urlsplit(broker_url).path[1:]) or "/"


class Intake(threading.Thread):
    """ticket_mock's ``inject`` at a steady rate until ``count`` tickets beyond the baseline exist.

    A stopped database ends an ``inject`` run; the chunk it was writing rolls
    back, and the next run injects what is still missing (counted in the database).
    """

    def __init__(self, suite: Suite, baseline: Baseline, *, count: int, rate: float, log: Path) -> None:
        super().__init__(name="intake", daemon=True)
        self.suite, self.baseline, self.count, self.rate, self.log = suite, baseline, count, rate, log
        self.runs = 0
        self.finished_at: float | None = None
        self._stopping = threading.Event()
        self._process: subprocess.Popen | None = None

    def _created(self) -> int | None:
        try:
            return tickets_created(self.suite.database_dsn, self.baseline)
        except Exception:
            return None

    def run(self) -> None:
        with self.log.open("a") as output:
            while not self._stopping.is_set():
                created = self._created()
                if created is None:
                    time.sleep(1)
                    continue
                if created >= self.count:
                    break
                command = [sys.executable, "manage.py", "inject", "--count", str(self.count - created), "--no-progress"]
                command += ["--rate", str(self.rate)]
                self._process = subprocess.Popen(
                    command, cwd=ROOT / "services" / "ticket_mock", env=self.suite.env, stdout=output, stderr=subprocess.STDOUT
                )
                self.runs += 1
                if self._process.wait() != 0:
                    time.sleep(1)
        self.finished_at = time.monotonic()

    def stop(self) -> None:
        self._stopping.set()
        if self._process and self._process.poll() is None:
            self._process.terminate()


class FaultRun:
    """One fault run against ``suite``: intake, faults on schedule, settling, checks. ``say`` prints progress."""

    def __init__(self, suite: Suite, plan: FaultPlan, *, log_dir: Path, say: Callable[[str], None] = print) -> None:
        self.suite, self.plan, self.log_dir, self.say = suite, plan, log_dir, say
        self.vhost = broker_vhost(suite.broker_url)
        self.report = FaultReport(plan=plan)
        self.started = 0.0

    # -- watching the suite -------------------------------------------------

    def _healthy(self) -> dict[str, bool]:
        return {service: answers_200(f"{url}/health/", timeout=5) for service, url in self.suite.services.items()}

    def _suite_alive(self) -> bool:
        return bool(fault_actions.suite_processes(self.suite.var_dir))

    def _tasks(self) -> int | None:
        try:
            return tasks_made(self.suite.database_dsn, self.baseline)
        except Exception:
            return None

    def _progressing(self, tasks_at_end: int | None) -> bool:
        """New tasks since the fault ended, or none waiting to be made."""
        tasks = self._tasks()
        if tasks is None:
            return False
        try:
            created = tickets_created(self.suite.database_dsn, self.baseline)
        except Exception:
            return False
        return tasks > (tasks_at_end or 0) or tasks >= created

    def _recover(self, outcome: FaultOutcome, role: fault_actions.Role | None = None, killed: frozenset[int] = frozenset()) -> None:
        """Wait until every /health/ answers 200, the killed role runs again and intake moves; record how long that took."""
        ended = time.monotonic()
        tasks_at_end = self._tasks()
        while time.monotonic() - ended < self.plan.recovery_timeout:
            if not self._suite_alive():
                self.say(f"  {outcome.fault}: the suite is down (no process of it is left)")
                return
            back = role is None or any(
                process.pid not in killed for process in fault_actions.role_processes(self.suite.var_dir, role, ROOT)
            )
            if back and all(self._healthy().values()) and self._progressing(tasks_at_end):
                outcome.recovered_after = time.monotonic() - ended
                self.say(f"  {outcome.fault}: recovered after {outcome.recovered_after:.1f} s")
                return
            time.sleep(0.5)
        self.say(f"  {outcome.fault}: NOT recovered within {self.plan.recovery_timeout:.0f} s")

    # -- the faults --------------------------------------------------------

    def _kill(self, fault: str, role: fault_actions.Role) -> FaultOutcome:
        at = time.monotonic() - self.started
        targets = fault_actions.role_processes(self.suite.var_dir, role, ROOT)
        if not targets:
            self.say(f"  {fault}: no {role.name} process is running")
            return FaultOutcome(fault, at, 0, None, f"no {role.name} process to kill")
        killed = sum(fault_actions.kill_tree(process.pid) for process in targets)
        outcome = FaultOutcome(
            fault, at, 0, detail=f"SIGKILL to {role.name} (pid {', '.join(str(p.pid) for p in targets)}; {killed} processes)"
        )
        self.say(f"[{at:6.1f} s] {outcome.detail}")
        self._recover(outcome, role, frozenset(process.pid for process in targets))
        return outcome

    def _health_while_down(self) -> dict[str, tuple[int | None, float]]:
        """Every service's /health/ at once: (status or None when no answer, seconds it took)."""
        services = self.suite.services
        with ThreadPoolExecutor(max_workers=len(services)) as pool:
            answers = pool.map(lambda url: health_answer(f"{url}/health/", timeout=HEALTH_WHILE_DOWN_SECONDS * 3), services.values())
            return dict(zip(services, answers, strict=True))

    def _server_down(self, fault: str, stopped, seconds: float, what: str) -> FaultOutcome:
        at = time.monotonic() - self.started
        self.say(f"[{at:6.1f} s] {what} stopped for {seconds:.0f} s")
        down = time.monotonic()
        with stopped():
            time.sleep(min(2.0, seconds))  # past the first requests that were already running
            health = self._health_while_down()
            self.say(
                f"  /health/ while {what} is down: "
                + ", ".join(f"{name} {status} in {took:.1f} s" for name, (status, took) in health.items())
            )
            time.sleep(max(0.0, seconds - (time.monotonic() - down)))
        outcome = FaultOutcome(fault, at, time.monotonic() - down, detail=f"{what} stopped for {seconds:.0f} s", health_while_down=health)
        self._recover(outcome)
        return outcome

    def _inject(self, fault: str) -> FaultOutcome:
        if fault == "worker":
            return self._kill("worker killed", fault_actions.WORKFLOW_WORKER)
        if fault == "relay":
            return self._kill("relay killed", fault_actions.relay_role(self.plan.relay_service))
        if fault == "rabbitmq":
            return self._server_down(
                "RabbitMQ restarted", fault_actions.rabbitmq_stopped, self.plan.rabbitmq_down_seconds, "RabbitMQ (stop_app)"
            )
        return self._server_down("PostgreSQL stopped", fault_actions.postgres_stopped, self.plan.postgres_down_seconds, "PostgreSQL")

    # -- the run -------------------------------------------------------------

    def _signatures(self) -> set[str]:
        return {
            f"{Path(process.cwd).name}: {' '.join(process.argv)[:120]}"
            for process in fault_actions.suite_processes(self.suite.var_dir)
            if "inject" not in process.argv
        }

    def _note_completions(self, tally: Tally, expected: int) -> None:
        done = {
            "tasks": tally.tasks + tally.intake_failures >= expected,
            "status changes": tally.tasks > 0 and tally.status_changes >= tally.tasks,
            "in-app": tally.assignments > 0 and tally.inapp_notifications >= tally.assignments,
            "emails": tally.assignments > 0 and tally.emails >= tally.assignments,
        }
        for kind, complete in done.items():
            if complete:
                self.report.complete_after.setdefault(kind, time.monotonic() - self.started)

    def _settle(self, expected: int) -> Tally | None:
        """Look every POLL_SECONDS until all is exactly once with the flow's queues empty, nothing moves, or time is up."""
        deadline = time.monotonic() + self.plan.settle_timeout
        tally, last, still_since, said = None, None, time.monotonic(), time.monotonic()
        while time.monotonic() < deadline:
            try:
                tally = tally_take(self.suite.database_dsn, self.baseline, expected_tickets=expected)
            except Exception as error:
                self.say(f"  (counting failed: {error})")
                time.sleep(POLL_SECONDS)
                continue
            self._note_completions(tally, expected)
            depths = fault_actions.queue_depths(self.vhost)
            in_flight = sum(depths.get(queue, 0) for queue in FLOW_QUEUES)
            self.report.in_flight = {queue: depths[queue] for queue in FLOW_QUEUES if depths.get(queue)}
            if not tally.failures and not in_flight:
                self.report.settled = True
                return tally
            if time.monotonic() - said >= SETTLE_REPORT_SECONDS:
                said = time.monotonic()
                self.say(
                    f"[{said - self.started:6.1f} s] tasks {tally.tasks}, in-app {tally.inapp_notifications}, emails {tally.emails}, "
                    f"status changes {tally.status_changes}; {in_flight} message(s) in the flow's queues"
                )
            # A message in a queue may be waiting out a retry's countdown: only an empty flow that stays still is final.
            if tally.fingerprint() != last or in_flight:
                last, still_since = tally.fingerprint(), time.monotonic()
            elif time.monotonic() - still_since > self.plan.stall_seconds:
                self.say(f"  nothing moved for {self.plan.stall_seconds:.0f} s and the flow's queues are empty")
                return tally
            time.sleep(POLL_SECONDS)
        return tally

    def run(self) -> FaultReport:
        plan, report = self.plan, self.report
        if not self._suite_alive():
            raise RuntimeError(f"no process of the suite runs with TTS_VAR_DIR={self.suite.var_dir}")
        self.baseline = baseline_take(self.suite.database_dsn)
        processes_before = self._signatures()
        dead_before = fault_actions.queue_depths(self.vhost).get(DEAD_LETTER_QUEUE, 0)
        faults = plan.faults()
        rate = plan.tickets / plan.intake_seconds
        self.say(f"intake: {plan.tickets} tickets at {rate:.1f}/s over {plan.intake_seconds:.0f} s; faults: {', '.join(faults) or 'none'}")
        intake = Intake(self.suite, self.baseline, count=plan.tickets, rate=rate, log=self.log_dir / "inject.log")
        self.started = time.monotonic()
        intake.start()
        try:
            for index, fault in enumerate(faults):
                due = self.started + plan.intake_seconds * (index + 1) / (len(faults) + 1)
                time.sleep(max(0.0, due - time.monotonic()))
                if not self._suite_alive():
                    report.outcomes.append(FaultOutcome(fault, time.monotonic() - self.started, 0, None, "not injected: the suite is down"))
                    continue
                report.outcomes.append(self._inject(fault))
            intake.join(timeout=max(plan.settle_timeout, plan.intake_seconds * 2))
        finally:
            intake.stop()
        report.inject_runs = intake.runs
        report.intake_seconds = (intake.finished_at or time.monotonic()) - self.started
        self.say(f"[{time.monotonic() - self.started:6.1f} s] intake done ({intake.runs} inject run(s)); waiting for the system to settle")
        report.tally = self._settle(plan.tickets)
        report.settle_seconds = time.monotonic() - self.started
        report.tickets = report.tally.tickets if report.tally else 0
        report.health = self._healthy()
        report.dead_letters = fault_actions.queue_depths(self.vhost).get(DEAD_LETTER_QUEUE, 0) - dead_before
        report.processes_missing = sorted(processes_before - self._signatures())
        report.failures = self._failures()
        return report

    def _failures(self) -> list[str]:
        report = self.report
        failures = list(report.tally.failures) if report.tally else ["the databases could not be counted"]
        if not report.settled:
            waiting = ", ".join(f"{count} in {queue}" for queue, count in report.in_flight.items()) or "none"
            failures.append(f"the run did not settle (at most {self.plan.settle_timeout:.0f} s after the intake; messages left: {waiting})")
        failures += [
            f"{outcome.fault} at {outcome.at:.0f} s: not recovered ({outcome.detail})"
            for outcome in report.outcomes
            if outcome.recovered_after is None
        ]
        failures += [f"{service}: /health/ does not answer 200" for service, healthy in report.health.items() if not healthy]
        failures += [
            f"{outcome.fault}: {service}'s /health/ answered {status} after {took:.1f} s"
            f" (503 within {HEALTH_WHILE_DOWN_SECONDS:.0f} s expected)"
            for outcome in report.outcomes
            for service, (status, took) in outcome.health_while_down.items()
            if status != 503 or took > HEALTH_WHILE_DOWN_SECONDS
        ]
        failures += [f"process no longer running: {signature}" for signature in report.processes_missing]
        return failures


def health_answer(url: str, timeout: float) -> tuple[int | None, float]:
    """(HTTP status, or None when nothing answered within ``timeout`` seconds; seconds until the answer)."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback URLs only)
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = None
    return status, time.monotonic() - started


def fault_run(suite: Suite, plan: FaultPlan, *, log_dir: Path, say: Callable[[str], None] = print) -> FaultReport:
    """Run ``plan`` against the running ``suite``; the report lists what failed (empty ``failures``: all exactly once).

    Stops this machine's PostgreSQL and RabbitMQ when the plan asks, and
    always starts them again. Needs root (see ``fault_actions.missing_tools``).
    """
    return FaultRun(suite, plan, log_dir=log_dir, say=say).run()


def report_lines(report: FaultReport) -> list[str]:
    """The figures as Markdown table rows."""
    tally = report.tally or Tally()
    rows = [
        ("tickets injected", f"{report.tickets:,} ({report.inject_runs} `inject` run(s); a stopped database ends one)"),
        ("intake, first ticket to last", f"{report.intake_seconds:.0f} s"),
        ("first ticket to settled (every check true, the flow's queues empty)", f"{report.settle_seconds:.0f} s"),
        ("throughput over the whole run", f"{report.throughput:.1f} tickets/s"),
        (
            "all there after (tasks / status changes / in-app / emails)",
            " / ".join(f"{report.complete_after[kind]:.0f} s" if kind in report.complete_after else "never" for kind in COMPLETION_KINDS),
        ),
        ("tasks / intake failures", f"{tally.tasks:,} / {tally.intake_failures:,}"),
        (
            "assignments / in-app notifications / assignment emails",
            f"{tally.assignments:,} / {tally.inapp_notifications:,} / {tally.emails:,}",
        ),
        ("status changes recorded at ticket_mock", f"{tally.status_changes:,}"),
        ("new dead letters", f"{report.dead_letters:,}"),
        ("`/health/` answering 200 at the end", f"{sum(report.health.values())} of {len(report.health)}"),
    ]
    for outcome in report.outcomes:
        recovered = f"{outcome.recovered_after:.1f} s" if outcome.recovered_after is not None else "**not recovered**"
        rows.append((f"{outcome.fault} at {outcome.at:.0f} s: recovered after", recovered))
    return [f"| {name} | {value} |" for name, value in rows]


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # so the servers are started again on SIGTERM too


def main() -> None:
    from tests.e2e.suite import own_vhost, suite_from_environment, suite_started

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5000, help="tickets to inject")
    parser.add_argument("--intake-seconds", type=float, default=150, help="spread the tickets and the faults over this long")
    parser.add_argument("--short", action="store_true", help="the CI variant (300 tickets, shorter and fewer faults)")
    parser.add_argument("--attach", action="store_true", help="use the suite `make run` started with this environment")
    parser.add_argument("--worker-kills", type=int, default=5)
    parser.add_argument("--no-rabbitmq", action="store_true", help="do not restart RabbitMQ")
    parser.add_argument("--no-postgres", action="store_true", help="do not stop PostgreSQL")
    parser.add_argument("--no-relay", action="store_true", help="do not kill an outbox relay")
    parser.add_argument("--relay", default="workflow_api", help="whose relay_outbox to kill (a folder under services/)")
    parser.add_argument("--postgres-seconds", type=float, default=30)
    parser.add_argument("--rabbitmq-seconds", type=float, default=10)
    parser.add_argument("--settle-timeout", type=float, default=600)
    parser.add_argument("--port-offset", type=int, default=30000, help="own suite: ports above the contract's")
    parser.add_argument("--suffix", default="_faults", help="own suite: database suffix and RabbitMQ vhost name")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()

    plan = FaultPlan.short() if args.short else FaultPlan()
    if not args.short:
        plan = replace(
            plan,
            tickets=args.count,
            intake_seconds=args.intake_seconds,
            worker_kills=args.worker_kills,
            rabbitmq_down_seconds=args.rabbitmq_seconds,
            postgres_down_seconds=args.postgres_seconds,
            settle_timeout=args.settle_timeout,
        )
    plan = replace(
        plan,
        rabbitmq_restarts=0 if args.no_rabbitmq else plan.rabbitmq_restarts,
        postgres_stops=0 if args.no_postgres else plan.postgres_stops,
        relay_kills=0 if args.no_relay else plan.relay_kills,
        relay_service=args.relay,
    )
    if missing := fault_actions.missing_tools():
        sys.exit(f"cannot inject the faults here; missing: {', '.join(missing)}")
    signal.signal(signal.SIGTERM, _interrupted)
    log_dir = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    print(f"logs in {log_dir}", flush=True)

    def say(line: str) -> None:
        print(line, flush=True)

    if args.attach:
        report = fault_run(suite_from_environment(), plan, log_dir=log_dir, say=say)
    else:
        postgres = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
        broker = own_vhost(os.environ.get("BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"), "tts" + args.suffix)
        redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
        say(f"starting the suite (scripts/run.sh; ports +{args.port_offset}, databases *{args.suffix}) ...")
        with suite_started(
            postgres_url=postgres,
            broker_url=broker,
            redis_url=redis,
            var_dir=log_dir / "var",
            database_suffix=args.suffix,
            port_offset=args.port_offset,
        ) as suite:
            report = fault_run(suite, plan, log_dir=log_dir, say=say)

    lines = report_lines(report)
    print("\n".join(lines))
    if report.failures:
        print("FAILED:\n" + "\n".join(f"  - {failure}" for failure in report.failures), file=sys.stderr)
    else:
        print("every ticket exactly once, every message exactly once downstream, every /health/ 200")
    faults = ", ".join(
        [f"workflow worker SIGKILLed {plan.worker_kills} times"] * bool(plan.worker_kills)
        + [f"RabbitMQ `stop_app` for {plan.rabbitmq_down_seconds:.0f} s then `start_app`"] * plan.rabbitmq_restarts
        + [f"PostgreSQL stopped for {plan.postgres_down_seconds:.0f} s (`pg_ctlcluster ... stop`/`start`)"] * plan.postgres_stops
        + [f"{plan.relay_service}'s `relay_outbox` SIGKILLed"] * plan.relay_kills
    )
    verdict = "**passed**" if not report.failures else "**failed**:\n\n" + "\n".join(f"- {failure}" for failure in report.failures)
    text = (
        "## Fault run (`bench/faults.py`)\n\n"
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), the suite started as "
        f"`make run` starts it on PostgreSQL, RabbitMQ and Redis: `.venv/bin/python bench/faults.py --count {plan.tickets}`. "
        f"{plan.tickets:,} tickets injected over {plan.intake_seconds:.0f} s while: {faults}.\n\n"
        "| figure | value |\n|---|---|\n" + "\n".join(lines) + "\n\n"
        "A fault's recovery counts from its end (the kill; the server answering again) until every `/health/` answers 200, the "
        "killed process runs again and new tasks appear. The checks count in each service's database, ticket by ticket: one task "
        "or one intake failure, one in-app notification and one assignment email per assignment, one status change per status "
        f"sent, no unpublished outbox row, every process running.\n\nVerdict: {verdict}\n"
    )
    if not args.no_write and not args.short:
        from bench.results import write_results

        written = write_results("faults", text)
        print(f"written to {written.relative_to(ROOT)}")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
