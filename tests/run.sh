#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need when it is missing (Debian packages,
# as root), then ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# --- what the tests need -----------------------------------------------------------------------
# command -> Debian package
declare -A needs=(
  [cs2cs]=proj-bin                                        # reference coordinates for the CRS tests
  [ogr2ogr]=gdal-bin                                      # the loader's peer, and GDAL as a client
  [psql]=postgresql-client-15
  [/usr/lib/postgresql/15/bin/postgres]=postgresql-15     # the throwaway test cluster
  [/usr/share/postgresql/15/extension/postgis.control]=postgresql-15-postgis-3
  [/usr/share/postgresql/15/extension/pgrouting.control]=postgresql-15-pgrouting
  [/usr/bin/chromium]=chromium                            # the viewer's browser tests (Playwright drives it)
  [npm]=npm                                               # builds the viewer (src/Huayang.Gis.Viewer)
  [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]=fonts-noto-cjk   # Chinese map labels (Huayang.Gis.Rendering)
  [/usr/sbin/nginx]=nginx                                 # the load balancer of the scale-out test (two servers, a standby)
  [qgis]=qgis                                             # QGIS reads the exported MBTiles (huayang tiles export)
  [/usr/lib/python3/dist-packages/qgis/core/__init__.py]=python3-qgis   # ... headless, from /usr/bin/python3; QGIS as a client of the server
  [/usr/lib/python3/dist-packages/owslib/__init__.py]=python3-owslib   # OWSLib, a second client of OGC API – Features and WMS
)
missing=()
for cmd in "${!needs[@]}"; do
  if [[ "$cmd" == /* ]]; then [ -e "$cmd" ] || missing+=("${needs[$cmd]}")
  else command -v "$cmd" >/dev/null 2>&1 || missing+=("${needs[$cmd]}"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "tests/run.sh: installing ${missing[*]}"
    apt-get update -qq >/dev/null
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
      # One package that cannot be installed (held back, conflicting with a Node.js from elsewhere, ...) must not keep
      # the others out: each is tried on its own.
      for package in "${missing[@]}"; do
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 \
          || echo "tests/run.sh: could not install $package; the tests that need it will say so" >&2
      done
    fi
  else
    echo "tests/run.sh: missing ${missing[*]} (not root: install them yourself); the tests that need them will say so" >&2
  fi
fi

if ! command -v dotnet >/dev/null; then
  echo "tests/run.sh: the .NET SDK (dotnet) is not on PATH; see global.json for the version" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The tests choose their stores themselves: a connection string exported for the CLI or the server must not
# switch them to another database.
unset ConnectionStrings__PostGis

# --- a throwaway PostGIS for the database tests -------------------------------------------------
# An existing server can be used instead: set HUAYANG_TEST_PG to a connection string whose database
# has PostGIS and pgRouting; the tests copy it as a template for each test database.
if [ -z "${HUAYANG_TEST_PG:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    source "$root/tests/pg-cluster.sh"
    pg_cluster_start || echo "tests/run.sh: could not start PostgreSQL; the database tests will say so" >&2
  else
    echo "tests/run.sh: not root, so no throwaway cluster; set HUAYANG_TEST_PG to use a server" >&2
  fi
fi

# --- the tests ---------------------------------------------------------------------------------
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
dotnet test "$root/Huayang.Gis.sln" --nologo \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?

# --- the summary line --------------------------------------------------------------------------
passed=0; failed=0; skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed)))
  skipped=$((skipped + $(value notExecuted)))
done
if [ ${#trx_files[@]} -eq 0 ] && [ $status -ne 0 ]; then
  failed=1   # the build failed: nothing ran
fi
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1   # a test host crashed or the build broke after some projects ran
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $status -eq 0 ] && [ $failed -eq 0 ]
