"""Where a service's processes keep their metric files, so one ``/metrics`` reports them all.

prometheus_client's multiprocess mode: every process writes its figures to
memory-mapped files named by its pid in ``PROMETHEUS_MULTIPROC_DIR``, and a
scrape merges every file there (``MultiProcessCollector``). The variable must
be set before ``prometheus_client`` is first imported, so this module never
imports it at the top.

Layout: ``$TTS_VAR_DIR/metrics/<service folder>/<role>/`` with role

* ``web``: the gunicorn master sets it (``tts_common.gunicorn``) and empties it
  once when it starts; its workers inherit it; ``child_exit`` marks a dead
  worker's live gauges dead.
* ``worker``: a Celery worker's main process sets and empties it when it reads
  the settings, before its pool processes are forked.

Each role empties only its own folder, so a restarted worker never wipes the
web server's live files (a process keeps writing to the file it opened; a
file deleted under it would vanish from every scrape until it restarts).
The service's ``/metrics`` merges the files of every role (``role_dirs``).
Other processes (beat, the outbox relay, management commands, tests) keep
their figures in memory: nothing of theirs is exported.

In containers (Docker/docker-compose.yml) the web and worker containers of a
service share ``/app/var/metrics`` through a volume; one container per role.
"""

import os
import shutil
import sys
from pathlib import Path

ENV = "PROMETHEUS_MULTIPROC_DIR"
WEB, WORKER = "web", "worker"


def metrics_root(var_dir: Path, service_dir: Path) -> Path:
    """``<var_dir>/metrics/<service folder name>``: every role of one service below it."""
    return Path(var_dir) / "metrics" / Path(service_dir).resolve().name


def role_dirs(root: Path) -> list[Path]:
    """The role folders under ``root`` that exist, in name order."""
    return sorted(path for path in Path(root).glob("*") if path.is_dir())


def reset_dir(path: Path) -> Path:
    """Create ``path`` empty (the files of the previous run of this role go)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_celery_worker_main(argv: list[str] | None = None) -> bool:
    """Whether this process is ``celery ... worker`` (its main process: the pool is forked later)."""
    argv = sys.argv if argv is None else argv
    return bool(argv) and Path(argv[0]).name.startswith("celery") and "worker" in argv[1:]


def configure_process(var_dir: Path, service_dir: Path) -> str | None:
    """Called when the settings load: the multiprocess folder of this process, or None (figures in memory).

    Keeps ``PROMETHEUS_MULTIPROC_DIR`` when it is already set (the gunicorn
    master set it; a container may set it); a Celery worker's main process
    gets ``<root>/worker``, emptied now, before the pool exists.
    """
    configured = os.environ.get(ENV)
    if configured:
        Path(configured).mkdir(parents=True, exist_ok=True)
        return configured
    if not is_celery_worker_main():
        return None
    folder = reset_dir(metrics_root(var_dir, service_dir) / WORKER)
    os.environ[ENV] = str(folder)
    return str(folder)
