#!/usr/bin/env bash
# Container entrypoint of every Python service (the image's default CMD).
#
#   1. waits until the database server accepts connections (DATABASE_URL or
#      TTS_POSTGRES_URL; nothing to wait for on SQLite);
#   2. unless TTS_PREPARE=0: ensure_database, migrate, and seed_demo when the
#      service has that command and SEED_DEMO=1;
#      and collectstatic (admin and Swagger UI files, served by whitenoise);
#   3. execs the given command, by default gunicorn (tts_common.gunicorn) on $PORT.
#
# Knobs: DB_WAIT_TIMEOUT (seconds, default 60), TTS_PREPARE (default 1), SEED_DEMO (default 0).
set -euo pipefail

log() { printf 'entrypoint: %s\n' "$*" >&2; }

wait_for_database() {
  local url="${DATABASE_URL:-${TTS_POSTGRES_URL:-}}"
  [ -n "$url" ] || return 0
  python - "$url" "${DB_WAIT_TIMEOUT:-60}" <<'PY'
import socket
import sys
import time
from urllib.parse import urlsplit

url, timeout = sys.argv[1], float(sys.argv[2])
parts = urlsplit(url)
if not parts.scheme.startswith("postgres") or not parts.hostname:
    sys.exit(0)  # SQLite or a socket path: nothing to wait for
host, port = parts.hostname, parts.port or 5432
deadline = time.monotonic() + timeout
while True:
    try:
        socket.create_connection((host, port), timeout=2).close()
        break
    except OSError as error:
        if time.monotonic() >= deadline:
            sys.exit(f"entrypoint: database {host}:{port} did not answer within {timeout:g}s ({error})")
        time.sleep(1)
print(f"entrypoint: database {host}:{port} answers", file=sys.stderr)
PY
}

prepare() {
  log "preparing ${SERVICE:-service} in $(pwd)"
  python manage.py ensure_database
  python manage.py migrate --noinput
  python manage.py collectstatic --noinput -v 0
  if [ "${SEED_DEMO:-0}" = "1" ]; then
    if python manage.py help seed_demo >/dev/null 2>&1; then
      python manage.py seed_demo
    else
      log "SEED_DEMO=1 but this service has no seed_demo command; skipped"
    fi
  fi
}

wait_for_database
if [ "${TTS_PREPARE:-1}" != "0" ]; then
  prepare
fi

if [ "$#" -eq 0 ]; then
  # The WSGI services' server; messaging (ASGI) sets GUNICORN_WORKER_CLASS in docker-compose.yml.
  set -- gunicorn -c python:tts_common.gunicorn --bind "0.0.0.0:${PORT:-8000}" config.wsgi:application
fi
log "exec $*"
exec "$@"
