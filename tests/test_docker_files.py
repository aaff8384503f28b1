"""Static checks of Docker/: the compose file, the Dockerfile and the entrypoint.

No Docker engine is needed: the files are parsed (and the entrypoint run with
a stand-in manage.py), so a broken reference fails here instead of at
``docker compose up``.
"""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKER_DIR = ROOT / "Docker"
COMPOSE_FILE = DOCKER_DIR / "docker-compose.yml"
DOCKERFILE = DOCKER_DIR / "Dockerfile"
ENTRYPOINT = DOCKER_DIR / "entrypoint.sh"
PROCFILE = ROOT / "Procfile"

# The ports every service publishes (keyed by its folder under services/).
CONTRACT_PORTS = {"auth": 8003, "workflow_api": 8002, "ticket_mock": 8004, "messaging": 8005, "notification": 8006}
URL_SCHEMES_WITH_HOSTS = ("postgres", "postgresql", "amqp", "amqps", "redis", "rediss", "http", "https")
DOCKERFILE_INSTRUCTIONS = {
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}  # fmt: skip
BASH = shutil.which("bash") or "/bin/bash"


# --- helpers -----------------------------------------------------------------


def interpolate(value: str) -> str:
    """Compose's ``${NAME:-default}`` / ``${NAME-default}`` / ``${NAME}`` with an empty environment."""
    return re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}", lambda match: match.group(1) or "", str(value))


def as_mapping(value, separator: str = "=") -> dict[str, str]:
    """``environment`` / ``build.args``: a mapping or a list of ``KEY=VALUE``."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {str(key): "" if item is None else str(item) for key, item in value.items()}
    pairs = (str(item).split(separator, 1) for item in value)
    return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}


def depends_on_names(service: dict) -> list[str]:
    depends_on = service.get("depends_on") or []
    return list(depends_on) if isinstance(depends_on, dict) else [str(name) for name in depends_on]


def published_ports(service: dict) -> list[tuple[int, int]]:
    """(host port, container port) of every ``ports`` entry, short or long syntax."""
    found = []
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            found.append((int(interpolate(entry["published"])), int(interpolate(entry["target"]))))
            continue
        text = interpolate(entry).split("/")[0]  # drop /tcp
        parts = text.rsplit(":", 2)
        assert len(parts) >= 2, f"port {entry!r} is not published on the host"
        found.append((int(parts[-2]), int(parts[-1])))
    return found


def command_words(command) -> list[str]:
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(word) for word in command]


def service_folder(service: dict) -> str | None:
    build = service.get("build")
    if not isinstance(build, dict):
        return None
    return as_mapping(build.get("args")).get("SERVICE")


def parse_dockerfile(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments): continuations joined, comments and blank lines skipped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue  # comments may also sit between continuation lines
        if stripped.endswith("\\"):
            pending += stripped[:-1].rstrip() + " "
            continue
        line = pending + stripped
        pending = ""
        word, _, arguments = line.partition(" ")
        instructions.append((word.upper(), arguments.strip()))
    assert not pending, "the Dockerfile ends inside a backslash continuation"
    return instructions


def procfile_processes() -> dict[str, str]:
    processes = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            processes[name.strip()] = command.strip()
    return processes


def command_word(command: str) -> str:
    """What a Procfile process runs: ``manage.py``'s subcommand, else the program."""
    words = shlex.split(command.split("&&")[-1])
    words = [word for word in words if word != "exec"]
    if "manage.py" in words and words.index("manage.py") + 1 < len(words):
        return words[words.index("manage.py") + 1]
    return Path(words[0]).name


# --- fixtures ----------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict[str, dict]:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return parse_dockerfile(DOCKERFILE.read_text())


# --- compose -----------------------------------------------------------------


def test_compose_defines_the_infrastructure_and_auth(services):
    assert {"postgres", "rabbitmq", "redis", "keys", "auth", "auth-outbox"} <= set(services)
    for name in ("postgres", "rabbitmq", "redis"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_every_build_points_at_an_existing_context_and_dockerfile(services):
    built = {name: service["build"] for name, service in services.items() if "build" in service}
    assert built, "no service is built"
    for name, build in built.items():
        build = {"context": build} if isinstance(build, str) else build
        context = (COMPOSE_FILE.parent / build.get("context", ".")).resolve()
        assert context.is_dir(), f"{name}: build context {context} does not exist"
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        assert dockerfile.is_file(), f"{name}: {dockerfile} does not exist"


def test_every_service_build_arg_names_a_django_project(services):
    folders = {name: service_folder(service) for name, service in services.items() if service_folder(service)}
    assert folders, "no service passes the SERVICE build argument"
    for name, folder in folders.items():
        assert (ROOT / "services" / folder / "manage.py").is_file(), f"{name}: services/{folder}/manage.py does not exist"


def test_django_services_publish_their_contract_port(services):
    checked = set()
    for name, service in services.items():
        folder = service_folder(service)
        ports = published_ports(service)
        if folder not in CONTRACT_PORTS or not ports:
            continue  # workers and one-shot jobs publish nothing
        port = CONTRACT_PORTS[folder]
        assert (port, port) in ports, f"{name} publishes {ports}, the contract says {port}:{port}"
        declared = as_mapping(service.get("environment")).get("PORT") or as_mapping(service["build"].get("args")).get("PORT")
        assert declared is None or int(interpolate(declared)) == port, f"{name} listens on {declared}, publishes {port}"
        checked.add(folder)
    assert "auth" in checked
    for name, service in services.items():  # a contract service is never present without its port
        if name.replace("-", "_") in CONTRACT_PORTS:
            assert published_ports(service), f"{name} publishes no port"


def test_no_host_port_is_published_twice(services):
    host_ports = [host for service in services.values() for host, _ in published_ports(service)]
    assert len(host_ports) == len(set(host_ports)), f"a host port is published twice: {sorted(host_ports)}"


def test_every_depends_on_names_a_defined_service(services):
    for name, service in services.items():
        for dependency in depends_on_names(service):
            assert dependency in services, f"{name} depends on undefined service {dependency!r}"
            assert dependency != name, f"{name} depends on itself"


def test_urls_point_at_compose_services(services):
    checked = 0
    for name, service in services.items():
        for key, value in as_mapping(service.get("environment")).items():
            parts = urlsplit(interpolate(value))
            if not key.endswith("_URL") or parts.scheme not in URL_SCHEMES_WITH_HOSTS:
                continue
            assert parts.hostname in services, f"{name}: {key} points at {parts.hostname!r}, not a compose service"
            checked += 1
    assert checked, "no service configures a database or broker URL"


def test_django_services_get_database_broker_and_keys(services):
    for name, service in services.items():
        if not service_folder(service) or service.get("command"):
            continue  # one-shot jobs and workers are checked by what they run
        environment = as_mapping(service.get("environment"))
        assert environment.get("TTS_POSTGRES_URL") or environment.get("DATABASE_URL"), f"{name} has no database"
        assert environment.get("CELERY_BROKER_URL"), f"{name} has no broker"
        assert environment.get("JWT_PUBLIC_KEY_FILE"), f"{name} cannot verify tokens"
        assert interpolate(environment.get("DJANGO_SECRET_KEY", "")), f"{name} has no DJANGO_SECRET_KEY"
        assert {"postgres", "rabbitmq", "keys"} <= set(depends_on_names(service)), f"{name} may start too early"


def test_key_files_live_in_the_volume_the_keys_job_fills(services):
    keys_volume = next(str(volume).split(":")[0] for volume in services["keys"]["volumes"])
    target = str(services["keys"]["volumes"][0]).split(":")[1]
    assert target in command_words(services["keys"]["command"])
    for name, service in services.items():
        environment = as_mapping(service.get("environment"))
        for key in ("JWT_PRIVATE_KEY_FILE", "JWT_PUBLIC_KEY_FILE"):
            if key in environment:
                mounts = {str(volume).split(":")[0]: str(volume).split(":")[1] for volume in service.get("volumes", [])}
                assert mounts.get(keys_volume) and environment[key].startswith(mounts[keys_volume] + "/"), f"{name}: {key}"


def test_every_procfile_process_has_a_compose_service(services):
    built = {name: command_words(service.get("command")) for name, service in services.items() if "build" in service}
    for process, command in procfile_processes().items():
        word = command_word(command)
        if word == "runserver":  # the image's default command
            matching = [name for name, words in built.items() if not words and services[name].get("ports")]
        else:
            matching = [name for name, words in built.items() if word in words]
        assert matching, f"Procfile process {process!r} ({word}) has no compose service"


# --- Dockerfile --------------------------------------------------------------


def test_dockerfile_instructions_are_known(dockerfile):
    unknown = [word for word, _ in dockerfile if word not in DOCKERFILE_INSTRUCTIONS]
    assert not unknown, f"unknown instructions: {unknown}"


def test_dockerfile_starts_from_a_base_image(dockerfile):
    first = next(word for word, _ in dockerfile if word != "ARG")  # only ARG may precede FROM
    assert first == "FROM"
    final_base = [arguments for word, arguments in dockerfile if word == "FROM"][-1]
    assert final_base.split()[0] == "python:3.11-slim"


def test_dockerfile_runs_as_a_non_root_user(dockerfile):
    final_stage = dockerfile[max(index for index, (word, _) in enumerate(dockerfile) if word == "FROM") :]
    users = [arguments for word, arguments in final_stage if word == "USER"]
    assert users, "the image runs as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerfile_has_a_health_check_on_the_health_endpoint(dockerfile):
    checks = [arguments for word, arguments in dockerfile if word == "HEALTHCHECK"]
    assert len(checks) == 1 and " CMD " in f" {checks[0]} "
    assert "/health/" in checks[0] and "${PORT}" in checks[0] and "urllib" in checks[0]


def test_dockerfile_copies_only_what_exists(dockerfile):
    for word, arguments in dockerfile:
        if word not in {"COPY", "ADD"} or "--from=" in arguments:
            continue
        sources = [part for part in shlex.split(arguments) if not part.startswith("--")][:-1]
        for source in sources:
            assert list(ROOT.glob(source.rstrip("/"))), f"{word} {source}: not in the build context"


def test_dockerfile_selects_the_service_and_runs_the_entrypoint(dockerfile):
    assert ("WORKDIR", "/app/services/${SERVICE}") in dockerfile
    entrypoint_copy = next(arguments for word, arguments in dockerfile if word == "COPY" and "entrypoint.sh" in arguments)
    installed_as = Path(shlex.split(entrypoint_copy)[-1]).name
    cmd = [arguments for word, arguments in dockerfile if word == "CMD"][-1]
    assert installed_as in cmd


# --- entrypoint --------------------------------------------------------------


def test_entrypoint_is_valid_bash():
    assert ENTRYPOINT.read_text().startswith("#!")
    result = subprocess.run([BASH, "-n", str(ENTRYPOINT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


FAKE_MANAGE = """\
import sys
from pathlib import Path

with Path("calls.log").open("a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
if sys.argv[1:] == ["help", "seed_demo"] and not Path("has_seed_demo").exists():
    sys.exit(1)
"""


def run_entrypoint(folder: Path, *command: str, **environment: str) -> subprocess.CompletedProcess:
    python_dir = str(Path(sys.executable).parent)
    env = {"PATH": f"{python_dir}{os.pathsep}{os.environ.get('PATH', '')}", "PORT": "8003", **environment}
    return subprocess.run([BASH, str(ENTRYPOINT), *command], cwd=folder, env=env, capture_output=True, text=True, timeout=30, check=False)


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "manage.py").write_text(FAKE_MANAGE)
    (tmp_path / "python").symlink_to(sys.executable)
    return tmp_path


def calls(project: Path) -> list[str]:
    log = project / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_entrypoint_prepares_seeds_and_execs_the_command(project):
    (project / "has_seed_demo").touch()
    result = run_entrypoint(project, "echo", "started", SEED_DEMO="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"
    assert calls(project) == ["ensure_database", "migrate --noinput", "help seed_demo", "seed_demo"]


def test_entrypoint_skips_a_missing_seed_demo_and_seeding_by_default(project):
    assert run_entrypoint(project, "true", SEED_DEMO="1").returncode == 0
    assert calls(project) == ["ensure_database", "migrate --noinput", "help seed_demo"]
    (project / "calls.log").unlink()
    assert run_entrypoint(project, "true").returncode == 0
    assert calls(project) == ["ensure_database", "migrate --noinput"]


def test_entrypoint_without_preparation_only_execs(project):
    result = run_entrypoint(project, "echo", "worker", TTS_PREPARE="0")
    assert result.returncode == 0 and result.stdout.strip() == "worker"
    assert calls(project) == []


def test_entrypoint_default_command_is_the_server_on_port(project):
    result = run_entrypoint(project, TTS_PREPARE="0")
    assert result.returncode == 0, result.stderr
    assert calls(project) == ["runserver 0.0.0.0:8003 --noreload"]


def test_entrypoint_waits_for_an_answering_database(project):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        url = f"postgresql://postgres:postgres@127.0.0.1:{server.getsockname()[1]}"
        result = run_entrypoint(project, "echo", "up", TTS_PREPARE="0", TTS_POSTGRES_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "up"


def test_entrypoint_gives_up_when_the_database_never_answers(project):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/authservice"
    result = run_entrypoint(project, "echo", "never", DATABASE_URL=url, DB_WAIT_TIMEOUT="1")
    assert result.returncode != 0
    assert "did not answer" in result.stderr and "never" not in result.stdout
    assert calls(project) == []
