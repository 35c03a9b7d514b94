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
port=$(echo "$HUAYANG_TEST_PG" | sed -n 's/.*Port=\([0-9]*\).*/\1/p')
db=huayang_bench_$$
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE $db TEMPLATE huayang_test" >/dev/null
conn="Host=127.0.0.1;Port=$port;Username=postgres;Database=$db"

dotnet build -c Release "$root/src/Huayang.Gis.Cli" -v q --nologo >/dev/null
"$root/src/Huayang.Gis.Cli/bin/Release/net10.0/huayang" load "$data" --pg "$conn" --replace >/dev/null

export HUAYANG_BENCH_DATA="$data" HUAYANG_BENCH_PG="$conn"
dotnet run -c Release --project "$root/tests/Huayang.Gis.Benchmarks" -- \
  --filter '*StoreQueries*' --join --artifacts "$root/artifacts/benchmarks" "${@:2}"
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
