#!/usr/bin/env bash
# Create .venv and install every Python requirement (again only when a pyproject changed),
# then the console's npm packages (again only when package-lock.json changed).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1)); set PYTHON=python3.11" >&2
  exit 1
fi
[ -x "$PY" ] || { say "creating $VENV"; "$PYTHON" -m venv "$VENV"; }

stamp="$VENV/.installed"
digest="$(cat "$ROOT"/services/*/pyproject.toml "$ROOT/scripts/install.sh" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  say "installing Python packages into $VENV"
  "$PY" -m pip install --quiet --upgrade pip
  mapfile -t service_requirements < <("$PY" "$ROOT/scripts/service_deps.py")
  "$PY" -m pip install --quiet -e "$ROOT/services/common[test]" supervisor ruff "${service_requirements[@]}"
  echo "$digest" > "$stamp"
fi

# The console's packages, from frontend/package-lock.json (again only when it changed).
if ! command -v npm >/dev/null 2>&1 || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  echo "Node.js 20 or newer (with npm) is needed for the console (found: $(node --version 2>&1 || echo none))" >&2
  exit 1
fi
console_stamp="$ROOT/frontend/node_modules/.installed"
console_digest="$(sha256sum "$ROOT/frontend/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$console_stamp" ] || [ "$(cat "$console_stamp")" != "$console_digest" ]; then
  say "installing the console's packages (npm ci)"
  (cd "$ROOT/frontend" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$console_digest" > "$console_stamp"
fi
