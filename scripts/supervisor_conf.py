#!/usr/bin/env python3
"""Render supervisord's configuration from the Procfile (the one list of processes).

    python scripts/supervisor_conf.py Procfile "$TTS_VAR_DIR"   # writes $TTS_VAR_DIR/supervisord.conf

Every Procfile line ``name: command`` becomes ``[program:name]`` running
``bash -c command`` from the repository root, so the Procfile's
``${VAR:-default}`` expansions keep working. supervisord restarts a process
that exits (``autorestart``); one that dies within ``startsecs`` of starting is
retried after 1, 2, 3 ... seconds, up to ``startretries`` times, and then
left FATAL (``supervisorctl start <name>`` tries again). Stopping stops the whole
process group of each program (a celery worker and its children, gunicorn and
its workers). All programs form one group, ``tts``, so that a stop (Ctrl-C)
stops them in parallel (supervisord stops groups one after another). Each line of output is prefixed with the process name and goes
to supervisord's stdout.

Operators (and bench/faults.py) reach the running suite with
``supervisorctl -c $TTS_VAR_DIR/supervisord.conf status`` and
``... restart|stop|start tts:<name>`` (``tts:workflow-worker``; ``pid tts:<name>``).
"""

import shlex
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 5  # a process that runs this long counts as started (later exits restart at once)
START_RETRIES = 60  # quick deaths in a row before giving up: backoff 1 + 2 + ... + 60 s, about half an hour
STOP_WAIT_SECONDS = 10
GROUP = "tts"  # SIGTERM, then SIGKILL to the group after this long


def procfile_processes(text: str) -> dict[str, str]:
    """``{name: command}`` of a Procfile's ``name: command`` lines (comments and blanks skipped)."""
    processes: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, separator, command = line.partition(":")
        if not separator or not name.strip() or not command.strip():
            raise ValueError(f"not a Procfile line: {line!r}")
        processes[name.strip()] = command.strip()
    return processes


def _ini(value: str | Path) -> str:
    """A value as supervisord reads it: ``%`` starts its own expansions, so it is doubled."""
    return str(value).replace("%", "%%")


def program_command(name: str, command: str, width: int) -> str:
    """``bash -c`` running ``command`` with every output line prefixed by the padded ``name``.

    Where util-linux's ``setpriv`` is at hand (Linux), the process also gets SIGTERM
    when supervisord itself dies (``PR_SET_PDEATHSIG``), so a supervisord killed with
    SIGKILL leaves no server behind holding its port.
    """
    prefix = f"{name:<{width}} | "
    script = f"exec > >(exec sed -u {shlex.quote('s/^/' + prefix + '/')}) 2>&1; {command}"
    orphan_guard = f"{shutil.which('setpriv')} --pdeathsig TERM " if shutil.which("setpriv") else ""
    return f"{orphan_guard}/bin/bash -c {shlex.quote(script)}"


def render(processes: dict[str, str], var_dir: Path, root: Path = ROOT) -> str:
    """supervisord.conf text for ``processes``, with its socket, pid and log files under ``var_dir``."""
    width = max(map(len, processes), default=0)
    sections = [
        f"""; Rendered from {root / "Procfile"} by scripts/supervisor_conf.py at every `make run`; edit the Procfile.
[supervisord]
nodaemon=true
directory={_ini(root)}
logfile={_ini(var_dir / "supervisord.log")}
logfile_maxbytes=5MB
logfile_backups=1
pidfile={_ini(var_dir / "supervisord.pid")}
childlogdir={_ini(var_dir)}

[unix_http_server]
file={_ini(var_dir / "supervisor.sock")}
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory=supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{_ini(var_dir / "supervisor.sock")}
"""
    ]
    for name, command in processes.items():
        sections.append(
            f"""[program:{name}]
command={_ini(program_command(name, command, width))}
directory={_ini(root)}
autostart=true
autorestart=true
startsecs={START_SECONDS}
startretries={START_RETRIES}
stopsignal=TERM
stopwaitsecs={STOP_WAIT_SECONDS}
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
"""
        )
    sections.append(f"[group:{GROUP}]\nprograms={','.join(processes)}\n")
    return "\n".join(sections)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    procfile, var_dir = Path(argv[1]), Path(argv[2])
    var_dir.mkdir(parents=True, exist_ok=True)
    (var_dir / "supervisord.conf").write_text(render(procfile_processes(procfile.read_text()), var_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
