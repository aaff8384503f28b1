#!/usr/bin/env bash
# Debian's Chromium (and an emoji font for the screenshots) for the console's browser tests (playwright-core drives it; it downloads no browser of its own).
# Installed with apt-get when missing and this user may; otherwise the browser test says why it cannot run.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Chromium (Debian package) for the browser tests"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji; } >/dev/null 2>&1
fi
if [ -x "$CHROMIUM" ]; then exit 0; fi
echo "Chromium is not at $CHROMIUM and could not be installed here (apt-get install chromium as root); the browser test will say so" >&2
exit 1
