"""The container stack, proven without a Docker engine (issue 16, item 3).

The compose file is rendered (PyYAML, anchors and merge keys resolved; and
``docker compose config`` where the compose plugin is installed) and checked:
every process of ``make run`` (the Procfile) has its service, every service a
health check and a restart policy, every container a user that is not root,
every image an exact tag, and the ports and variables are the ones
docs/operations.md ("Containers", "Metrics") lists. Prometheus' scrape
configuration and the Grafana dashboard are checked against the stack too.
"""

import json
import re
import shutil
import subprocess

import pytest
import yaml

from tests.test_docker_files import (
    COMPOSE_FILE,
    DOCKER_DIR,
    ROOT,
    built_from,
    interpolate,
    parse_dockerfile,
    procfile_processes,
    published_ports,
    stages,
)

OPERATIONS = ROOT / "docs" / "operations.md"
PROMETHEUS_CONFIG = DOCKER_DIR / "prometheus.yml"
DASHBOARD = DOCKER_DIR / "grafana" / "dashboards" / "tts.json"
ROOT_USERS = {"root", "0", "0:0"}
# An exact release: three numeric parts (postgres' two: 15.13), optionally a variant, or a digest.
PINNED = re.compile(r"[\w./-]+(:v?\d+\.\d+(\.\d+)?(-[\w.-]+)?(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})")


@pytest.fixture(scope="module")
def services() -> dict[str, dict]:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def section(title: str) -> str:
    """The text of ``## title`` in docs/operations.md, up to the next ``## ``."""
    text = OPERATIONS.read_text()
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert match, f"docs/operations.md has no '## {title}' section"
    return match.group(1)


def table_rows(text: str, first_header: str) -> list[list[str]]:
    """The rows of the markdown table whose first header cell is ``first_header``, as stripped cells."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"\|\s*{re.escape(first_header)}\s*\|", line))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def one_shot(name: str, services: dict) -> bool:
    """A job that runs once (``restart: "no"``) and that every dependent waits to see completed."""
    waiting = [
        spec.get("condition")
        for other in services.values()
        if isinstance(other.get("depends_on"), dict)
        for dependency, spec in other["depends_on"].items()
        if dependency == name
    ]
    return services[name].get("restart") == "no" and bool(waiting) and set(waiting) == {"service_completed_successfully"}


def image_health_check(service: dict) -> bool:
    dockerfile = built_from(service)
    if dockerfile is None:
        return False
    final_stage = stages(parse_dockerfile(dockerfile.read_text()))[-1]
    return any(word == "HEALTHCHECK" and not arguments.upper().startswith("NONE") for word, arguments in final_stage)


def image_user(service: dict) -> str | None:
    """The last USER of the image's final stage, when the service is built from the repository."""
    dockerfile = built_from(service)
    if dockerfile is None:
        return None
    users = [arguments for word, arguments in stages(parse_dockerfile(dockerfile.read_text()))[-1] if word == "USER"]
    return users[-1] if users else "root"


# --- the compose file renders


def test_docker_compose_config_validates_the_file():
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("no docker CLI on this machine: the file is checked by the parsing tests below")
    if subprocess.run([docker, "compose", "version"], capture_output=True, timeout=60, check=False).returncode != 0:
        pytest.skip("the docker CLI has no compose plugin here: the file is checked by the parsing tests below")

    rendered = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE_FILE), "config", "--format", "json"], capture_output=True, text=True, timeout=120, check=False
    )

    assert rendered.returncode == 0, rendered.stderr
    assert set(json.loads(rendered.stdout)["services"]) == set(yaml.safe_load(COMPOSE_FILE.read_text())["services"])


def test_every_process_of_make_run_has_its_service(services):
    missing = sorted(set(procfile_processes()) - set(services))
    assert not missing, f"Procfile processes without a compose service: {missing}"


def test_every_long_running_service_has_a_health_check_and_a_restart_policy(services):
    for name, service in services.items():
        if one_shot(name, services):
            continue
        check = service.get("healthcheck") or {}
        assert not check.get("disable"), f"{name}: its health check is disabled"
        assert check.get("test") or image_health_check(service), f"{name} has no health check"
        assert service.get("restart") in {"unless-stopped", "always"}, f"{name} is not restarted when it exits"


def celery_workers() -> list[str]:
    """The Procfile's celery workers, by command: ``*-worker`` and ``workflow-webhooks`` (the webhook deliveries' own)."""
    return [name for name, command in procfile_processes().items() if re.search(r"\bcelery -A \S+ worker\b", command)]


def test_the_procfiles_celery_workers_are_the_worker_processes_and_workflow_webhooks():
    workers = celery_workers()
    assert "workflow-webhooks" in workers and all(name.endswith("-worker") for name in workers if name != "workflow-webhooks")
    assert {name for name in procfile_processes() if name.endswith("-worker")} <= set(workers)


def test_the_health_checks_of_the_processes_without_http_check_the_work(services):
    workers = celery_workers()
    for name in procfile_processes():
        if name == "console" or not (name in workers or name.endswith(("-outbox", "-beat"))):
            continue
        test = " ".join(services[name]["healthcheck"]["test"])
        if name in workers:
            worker_name = re.search(r"-n\s+(\w+)@%h", " ".join(services[name]["command"])).group(1)
            assert "inspect ping" in test and f"{worker_name}@$$HOSTNAME" in test, f"{name}: {test}"
        elif name.endswith("-outbox"):
            assert "check_outbox" in test, f"{name}: {test}"
        else:
            assert "workflow-beat-schedule" in test and "getmtime" in test, f"{name}: {test}"


def test_every_container_runs_as_a_user_that_is_not_root(services):
    for name, service in services.items():
        user = str(service.get("user") or image_user(service) or "root")
        assert user.split(":")[0] not in ROOT_USERS and user not in ROOT_USERS, f"{name} runs as root"


def test_every_image_is_pinned_to_an_exact_release(services):
    for name, service in services.items():
        if built_from(service) is None:
            assert PINNED.fullmatch(service["image"]), f"{name}: {service['image']} is not an exact release"
    for dockerfile in {built_from(service) for service in services.values()} - {None}:
        for word, arguments in parse_dockerfile(dockerfile.read_text()):
            if word == "FROM":
                assert PINNED.fullmatch(arguments.split()[0]), f"{dockerfile.name}: FROM {arguments} is not an exact release"


# --- the documentation says what the file does


def test_the_published_ports_are_the_documented_ones(services):
    documented = {}
    for service_cell, port_cell, *_ in table_rows(section("Containers"), "service"):
        name = service_cell.strip("`")
        documented[name] = [int(port) for port in re.findall(r"^\d+", port_cell)]
    assert set(documented) == set(services), "docs/operations.md 'Containers' lists other services than the compose file"
    for name, service in services.items():
        assert [host for host, _ in published_ports(service)] == documented[name], f"{name}: published ports differ from the docs"


def test_the_health_checks_and_users_are_the_documented_ones(services):
    for service_cell, _, check_cell, user_cell in table_rows(section("Containers"), "service"):
        name = service_cell.strip("`")
        if "one-shot" in check_cell:
            assert one_shot(name, services), f"{name} is documented as one-shot"
        user = str(services[name].get("user") or image_user(services[name]))
        assert user_cell.split()[0].strip("`") in {user, user.split(":")[0], "nginx", "nobody", "grafana"}, f"{name}: runs as {user}"


def test_every_variable_the_compose_file_reads_is_documented():
    read = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", COMPOSE_FILE.read_text()))
    documented = set()
    for row in table_rows(section("Containers"), "variable"):
        documented |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", row[0]))

    assert read == documented, f"read but not documented: {sorted(read - documented)}; documented but not read: {sorted(documented - read)}"


# --- metrics in the stack


def test_prometheus_scrapes_every_web_service_and_rabbitmqs_queue_depths(services):
    config = yaml.safe_load(PROMETHEUS_CONFIG.read_text())
    targets = {target: job for job in config["scrape_configs"] for static in job["static_configs"] for target in static["targets"]}
    web = {name: service for name, service in services.items() if "gunicorn" in (service.get("command") or [])}
    assert len(web) == 5
    for name, service in web.items():
        port = published_ports(service)[0][1]
        assert targets.get(f"{name}:{port}", {}).get("metrics_path") == "/metrics", f"{name} is not scraped"
    rabbit = targets.get("rabbitmq:15692")
    assert rabbit and rabbit["metrics_path"].startswith("/metrics"), "RabbitMQ's queue depths are not scraped"
    assert "rabbitmq_prometheus" in (DOCKER_DIR / "rabbitmq" / "enabled_plugins").read_text()
    assert "./rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro" in services["rabbitmq"]["volumes"]


def test_the_services_let_prometheus_read_their_metrics(services):
    address = interpolate(services["prometheus"]["networks"]["default"]["ipv4_address"])
    for name, service in services.items():
        environment = service.get("environment") or {}
        if "DJANGO_SECRET_KEY" in environment:
            assert interpolate(environment["METRICS_ALLOWED_NETWORKS"]) == f"{address}/32", name


def test_a_services_web_and_worker_containers_share_their_metric_files(services):
    for name in celery_workers():
        web = name.removesuffix("-worker").removesuffix("-webhooks").replace("workflow", "workflow-api")
        mounts = {
            container: {volume.split(":")[0] for volume in services[container]["volumes"] if ":/app/var/metrics" in volume}
            for container in (web, name)
        }
        assert mounts[web] and mounts[web] == mounts[name], f"{web} and {name} do not share /app/var/metrics"


def test_the_dashboard_shows_intake_latency_sla_breaches_queue_depths_and_errors():
    dashboard = json.loads(DASHBOARD.read_text())
    expressions = " ".join(target["expr"] for panel in dashboard["panels"] for target in panel["targets"])
    for needed in (
        "tts_tickets_received_total",
        "django_http_requests_latency_seconds_by_view_method_bucket",
        "tts_sla_breaches_total",
        "rabbitmq_queue_messages_ready",
        'status=~"5.."',
        "tts_intake_failures_total",
    ):
        assert needed in expressions, f"the dashboard has no panel on {needed}"
    sources = {target["datasource"]["uid"] for panel in dashboard["panels"] for target in panel["targets"]}
    provisioned = yaml.safe_load((DOCKER_DIR / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())
    assert sources == {source["uid"] for source in provisioned["datasources"]}


def test_every_tts_metric_the_dashboard_uses_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section("Metrics"), flags=re.M))
    dashboard = json.loads(DASHBOARD.read_text())
    used = set()
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            used |= set(re.findall(r"\b((?:tts|django)_[a-z_]+?)(?:_bucket|_count|_sum)?\b", target["expr"]))
    assert used <= documented, f"used by the dashboard but not in docs/operations.md 'Metrics': {sorted(used - documented)}"
