#!/usr/bin/env bash
# The web tests a second time on PostgreSQL (`make test` runs this after the main pytest run on SQLite).
# The server is WHOLEFAMILY_TEST_DATABASE_URL, by default postgresql://postgres@127.0.0.1:5432/wholefamily_test;
# pytest-django creates and drops its own test_* databases there. Without a server the pass is skipped with a
# note, except under CI=true, where it must run.
set -euo pipefail
cd "$(dirname "$0")/.."

export WHOLEFAMILY_TEST_DATABASE_URL="${WHOLEFAMILY_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/wholefamily_test}"
if ! where="$(.venv/bin/python - <<'PY'
import os, socket, sys
from urllib.parse import urlsplit

url = urlsplit(os.environ["WHOLEFAMILY_TEST_DATABASE_URL"])
host, port = url.hostname or "127.0.0.1", url.port or 5432
print(f"{host}:{port}")
try:
    socket.create_connection((host, port), timeout=3).close()
except OSError as exc:
    print(f"{host}:{port} ({exc.strerror or exc})")
    sys.exit(1)
PY
)"; then
  where="$(echo "$where" | tail -n 1)"
  if [ "${CI:-}" = "true" ]; then
    echo "test-postgresql: no PostgreSQL server answers at $where; CI must run the web tests on PostgreSQL" \
      "(start one, or set WHOLEFAMILY_TEST_DATABASE_URL)" >&2
    exit 1
  fi
  echo "test-postgresql: SKIPPED the PostgreSQL pass of the web tests: no server answers at $where" \
    "(start one, or set WHOLEFAMILY_TEST_DATABASE_URL; under CI=true this fails)"
  exit 0
fi
echo "test-postgresql: the web tests on PostgreSQL at $where"
exec .venv/bin/pytest -n 2 tests/web -m "not browser" -q
