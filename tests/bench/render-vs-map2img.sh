#!/usr/bin/env bash
# Map pictures: our renderer (Huayang.Gis.Rendering, SkiaSharp) against MapServer 8's map2img drawing the same
# 1024×768 EPSG:3857 picture of 104.00,30.44,104.10,30.54 from the same data, in the same run.
#
#   bash tests/bench/render-vs-map2img.sh [--draws N]       (as root, or with HUAYANG_TEST_PG set)
#
# Layers: communities (fill, outline, zh/en labels), water, roads (casing), the plan (zones, belt, axis, two
# points, named), sites (a symbol per category, planned hollow) — everything our renderer draws, no legend or
# scale bar on either side (our Decorations=true row adds them). The mapfile is tests/bench/mapserver/render.map.in,
# its site classes generated from our style table, labels in Noto Sans CJK through a FONTSET. Walkways are not a
# layer of our renderer; map2img is also timed with them added (-l), for information.
#
# map2img: per-draw time = (wall time of `-c N+1` − wall time of `-c 1`) / N, which leaves out process start-up,
# mapfile parsing and the first PostGIS connection; median of 5 alternations. Ours: BenchmarkDotNet `RenderMap`
# (tests/Huayang.Gis.Benchmarks) — read the features in the box from the store (in-memory over data/, or PostGIS
# over the same database map2img reads), draw, encode PNG. Both PNGs go to artifacts/bench/; the Markdown table to
# stdout and artifacts/bench/render-vs-map2img.md (SUMMARY=FILE also appends tab-separated rows for tests/bench/all.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bench="$root/tests/bench"
draws=${DRAWS:-20}
while [ $# -gt 0 ]; do
  case "$1" in
    --draws) draws=${2:?--draws needs a number}; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "render-vs-map2img.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$draws" =~ ^[0-9]+$ ]] && [ "$draws" -ge 1 ] || { echo "render-vs-map2img.sh: --draws: '$draws' is not a positive whole number" >&2; exit 2; }
say() { echo "render-vs-map2img: $*" >&2; }
command -v map2img >/dev/null || { say "map2img is missing (apt-get install mapserver-bin)"; exit 2; }
font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
bold=/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
[ -f "$font" ] && [ -f "$bold" ] || { say "Noto Sans CJK is missing (apt-get install fonts-noto-cjk)"; exit 2; }

work=$(mktemp -d /tmp/huayang-renderbench.XXXXXX)
db= started_cluster=
cleanup() {
  set +e
  [ -n "$db" ] && psql -X -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  [ -n "$started_cluster" ] && pg_cluster_stop
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL: a fresh database on HUAYANG_TEST_PG's server, or on a throwaway cluster -------------------------------
if [ -z "${HUAYANG_TEST_PG:-}" ]; then
  [ "$(id -u)" = 0 ] || { say "set HUAYANG_TEST_PG (or run as root for a throwaway cluster)"; exit 2; }
  source "$root/tests/pg-cluster.sh"
  pg_cluster_start >&2
  started_cluster=1
  trap cleanup EXIT
fi
kv() { echo "$HUAYANG_TEST_PG" | tr ';' '\n' | sed -n "s/^ *$1 *= *//Ip" | head -1; }
pg_host=$(kv host); pg_host=${pg_host:-localhost}
pg_port=$(kv port); pg_port=${pg_port:-5432}
pg_user=$(kv username); pg_user=${pg_user:-${USER:-postgres}}
pg_template=$(kv database); pg_template=${pg_template:-postgres}
PGPASSWORD=$(kv password); export PGPASSWORD
export PGOPTIONS="-c client_min_messages=warning"
db="bench_render_$$"
psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres \
  -c "CREATE DATABASE $db TEMPLATE $pg_template" >/dev/null
npgsql_conn="Host=$pg_host;Port=$pg_port;Username=$pg_user;Database=$db${PGPASSWORD:+;Password=$PGPASSWORD}"
libpq_conn="host=$pg_host port=$pg_port dbname=$db user=$pg_user${PGPASSWORD:+ password=$PGPASSWORD}"

say "building (Release)"
dotnet build "$root/src/Huayang.Gis.Cli" -c Release --nologo -v quiet >"$work/build.log" 2>&1 \
  && dotnet build "$root/tests/Huayang.Gis.Benchmarks" -c Release --nologo -v quiet >>"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; say "the build failed"; exit 1; }
say "loading the bundled data into $db"
"$root/src/Huayang.Gis.Cli/bin/Release/net10.0/huayang" load "$root/data" --pg "$npgsql_conn" >"$work/load.log" 2>&1 \
  || { cat "$work/load.log" >&2; exit 1; }
psql -X -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$db" -c "ANALYZE" >/dev/null

# --- the mapfile ---------------------------------------------------------------------------------------------------
out="$root/artifacts/bench"
mkdir -p "$out"
extent=$(python3 -c '
import math
R = 6378137.0
def merc(lon, lat): return R * math.radians(lon), R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
x0, y0 = merc(104.00, 30.44); x1, y1 = merc(104.10, 30.54)
print(f"{x0:.3f} {y0:.3f} {x1:.3f} {y1:.3f}")')
printf 'cjk %s\ncjk-bold %s\n' "$font" "$bold" >"$work/fonts.txt"
python3 - "$root/src/Huayang.Gis.Rendering/Styles/map-style.json" >"$work/site-classes.txt" <<'PY'
import json, sys
sites = json.load(open(sys.argv[1]))["sites"]
def classes(category, style, expression):
    colour = style["color"]
    for status, paint in (("planned", f'COLOR 255 255 255 OUTLINECOLOR "{colour}" WIDTH 2'), ("existing", f'COLOR "{colour}" OUTLINECOLOR 255 255 255 WIDTH 1')):
        print("    CLASS")
        print(f"      EXPRESSION ({expression} AND \"[status]\" = \"{status}\")")
        print(f'      STYLE SYMBOL "{style["shape"]}" SIZE 11 {paint} END')
        print(f'      LABEL TEXT "[name_zh]" TYPE TRUETYPE FONT "cjk" SIZE 7.5 COLOR "{colour}" OUTLINECOLOR 255 255 255 OUTLINEWIDTH 2')
        print("        POSITION AUTO OFFSET 0 3 PARTIALS FALSE PRIORITY 4 END")
        print("    END")
for category, style in sites["categories"].items():
    classes(category, style, f'"[category]" = "{category}"')
classes("default", sites["default"], "1 = 1")
PY
sed -e "s|@PG_CONNECTION@|$libpq_conn|g" -e "s|@EXTENT@|$extent|" -e "s|@FONTSET@|$work/fonts.txt|" \
    -e "/^@SITE_CLASSES@$/{r $work/site-classes.txt" -e 'd}' "$bench/mapserver/render.map.in" >"$work/render.map"
# MapServer 8 reads a config file first; this one only lets it open mapfiles in the work directory.
printf 'CONFIG\n  ENV\n    MS_MAP_PATTERN "^%s/"\n  END\nEND\n' "$work" >"$work/mapserver.conf"
export MAPSERVER_CONFIG_FILE="$work/mapserver.conf"

# --- map2img -------------------------------------------------------------------------------------------------------
layers_same="communities water roads plan sites"
layers_walk="communities water walkways roads plan sites"
map2img -m "$work/render.map" -l "$layers_same" -o "$out/map2img.png" -c 1 >"$work/map2img.log" 2>&1 \
  || { cat "$work/map2img.log" >&2; say "map2img failed"; exit 1; }
[ -s "$out/map2img.png" ] && [ "$(head -c 8 "$out/map2img.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] \
  || { cat "$work/map2img.log" "$out/map2img.png" >&2; say "map2img wrote no PNG"; exit 1; }
if grep -qi 'error' "$work/map2img.log"; then cat "$work/map2img.log" >&2; say "map2img reported errors"; exit 1; fi
map2img -m "$work/render.map" -l "$layers_walk" -o "$out/map2img-walkways.png" -c 1 >/dev/null 2>&1
wall_ms() { # wall_ms COMMAND...: milliseconds of wall time
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
per_draw() { # per_draw LAYERS: one (c=N+1 minus c=1)/N figure, in ms
  local one many
  one=$(wall_ms map2img -m "$work/render.map" -l "$1" -o "$work/x.png" -c 1)
  many=$(wall_ms map2img -m "$work/render.map" -l "$1" -o "$work/x.png" -c $((draws + 1)))
  awk -v a="$many" -v b="$one" -v n="$draws" 'BEGIN { printf "%.2f %d\n", (a - b) / n, b }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/ms-same"; : >"$work/ms-walk"; : >"$work/ms-start"
run_map2img() {
  local line
  line=$(per_draw "$layers_same"); echo "${line% *}" >>"$work/ms-same"; echo "${line#* }" >>"$work/ms-start"
  line=$(per_draw "$layers_walk"); echo "${line% *}" >>"$work/ms-walk"
  say "map2img: $(tail -1 "$work/ms-same") ms a draw ($(tail -1 "$work/ms-walk") with walkways; one draw with start-up $(tail -1 "$work/ms-start") ms)"
}
run_map2img; run_map2img

# --- ours (BenchmarkDotNet), between map2img runs ------------------------------------------------------------------------
say "ours: BenchmarkDotNet RenderMap (memory and PostGIS stores)"
HUAYANG_BENCH_DATA="$root/data" HUAYANG_BENCH_PG="$npgsql_conn" HUAYANG_BENCH_PNG="$out" \
  dotnet run -c Release --no-build --project "$root/tests/Huayang.Gis.Benchmarks" -- \
  --filter '*RenderMap*' --join --warmupCount 3 --iterationCount 15 --exporters csv --artifacts "$work/bdn" >"$work/bdn.log" 2>&1 \
  || { tail -n 40 "$work/bdn.log" >&2; say "the benchmark failed"; exit 1; }
run_map2img; run_map2img; run_map2img
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

csv=$(find "$work/bdn" -name '*.csv' | head -1)
[ -n "$csv" ] || { tail -n 40 "$work/bdn.log" >&2; say "BenchmarkDotNet wrote no CSV"; exit 1; }
cp "$csv" "$out/render-map-benchmarkdotnet.csv"
sed -n '/^| *Method/,/^$/p' "$work/bdn.log" >"$out/render-map-benchmarkdotnet.md" || true

ms_same=$(median <"$work/ms-same"); ms_walk=$(median <"$work/ms-walk"); ms_start=$(median <"$work/ms-start")
python3 - "$csv" "$ms_same" "$ms_walk" "$ms_start" "$draws" "$load_before" "$load_after" "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" "$(map2img -v 2>/dev/null | head -1 | cut -d' ' -f3 || true)" \
  >"$out/render-vs-map2img.md" <<'PY'
import csv, os, sys
path, ms_same, ms_walk, ms_start, draws, before, after, cores, cpu, msver = sys.argv[1:]
ms_same, ms_walk, ms_start = float(ms_same), float(ms_walk), float(ms_start)
def ms(text):
    value, unit = text.replace(",", "").split()
    return float(value) * {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
rows = {}
for r in csv.DictReader(open(path)):
    rows[(r["Store"], r["Decorations"].lower())] = (ms(r["Mean"]), ms(r["StdDev"]), r.get("Allocated", ""))
print("| Picture (1024×768, EPSG:3857, 104.00,30.44,104.10,30.54) | ours ms | map2img ms | map2img ÷ ours |")
print("|---|---:|---:|---:|")
label = {"memory": "in-memory store", "postgis": "PostGIS store"}
for store in ("postgis", "memory"):
    mean, sd, alloc = rows[(store, "false")]
    print(f"| same five layers, labels, no legend — ours from the {label[store]} | {mean:.1f} ± {sd:.1f} | {ms_same:.1f} | {ms_same / mean:.2f} |")
for store in ("postgis", "memory"):
    mean, sd, alloc = rows[(store, "true")]
    print(f"| ours with title, legend, scale bar, north arrow ({label[store]}) vs map2img without | {mean:.1f} ± {sd:.1f} | {ms_same:.1f} | {ms_same / mean:.2f} |")
mean = rows[("postgis", "false")][0]
print(f"| map2img with walkways added (2,208 lines; ours has no walkways layer) — ours PostGIS, five layers | {mean:.1f} | {ms_walk:.1f} | {ms_walk / mean:.2f} |")
print()
summary = os.environ.get("SUMMARY")
if summary:
    with open(summary, "a") as f:
        for store in ("postgis", "memory"):
            mean = rows[(store, "false")][0]
            f.write(f"Pictures\t1024×768 map, same five layers and labels, ours from the {label[store]}: time a picture"
                    f"\t{mean:.1f} ms\t{ms_same:.1f} ms\t{ms_same / mean:.2f}\t—\t—\t—\t—\n")
print(f"- Ours: BenchmarkDotNet `RenderMap` (mean ± standard deviation; read the box's features from the store, draw, encode PNG). "
      f"map2img (MapServer {msver}): median over 5 runs of (wall time of `-c {int(draws) + 1}` − wall time of `-c 1`) / {draws}, "
      f"same PostGIS database; one `-c 1` process including start-up took {ms_start:.0f} ms (median).")
print(f"- Machine: {cores} cores ({cpu}) shared by both programs, PostgreSQL and other work running on the machine; "
      f"load average {before} before, {after} after. Noise of ±30% between runs is normal here.")
PY
cat "$out/render-vs-map2img.md"
say "pictures: $out/map2img.png, $out/ours-postgis.png, $out/ours-memory.png (and -decorated, map2img-walkways.png)"
