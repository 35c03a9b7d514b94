#!/usr/bin/env bash
# Sourced by the benchmark scripts: the pieces of the Npgsql-style connection string HUAYANG_TEST_PG
# (pg_host, pg_port, pg_user, pg_template, PGPASSWORD) and admin(), psql on its server's postgres database.

conn_value() { # conn_value KEY... : the value of the first of these keys present (case-insensitive)
  local key pair
  for key in "$@"; do
    IFS=';' read -ra pairs <<<"$HUAYANG_TEST_PG"
    for pair in "${pairs[@]}"; do
      if [ "${pair%%=*}" != "$pair" ] && [ "$(echo "${pair%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')" = "$key" ]; then
        echo "${pair#*=}"
        return
      fi
    done
  done
}
pg_host=$(conn_value host server); pg_host=${pg_host:-localhost}
pg_port=$(conn_value port); pg_port=${pg_port:-5432}
pg_user=$(conn_value username "user id" userid user); pg_user=${pg_user:-$USER}
pg_template=$(conn_value database db); pg_template=${pg_template:-postgres}
PGPASSWORD=$(conn_value password); export PGPASSWORD
export PGOPTIONS="-c client_min_messages=warning"
admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -At "$@"; }
