#!/usr/bin/env bash
# Walking (network) coverage as the city grows, and the in-memory path against the pgRouting path, in one run:
#  1. BenchmarkDotNet NetworkCoverage over cities of K = 1, 3, 9, 27, 45 copies of the street (444,000 to 20 million
#     residents; `huayang generate --copies K`), one question and every category and level, in memory;
#  2. BenchmarkDotNet NetworkCoverageStores on the district of 3 copies, in memory and on PostGIS (pgr_withPointsDD);
#  1b. NetworkCoverageCold: the one question with the CPU's caches filled with other data before each (one per iteration);
#  3. the growth exponent: the least-squares slope of log(time) on log(residents), from BenchmarkDotNet's CSV report.
# Writes artifacts/benchmarks/network-coverage.md. Uses HUAYANG_TEST_PG's server if set (its database, with PostGIS
# and pgRouting, is the template), otherwise starts a throwaway cluster (as root).
# Usage: bash tests/bench/network-coverage.sh [BenchmarkDotNet options, default --job short]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out="$root/artifacts/benchmarks"
mkdir -p "$out"
options=("$@"); [ ${#options[@]} -gt 0 ] || options=(--job short)

if [ -z "${HUAYANG_TEST_PG:-}" ]; then
  source "$root/tests/pg-cluster.sh"
  pg_cluster_start
fi
source "$root/tests/bench/pg-conn.sh"
db=huayang_bench_net_$$
admin -c "CREATE DATABASE $db TEMPLATE \"$pg_template\"" >/dev/null
trap 'admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
conn="Host=$pg_host;Port=$pg_port;Username=$pg_user;Database=$db${PGPASSWORD:+;Password=$PGPASSWORD}"

dotnet build -c Release "$root/src/Huayang.Gis.Cli" -v q --nologo >/dev/null
huayang="$root/src/Huayang.Gis.Cli/bin/Release/net10.0/huayang"
district="${TMPDIR:-/tmp}/huayang-bench-city-3"
if [ ! -f "$district/life-circles.json" ]; then
  "$huayang" generate --copies 3 --out "$district" >/dev/null
  cp "$root/data/life-circles.json" "$district/"
fi
"$huayang" load "$district" --pg "$conn" --replace >/dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
export HUAYANG_BENCH_CITY="$district" HUAYANG_BENCH_PG="$conn"
dotnet run -c Release --project "$root/tests/Huayang.Gis.Benchmarks" -- \
  --filter '*NetworkCoverage*' --exporters csv markdown --artifacts "$out" "${options[@]}"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 "$root/tests/bench/network_coverage_fit.py" "$out/results" "$load_before" "$load_after" > "$out/network-coverage.md"
cat "$out/network-coverage.md"
