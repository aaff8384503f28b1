"""The console image's host names: Docker/console-public-hosts.envsh turns TTS_PUBLIC_HOSTS into nginx's server_name.

The nginx image's entrypoint sources the script (``/docker-entrypoint.d/*.envsh``) with /bin/sh before it
renders Docker/console-nginx.conf.template with envsubst; here the script runs under this machine's /bin/sh
and the template is rendered with envsubst as the entrypoint does, for the variables the filter lets through.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "Docker" / "console-public-hosts.envsh"
TEMPLATE = ROOT / "Docker" / "console-nginx.conf.template"
DOCKERFILE = ROOT / "Docker" / "Dockerfile.console"


def server_names(public_hosts: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "TTS_PUBLIC_HOSTS"}
    if public_hosts is not None:
        env["TTS_PUBLIC_HOSTS"] = public_hosts
    command = ["/bin/sh", "-c", f'. "{SCRIPT}" && printf "%s" "$CONSOLE_SERVER_NAMES"']
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30, check=False)


@pytest.mark.parametrize(
    ("public_hosts", "expected"),
    [
        ("*", "~."),
        ("tts.example.org", "tts.example.org"),
        (" tts.example.org, .corp.example ,10.0.0.5,[fd00::1]", "tts.example.org .corp.example 10.0.0.5 [fd00::1]"),
        ("localhost,127.0.0.1", ""),  # always served: the template lists them itself
    ],
)
def test_public_hosts_become_server_names(public_hosts, expected):
    result = server_names(public_hosts)

    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


@pytest.mark.parametrize("entry", ["http://tts.example.org", "tts.example.org:1000", "tts.example.org/console", "a;b"])
def test_an_entry_that_is_not_a_host_stops_the_container_naming_it(entry):
    result = server_names(f"tts.example.org,{entry}")

    assert result.returncode != 0
    assert f"TTS_PUBLIC_HOSTS: '{entry}' is not a host name" in result.stderr


def test_unset_stops_the_container_naming_the_variable():
    result = server_names(None)

    assert result.returncode != 0 and "TTS_PUBLIC_HOSTS must be set" in result.stderr


def test_the_image_sources_the_script_before_rendering_the_template():
    dockerfile = DOCKERFILE.read_text()
    copied = re.search(r"COPY\s+--chmod=755\s+Docker/console-public-hosts\.envsh\s+/docker-entrypoint\.d/(\d+)-[\w-]+\.envsh", dockerfile)
    assert copied, "the script is not copied to /docker-entrypoint.d/ as an executable .envsh"
    assert int(copied.group(1)) < 20, "it must run before 20-envsubst-on-templates.sh"


@pytest.mark.skipif(not shutil.which("envsubst"), reason="envsubst (gettext-base) is not installed")
def test_the_rendered_site_refuses_other_names_and_serves_the_public_ones():
    # given: the template rendered as the entrypoint renders it, for TTS_PUBLIC_HOSTS=tts.example.org,.corp.example
    names = server_names("tts.example.org,.corp.example").stdout
    upstreams = {name: f"http://{name.lower()}:1" for name in re.findall(r"\$\{(\w+_UPSTREAM)\}", TEMPLATE.read_text())}
    variables = " ".join(f"${{{name}}}" for name in [*upstreams, "CONSOLE_SERVER_NAMES"])
    rendered = subprocess.run(
        ["envsubst", variables],
        input=TEMPLATE.read_text(),
        env={**upstreams, "CONSOLE_SERVER_NAMES": names, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    code = "\n".join(line.split("#", 1)[0] for line in rendered.splitlines())

    # then: a default server that answers 403 to every other Host, and the console's server for the listed ones
    servers = re.findall(r"^server \{(.*?)^\}", code, re.MULTILINE | re.DOTALL)
    assert len(servers) == 2
    refusing, console = servers
    assert re.search(r"listen\s+8080\s+default_server;", refusing) and re.search(r"return\s+403\b", refusing)
    assert re.search(r"server_name\s+localhost 127\.0\.0\.1 tts\.example\.org \.corp\.example;", console)
    assert "default_server" not in console and "$" + "{" not in code
