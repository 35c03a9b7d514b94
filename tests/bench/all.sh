#!/usr/bin/env bash
# Every peer comparison in one go on one machine, and one Markdown table of ratios against the goals of issue 13.
#
#   bash tests/bench/all.sh [--quick]        (as root: installs what is missing and starts a throwaway cluster;
#                                             otherwise set HUAYANG_TEST_PG, whose database is the template)
#
# In order, each a script of its own that can also be run alone:
#   1. HTTP against MapServer 8, bundled data (tests/bench/http-vs-mapserver.sh, 16 and 64 connections): OGC API
#      items of sites and population, MVT tiles z12-16 from our server as shipped (tile cache on) and with the cache
#      off, and one tile asked again and again (gzip);
#   2. the same for the items at --scale 30 (16 connections), where MapServer counts every bbox;
#   3. map pictures against map2img (tests/bench/render-vs-map2img.sh);
#   4. the loader against ogr2ogr at scales 10 and 100 (tests/bench/load-vs-ogr2ogr.sh);
#   5. store queries, the PostGIS store against the in-memory one (tests/bench/store-queries.sh, BenchmarkDotNet).
# A part that fails is a row saying so; the others still run. The table, with the machine's load average before and
# after, goes to stdout and artifacts/bench/all.md; each part's own report is beside it in artifacts/bench/.
# --quick (or QUICK=1): shorter measurements (HTTP 4 s once, loader once, fewer draws) to try the script; its numbers
# are not for the README.
# Environment: DURATION, REPS (HTTP), LOADER_REPS, DRAWS, and what the parts read (see each script's --help).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bench="$root/tests/bench"
quick=${QUICK:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "all.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$quick" ]; then
  http_env=(DURATION="${DURATION:-4}" WARMUP=1 REPS="${REPS:-1}")
  loader_reps=${LOADER_REPS:-1}; draws=${DRAWS:-5}
else
  http_env=(DURATION="${DURATION:-8}" WARMUP=2 REPS="${REPS:-2}")
  loader_reps=${LOADER_REPS:-3}; draws=${DRAWS:-20}
fi
say() { echo "all.sh: $*" >&2; }

out="$root/artifacts/bench"
mkdir -p "$out"
work=$(mktemp -d /tmp/huayang-allbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
summary="$work/summary.tsv"
: >"$summary"

# One throwaway cluster for every part (each part would otherwise start its own).
if [ -z "${HUAYANG_TEST_PG:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    source "$root/tests/pg-cluster.sh"
    pg_cluster_start >&2
    trap 'pg_cluster_stop; rm -rf "$work"' EXIT
  else
    say "set HUAYANG_TEST_PG (or run as root for a throwaway cluster)"
    exit 2
  fi
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
part() { # part NAME COMMAND...: runs one comparison, its output in $work/NAME.log; a failure becomes a row
  local name=$1 t0 status
  shift
  say "$name …"
  t0=$(date +%s)
  SUMMARY="$summary" "$@" >"$work/$name.out" 2>"$work/$name.log"
  status=$?
  if [ "$status" != 0 ]; then
    tail -n 15 "$work/$name.log" >&2
    printf '%s\tdid not complete (exit %s): %s\t—\t—\t—\t—\tno\t—\t—\n' "$name" "$status" \
      "$(grep -v '^\s*$' "$work/$name.log" | tail -n 1 | tr '\t|' '  ' | cut -c1-160)" >>"$summary"
  fi
  cp "$work/$name.log" "$out/all-$name.log"
  say "$name: $(( $(date +%s) - t0 )) s, exit $status"
}

part http env "${http_env[@]}" bash "$bench/http-vs-mapserver.sh" --connections "16 64"
part http-scale30 env "${http_env[@]}" bash "$bench/http-vs-mapserver.sh" --scale 30 --targets '^items-'
part pictures env DRAWS="$draws" bash "$bench/render-vs-map2img.sh"
part loader env REPS="$loader_reps" bash "$bench/load-vs-ogr2ogr.sh" 10 100
# In process: BenchmarkDotNet's generated project would be built first, which times out on a busy machine.
part store-queries bash "$bench/store-queries.sh" "$root/data" --job short --inProcess --exporters csv
# The store queries: BenchmarkDotNet's CSV, the PostGIS store's mean against the in-memory store's.
csv=$(find "$root/artifacts/benchmarks" -name '*StoreQueries*.csv' -newermt "@$started" 2>/dev/null | head -1)
if [ -n "$csv" ]; then
  python3 - "$csv" >>"$summary" <<'PY'
import csv, sys
def ms(text):
    value, unit = text.replace(",", "").split()
    return float(value) * {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
means = {}
for r in csv.DictReader(open(sys.argv[1])):
    if r["Mean"] in ("", "NA"):
        print(f"Store queries\t{r['Method']} ({r['Store']}): did not run (BenchmarkDotNet: NA)\t—\t—\t—\t—\tno\t—\t—")
        continue
    means[(r["Method"], r["Store"])] = ms(r["Mean"])
for method in dict.fromkeys(m for m, _ in means):
    pg, mem = means.get((method, "postgis")), means.get((method, "memory"))
    if pg and mem:
        print(f"Store queries\t{method}: time a query, PostGIS store (ours) against the in-memory store\t{pg:.3f} ms"
              f"\t{mem:.3f} ms\t{mem / pg:.2f}\t—\t—\t—\t—")
PY
else
  printf 'Store queries\tno BenchmarkDotNet report (see artifacts/bench/all-store-queries.log)\t—\t—\t—\t—\tno\t—\t—\n' >>"$summary"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table ---------------------------------------------------------------------------------------------------
{
  echo "| comparison | measure | ours | peer | ours ÷ peer | goal | met | p99 ours / peer | p99 goal met |"
  echo "|---|---|---:|---:|---:|---|---|---:|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$summary"
  echo
  met=$(awk -F'\t' '{ n += ($7 == "yes") + ($9 ~ /^yes/) } END { print n + 0 }' "$summary")
  missed=$(awk -F'\t' '{ n += ($7 == "no") + ($9 ~ /^no/) } END { print n + 0 }' "$summary")
  echo "Goals met: $met; not met: $missed. Ratios are speeds (higher is better: requests or features per second, or the"
  echo "peer's time over ours); the p99 goal is our p99 no higher than the peer's in the same run. Peers: MapServer 8"
  echo "(4 FastCGI mapserv behind lighttpd) and its map2img, GDAL's ogr2ogr (PG_USE_COPY), our in-memory store."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), shared by"
  echo "every program of a comparison; load average before $load_before, after $load_after; $(( ($(date +%s) - started) / 60 )) minutes"
  echo "in all$( [ -n "$quick" ] && echo ' (--quick: short measurements, not for the README)'). $(date -u '+%Y-%m-%d %H:%M UTC'). Each"
  echo "part's own report: artifacts/bench/http-vs-mapserver.md, http-vs-mapserver-scale30.md, render-vs-map2img.md,"
  echo "load-vs-ogr2ogr.md, artifacts/benchmarks/ (store queries)."
} >"$out/all.md"
cat "$out/all.md"
