#!/usr/bin/env bash
# HTTP load: our server (Huayang.Gis.Server on the PostGIS store) against MapServer 8 (Debian mapserver-bin /
# cgi-mapserver, 4 FastCGI mapserv processes behind lighttpd) on the same fresh PostGIS database, same run.
#
#   bash tests/bench/http-vs-mapserver.sh [--scale N] [--duration S] [--reps N] [--mvt-layers a,b]
#                                         [--connections "16 64"] [--targets REGEX]
#
# Targets: OGC API - Features items pages (limit 100, 50 bboxes over Huayang) for `sites` and `population`, and
# MVT tiles of the layer set (default communities,sites) at zooms 12-16 covering Huayang (lon 104.017-104.086,
# lat 30.453-30.523), and one z14 tile asked again and again (`tile-cached`, sent to us with Accept-Encoding: gzip,
# as browsers and QGIS ask), the same requests on both servers:
#   ours       GET /collections/{layer}/items?f=json&limit=100&bbox=...      GET /tiles/{layers}/{z}/{x}/{y}.mvt
#   MapServer  GET /mapserv/huayang/ogcapi/collections/{layer}/items?f=json&limit=100&bbox=...
#              GET /mapserv?map=HUAYANG&mode=tile&tilemode=gmap&tile={x}+{y}+{z}&layers=a+b&map.imagetype=mvt
# Before timing, every request is sent once to both and the answers are checked against PostGIS (status,
# content type, feature counts; MapServer answers some errors with HTTP 200). A route of ours that answers 404
# (not built yet) is reported as such and only MapServer is timed. Tiles are timed on two of our servers: `ours`
# (the tile cache on, as shipped: after the warm-up every tile is a hit) and `ours-uncached`
# (Tiles:CacheMegabytes=0: every request builds its tile in PostGIS, the path MapServer always takes).
# Then `wrk -t2 -cC -d20s --latency
# --timeout 60s` (after a 3 s unrecorded warm-up; C from --connections, default 16) cycles over each target's
# requests (tests/bench/wrk-paths.lua), the servers alternating, 3 repetitions; the Markdown table of medians goes
# to stdout and to artifacts/bench/http-vs-mapserver.md (SUMMARY=FILE also appends tab-separated rows for
# tests/bench/all.sh). --targets keeps only the targets whose name matches (e.g. '^items-').
#
# Data: the bundled data/ (scale 1) or `huayang generate --scale N`, loaded with `huayang load` into a fresh
# database made from HUAYANG_TEST_PG's database (it must have PostGIS) or, as root without HUAYANG_TEST_PG, from
# the throwaway cluster of tests/pg-cluster.sh. Missing packages (mapserver-bin cgi-mapserver lighttpd wrk) are
# installed with apt-get when run as root. Everything started is stopped and the database dropped at exit.
# Before the timed runs each server gets STEADY seconds (default 20) of all the requests, unrecorded: a fresh .NET
# server JIT-compiles for its first 15-30 s of traffic (tests/bench/latency-tail.sh measures that start-up tail).
# Environment: DURATION, WARMUP (seconds), STEADY, REPS, MVT_LAYERS, MS_PROCS (mapserv processes, default 4),
# CONNECTIONS, TARGETS, SUMMARY.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bench="$root/tests/bench"

scale=1
duration=${DURATION:-20}
warmup=${WARMUP:-3}
reps=${REPS:-3}
mvt_layers=${MVT_LAYERS:-communities,sites}
ms_procs=${MS_PROCS:-4}
connections=${CONNECTIONS:-16}
target_filter=${TARGETS:-.}
summary=${SUMMARY:-}
usage() { sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=${2:?--scale needs a number}; shift 2 ;;
    --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
    --reps) reps=${2:?--reps needs a number}; shift 2 ;;
    --mvt-layers) mvt_layers=${2:?--mvt-layers needs a list}; shift 2 ;;
    --connections) connections=${2:?--connections needs numbers}; shift 2 ;;
    --targets) target_filter=${2:?--targets needs a regular expression}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "http-vs-mapserver.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$scale" "$duration" "$warmup" "$reps" "$ms_procs" $connections; do
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] || { echo "http-vs-mapserver.sh: '$n' is not a positive whole number" >&2; exit 2; }
done
[[ "$mvt_layers" =~ ^[a-z_]+(,[a-z_]+)*$ ]] || { echo "http-vs-mapserver.sh: --mvt-layers: '$mvt_layers' is not a comma-separated list of layers" >&2; exit 2; }
say() { echo "http-vs-mapserver: $*" >&2; }

# --- the programs -----------------------------------------------------------------------------------------------
missing=()
command -v mapserv >/dev/null || missing+=(mapserver-bin)
[ -x /usr/lib/cgi-bin/mapserv ] || missing+=(cgi-mapserver)
command -v lighttpd >/dev/null || missing+=(lighttpd)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: ${missing[*]} (run as root to install them, or: apt-get install ${missing[*]})"
    exit 2
  fi
  say "installing ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
for tool in psql python3 curl dotnet; do
  command -v "$tool" >/dev/null || { say "$tool is missing"; exit 2; }
done

# --- clean-up of everything this script starts -------------------------------------------------------------------
work=$(mktemp -d /tmp/huayang-httpbench.XXXXXX)
chmod 755 "$work"
ours_pid= uncached_pid= lighttpd_pid= db= started_cluster=
stop_pid() { # stop_pid PID: TERM, then KILL after 10 s
  local pid=$1 i
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  set +e
  [ -n "$ours_pid" ] && stop_pid "$ours_pid"
  [ -n "$uncached_pid" ] && stop_pid "$uncached_pid"
  if [ -n "$lighttpd_pid" ]; then
    local children
    children=$(pgrep -P "$lighttpd_pid")
    stop_pid "$lighttpd_pid"
    for pid in $children; do stop_pid "$pid"; done
  fi
  [ -n "$db" ] && admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  [ -n "$started_cluster" ] && pg_cluster_stop
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL -------------------------------------------------------------------------------------------------
if [ -z "${HUAYANG_TEST_PG:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    source "$root/tests/pg-cluster.sh"
    pg_cluster_start >&2
    started_cluster=1
    trap cleanup EXIT # pg_cluster_start set its own; cleanup calls pg_cluster_stop
  else
    say "set HUAYANG_TEST_PG (or run as root for a throwaway cluster)"
    exit 2
  fi
fi
source "$(dirname "${BASH_SOURCE[0]}")/pg-conn.sh"   # pg_host, pg_port, pg_user, pg_template, admin()
on_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$db" -At "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

db="bench_http_$$"
admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db TEMPLATE $pg_template" >/dev/null
npgsql_conn="Host=$pg_host;Port=$pg_port;Username=$pg_user;Database=$db${PGPASSWORD:+;Password=$PGPASSWORD}"
libpq_conn="host=$pg_host port=$pg_port dbname=$db user=$pg_user${PGPASSWORD:+ password=$PGPASSWORD}"

# --- data ---------------------------------------------------------------------------------------------------------
say "building the CLI and the server (Release)"
dotnet build "$root/src/Huayang.Gis.Cli" -c Release --nologo -v quiet >"$work/build-cli.log" 2>&1 \
  || { cat "$work/build-cli.log" >&2; say "the CLI does not build"; exit 1; }
huayang="$root/src/Huayang.Gis.Cli/bin/Release/net10.0/huayang"
data="$root/data"
if [ "$scale" != 1 ]; then
  data="$work/data"
  "$huayang" generate --out "$data" --scale "$scale" >/dev/null
fi
say "loading $( [ "$scale" = 1 ] && echo 'the bundled data' || echo "generated data, scale $scale") into $db"
"$huayang" load "$data" --pg "$npgsql_conn" >"$work/load.log" 2>&1 || { cat "$work/load.log" >&2; exit 1; }
on_db -c "ANALYZE" >/dev/null
counts=$(on_db -c "SELECT string_agg(l || ' ' || n, ', ' ORDER BY o) FROM (
  SELECT 1 o, 'communities' l, count(*) n FROM huayang.communities UNION ALL SELECT 2, 'sites', count(*) FROM huayang.sites
  UNION ALL SELECT 3, 'population', count(*) FROM huayang.population UNION ALL SELECT 4, 'walkways', count(*) FROM huayang.walkways
  UNION ALL SELECT 5, 'plan', count(*) FROM huayang.plan UNION ALL SELECT 6, 'water', count(*) FROM huayang.water
  UNION ALL SELECT 7, 'roads', count(*) FROM huayang.roads) c")
say "features: $counts"

# --- MapServer behind lighttpd --------------------------------------------------------------------------------------
ms_port=$(free_port)
ms_dir="$work/mapserver"
mkdir -p "$ms_dir/www"
fill() { # fill TEMPLATE OUT
  sed -e "s|@PG_CONNECTION@|$libpq_conn|g" -e "s|@MAP_DIR@|$ms_dir|g" -e "s|@MS_PORT@|$ms_port|g" \
      -e "s|@MS_PROCS@|$ms_procs|g" -e "s|@MS_URL@|http://127.0.0.1:$ms_port/mapserv|g" "$1" >"$2"
}
fill "$bench/mapserver/huayang.map.in" "$ms_dir/huayang.map"
fill "$bench/mapserver/mapserver.conf.in" "$ms_dir/mapserver.conf"
fill "$bench/mapserver/lighttpd.conf.in" "$ms_dir/lighttpd.conf"
lighttpd -tt -f "$ms_dir/lighttpd.conf" >&2
lighttpd -D -f "$ms_dir/lighttpd.conf" >"$ms_dir/lighttpd.out" 2>&1 &
lighttpd_pid=$!
ms="http://127.0.0.1:$ms_port"
for i in $(seq 1 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$ms/mapserv/huayang/ogcapi?f=json")" = 200 ] && break
  kill -0 "$lighttpd_pid" 2>/dev/null || { cat "$ms_dir/lighttpd.out" "$ms_dir/lighttpd-error.log" >&2; say "lighttpd stopped"; exit 1; }
  [ "$i" = 100 ] && { cat "$ms_dir/lighttpd-error.log" >&2; say "MapServer does not answer on $ms"; exit 1; }
  sleep 0.1
done
say "MapServer: $(mapserv -v | cut -d' ' -f1-3), $ms_procs FastCGI processes behind $(lighttpd -v | head -1 | cut -d' ' -f1) on $ms"

# --- our servers ---------------------------------------------------------------------------------------------
# `ours` as shipped (tile cache on) and `ours-uncached` (Tiles:CacheMegabytes=0), both on the same database.
ours= ours_uncached= ours_note= uncached_pid=
start_ours() { # start_ours CACHE_MB -> prints "PID URL" or nothing (the reason in $work/ours-CACHE_MB.log)
  local port pid i
  port=$(free_port)
  ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__PostGis="$npgsql_conn" Logging__LogLevel__Default=Warning \
    Tiles__CacheMegabytes="$1" \
    dotnet "$root/src/Huayang.Gis.Server/bin/Release/net10.0/Huayang.Gis.Server.dll" --urls "http://127.0.0.1:$port" \
    >"$work/ours-$1.log" 2>&1 &
  pid=$!
  for i in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")" != 000 ] && { echo "$pid http://127.0.0.1:$port"; return; }
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
}
if dotnet build "$root/src/Huayang.Gis.Server" -c Release --nologo -v quiet >"$work/build-server.log" 2>&1; then
  started=$(start_ours 256)
  if [ -n "$started" ]; then
    ours_pid=${started%% *}; ours=${started#* }
    started=$(start_ours 0)
    [ -n "$started" ] && { uncached_pid=${started%% *}; ours_uncached=${started#* }; }
  else
    ours_note="our server did not start: $(tail -n 3 "$work/ours-256.log" | tr '\n' ' ')"
  fi
else
  ours_note="our server does not build: $(grep -m1 -E 'error' "$work/build-server.log")"
fi
if [ -n "$ours" ]; then say "our servers: $ours (tile cache on), ${ours_uncached:-not started} (tile cache off); PostGIS store"; else say "$ours_note"; fi

# --- the requests, checked before timing ----------------------------------------------------------------------------
targets_dir="$work/targets"
python3 "$bench/http_vs_mapserver.py" urls "$targets_dir" --mvt-layers "$mvt_layers" --bboxes 50 --zooms 12-16 \
  --only "$target_filter"
say "checking every request on both servers against PostGIS"
if ! PGHOST=$pg_host PGPORT=$pg_port PGUSER=$pg_user PGDATABASE=$db \
     python3 "$bench/http_vs_mapserver.py" check "$targets_dir" --ms "$ms" ${ours:+--ours "$ours"} \
     ${ours_uncached:+--ours-uncached "$ours_uncached"}; then
  say "MapServer answers wrongly (above): not timing"
  exit 1
fi
if [ -z "$ours" ]; then
  for t in $(cat "$targets_dir/targets"); do echo "missing: $ours_note" >"$targets_dir/$t.ours-status"; done
fi
for t in $(cat "$targets_dir/targets"); do
  status=$(cat "$targets_dir/$t.ours-status")
  [ "$status" = ok ] || say "ours, $t: not timed: $status"
done

# --- timed runs ------------------------------------------------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="$work/results"
: >"$results"
run_wrk() { # run_wrk SERVER BASE PATHS TARGET REP CONNECTIONS [ACCEPT-ENCODING]
  local server=$1 base=$2 paths=$3 target=$4 rep=$5 conns=$6 out line
  export WRK_ACCEPT_ENCODING=${7:-}
  WRK_PATHS=$paths wrk -t2 -c"$conns" -d"${warmup}s" --timeout 60s -s "$bench/wrk-paths.lua" "$base" >/dev/null
  out=$(WRK_PATHS=$paths wrk -t2 -c"$conns" -d"${duration}s" --latency --timeout 60s -s "$bench/wrk-paths.lua" "$base")
  line=$(echo "$out" | grep '^WRKRESULT') || { echo "$out" >&2; say "wrk printed no result"; exit 1; }
  set -- $line
  local rps
  rps=$(awk -v n="$2" -v us="$3" 'BEGIN { printf "%.1f", n / (us / 1e6) }')
  echo "$target $conns $server $rep $rps $4 $5 $6 $7" >>"$results"
  printf 'rep %s c%-3s %-16s %-13s %8s req/s  p50 %6.1f ms  p99 %7.1f ms%s\n' "$rep" "$conns" "$target" "$server" "$rps" \
    "$(awk -v v="$4" 'BEGIN { print v / 1000 }')" "$(awk -v v="$5" 'BEGIN { print v / 1000 }')" \
    "$( [ "$6$7" = 00 ] || echo "  ($6 non-2xx, $7 socket errors)")" >&2
}
# Steady state first: a fresh .NET server compiles its code for the first 15-30 s of traffic (tiered JIT; measured with
# tests/bench/latency-tail.sh, p99 ten times the steady one meanwhile), MapServer's C does not. So each server first
# gets STEADY seconds (default 20) of every timed request, unrecorded; the start-up tail is reported by latency-tail.sh.
steady=${STEADY:-20}
cat "$targets_dir"/*.ours >"$work/all.ours"; cat "$targets_dir"/*.ms >"$work/all.ms"
for server in ours ours-uncached MapServer; do
  case "$server" in
    ours) base=$ours; paths="$work/all.ours" ;;
    ours-uncached) base=$ours_uncached; paths="$work/all.ours" ;;
    MapServer) base=$ms; paths="$work/all.ms" ;;
  esac
  [ -n "$base" ] || continue
  say "steady state: $steady s of every request on $server"
  WRK_PATHS=$paths wrk -t2 -c16 -d"${steady}s" --timeout 60s -s "$bench/wrk-paths.lua" "$base" >/dev/null
done
for conns in $connections; do
  for rep in $(seq 1 "$reps"); do
    for t in $(cat "$targets_dir/targets"); do
      servers=(ours MapServer)
      case "$t" in mvt-*) [ -n "$ours_uncached" ] && servers=(ours ours-uncached MapServer) ;; esac
      # The servers take turns going first.
      shift_by=$(( (rep - 1) % ${#servers[@]} ))
      order=("${servers[@]:$shift_by}" "${servers[@]:0:$shift_by}")
      for server in "${order[@]}"; do
        case "$server" in
          ours|ours-uncached)
            [ "$(cat "$targets_dir/$t.ours-status")" = ok ] || continue
            base=$ours; [ "$server" = ours-uncached ] && base=$ours_uncached
            encoding=; [ "$t" = tile-cached ] && encoding=gzip
            run_wrk "$server" "$base" "$targets_dir/$t.ours" "$t" "$rep" "$conns" "$encoding" ;;
          MapServer) run_wrk MapServer "$ms" "$targets_dir/$t.ms" "$t" "$rep" "$conns" ;;
        esac
      done
    done
  done
done

# --- report -----------------------------------------------------------------------------------------------------------
out_dir="$root/artifacts/bench"
mkdir -p "$out_dir"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
notes=(
  "Machine: $(nproc) cores ($cpu) shared by wrk, both servers and PostgreSQL; load average before the timed runs $load_before (anything else running on the machine counts too). Noise of ±30% between runs is normal here."
  "Each server first got ${steady} s of all the requests, unrecorded (steady state: see latency-tail.sh for a fresh server's first seconds). wrk -t2 -c{$(echo $connections | tr ' ' ',')} -d${duration}s --latency --timeout 60s after a ${warmup} s unrecorded warm-up, cycling over each target's requests; $reps repetitions, the servers taking turns to go first; medians. \`ours\` is the server as shipped (tile cache on: after the warm-up the tiles are cache hits), \`ours-uncached\` the same with Tiles:CacheMegabytes=0 (every tile built by PostGIS, as MapServer builds every tile); tile-cached is sent to us with Accept-Encoding: gzip (MapServer's lighttpd does not compress)."
  "Data: $( [ "$scale" = 1 ] && echo 'the bundled dataset' || echo "generated, scale $scale"): $counts. PostgreSQL $(on_db -c 'SHOW server_version' | cut -d' ' -f1) with PostGIS $(on_db -c 'SELECT postgis_lib_version()'), same database for both."
  "Ours: Huayang.Gis.Server (Release, .NET $(dotnet --list-runtimes | awk '/AspNetCore/ { v = $2 } END { print v }')) on the PostGIS store. MapServer: $(mapserv -v | cut -d' ' -f3), $ms_procs FastCGI mapserv processes behind lighttpd $(lighttpd -v | head -1 | cut -d' ' -f1 | cut -d/ -f2), mapfile tests/bench/mapserver/huayang.map.in (CLOSE_CONNECTION=DEFER, +proj= projections, only the served columns). MapServer's OGC API items run a COUNT(*) over the bbox for numberMatched before each page."
)
report_name=http-vs-mapserver.md; [ "$scale" = 1 ] || report_name=http-vs-mapserver-scale$scale.md
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
notes[0]="${notes[0]/before the timed runs $load_before/before the timed runs $load_before, after $load_after}"
SUMMARY_LABEL="HTTP, $( [ "$scale" = 1 ] && echo 'bundled data' || echo "scale $scale")" \
  python3 "$bench/http_vs_mapserver.py" report "$results" "$targets_dir" "$out_dir/$report_name" \
  ${summary:+--summary "$summary"} "${notes[@]}"
