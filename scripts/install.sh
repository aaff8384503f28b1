#!/usr/bin/env bash
# Create .venv and install every Python requirement (again only when a pyproject changed).
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
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
  exit 0
fi
say "installing Python packages into $VENV"
"$PY" -m pip install --quiet --upgrade pip
mapfile -t service_requirements < <("$PY" "$ROOT/scripts/service_deps.py")
"$PY" -m pip install --quiet -e "$ROOT/services/common[test]" honcho ruff "${service_requirements[@]}"
echo "$digest" > "$stamp"
