#!/usr/bin/env bash
# Loader benchmark: `huayang load --replace` against GDAL's ogr2ogr (PG_USE_COPY=YES, its fast path) on the same
# generated GeoJSON files, into fresh PostGIS databases on the same server, in the same run.
#
#   bash tests/bench/load-vs-ogr2ogr.sh [scale ...]      (default scales: 1 10 50; 3 repetitions: REPS=3)
#
# Scales up to 100 work (above about 50 the generator thins some communities to one resident per cell).
#
# The server: HUAYANG_TEST_PG (a connection string whose database has PostGIS; it is used as the template of
# every fresh database), or, as root, the throwaway cluster of tests/pg-cluster.sh. Each timed run gets a new
# database (CREATE DATABASE ... TEMPLATE), dropped afterwards. The two loaders alternate which goes first.
# Output: a Markdown table on stdout, also written to artifacts/bench/load-vs-ogr2ogr.md; SUMMARY=FILE also appends
# tab-separated rows for tests/bench/all.sh (goal: at least 1.5× ogr2ogr's features per second at scales 10 and 100).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 10 50)
reps=${REPS:-3}
layers=(communities water population roads walkways plan sites)

if [ -z "${HUAYANG_TEST_PG:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    source "$root/tests/pg-cluster.sh"
    pg_cluster_start >&2
  else
    echo "load-vs-ogr2ogr.sh: set HUAYANG_TEST_PG (or run as root for a throwaway cluster)" >&2
    exit 2
  fi
fi

source "$(dirname "${BASH_SOURCE[0]}")/pg-conn.sh"   # pg_host, pg_port, pg_user, pg_template, admin()
on_db() { local db=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$db" -At "$@"; }
npgsql_conn() { echo "Host=$pg_host;Port=$pg_port;Username=$pg_user;Database=$1${PGPASSWORD:+;Password=$PGPASSWORD}"; }
ogr_conn() { echo "host=$pg_host port=$pg_port user=$pg_user dbname=$1${PGPASSWORD:+ password=$PGPASSWORD}"; }
fresh_db() { admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1 TEMPLATE $pg_template"; }
drop_db() { admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"; }
now() { date +%s.%N; }

# --- the programs -----------------------------------------------------------------------------------------------
command -v ogr2ogr >/dev/null || { echo "load-vs-ogr2ogr.sh: ogr2ogr is missing (Debian: gdal-bin)" >&2; exit 2; }
dotnet build "$root/src/Huayang.Gis.Cli" -c Release --nologo -v quiet >&2
huayang="$root/src/Huayang.Gis.Cli/bin/Release/net10.0/huayang"
work=$(mktemp -d /tmp/huayang-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
out_dir="$root/artifacts/bench"
mkdir -p "$out_dir"

run_ours() { # run_ours DIR DB -> seconds; checks the feature count
  local start end
  start=$(now)
  "$huayang" load "$1" --pg "$(npgsql_conn "$2")" --replace >"$work/ours.out" 2>"$work/ours.err" \
    || { cat "$work/ours.err" >&2; exit 1; }
  end=$(now)
  local loaded
  loaded=$(on_db "$2" -c "SELECT sum(n) FROM (SELECT count(*) AS n FROM huayang.communities UNION ALL SELECT count(*) FROM huayang.water
    UNION ALL SELECT count(*) FROM huayang.population UNION ALL SELECT count(*) FROM huayang.roads UNION ALL SELECT count(*) FROM huayang.walkways
    UNION ALL SELECT count(*) FROM huayang.plan UNION ALL SELECT count(*) FROM huayang.sites) c")
  [ "$loaded" = "$total" ] || { echo "huayang load wrote $loaded features, expected $total" >&2; exit 1; }
  echo "$end - $start" | bc -l
}

run_ogr() { # run_ogr DIR DB -> seconds; checks the feature count
  local start end layer
  start=$(now)
  for layer in "${layers[@]}"; do
    ogr2ogr -f PostgreSQL PG:"$(ogr_conn "$2")" "$1/$layer.geojson" -nln "$layer" --config PG_USE_COPY YES \
      || { echo "ogr2ogr failed on $layer" >&2; exit 1; }
  done
  end=$(now)
  local loaded
  loaded=$(on_db "$2" -c "SELECT sum(n) FROM (SELECT count(*) AS n FROM public.communities UNION ALL SELECT count(*) FROM public.water
    UNION ALL SELECT count(*) FROM public.population UNION ALL SELECT count(*) FROM public.roads UNION ALL SELECT count(*) FROM public.walkways
    UNION ALL SELECT count(*) FROM public.plan UNION ALL SELECT count(*) FROM public.sites) c")
  [ "$loaded" = "$total" ] || { echo "ogr2ogr wrote $loaded features, expected $total" >&2; exit 1; }
  echo "$end - $start" | bc -l
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

table="| scale | features | huayang load median s | huayang features/s | ogr2ogr median s | ogr2ogr features/s | ours ÷ ogr2ogr (features/s) |
|---:|---:|---:|---:|---:|---:|---:|"
for scale in "${scales[@]}"; do
  dir="$work/scale$scale"
  "$huayang" generate --out "$dir" --scale "$scale" >/dev/null 2>&1
  total=$(for layer in "${layers[@]}"; do jq '.features | length' "$dir/$layer.geojson"; done | awk '{ s += $1 } END { print s }')
  ours=(); ogr=()
  for rep in $(seq 1 "$reps"); do
    order=(ours ogr); [ $((rep % 2)) -eq 0 ] && order=(ogr ours)
    for who in "${order[@]}"; do
      db="bench_${who}_$$"
      fresh_db "$db"
      if [ "$who" = ours ]; then seconds=$(run_ours "$dir" "$db"); ours+=("$seconds")
      else seconds=$(run_ogr "$dir" "$db"); ogr+=("$seconds"); fi
      drop_db "$db"
      printf 'scale %s rep %s %-5s %6.2f s\n' "$scale" "$rep" "$who" "$seconds" >&2
    done
  done
  m_ours=$(median "${ours[@]}"); m_ogr=$(median "${ogr[@]}")
  if [ -n "${SUMMARY:-}" ]; then
    awk -v s="$scale" -v n="$total" -v a="$m_ours" -v b="$m_ogr" 'BEGIN {
      r = (n / a) / (n / b); goal = (s == 10 || s == 100) ? "≥ 1.5×" : "—"
      met = goal == "—" ? "—" : (r >= 1.5 ? "yes" : "no")
      printf "Loader, scale %d (%d features)\tfeatures/s, validation and walking network included\t%.0f/s (%.2f s)\t%.0f/s (%.2f s)\t%.2f\t%s\t%s\t—\t—\n", s, n, n / a, a, n / b, b, r, goal, met }' >>"$SUMMARY"
  fi
  table+=$'\n'$(awk -v s="$scale" -v n="$total" -v a="$m_ours" -v b="$m_ogr" \
    'BEGIN { printf "| %d | %d | %.2f | %.0f | %.2f | %.0f | %.2f |", s, n, a, n / a, b, n / b, (n / a) / (n / b) }')
done

note="PostgreSQL $(on_db "$pg_template" -c 'SHOW server_version') with PostGIS $(on_db "$pg_template" -c 'SELECT postgis_lib_version()'), $(ogr2ogr --version | cut -d, -f1), $(nproc) cores shared by the loader and PostgreSQL, $reps repetitions each, alternating, medians."
printf '%s\n\n%s\n' "$table" "$note" | tee "$out_dir/load-vs-ogr2ogr.md"
