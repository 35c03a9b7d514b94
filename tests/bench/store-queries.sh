#!/usr/bin/env bash
# Per-query time of the in-memory store and the PostGIS store over the same data, in one
# BenchmarkDotNet run. Uses HUAYANG_TEST_PG's server if set (its database is the template: a fresh
# database is made from it), otherwise starts a throwaway cluster (as root).
# Usage: bash tests/bench/store-queries.sh [dataset-dir]   (default: the bundled data/)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
data=$(realpath "${1:-$root/data}")

if [ -z "${HUAYANG_TEST_PG:-}" ]; then
  source "$root/tests/pg-cluster.sh"
  pg_cluster_start
fi
source "$root/tests/bench/pg-conn.sh"   # pg_host, pg_port, pg_user, pg_template from HUAYANG_TEST_PG
db=huayang_bench_$$
admin -c "CREATE DATABASE $db TEMPLATE \"$pg_template\"" >/dev/null
conn="Host=$pg_host;Port=$pg_port;Username=$pg_user;Database=$db${PGPASSWORD:+;Password=$PGPASSWORD}"

dotnet build -c Release "$root/src/Huayang.Gis.Cli" -v q --nologo >/dev/null
"$root/src/Huayang.Gis.Cli/bin/Release/net10.0/huayang" load "$data" --pg "$conn" --replace >/dev/null

export HUAYANG_BENCH_DATA="$data" HUAYANG_BENCH_PG="$conn"
dotnet run -c Release --project "$root/tests/Huayang.Gis.Benchmarks" -- \
  --filter '*StoreQueries*' --join --artifacts "$root/artifacts/benchmarks" "${@:2}"
admin -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
