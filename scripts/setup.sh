#!/usr/bin/env bash
# Set up wholefamily on a fresh machine: check prerequisites, create .venv, install the package and the
# web application's front-end assets. Safe to run again: steps already done are skipped in a second.
#   scripts/setup.sh          the application
#   scripts/setup.sh --dev    the application and everything the tests need (Java 17, Chromium, test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
case "${1:-}" in
  "") ;;
  --dev) DEV=1 ;;
  *) echo "usage: scripts/setup.sh [--dev]" >&2; exit 2 ;;
esac

fail() { echo "setup: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is required ($2)"; }

# --- Prerequisites -------------------------------------------------------------------------------------------
need make "GNU make"
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
  done
fi
[ -n "$PYTHON" ] || fail "Python 3.11 or newer is required"
"$PYTHON" - <<'PY' || fail "$PYTHON is older than Python 3.11"
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

NODE_HINT="install Node.js 20 or newer with its npm (https://nodejs.org or NodeSource's Debian packages; do not apt-get install npm, which conflicts with NodeSource's nodejs)"
need node "the casework web application's GOV.UK Frontend assets are installed with npm: $NODE_HINT"
need npm "$NODE_HINT"
node_major="$(node --version | sed -E 's/^v([0-9]+).*/\1/')"
[ "$node_major" -ge 20 ] 2>/dev/null || fail "Node.js $(node --version) is too old: $NODE_HINT"

if [ "$DEV" = 1 ]; then
  need java "Java 17 runs the Spark engine, which the tests check against DuckDB (Debian: apt-get install openjdk-17-jre-headless)"
fi

# Debian's Chromium for the browser tests (Playwright drives it; `playwright install` is never used).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  local packages="chromium chromium-driver"
  command -v apt-get >/dev/null 2>&1 \
    || fail "the browser tests need Chromium at /usr/bin/chromium: install your system's chromium package"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 \
      || fail "the browser tests need Chromium at /usr/bin/chromium: as root, run apt-get install -y $packages"
    sudo=(sudo)
  fi
  echo "setup: installing Debian's Chromium for the browser tests (apt-get install $packages)"
  local log
  log="$(mktemp)"
  # shellcheck disable=SC2086
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages >"$log" 2>&1; then
    # The package lists may be missing or stale on a fresh machine: refresh them once and try again.
    # shellcheck disable=SC2086
    if ! { "${sudo[@]}" apt-get update -q && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages; } >"$log" 2>&1; then
      cat "$log" >&2
      fail "could not install Chromium; run: ${sudo[*]:+${sudo[*]} }apt-get update && ${sudo[*]:+${sudo[*]} }apt-get install -y $packages"
    fi
  fi
  rm -f "$log"
  [ -x /usr/bin/chromium ] || fail "apt-get installed $packages but /usr/bin/chromium is missing"
}
if [ "$DEV" = 1 ]; then
  ensure_chromium
fi

# --- Python ----------------------------------------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extras=""
[ "$DEV" = 1 ] && extras="[dev,spark]"
# Reinstall only when pyproject.toml or the extras changed (the package itself is installed editable); a
# development install also serves `make demo`.
stamp=".venv/.wholefamily-setup"
wanted="$(cat pyproject.toml; echo "extras=$extras")"
with_dev="$(cat pyproject.toml; echo "extras=[dev,spark]")"
installed="$(cat "$stamp" 2>/dev/null || true)"
if { [ "$installed" != "$wanted" ] && [ "$installed" != "$with_dev" ]; } \
  || ! .venv/bin/wholefamily --version >/dev/null 2>&1; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
  printf '%s' "$wanted" >"$stamp"
fi

# --- Front-end assets (GOV.UK Frontend, MoJ Frontend, axe-core) from the committed package-lock.json ----------
if ! cmp -s package-lock.json node_modules/.wholefamily-setup-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.wholefamily-setup-lock
fi

echo "setup: wholefamily installed in .venv ($(.venv/bin/wholefamily --version)), front-end assets in node_modules/"
