#!/usr/bin/env bash
# make test: lint, the console's type check and Vitest tests, then every package's tests twice:
#   1. unit pass   - SQLite and the embedded broker, nothing outside this machine's processes;
#   2. real pass   - PostgreSQL, RabbitMQ and Redis, including the integration tests.
# A real server that does not answer skips pass 2 with the reason, unless
# REQUIRE_SERVICES=1 (CI), which makes that a failure.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/install.sh" || exit 1
cd "$ROOT"

POSTGRES_URL="${TTS_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
BROKER_URL="${TTS_TEST_BROKER_URL:-amqp://guest:guest@127.0.0.1:5672//}"
REDIS_URL_FOR_TESTS="${TTS_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
export TTS_TEST_BROKER_URL="$BROKER_URL" TTS_TEST_REDIS_URL="$REDIS_URL_FOR_TESTS"
# "repo" is the repository-level tests/ (Docker files, end-to-end flows through the running suite).
PACKAGES=(common "${SERVICES[@]}" repo)
RESULTS="$ROOT/var/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
failed=0

say "lint (ruff)"
"$VENV/bin/ruff" check "$ROOT" || failed=1


# The browser walk (tests/e2e/test_console_browser.py) drives Debian's Chromium.
"$ROOT/scripts/install_browser.sh" || true

missing=()
port_answers "$(url_host "$POSTGRES_URL")" "$(url_port "$POSTGRES_URL" 5432)" || missing+=("PostgreSQL at $POSTGRES_URL")
port_answers "$(url_host "$BROKER_URL")" "$(url_port "$BROKER_URL" 5672)" || missing+=("RabbitMQ at $(url_host "$BROKER_URL")")
port_answers "$(url_host "$REDIS_URL_FOR_TESTS")" "$(url_port "$REDIS_URL_FOR_TESTS" 6379)" || missing+=("Redis at $REDIS_URL_FOR_TESTS")

run_pytest() {  # label package [pytest args...]
  local label="$1" package="$2" folder; shift 2
  if [ "$package" = repo ]; then folder="$ROOT"; else folder="$ROOT/services/$package"; fi
  say "$label: $package"
  (cd "$folder" && TTS_VAR_DIR="$(mktemp -d)" "$PY" -m pytest -p no:cacheprovider -q \
      --junitxml="$RESULTS/$label-$package.xml" "$@") || failed=1
}

# The console's checks and the unit passes need nothing but this machine's processes: they run in three lanes
# at once (2 cores), each lane's output kept and printed in order when all are done.
LANES="$(mktemp -d)"
console_checks() {
  say "console: type check and unit tests (Vitest)"
  (cd "$ROOT/frontend" && node_modules/.bin/tsc --noEmit -p tsconfig.json) || failed=1
  (cd "$ROOT/frontend" && node_modules/.bin/vitest run --reporter=dot --reporter=junit --outputFile.junit="$RESULTS/unit-frontend.xml") || failed=1
}
unit_lane() {  # package...
  for package in "$@"; do
    DATABASE_URL= TTS_POSTGRES_URL= CELERY_BROKER_URL= REDIS_URL= run_pytest unit "$package" -m "not integration"
  done
}
lane() {  # name command...: run in the background; its output to $LANES/<name>.log, a failure to $LANES/<name>.failed
  local name="$1"; shift
  ( failed=0; "$@"; [ "$failed" = 0 ] || touch "$LANES/$name.failed" ) >"$LANES/$name.log" 2>&1 &
}
lane 1-console console_checks
lane 2-unit unit_lane common auth ticket_mock repo
lane 3-unit unit_lane workflow_api notification messaging
wait
for log in "$LANES"/*.log; do cat "$log"; done
compgen -G "$LANES/*.failed" >/dev/null && failed=1
rm -rf "$LANES"

# RabbitMQ vhosts of this run's own, so two test runs (or two lanes of one) never take each other's messages
# (deleted at the end; RUN_VHOSTS names them).
RUN_VHOSTS=()
own_vhost() {  # suffix: prints the broker URL on a new vhost tts_test_<pid>_<suffix>, or fails
  command -v rabbitmqctl >/dev/null 2>&1 || return 1
  local vhost="tts_test_$$_$1" user
  user="$(python3 -c 'import sys,urllib.parse as u; print(u.urlsplit(sys.argv[1]).username or "guest")' "$BROKER_URL")"
  timeout 60 rabbitmqctl -q add_vhost "$vhost" >/dev/null 2>&1 || return 1
  timeout 60 rabbitmqctl -q set_permissions -p "$vhost" "$user" ".*" ".*" ".*" >/dev/null 2>&1 || return 1
  python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit((p.scheme, p.netloc, "/" + sys.argv[2], "", "")))' "$BROKER_URL" "$vhost"
}
redis_db() {  # url n: the same Redis server, database n
  python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit((p.scheme, p.netloc, "/" + sys.argv[2], "", "")))' "$1" "$2"
}
real_lane() {  # broker_url redis_url package...: the real pass of each package in turn
  local broker="$1" redis="$2" package; shift 2
  for package in "$@"; do
    DATABASE_URL= TTS_POSTGRES_URL="$POSTGRES_URL" CELERY_BROKER_URL="$broker" REDIS_URL="$redis" \
      TTS_TEST_BROKER_URL="$broker" TTS_TEST_REDIS_URL="$redis" run_pytest real "$package"
  done
}

if [ ${#missing[@]} -eq 0 ]; then
  export TTS_TEST_DB_SUFFIX="_run$$"  # and test databases of its own
  # The services' real passes in two lanes (each its own vhost and Redis database; the test databases are
  # per service already), then the repository's end-to-end pass alone: it starts the whole suite.
  broker_a="$(own_vhost a)" && RUN_VHOSTS+=("tts_test_$$_a") || broker_a="$BROKER_URL"
  broker_b="$(own_vhost b)" && RUN_VHOSTS+=("tts_test_$$_b") || broker_b="$BROKER_URL"
  broker_e="$(own_vhost e2e)" && RUN_VHOSTS+=("tts_test_$$_e2e") || broker_e="$BROKER_URL"
  [ "$broker_a" != "$BROKER_URL" ] && say "RabbitMQ vhosts of this run: ${RUN_VHOSTS[*]}"
  if [ "$broker_a" = "$broker_b" ]; then  # no vhosts of our own: the lanes would share queues, so one lane
    real_lane "$BROKER_URL" "$REDIS_URL_FOR_TESTS" common "${SERVICES[@]}"
  else
    LANES="$(mktemp -d)"
    lane 1-real real_lane "$broker_a" "$REDIS_URL_FOR_TESTS" workflow_api auth ticket_mock
    lane 2-real real_lane "$broker_b" "$(redis_db "$REDIS_URL_FOR_TESTS" 1)" common notification messaging
    wait
    for log in "$LANES"/*.log; do cat "$log"; done
    compgen -G "$LANES/*.failed" >/dev/null && failed=1
    rm -rf "$LANES"
  fi
  real_lane "$broker_e" "$REDIS_URL_FOR_TESTS" repo
elif [ "${REQUIRE_SERVICES:-0}" = "1" ]; then
  printf 'FAILED: REQUIRE_SERVICES=1 but these do not answer: %s\n' "${missing[*]}" >&2
  failed=1
else
  printf 'SKIPPED the real-services pass (PostgreSQL, RabbitMQ, Redis tests): %s does not answer.\n' "${missing[*]}"
fi

for vhost in "${RUN_VHOSTS[@]}"; do timeout 60 rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true; done
"$PY" "$ROOT/scripts/summarize_tests.py" "$RESULTS" || failed=1
exit $failed
