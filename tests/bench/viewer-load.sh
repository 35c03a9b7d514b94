#!/usr/bin/env bash
# The browser viewer's load: time from navigation until every layer has drawn, requests and bytes transferred, in
# headless Chromium against the real server (Release build) over the bundled data or a dataset folder. Each run opens
# the viewer in a fresh browser context (nothing cached); one JSON line per run, then the medians.
#
#   bash tests/bench/viewer-load.sh [--runs N] [--data DIR]
#
# The measurement is tests/bench/viewer-load (Playwright driving /usr/bin/chromium, or HUAYANG_CHROMIUM); "drawn" is
# the viewer's own performance.now() when its first render completed (window.huayangViewerTestHooks.drawnAtMs).
# Results also go to artifacts/bench/viewer-load.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
runs=5 data=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --data) data=$(realpath "${2:?--data needs a folder}"); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "viewer-load.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[0-9]+$ ]] && [ "$runs" -ge 1 ] || { echo "viewer-load.sh: --runs: '$runs' is not a positive whole number" >&2; exit 2; }
say() { echo "viewer-load: $*" >&2; }

work=$(mktemp -d /tmp/huayang-viewerload.XXXXXX)
server_pid=
cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "building (Release)"
dotnet build "$root/src/Huayang.Gis.Server" -c Release --nologo -v quiet >"$work/build.log" 2>&1 \
  && dotnet build "$root/tests/bench/viewer-load" -c Release --nologo -v quiet >>"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; say "the build failed"; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
address="http://127.0.0.1:$port/"
server_dir="$root/src/Huayang.Gis.Server/bin/Release/net10.0"
say "starting the server at $address${data:+ over $data}"
(cd "$server_dir" && exec env ASPNETCORE_ENVIRONMENT=Production ${data:+Data__Directory="$data"} \
  dotnet Huayang.Gis.Server.dll --urls "${address%/}") >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  curl -fso /dev/null "${address}viewer/" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; say "the server exited"; exit 1; }
  sleep 0.1
done
curl -fso /dev/null "${address}viewer/" || { cat "$work/server.log" >&2; say "the server did not answer within a minute"; exit 1; }

mkdir -p "$root/artifacts/bench"
dotnet "$root/tests/bench/viewer-load/bin/Release/net10.0/ViewerLoad.dll" "$address" --runs "$runs" --out "$root/artifacts/bench/viewer-load.json"
