#!/usr/bin/env bash
# The test command (README): sets everything up on a fresh Debian machine (as root),
# starts PostgreSQL and MariaDB on 127.0.0.1, runs the whole suite, stops the servers.
#
#   bash scripts/test.sh [pytest args...]     e.g.  bash scripts/test.sh -x tests/script
#
# The servers are this run's own (private state file, fresh ports and data under
# /dev/shm) and are stopped by pid on exit, whatever happens.  The exit status is
# pytest's.  With CI set, a server that cannot be started fails the run at once.
# With both ALEMBIC_TEST_POSTGRESQL_URL and ALEMBIC_TEST_MYSQL_URL already set, those
# servers are used instead and nothing is started or stopped.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=$ROOT/.venv/bin/python

say() { echo "test.sh: $*" >&2; }

apt_install() {
  say "installing Debian packages: $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_python() {
  command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv python3-pip
  # Debian's python3 needs python3-venv for `python3 -m venv` (ensurepip).
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
}

ensure_venv() {
  if [ ! -x "$PY" ] || ! "$PY" -c 'import sys' 2>/dev/null; then
    say "creating .venv"
    rm -rf "$ROOT/.venv"
    python3 -m venv "$ROOT/.venv"
  fi
  say "installing the package and its test extra into .venv"
  "$PY" -m pip install -q --disable-pip-version-check -e ".[test]"
}

start_servers() {
  DBS_STATE=$(mktemp /tmp/alembic-test-dbs.XXXXXX.env)
  export ALEMBIC_DBS_ENV=$DBS_STATE
  trap stop_servers EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if ALEMBIC_DBS_ENV=$DBS_STATE bash "$ROOT/scripts/dbs.sh" start >/dev/null; then
    # shellcheck disable=SC1090
    . "$DBS_STATE"
    say "PostgreSQL at $ALEMBIC_TEST_POSTGRESQL_URL (pid $ALEMBIC_TEST_PG_PID)"
    say "MariaDB at $ALEMBIC_TEST_MYSQL_URL (pid $ALEMBIC_TEST_MY_PID)"
  elif [ -n "${CI:-}" ]; then
    say "FAILED: the database servers did not start (see above); CI needs both"
    exit 1
  else
    say "WARNING: the database servers did not start; tests that need them will fail"
  fi
}

stop_servers() {
  [ -n "${DBS_STATE:-}" ] || return 0
  ALEMBIC_DBS_ENV=$DBS_STATE bash "$ROOT/scripts/dbs.sh" stop || true
  rm -f "$DBS_STATE"
}

ensure_python
ensure_venv
if [ -n "${ALEMBIC_TEST_POSTGRESQL_URL:-}" ] && [ -n "${ALEMBIC_TEST_MYSQL_URL:-}" ]; then
  say "using the servers given in ALEMBIC_TEST_POSTGRESQL_URL and ALEMBIC_TEST_MYSQL_URL"
else
  start_servers
fi
status=0
"$PY" -m pytest --durations=10 "$@" || status=$?
exit "$status"
