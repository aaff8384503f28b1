"""Static checks of Docker/: the compose file, the Dockerfiles, the entrypoint and the console's nginx template.

No Docker engine is needed: the files are parsed (and the entrypoint run with
a stand-in manage.py), so a broken reference fails here instead of at
``docker compose up``.
"""

import fnmatch
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
CONSOLE_DOCKERFILE = DOCKER_DIR / "Dockerfile.console"
CONSOLE_TEMPLATE = DOCKER_DIR / "console-nginx.conf.template"
PROXY_CONFIG = ROOT / "frontend" / "proxy.config.ts"
DOCKERIGNORE = ROOT / ".dockerignore"
CONSOLE_PORT = 1000  # make run's port for vite preview; the console container publishes the same

# The web services the console proxies to (the hosts of its *_UPSTREAM defaults).
CONSOLE_UPSTREAM_SERVICES = {"auth", "workflow-api", "messaging", "notification", "ticket-mock"}
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


def built_from(service: dict) -> Path | None:
    """The Dockerfile a service is built from, as an absolute path."""
    build = service.get("build")
    if build is None:
        return None
    build = {"context": build} if isinstance(build, str) else build
    return (COMPOSE_FILE.parent / build.get("context", ".") / build.get("dockerfile", "Dockerfile")).resolve()


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


def stages(instructions: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The instructions of each build stage, each list starting with its FROM."""
    found: list[list[tuple[str, str]]] = []
    for word, arguments in instructions:
        if word == "FROM":
            found.append([])
        if found:
            found[-1].append((word, arguments))
    return found


def env_defaults(instructions: list[tuple[str, str]]) -> dict[str, str]:
    """What the ENV instructions set (``KEY=VALUE`` form, several per line)."""
    values: dict[str, str] = {}
    for word, arguments in instructions:
        if word == "ENV":
            values.update(as_mapping(shlex.split(arguments)))
    return values


def dockerfile_copy_sources(instructions: list[tuple[str, str]]) -> list[str]:
    """The build-context sources of COPY / ADD (not those copied from another stage)."""
    sources = []
    for word, arguments in instructions:
        if word in {"COPY", "ADD"} and "--from=" not in arguments:
            sources += [part for part in shlex.split(arguments) if not part.startswith("--")][:-1]
    return sources


def strip_nginx_comments(text: str) -> str:
    return re.sub(r"(?m)^\s*#.*$", "", text)


def nginx_locations(text: str) -> dict[str, str]:
    """``location [=] path { body }`` of an nginx config without nested blocks (``${VARIABLE}`` aside), keyed by ``[= ]path``."""
    found = {}
    for modifier, path, body in re.findall(r"location\s+(=\s+)?(\S+)\s*\{((?:[^{}]|\$\{\w+\})*)\}", strip_nginx_comments(text)):
        key = f"= {path}" if modifier else path
        assert key not in found, f"location {key} is defined twice"
        found[key] = body
    return found


def proxy_config_services() -> dict[str, tuple[str, int]]:
    """frontend/proxy.config.ts's SERVICES: name -> (path prefix, default port)."""
    entries = re.findall(r'(\w+):\s*\{\s*prefix:\s*"([^"]+)"[^}]*?\bport:\s*(\d+)', PROXY_CONFIG.read_text())
    return {name: (prefix, int(port)) for name, prefix, port in entries}


def nginx_size(value: str) -> int:
    units = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
    match = re.fullmatch(r"(\d+)([kmg]?)", value.lower())
    assert match, f"not an nginx size: {value!r}"
    return int(match.group(1)) * units[match.group(2)]


def nginx_seconds(value: str) -> int:
    units = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
    match = re.fullmatch(r"(\d+)([smhd]?)", value.lower())
    assert match, f"not an nginx time: {value!r}"
    return int(match.group(1)) * units[match.group(2)]


def dockerignore_patterns() -> list[str]:
    lines = (line.strip() for line in DOCKERIGNORE.read_text().splitlines()) if DOCKERIGNORE.exists() else ()
    return [line.strip("/") for line in lines if line and not line.startswith("#")]


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore leaves ``path`` (or a folder above it) out; ``!`` lines re-include."""
    parts = path.strip("/").split("/")
    candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    result = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!")
        variants = {pattern, pattern.removeprefix("**/")}
        if any(fnmatch.fnmatchcase(candidate, variant) for candidate in candidates for variant in variants):
            result = not negated
    return result


def procfile_processes() -> dict[str, str]:
    processes = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            processes[name.strip()] = command.strip()
    return processes


def procfile_exec(command: str, var_dir: str = "/app/var") -> tuple[dict[str, str], list[str]]:
    """(environment, words) of what a Procfile process execs, ``${NAME:-default}`` read as its default
    and ``$TTS_VAR_DIR`` as ``var_dir`` (the image's)."""
    words = shlex.split(interpolate(command.split("&&")[-1].replace("$TTS_VAR_DIR", var_dir)))
    environment = {}
    while words and (words[0] == "exec" or re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0])):
        name, _, value = words.pop(0).partition("=")
        if name != "exec":
            environment[name] = value
    return environment, words


def procfile_folder(command: str) -> str:
    """The folder a Procfile process starts in (``cd services/auth && ...`` -> ``services/auth``)."""
    words = shlex.split(command.split("&&")[0])
    assert words[0] == "cd", f"a Procfile process starts with cd: {command!r}"
    return words[1]


def command_word(command: str) -> str:
    """What a Procfile process runs: ``manage.py``'s subcommand, else the program."""
    words = procfile_exec(command)[1]
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


@pytest.fixture(scope="module")
def console_dockerfile() -> list[tuple[str, str]]:
    return parse_dockerfile(CONSOLE_DOCKERFILE.read_text())


@pytest.fixture(scope="module")
def console_template() -> str:
    return CONSOLE_TEMPLATE.read_text()


@pytest.fixture(scope="module")
def console_locations(console_template) -> dict[str, str]:
    return nginx_locations(console_template)


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
        if not service_folder(service) or not published_ports(service):
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
    python_image = {name: service for name, service in services.items() if built_from(service) == DOCKERFILE}
    built = {name: command_words(service.get("command")) for name, service in python_image.items()}
    for process, command in procfile_processes().items():
        word = command_word(command)
        if word == "vite":  # vite preview serves the console; in compose nginx does (Dockerfile.console)
            matching = [
                name for name, service in services.items() if built_from(service) == CONSOLE_DOCKERFILE and published_ports(service)
            ]
        else:
            matching = [name for name, words in built.items() if word in words]
        assert matching, f"Procfile process {process!r} ({word}) has no compose service"


def test_compose_runs_the_procfile_processes_by_the_same_names_and_commands(services, dockerfile):
    """One process list: every Python container is a Procfile process (same name, folder, command, environment)."""
    image_var_dir = env_defaults(dockerfile)["TTS_VAR_DIR"]
    containers = {
        name: command_words(service.get("command"))
        for name, service in services.items()
        if built_from(service) == DOCKERFILE and command_words(service.get("command"))[:1] == ["tts-entrypoint"]
    }
    processes = {name: command for name, command in procfile_processes().items() if name != "console"}  # nginx in compose
    assert set(containers) == set(processes)
    for name, command in processes.items():
        environment, words = procfile_exec(command, image_var_dir)
        assert containers[name][1:] == words, f"{name}: compose runs {containers[name][1:]}, the Procfile {words}"
        assert procfile_folder(command) == f"services/{service_folder(services[name])}", f"{name} runs from another folder"
        compose_environment = as_mapping(services[name].get("environment"))
        for key, value in environment.items():
            assert interpolate(compose_environment.get(key, "")) == value, f"{name}: {key} differs from the Procfile"


def test_every_long_running_container_is_restarted(services):
    for name, service in services.items():
        if service.get("restart") == "no":
            assert name == "keys", f"{name} is not restarted when it exits"
            continue
        assert service.get("restart") == "unless-stopped", f"{name} is not restarted when it exits"


def test_no_process_runs_the_development_server(services):
    for process, command in procfile_processes().items():
        assert "runserver" not in command, f"Procfile process {process} runs Django's development server"
    for name, service in services.items():
        assert "runserver" not in command_words(service.get("command")), f"{name} runs Django's development server"
    assert "runserver" not in ENTRYPOINT.read_text()


# --- Dockerfile --------------------------------------------------------------


def test_dockerfile_instructions_are_known(dockerfile):
    unknown = [word for word, _ in dockerfile if word not in DOCKERFILE_INSTRUCTIONS]
    assert not unknown, f"unknown instructions: {unknown}"


def test_dockerfile_starts_from_a_base_image(dockerfile):
    first = next(word for word, _ in dockerfile if word != "ARG")  # only ARG may precede FROM
    assert first == "FROM"
    final_base = [arguments for word, arguments in dockerfile if word == "FROM"][-1]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", final_base.split()[0]), final_base  # an exact, pinned tag


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
    sources = dockerfile_copy_sources(dockerfile)
    assert "services/" in sources
    for source in sources:
        assert list(ROOT.glob(source.rstrip("/"))), f"{source}: not in the build context"
        assert not ignored(source, dockerignore_patterns()), f"{source}: left out by .dockerignore"


def test_dockerfile_selects_the_service_and_runs_the_entrypoint(dockerfile):
    assert ("WORKDIR", "/app/services/${SERVICE}") in dockerfile
    entrypoint_copy = next(arguments for word, arguments in dockerfile if word == "COPY" and "entrypoint.sh" in arguments)
    installed_as = Path(shlex.split(entrypoint_copy)[-1]).name
    cmd = [arguments for word, arguments in dockerfile if word == "CMD"][-1]
    assert installed_as in cmd


# --- the console --------------------------------------------------------------


def test_console_service_is_built_from_its_dockerfile(services):
    consoles = [name for name, service in services.items() if built_from(service) == CONSOLE_DOCKERFILE]
    assert consoles == ["console"]
    assert CONSOLE_DOCKERFILE.is_file()
    console = services["console"]
    assert (COMPOSE_FILE.parent / console["build"]["context"]).resolve() == ROOT  # frontend/ is in the context
    assert console["image"] == "tts/console:local"
    assert console.get("restart") == "unless-stopped"
    assert set(depends_on_names(console)) >= CONSOLE_UPSTREAM_SERVICES, "the console may start before the services it proxies"


def test_console_publishes_port_1000_by_default(services, console_dockerfile):
    assert published_ports(services["console"]) == [(CONSOLE_PORT, 8080)]  # nginx not as root: 8080
    assert "${CONSOLE_PORT" in str(services["console"]["ports"][0]), "the host port cannot be changed"
    assert ("EXPOSE", "8080") in console_dockerfile
    procfile_port = re.search(r"--port\s+\$\{CONSOLE_PORT:-(\d+)\}", procfile_processes()["console"])
    assert procfile_port and int(procfile_port.group(1)) == CONSOLE_PORT, "make run and compose serve the console on different ports"


def test_console_dockerfile_builds_with_node_and_serves_with_nginx(console_dockerfile):
    assert not [word for word, _ in console_dockerfile if word not in DOCKERFILE_INSTRUCTIONS]
    build, serve = stages(console_dockerfile)  # exactly two stages
    build_from = build[0][1].split()
    assert re.fullmatch(r"node:20\.\d+\.\d+(-[\w.-]+)?", build_from[0]) and build_from[1:2] == ["AS"], build_from
    assert re.fullmatch(r"nginxinc/nginx-unprivileged:1\.\d+\.\d+-alpine", serve[0][1].split()[0]), serve[0][1]
    assert ("WORKDIR", "/app") in build
    dist_copy = [shlex.split(arguments) for word, arguments in serve if word == "COPY" and f"--from={build_from[2]}" in arguments]
    assert dist_copy and dist_copy[0][-2:] == ["/app/dist", "/usr/share/nginx/html"]
    assert ("COPY", "Docker/console-nginx.conf.template /etc/nginx/templates/default.conf.template") in serve
    checks = [arguments for word, arguments in serve if word == "HEALTHCHECK"]
    assert len(checks) == 1 and " CMD " in f" {checks[0]} " and "http://127.0.0.1:8080/" in checks[0]


def test_console_dockerfile_installs_the_lockfile_before_copying_the_sources(console_dockerfile):
    build = stages(console_dockerfile)[0]
    position = {}
    for index, (word, arguments) in enumerate(build):
        if word == "COPY" and "frontend/package-lock.json" in arguments:
            position.setdefault("lockfile", index)
            assert set(shlex.split(arguments)[:-1]) == {"frontend/package.json", "frontend/package-lock.json"}
        elif word == "COPY" and shlex.split(arguments)[0].rstrip("/") == "frontend":
            position.setdefault("sources", index)
        elif word == "RUN" and arguments.startswith("npm ci"):
            position.setdefault("install", index)
            assert "--no-audit" in arguments and "--no-fund" in arguments
        elif word == "RUN" and arguments == "npm run build":
            position.setdefault("build", index)
    assert list(position) == ["lockfile", "install", "sources", "build"], position


def test_console_dockerfile_copies_only_what_exists(console_dockerfile):
    sources = dockerfile_copy_sources(console_dockerfile)
    assert "frontend/package-lock.json" in sources
    for source in sources:
        assert list(ROOT.glob(source.rstrip("/"))), f"{source}: not in the build context"
        assert not ignored(source, dockerignore_patterns()), f"{source}: left out by .dockerignore"


def test_dockerignore_keeps_the_frontend_build_output_out():
    patterns = dockerignore_patterns()
    assert ignored("frontend/node_modules", patterns) and ignored("frontend/dist/index.html", patterns)
    assert not ignored("frontend/src/main.tsx", patterns) and not ignored("frontend/package-lock.json", patterns)


def test_console_proxies_every_prefix_of_the_vite_proxy_table(services, console_dockerfile, console_locations):
    table = proxy_config_services()
    assert len(table) >= 5 and all(prefix.startswith("/svc/") for prefix, _ in table.values()), table
    defaults = env_defaults(console_dockerfile)
    proxied = {path for path in console_locations if path.startswith("/svc/")}
    assert proxied == {f"{prefix}/" for prefix, _ in table.values()}, "the nginx and vite proxy tables differ"
    upstream_hosts = set()
    for name, (prefix, port) in table.items():
        body = console_locations[f"{prefix}/"]
        proxy_pass = re.findall(r"proxy_pass\s+\$\{(\w+)\}/;", body)
        assert len(proxy_pass) == 1, f"{prefix}/: proxy_pass must be one ${{VARIABLE}}/ (the slash strips the prefix)"
        variable = proxy_pass[0]
        assert variable in defaults, f"{prefix}/: {variable} has no default in Dockerfile.console"
        target = urlsplit(defaults[variable])
        assert target.scheme == "http" and target.path in {"", "/"}, f"{variable}={defaults[variable]}"
        assert target.port == port, f"{name}: {variable} uses port {target.port}, proxy.config.ts {port}"
        assert target.hostname in services, f"{variable}: {target.hostname} is not a compose service"
        service = services[target.hostname]
        container_ports = {container for _, container in published_ports(service)} | {int(p) for p in service.get("expose", [])}
        assert port in container_ports, f"{target.hostname} does not serve port {port}"
        for header in ("Host $proxy_host", "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme"):
            assert re.search(rf"proxy_set_header\s+{re.escape(header)};", body), f"{prefix}/: no {header}"
        upstream_hosts.add(target.hostname)
    assert upstream_hosts == CONSOLE_UPSTREAM_SERVICES


def test_console_passes_websockets_to_messaging(console_template, console_locations):
    prefix = proxy_config_services()["messaging"][0]
    body = console_locations[f"{prefix}/"]
    assert re.search(r"proxy_http_version\s+1\.1;", body)
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", body)
    connection = re.search(r"proxy_set_header\s+Connection\s+(\S+);", body)
    assert connection, "no Connection header"
    if connection.group(1).startswith("$"):  # a map from $http_upgrade
        mapping = re.search(rf"map\s+\$http_upgrade\s+{re.escape(connection.group(1))}\s*\{{([^}}]*)\}}", console_template)
        assert mapping and re.search(r"default\s+upgrade;", mapping.group(1)), f"{connection.group(1)} is not mapped"
    else:
        assert connection.group(1).strip('"').lower() == "upgrade"
    timeout = re.search(r"proxy_read_timeout\s+(\w+);", body)
    assert timeout and nginx_seconds(timeout.group(1)) >= 3600, "idle sockets are cut after nginx's 60 s default"


def test_console_template_substitutes_only_the_upstream_variables(console_template, console_dockerfile):
    defaults = env_defaults(console_dockerfile)
    braced = set(re.findall(r"\$\{([^}]*)\}", console_template))  # envsubst also rewrites comments
    upstreams = set(re.findall(r"proxy_pass\s+\$\{(\w+)\}", console_template))
    server_names = {"CONSOLE_SERVER_NAMES"}  # made from TTS_PUBLIC_HOSTS by Docker/console-public-hosts.envsh
    assert len(upstreams) == len(proxy_config_services()) and braced == upstreams | server_names, braced ^ upstreams
    assert upstreams <= set(defaults)
    envsubst_filter = defaults.get("NGINX_ENVSUBST_FILTER")
    assert envsubst_filter, "without NGINX_ENVSUBST_FILTER every defined variable is substituted"
    assert all(re.search(envsubst_filter, variable) for variable in upstreams | server_names)
    assert not re.search(envsubst_filter, "TTS_PUBLIC_HOSTS")
    nginx_variables = set(re.findall(r"\$([A-Za-z_]\w*)", console_template))
    assert {"http_upgrade", "proxy_host", "uri"} <= nginx_variables
    assert not [name for name in nginx_variables if re.search(envsubst_filter, name) or name in defaults]


def test_console_template_serves_the_single_page_app(console_template, console_locations):
    assert re.search(r"try_files\s+\$uri\s+/index\.html;", console_locations["/"])
    assert re.search(r"root\s+/usr/share/nginx/html;", console_template)
    assets = re.search(r'Cache-Control\s+"[^"]*max-age=(\d+)', console_locations["/assets/"])
    assert assets and int(assets.group(1)) >= 30 * 86400, "hashed assets are not cached"
    assert re.search(r'Cache-Control\s+"no-cache"', console_locations["= /index.html"])


def test_console_takes_the_largest_attachment(services, console_template):
    body_size = re.search(r"client_max_body_size\s+(\w+);", strip_nginx_comments(console_template))
    limit = interpolate(as_mapping(services["messaging"]["environment"])["MESSAGING_MAX_ATTACHMENT_BYTES"])
    assert body_size and nginx_size(body_size.group(1)) > int(limit), "nginx refuses attachments messaging accepts"


def test_proxied_services_accept_the_console(services):
    for name in CONSOLE_UPSTREAM_SERVICES:
        hosts = interpolate(as_mapping(services[name]["environment"])["DJANGO_ALLOWED_HOSTS"]).split(",")
        assert name in hosts, f"{name} rejects the Host nginx sends ({name})"
        assert {"localhost", "127.0.0.1"} <= set(hosts), f"{name} rejects a browser on http://localhost:{CONSOLE_PORT}"


# --- entrypoint --------------------------------------------------------------


def test_entrypoint_is_valid_bash():
    assert ENTRYPOINT.read_text().startswith("#!")
    result = subprocess.run([BASH, "-n", str(ENTRYPOINT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


COLLECTSTATIC = "collectstatic --noinput -v 0"
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
    assert calls(project) == ["ensure_database", "migrate --noinput", COLLECTSTATIC, "help seed_demo", "seed_demo"]


def test_entrypoint_skips_a_missing_seed_demo_and_seeding_by_default(project):
    assert run_entrypoint(project, "true", SEED_DEMO="1").returncode == 0
    assert calls(project) == ["ensure_database", "migrate --noinput", COLLECTSTATIC, "help seed_demo"]
    (project / "calls.log").unlink()
    assert run_entrypoint(project, "true").returncode == 0
    assert calls(project) == ["ensure_database", "migrate --noinput", COLLECTSTATIC]


def test_entrypoint_without_preparation_only_execs(project):
    result = run_entrypoint(project, "echo", "worker", TTS_PREPARE="0")
    assert result.returncode == 0 and result.stdout.strip() == "worker"
    assert calls(project) == []


def test_entrypoint_default_command_is_gunicorn_on_port(project):
    fake_gunicorn = project / "gunicorn"
    fake_gunicorn.write_text('#!/bin/sh\necho "gunicorn $*"\n')
    fake_gunicorn.chmod(0o755)
    result = run_entrypoint(project, TTS_PREPARE="0", PATH=f"{project}{os.pathsep}{os.environ.get('PATH', '')}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "gunicorn -c python:tts_common.gunicorn --bind 0.0.0.0:8003 config.wsgi:application"
    assert calls(project) == []


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


def test_services_trust_only_the_console_container_as_a_proxy(compose):
    """Given the compose stack, when a service reads X-Forwarded-For, then only the console's fixed address is a trusted proxy."""
    console_address = compose["services"]["console"]["networks"]["default"]["ipv4_address"]
    subnet = compose["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert console_address == "${CONSOLE_ADDRESS:-172.30.90.10}"
    assert subnet == "${TTS_DOCKER_SUBNET:-172.30.90.0/24}"
    for name, service in compose["services"].items():
        trusted = (service.get("environment") or {}).get("TTS_TRUSTED_PROXIES")
        if name in {"auth", "workflow-api", "ticket-mock", "notification", "messaging"}:
            assert trusted == "127.0.0.1/32,::1/128,${CONSOLE_ADDRESS:-172.30.90.10}/32", name
