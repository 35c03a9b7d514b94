#!/usr/bin/env bash
# Where our latency tail comes from: the server's own view (dotnet-counters) beside wrk's, window by window.
#
#   bash tests/bench/latency-tail.sh [--window S] [--windows N]     (as root, or with HUAYANG_TEST_PG set)
#
# Loads the bundled data into a fresh PostGIS database and starts Huayang.Gis.Server (Release, tile cache off, so
# every tile is built) with dotnet-counters attached from its first second (System.Runtime and
# Microsoft.AspNetCore.Hosting, one reading a second). Then wrk (-t2 --latency, the paths of
# tests/bench/http-vs-mapserver.sh) runs back to back in windows of S seconds (default 5): the first N windows
# (default 6) on `population` items with 16 connections from the moment the server answers (no warm-up: what a
# fresh server does), then N windows each of items and of uncached z14 tiles at 16 and at 64 connections.
# For each window the table shows wrk's p50/p99 beside the server's own p99 of request duration (the highest
# per-second p99 ASP.NET Core reported in the window), and the runtime's counters over the window: methods JIT-compiled,
# time in GC pauses, gen-2 collections, thread-pool threads added, lock contentions, the server's CPU.
# A tail that wrk sees and the server does not is time spent outside the request pipeline (waiting for a core, in
# the socket); one the server sees is inside (JIT, GC, the database, the admission queue).
# CONNECTION_EXTRA (e.g. "Max Auto Prepare=0;No Reset On Close=false", the pool as it was before issue 13) is added
# to the server's connection string; LABEL names the run in the report.
# Writes artifacts/bench/latency-tail[-LABEL].md. Installs dotnet-counters (a .NET tool, from NuGet) when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bench="$root/tests/bench"
window=5 windows=6
while [ $# -gt 0 ]; do
  case "$1" in
    --window) window=${2:?--window needs seconds}; shift 2 ;;
    --windows) windows=${2:?--windows needs a number}; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "latency-tail.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$window" "$windows"; do
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] || { echo "latency-tail.sh: '$n' is not a positive whole number" >&2; exit 2; }
done
say() { echo "latency-tail: $*" >&2; }
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-counters >/dev/null || dotnet tool install -g dotnet-counters >&2
command -v wrk >/dev/null || { say "wrk is missing (Debian: wrk)"; exit 2; }

work=$(mktemp -d /tmp/huayang-tail.XXXXXX)
server_pid= counters_pid= db=
cleanup() {
  set +e
  [ -n "$counters_pid" ] && kill "$counters_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$db" ] && admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "${HUAYANG_TEST_PG:-}" ]; then
  [ "$(id -u)" = 0 ] || { say "set HUAYANG_TEST_PG (or run as root for a throwaway cluster)"; exit 2; }
  source "$root/tests/pg-cluster.sh"
  pg_cluster_start >&2
  trap 'cleanup; pg_cluster_stop' EXIT
fi
source "$bench/pg-conn.sh"
db="bench_tail_$$"
admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db TEMPLATE $pg_template" >/dev/null
conn="Host=$pg_host;Port=$pg_port;Username=$pg_user;Database=$db${PGPASSWORD:+;Password=$PGPASSWORD}"

say "building (Release) and loading the bundled data"
dotnet build "$root/src/Huayang.Gis.Cli" -c Release --nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
dotnet build "$root/src/Huayang.Gis.Server" -c Release --nologo -v quiet >>"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
"$root/src/Huayang.Gis.Cli/bin/Release/net10.0/huayang" load "$root/data" --pg "$conn" >"$work/load.log" 2>&1 || { cat "$work/load.log" >&2; exit 1; }
python3 "$bench/http_vs_mapserver.py" urls "$work/targets" --mvt-layers communities,sites --only '^(items-population|mvt-z14)$'

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__PostGis="$conn${CONNECTION_EXTRA:+;$CONNECTION_EXTRA}" Logging__LogLevel__Default=Warning Tiles__CacheMegabytes=0 \
  dotnet "$root/src/Huayang.Gis.Server/bin/Release/net10.0/Huayang.Gis.Server.dll" --urls "$base" >"$work/server.log" 2>&1 &
server_pid=$!
# dotnet-counters from the start: it attaches to the process as soon as the runtime's diagnostic port is up.
for i in $(seq 1 100); do ls /tmp/dotnet-diagnostic-"$server_pid"-* >/dev/null 2>&1 && break; sleep 0.05; done
dotnet-counters collect -p "$server_pid" --refresh-interval 1 --format csv -o "$work/counters.csv" \
  --counters System.Runtime,Microsoft.AspNetCore.Hosting >"$work/counters.log" 2>&1 &
counters_pid=$!
for i in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" != 000 ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; say "the server stopped"; exit 1; }
  sleep 0.1
done

: >"$work/windows"
run() { # run LABEL PATHS CONNECTIONS
  local t0 line
  t0=$(date +%s.%N)
  line=$(WRK_PATHS=$2 wrk -t2 -c"$3" -d"${window}s" --latency --timeout 60s -s "$bench/wrk-paths.lua" "$base" | grep '^WRKRESULT')
  echo "$1|$3|$t0|$(date +%s.%N)|$line" >>"$work/windows"
  say "$1, $3 connections: $(echo "$line" | awk '{ printf "%.0f req/s, p99 %.1f ms", $2 / ($3 / 1e6), $5 / 1000 }')"
}
for i in $(seq 1 "$windows"); do run "fresh server: items population" "$work/targets/items-population.ours" 16; done
for conns in 16 64; do
  for i in $(seq 1 "$windows"); do run "items population" "$work/targets/items-population.ours" "$conns"; done
  for i in $(seq 1 "$windows"); do run "MVT z14, uncached" "$work/targets/mvt-z14.ours" "$conns"; done
done
sleep 1.5
kill "$counters_pid" 2>/dev/null; wait "$counters_pid" 2>/dev/null || true; counters_pid=
mkdir -p "$root/artifacts/bench"
report="$root/artifacts/bench/latency-tail${LABEL:+-$LABEL}.md"
python3 - "$work/windows" "$work/counters.csv" "$window" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  "${CONNECTION_EXTRA:-}" >"$report" <<'PY'
import csv, sys
from datetime import datetime, timezone
windows_file, counters_file, window, cores, load, extra = sys.argv[1:]
readings = []  # (unix time, counter name, value)
for row in csv.reader(open(counters_file)):
    if len(row) < 5 or row[0] == "Timestamp":
        continue
    try:
        t = datetime.strptime(row[0], "%m/%d/%Y %H:%M:%S").replace(tzinfo=timezone.utc).timestamp()
        readings.append((t, row[2], float(row[4])))
    except ValueError:
        continue
# dotnet-counters writes local time; this machine's clock is UTC (the script runs in containers and CI).
def over(t0, t1, match, how):
    values = [v for t, name, v in readings if t0 - 0.5 <= t < t1 + 0.5 and match(name)]
    if not values:
        return None
    return {"sum": sum, "max": max, "mean": lambda v: sum(v) / len(v)}[how](values)
def fmt(v, scale=1, digits=0):
    return "—" if v is None else f"{v * scale:.{digits}f}"
print("| window | conns | wrk req/s | wrk p50 ms | wrk p99 ms | server p99 ms (highest per second) | JIT methods | GC pause ms | gen-2 GCs | pool threads added | lock contentions | server CPU s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for line in open(windows_file):
    label, conns, t0, t1, wrk = line.strip().split("|")
    t0, t1 = float(t0), float(t1)
    _, n, us, p50, p99, *_ = wrk.split()
    rps = int(n) / (int(us) / 1e6)
    server_p99 = over(t0, t1, lambda c: "request.duration" in c and "Percentile=99" in c, "max")
    jit = over(t0, t1, lambda c: c.startswith("dotnet.jit.compiled_methods"), "sum")
    gc = over(t0, t1, lambda c: c.startswith("dotnet.gc.pause.time"), "sum")
    gen2 = over(t0, t1, lambda c: c.startswith("dotnet.gc.collections") and "gen2" in c, "sum")
    threads = over(t0, t1, lambda c: c.startswith("dotnet.thread_pool.thread.count"), "sum")
    locks = over(t0, t1, lambda c: c.startswith("dotnet.monitor.lock_contentions"), "sum")
    cpu = over(t0, t1, lambda c: c.startswith("dotnet.process.cpu.time"), "sum")
    print(f"| {label} | {conns} | {rps:.0f} | {int(p50) / 1000:.1f} | {int(p99) / 1000:.1f} | {fmt(server_p99, 1000, 1)} | "
          f"{fmt(jit)} | {fmt(gc, 1000, 1)} | {fmt(gen2)} | {fmt(threads)} | {fmt(locks)} | {fmt(cpu, 1, 2)} |")
print()
print(f"Windows of {window} s, back to back; the server on the PostGIS store (bundled data, tile cache off), wrk -t2 on the same "
      f"{cores}-core machine with PostgreSQL; load average at the end {load}. Server p99: ASP.NET Core's "
      "http.server.request.duration 99th percentile, read once a second by dotnet-counters (the pipeline from routing to "
      "the response, the admission queue included); the counters are summed over the window."
      + (f" Connection string extra: `{extra}`." if extra else ""))
PY
cat "$report"
