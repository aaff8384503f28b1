"""Gunicorn settings shared by every service's web server.

    gunicorn -c python:tts_common.gunicorn --bind 0.0.0.0:8003 config.wsgi:application
    GUNICORN_WORKER_CLASS=uvicorn_worker.UvicornWorker gunicorn -c python:tts_common.gunicorn ... config.asgi:application

Read from the environment, with these defaults:

==========================  =========  ==========================================================
variable                    default    meaning
==========================  =========  ==========================================================
GUNICORN_WORKERS            2          worker processes
GUNICORN_THREADS            4          threads per worker (``gthread``; each serves one request)
GUNICORN_WORKER_CLASS       gthread    ``sync`` for one request per process; messaging (ASGI): ``uvicorn_worker.UvicornWorker``
GUNICORN_TIMEOUT            30         seconds a request may run before its worker is replaced
GUNICORN_GRACEFUL_TIMEOUT   10         seconds in-flight requests get on stop or restart
GUNICORN_KEEPALIVE          5          seconds an idle keep-alive connection stays open
GUNICORN_MAX_REQUESTS       2000       requests before a worker is replaced (0: never), with jitter
==========================  =========  ==========================================================

Database connections: each worker process holds at most ``TTS_DB_POOL_MAX_SIZE``
PostgreSQL connections (psycopg's pool, see :func:`tts_common.settings.database_settings`).
Unless set, this module sets it to the thread count, the most a worker can use
at once, so a server holds at most ``GUNICORN_WORKERS x GUNICORN_THREADS``
(an ASGI worker: 4 each). It also sets ``TTS_DB_POOL_TIMEOUT``, the longest a
request waits for a connection: 3 s in a gthread or sync worker, ``GUNICORN_TIMEOUT``
in an ASGI worker (below).
The application is loaded in each worker after the fork (no ``preload_app``),
so no pool or connection is ever shared between processes.

Each worker gets SIGTERM when its master dies, even by SIGKILL (``post_fork``, Linux), so
the master supervisord starts next can bind the port again.

Access and error logs go to stdout/stderr, one line per request.

Metrics (tts_common.metrics): the workers write to ``$TTS_VAR_DIR/metrics/<service>/web/``
(``PROMETHEUS_MULTIPROC_DIR``, set here before any worker exists and emptied when the master starts);
a worker that exits is marked dead (``child_exit``), so its live gauges leave the scrape and its counters stay.
"""

import ctypes
import os
import signal
import sys
from pathlib import Path

from tts_common.env import env_int, env_str
from tts_common.metrics.multiprocess import ENV as METRICS_DIR_ENV
from tts_common.metrics.multiprocess import WEB, metrics_root, reset_dir

workers = env_int("GUNICORN_WORKERS", 2)
threads = env_int("GUNICORN_THREADS", 4)
worker_class = env_str("GUNICORN_WORKER_CLASS", "gthread") or "gthread"
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 10)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
preload_app = False  # each worker builds its own database pool after the fork
# gunicorn's maximum request line, so a long query string reaches Django and is the 414 problem
# (tts_common.limits.MAX_QUERY_STRING_BYTES) rather than gunicorn's own plain-HTML 414.
limit_request_line = 8190
control_socket_disable = True  # gunicorn 24+: one path per user ($HOME/.gunicorn/gunicorn.ctl), which our servers would share

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# The most connections one worker can use at once: one per thread (gthread), one (sync); an ASGI worker
# (uvicorn_worker.UvicornWorker, messaging) runs each request's database work on a thread of its own, so
# there the pool is the only bound. The settings read this in the worker.
os.environ.setdefault("TTS_DB_POOL_MAX_SIZE", str({"gthread": threads, "sync": 1}.get(worker_class, 4)))
if worker_class in {"gthread", "sync"}:
    # Here the pool has a connection for every thread, so no request ever queues for one: a wait is only ever
    # for a new connection being opened. 3 s is ample for that and makes a request during a database outage a
    # quick 503 (tts_common.errors) rather than one after the pool's default 10 s.
    os.environ.setdefault("TTS_DB_POOL_TIMEOUT", "3")
else:
    # In an ASGI worker the pool is where requests queue (a gthread worker queues them before its threads):
    # let a request wait as long as it may run, rather than fail after the pool's default 10 s.
    os.environ.setdefault("TTS_DB_POOL_TIMEOUT", str(timeout))


# Started from the service's folder (services/<service>), as the settings' BASE_DIR; TTS_VAR_DIR as they read it.
_service_dir = Path.cwd().resolve()
_var_dir = Path(env_str("TTS_VAR_DIR") or (_service_dir.parents[1] if len(_service_dir.parents) > 1 else _service_dir) / "var")
os.environ.setdefault(METRICS_DIR_ENV, str(metrics_root(_var_dir, _service_dir) / WEB))


def on_starting(server) -> None:
    """Once, in the master: the previous run's metric files go (the workers are forked after this)."""
    reset_dir(Path(os.environ[METRICS_DIR_ENV]))


def child_exit(server, worker) -> None:
    """In the master, when a worker has exited: its live gauges leave the scrape (prometheus_client multiprocess)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def post_fork(server, worker) -> None:
    """In each worker, right after the fork: ask the kernel for SIGTERM when the master dies.

    gunicorn's gthread and sync workers notice a dead master by themselves; uvicorn's worker (messaging)
    does not, so a master killed with SIGKILL left its workers serving on the port, and every master
    supervisord started after it failed with "Address already in use" until it was left FATAL.
    Linux only (``prctl(PR_SET_PDEATHSIG)``); elsewhere nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != worker.ppid:  # the master died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)
