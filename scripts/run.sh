#!/usr/bin/env bash
# make run: install, prepare every service (database, migrations, demo data) and start the suite.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/install.sh"
cd "$ROOT"

export TTS_VAR_DIR="${TTS_VAR_DIR:-$ROOT/var}"
mkdir -p "$TTS_VAR_DIR"
export PATH="$VENV/bin:$PATH"

if [ -n "${TTS_POSTGRES_URL:-}" ]; then say "databases on PostgreSQL ($(url_host "$TTS_POSTGRES_URL"))"; else say "databases: SQLite files under $TTS_VAR_DIR"; fi
if [ -n "${CELERY_BROKER_URL:-}" ]; then say "broker: $(url_host "$CELERY_BROKER_URL")"; else say "broker: kombu filesystem transport under $TTS_VAR_DIR/broker"; fi

"$PY" -m tts_common.keys "$TTS_VAR_DIR/keys" >/dev/null
for service in "${SERVICES[@]}"; do
  say "preparing $service"
  (
    cd "services/$service"
    "$PY" manage.py ensure_database
    "$PY" manage.py migrate --noinput -v 0
    if "$PY" manage.py help seed_demo >/dev/null 2>&1; then "$PY" manage.py seed_demo; fi
    "$PY" manage.py collectstatic --noinput -v 0  # admin and Swagger UI files, served by whitenoise
  )
done

# The console: built from frontend/, served by `vite preview` (which proxies /svc/<service>/ to each service).
say "building the console"
(cd frontend && node_modules/.bin/vite build --logLevel error)
if [ -z "${CONSOLE_PORT:-}" ]; then
  if "$PY" -c 'import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 1000))' 2>/dev/null; then
    CONSOLE_PORT=1000
  else
    CONSOLE_PORT=5173
    say "port 1000 is refused to this user (ports below 1024 are privileged): the console is on $CONSOLE_PORT instead (CONSOLE_PORT moves it)"
  fi
fi
export CONSOLE_PORT

# How to open the console from another machine: this machine's IPv4 addresses (hostname -I on Linux, else the
# address of the default route's interface; connecting a UDP socket sends nothing) and its host name. Under
# `make run` the console and messaging answer any name (TTS_PUBLIC_HOSTS unset); when it is set, only those.
lan_addresses="$(hostname -I 2>/dev/null || true)"
[ -n "${lan_addresses// /}" ] || lan_addresses="$("$PY" -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(("192.0.2.1", 9)); print(s.getsockname()[0])' 2>/dev/null || true)"
elsewhere=""
for address in $lan_addresses; do
  case "$address" in *:* | 127.*) ;; *) elsewhere="$elsewhere http://$address:${CONSOLE_PORT}" ;; esac
done
elsewhere="${elsewhere} http://$(hostname 2>/dev/null || echo this-machine):${CONSOLE_PORT}"
if [ -n "${TTS_PUBLIC_HOSTS:-}" ] && [ "${TTS_PUBLIC_HOSTS}" != "*" ]; then
  elsewhere_note="(only the names in TTS_PUBLIC_HOSTS go live: ${TTS_PUBLIC_HOSTS})"
else
  elsewhere_note="(any name or address answers: TTS_PUBLIC_HOSTS is unset; docs/operations.md, \"Host names and origins\")"
fi

notification_key_hint="dev-notification-key"; [ -z "${NOTIFICATION_API_KEYS:-}" ] || notification_key_hint="one of NOTIFICATION_API_KEYS"
cat <<BANNER

  console        http://localhost:${CONSOLE_PORT}   (sign in as below; agents: agent1@tts.local / TtsDemo!2025)
  from another machine on the network:${elsewhere}
                 ${elsewhere_note}
  auth           http://localhost:${AUTH_PORT:-8003}   Swagger: http://localhost:${AUTH_PORT:-8003}/api/docs/
  workflow_api   http://localhost:${WORKFLOW_PORT:-8002}   Swagger: http://localhost:${WORKFLOW_PORT:-8002}/docs/
  ticket_mock    http://localhost:${TICKET_MOCK_PORT:-8004}   Swagger: http://localhost:${TICKET_MOCK_PORT:-8004}/api/docs/   (mock HDTS)
  notification   http://localhost:${NOTIFICATION_PORT:-8006}   Swagger: http://localhost:${NOTIFICATION_PORT:-8006}/api/docs/   (X-API-Key: ${notification_key_hint})
  messaging      http://localhost:${MESSAGING_PORT:-8005}   Swagger: http://localhost:${MESSAGING_PORT:-8005}/api/docs/   WebSocket: ws://localhost:${MESSAGING_PORT:-8005}/ws/tickets/<ticket>/?token=...
  administrator  ${TTS_ADMIN_EMAIL:-admin@tts.local} / password from TTS_ADMIN_PASSWORD (README)

  Ctrl-C stops everything.
BANNER
# Every program's output is written to /dev/stdout, reopened by supervisord: when that is a file, it has to be
# open for appending, or the processes would write over each other's lines.
if [ -f "/proc/$$/fd/1" ]; then exec >>"$(readlink -f "/proc/$$/fd/1")"; fi
# supervisord runs the Procfile's processes and restarts any that exits; Ctrl-C stops them all.
# While it runs: supervisorctl -c "$TTS_VAR_DIR/supervisord.conf" status (or restart <name>).
"$PY" "$ROOT/scripts/supervisor_conf.py" "$ROOT/Procfile" "$TTS_VAR_DIR"
exec "$VENV/bin/supervisord" -c "$TTS_VAR_DIR/supervisord.conf"
