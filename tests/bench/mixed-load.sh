#!/usr/bin/env bash
# Bounded mixed load on loopback: the most expensive legal requests and cheap ones at the same time, against the
# Release server on the embedded store (bundled data, or `huayang generate --scale N`), fixed duration.
#
#   bash tests/bench/mixed-load.sh [--scale N] [--duration S]
#
# First the cheap requests alone (wrk -t1 -c4 --latency: /analysis/nearest at 50 positions and small OGC API pages),
# then the same cheap load while a second wrk (-t1 -c48) cycles over the expensive ones: 4096x4096 /map.png with the
# coverage theme (14 categories x 3 levels), 4096x4096 WMS GetMap of every layer, 10,000 population items, coverage
# and gaps of every category and level, z0-z3 tiles of every layer. Prints the cheap requests' p50/p99 alone and under
# load, how the expensive ones were answered (2xx, 503 refusals), and the server's peak resident memory (VmHWM);
# the table also goes to artifacts/bench/mixed-load.md. Needs wrk (installed as root when missing). SERVER_ARGS are
# passed to the server (e.g. "--Limits:Render:Concurrency 1").
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
scale=1
duration=20
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=${2:?--scale needs a number}; shift 2 ;;
    --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null || { echo "mixed-load.sh: wrk is not installed" >&2; exit 1; }
fi
work=$(mktemp -d /tmp/huayang-mixed.XXXXXX)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

dotnet build "$root/src/Huayang.Gis.Server" -c Release -v q -nologo >/dev/null
dotnet build "$root/src/Huayang.Gis.Cli" -c Release -v q -nologo >/dev/null
data="$root/data"
if [ "$scale" != 1 ]; then
  data="$work/data"
  "$root/src/Huayang.Gis.Cli/bin/Release/net10.0/huayang" generate --out "$data" --scale "$scale" >/dev/null 2>&1
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
dotnet "$root/src/Huayang.Gis.Server/bin/Release/net10.0/Huayang.Gis.Server.dll" --urls "http://127.0.0.1:$port" \
  --Data:Directory "$data" ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/ready" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

categories=$(python3 -c "import json;print(' '.join(c['id'] for c in json.load(open('$data/life-circles.json'))['categories']))")
{
  for i in $(seq 0 49); do
    python3 -c "print(f'/analysis/nearest?lon={104.02 + ($i % 10) * 0.006:.4f}&lat={30.46 + ($i // 10) * 0.012:.4f}&k=3')"
  done
  for i in $(seq 0 9); do echo "/collections/sites/items?limit=10&offset=$((i * 10))"; echo "/collections/communities/items/jinjiang"; done
} >"$work/cheap.txt"
{
  for c in $categories; do for l in 5min 10min 15min; do
    echo "/map.png?width=4096&height=4096&theme=coverage&category=$c&level=$l"
    echo "/analysis/coverage?category=$c&level=$l&status=existing"
    echo "/analysis/coverage/gaps?category=$c&level=$l&communities=true"
  done; done
  for i in 0 1 2 3; do
    echo "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communities,water,roads,plan,sites&STYLES=&CRS=EPSG:3857&BBOX=$((11570000 + i * 1000)),3555000,11600000,3585000&WIDTH=4096&HEIGHT=4096&FORMAT=image/png"
    echo "/collections/population/items?limit=10000&offset=$((i * 100))"
  done
  for z in 0 1 2 3; do n=$((1 << z)); for x in $(seq 0 $((n - 1))); do for y in $(seq 0 $((n - 1))); do
    echo "/tiles/communities,water,population,roads,walkways,plan,sites/$z/$x/$y.mvt"
  done; done; done
} >"$work/expensive.txt"

run_wrk() { # connections file extra...
  local c=$1 file=$2; shift 2
  WRK_PATHS="$file" wrk -t1 -c"$c" -d"${duration}s" --timeout 60s --latency -s "$root/tests/bench/wrk-paths.lua" "$@" \
    "http://127.0.0.1:$port" | grep WRKRESULT
}
echo "mixed-load.sh: cheap requests alone, ${duration} s" >&2
alone=$(run_wrk 4 "$work/cheap.txt")
echo "mixed-load.sh: cheap and expensive together, ${duration} s" >&2
run_wrk 48 "$work/expensive.txt" >"$work/expensive.out" &
wrk_heavy=$!
sleep 1
mixed=$(run_wrk 4 "$work/cheap.txt")
wait $wrk_heavy
heavy=$(cat "$work/expensive.out")
peak=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")
rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")
errors=$(grep -c "Unhandled error" "$work/server.log" || true)

read -r _ a_n a_us a_p50 a_p99 a_non _ _ <<<"$alone"
read -r _ m_n m_us m_p50 m_p99 m_non _ _ <<<"$mixed"
read -r _ h_n h_us h_p50 h_p99 h_non h_sock _ <<<"$heavy"
ms() { python3 -c "print(f'{$1/1000:.1f}')"; }
rps() { python3 -c "print(f'{$1/($2/1e6):.0f}')"; }
mkdir -p "$root/artifacts/bench"
{
  echo "| load (${duration} s, scale $scale, $(nproc) cores shared by wrk and the server) | requests/s | p50 ms | p99 ms | non-2xx |"
  echo "|---|---:|---:|---:|---:|"
  echo "| cheap alone (c=4) | $(rps "$a_n" "$a_us") | $(ms "$a_p50") | $(ms "$a_p99") | $a_non |"
  echo "| cheap beside the expensive (c=4) | $(rps "$m_n" "$m_us") | $(ms "$m_p50") | $(ms "$m_p99") | $m_non |"
  echo "| expensive (c=48): 4096² pictures, coverage, 10,000 items, z0–z3 tiles | $(rps "$h_n" "$h_us") | $(ms "$h_p50") | $(ms "$h_p99") | $h_non (503 refusals) |"
  echo
  echo "Server peak resident memory (VmHWM): **$peak MB** (now $rss MB); server errors logged: $errors; socket errors: $h_sock."
} | tee "$root/artifacts/bench/mixed-load.md"
