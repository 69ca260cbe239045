#!/usr/bin/env bash
# Start or stop the PostgreSQL and MariaDB servers the test suite runs against.
#   scripts/dbs.sh start   installs missing Debian packages, starts both servers on
#                          127.0.0.1 (data under /dev/shm), writes .dbs.env with their URLs
#   scripts/dbs.sh stop    stops the servers by the pids recorded at start
# ALEMBIC_DBS_ENV names another state file (scripts/test.sh uses a private one, so a
# test run never touches the servers a developer started with plain `dbs.sh start`).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${ALEMBIC_DBS_ENV:-$ROOT/.dbs.env}

die() { echo "dbs.sh: $*" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

install_packages() {
  local need=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server mariadb-client)
  if [ ${#need[@]} -gt 0 ]; then
    echo "dbs.sh: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

start_pg() {
  local bin; bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  local d=$BASE/pg; mkdir -p "$d"; chown postgres: "$d"; chmod 700 "$d"
  PG_PORT=$(free_port)
  runuser -u postgres -- "$bin/initdb" -D "$d/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $d -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { tail -20 "$d/server.log" >&2 || true; die "PostgreSQL did not start (log above)"; }
  PG_PID=$(head -1 "$d/data/postmaster.pid")
}

start_my() {
  local m=$BASE/my; mkdir -p "$m"
  MY_PORT=$(free_port)
  mariadb-install-db --no-defaults --datadir="$m/data" --user=root --auth-root-authentication-method=normal --skip-test-db >"$m/install.log" 2>&1
  /usr/sbin/mariadbd --no-defaults --datadir="$m/data" --user=root --skip-networking=0 --bind-address=127.0.0.1 \
    --port="$MY_PORT" --socket="$m/mysqld.sock" --pid-file="$m/mysqld.pid" --log-error="$m/error.log" \
    --skip-name-resolve --skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --max-connections=300 >/dev/null 2>&1 &
  MY_PID=$!
  local up=""
  for _ in $(seq 1 120); do
    mariadb-admin --no-defaults --protocol=tcp -h127.0.0.1 -P"$MY_PORT" -uroot ping >/dev/null 2>&1 && { up=1; break; }
    kill -0 "$MY_PID" 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$up" ] || { kill "$MY_PID" 2>/dev/null || true; tail -20 "$m/error.log" >&2 || true; die "MariaDB did not start (log above)"; }
  mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$MY_PORT" -uroot -e 'CREATE DATABASE IF NOT EXISTS test; CREATE DATABASE IF NOT EXISTS test_schema'
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  for pid in ${ALEMBIC_TEST_PG_PID:-} ${ALEMBIC_TEST_MY_PID:-}; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in ${ALEMBIC_TEST_PG_PID:-} ${ALEMBIC_TEST_MY_PID:-}; do
    for _ in $(seq 1 50); do
      st=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1 || true)  # "" once gone, Z while a zombie
      case "$st" in ""|Z*) break;; esac
      sleep 0.2
    done
  done
  rm -rf "${ALEMBIC_TEST_DB_BASE:-/nonexistent}"
  rm -f "$STATE"
}

case "${1:-}" in
  start)
    stop
    install_packages
    BASE=$(mktemp -d /dev/shm/alembic-dbs.XXXXXX); chmod 755 "$BASE"
    # The state file grows as each server comes up, so `stop` can always clean up.
    echo "export ALEMBIC_TEST_DB_BASE=$BASE" > "$STATE"
    start_pg
    cat >> "$STATE" <<EOT
export ALEMBIC_TEST_PG_PID=$PG_PID
export ALEMBIC_TEST_POSTGRESQL_URL=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres
EOT
    start_my
    cat >> "$STATE" <<EOT
export ALEMBIC_TEST_MY_PID=$MY_PID
export ALEMBIC_TEST_MYSQL_URL=mysql+pymysql://root@127.0.0.1:$MY_PORT/test
EOT
    cat "$STATE"
    ;;
  stop) stop ;;
  *) echo "usage: scripts/dbs.sh start|stop" >&2; exit 2 ;;
esac
