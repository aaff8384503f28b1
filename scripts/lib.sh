# Shared by the scripts: where things are, and the list of services.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
# Each service: folder name, logical database, port variable and default port.
SERVICES=(auth workflow_api ticket_mock notification messaging)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

port_answers() {  # host port
  timeout 1 bash -c "</dev/tcp/$1/$2" 2>/dev/null
}

url_host() { python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(p.hostname or "127.0.0.1")' "$1"; }
url_port() { python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(p.port or sys.argv[2])' "$1" "$2"; }
