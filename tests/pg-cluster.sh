#!/usr/bin/env bash
# Sourced by tests/run.sh: starts a throwaway PostgreSQL 15 + PostGIS + pgRouting cluster on
# 127.0.0.1 (a free port, data in a temporary directory, run as the postgres user), exports
# HUAYANG_TEST_PG for the tests, and stops and removes the cluster when the shell exits.

pg_cluster_start() {
  local pgbin=/usr/lib/postgresql/15/bin
  if [ ! -x "$pgbin/postgres" ]; then
    echo "tests/pg-cluster.sh: PostgreSQL 15 is not installed ($pgbin/postgres missing)" >&2
    return 1
  fi
  if ! id postgres >/dev/null 2>&1; then
    echo "tests/pg-cluster.sh: there is no postgres user to run the cluster as" >&2
    return 1
  fi
  PG_CLUSTER_DIR=$(mktemp -d /tmp/huayang-pg.XXXXXX)
  chown postgres "$PG_CLUSTER_DIR"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
         || echo $((20000 + RANDOM % 20000)))
  trap pg_cluster_stop EXIT
  runuser -u postgres -- "$pgbin/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$PG_CLUSTER_DIR/initdb.log" 2>&1 || { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_CLUSTER_DIR/server.log" >&2; return 1; }
  PG_CLUSTER_PORT=$port
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE huayang_test" >/dev/null || return 1
  psql -h 127.0.0.1 -p "$port" -U postgres -d huayang_test -qAt \
    -c "CREATE EXTENSION IF NOT EXISTS postgis" -c "CREATE EXTENSION IF NOT EXISTS pgrouting" >/dev/null || return 1
  export HUAYANG_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=huayang_test"
  echo "tests/pg-cluster.sh: PostgreSQL $(psql -h 127.0.0.1 -p "$port" -U postgres -d huayang_test -qAt -c 'SHOW server_version') with PostGIS $(psql -h 127.0.0.1 -p "$port" -U postgres -d huayang_test -qAt -c 'SELECT postgis_lib_version()') on 127.0.0.1:$port"
}

pg_cluster_stop() {
  if [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR/data" ]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_CLUSTER_DIR/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$PG_CLUSTER_DIR"
  fi
  PG_CLUSTER_DIR=
}
