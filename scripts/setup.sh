#!/usr/bin/env bash
# Set up wholefamily on a fresh machine: check prerequisites, create .venv, install the package.
#   scripts/setup.sh          the application
#   scripts/setup.sh --dev    the application and everything the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "setup: $1 is required ($2)" >&2; exit 1; }; }
need make "GNU make"
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
  done
fi
[ -n "$PYTHON" ] || { echo "setup: Python 3.11 or newer is required" >&2; exit 1; }
"$PYTHON" - <<'PY' || { echo "setup: $PYTHON is older than Python 3.11" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

if [ "${1:-}" = "--dev" ]; then
  need java "Java 17 runs the Spark engine, which the tests check against DuckDB (Debian: apt-get install openjdk-17-jre-headless)"
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install --quiet -e '.[dev,spark]'
else
  .venv/bin/python -m pip install --quiet -e .
fi
echo "setup: wholefamily installed in .venv ($(.venv/bin/wholefamily --version))"
