#!/usr/bin/env python3
"""Helper of tests/bench/http-vs-mapserver.sh (standard library only).

  urls DIR --mvt-layers communities,sites [--bboxes 50] [--zooms 12-16] [--only REGEX]
      writes the targets (those whose name matches REGEX): DIR/targets (one name a line), DIR/<target>.ours and DIR/<target>.ms (request paths
      for our server and for MapServer, line by line the same request), DIR/<target>.label
  check DIR --ms URL [--ours URL [--ours-uncached URL]]
      asks both servers every path once and checks the answers against PostGIS (psql with the PG*
      environment variables): HTTP status, content type, feature counts. Writes DIR/<target>.ours-status
      ("ok", "missing: ..." or "failed: ..."). Exit status 1 when MapServer answers wrongly.
  report RESULTS DIR OUT.md [--summary FILE] NOTE...
      medians of the repetitions in RESULTS (lines: target connections server rep req/s p50-us p99-us non2xx
      socket-errors) as a Markdown table, then the notes; printed and written to OUT.md. --summary appends one
      tab-separated row per target and connection count to FILE for tests/bench/all.sh (comparison, measure,
      ours, peer, ratio, note), the comparison named by the environment variable SUMMARY_LABEL.
"""
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import urllib.error
import urllib.request

# Huayang Street, lon/lat (EPSG:4326)
WEST, SOUTH, EAST, NORTH = 104.017, 30.453, 104.086, 30.523
ITEM_LAYERS = ["sites", "population"]
LIMIT = 100
MVT_TYPES = ("application/vnd.mapbox-vector-tile", "application/x-protobuf", "application/vnd.mvt")


def tile_of(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180.0) / 360.0 * n)
    r = math.radians(lat)
    y = int((1.0 - math.log(math.tan(r) + 1.0 / math.cos(r)) / math.pi) / 2.0 * n)
    return x, y


def bboxes(count):
    rng = random.Random(20261130)
    out = []
    for _ in range(count):
        w = rng.uniform(0.008, 0.03)
        h = rng.uniform(0.008, 0.03)
        x = rng.uniform(WEST, EAST - w)
        y = rng.uniform(SOUTH, NORTH - h)
        out.append((round(x, 6), round(y, 6), round(x + w, 6), round(y + h, 6)))
    return out


def cmd_urls(args):
    d = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    layers = opts.get("--mvt-layers", "communities,sites").split(",")
    nbox = int(opts.get("--bboxes", "50"))
    z0, z1 = (int(v) for v in opts.get("--zooms", "12-16").split("-"))
    os.makedirs(d, exist_ok=True)
    targets = []
    boxes = bboxes(nbox)
    for layer in ITEM_LAYERS:
        name = f"items-{layer}"
        targets.append(name)
        with open(f"{d}/{name}.ours", "w") as ours, open(f"{d}/{name}.ms", "w") as ms, \
                open(f"{d}/{name}.expect-input", "w") as exp:
            for b in boxes:
                bb = ",".join(f"{v:.6f}" for v in b)
                ours.write(f"/collections/{layer}/items?f=json&limit={LIMIT}&bbox={bb}\n")
                ms.write(f"/mapserv/huayang/ogcapi/collections/{layer}/items?f=json&limit={LIMIT}&bbox={bb}\n")
                exp.write(f"{layer} {bb}\n")
        with open(f"{d}/{name}.label", "w") as f:
            f.write(f"items `{layer}` (limit {LIMIT}, {len(boxes)} bboxes)")
    for z in range(z0, z1 + 1):
        x0, y0 = tile_of(WEST, NORTH, z)
        x1, y1 = tile_of(EAST, SOUTH, z)
        name = f"mvt-z{z}"
        targets.append(name)
        tiles = [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
        with open(f"{d}/{name}.ours", "w") as ours, open(f"{d}/{name}.ms", "w") as ms, \
                open(f"{d}/{name}.expect-input", "w") as exp:
            for x, y in tiles:
                ours.write(f"/tiles/{','.join(layers)}/{z}/{x}/{y}.mvt\n")
                ms.write(f"/mapserv?map=HUAYANG&mode=tile&tilemode=gmap&tile={x}+{y}+{z}"
                         f"&layers={'+'.join(layers)}&map.imagetype=mvt\n")
                exp.write(f"{','.join(layers)} {z} {x} {y}\n")
        with open(f"{d}/{name}.label", "w") as f:
            f.write(f"MVT z{z} `{','.join(layers)}` ({len(tiles)} tiles)")
    # One tile asked again and again: a tile the cache keeps (the middle one of z14).
    x0, y0 = tile_of(WEST, NORTH, 14)
    x1, y1 = tile_of(EAST, SOUTH, 14)
    x, y = (x0 + x1) // 2, (y0 + y1) // 2
    targets.append("tile-cached")
    with open(f"{d}/tile-cached.ours", "w") as ours, open(f"{d}/tile-cached.ms", "w") as ms, \
            open(f"{d}/tile-cached.expect-input", "w") as exp:
        ours.write(f"/tiles/{','.join(layers)}/14/{x}/{y}.mvt\n")
        ms.write(f"/mapserv?map=HUAYANG&mode=tile&tilemode=gmap&tile={x}+{y}+14"
                 f"&layers={'+'.join(layers)}&map.imagetype=mvt\n")
        exp.write(f"{','.join(layers)} 14 {x} {y}\n")
    with open(f"{d}/tile-cached.label", "w") as f:
        f.write(f"one MVT z14 tile `{','.join(layers)}` again and again (ours: gzip accepted)")
    only = re.compile(opts.get("--only", "."))
    targets = [t for t in targets if only.search(t)]
    if not targets:
        raise SystemExit(f"--only {opts.get('--only')!r} matches no target")
    with open(f"{d}/targets", "w") as f:
        f.write("\n".join(targets) + "\n")


# --- PostGIS: what the answers must contain --------------------------------------------------------
def psql(sql):
    out = subprocess.run(["psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-F", " ", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split(" ") for line in out.splitlines() if line]


def expected_items(lines):
    """For each 'layer minx,miny,maxx,maxy': the number of features intersecting the bbox."""
    values = []
    for i, line in enumerate(lines):
        layer, bb = line.split(" ")
        a, b, c, e = bb.split(",")
        values.append(f"({i},'{layer}',{a},{b},{c},{e})")
    layer = lines[0].split(" ")[0]
    rows = psql(f"SELECT v.i, (SELECT count(*) FROM huayang.{layer} t WHERE ST_Intersects(t.geom, "
                f"ST_MakeEnvelope(v.a, v.b, v.c, v.d, 4326))) FROM (VALUES {','.join(values)}) "
                "AS v(i, l, a, b, c, d) ORDER BY v.i")
    return [int(r[1]) for r in rows]


def expected_tiles(lines):
    """For each 'layers z x y': {layer: features intersecting the tile}."""
    layers = lines[0].split(" ")[0].split(",")
    values = ",".join(f"({i},{l.split(' ')[1]},{l.split(' ')[2]},{l.split(' ')[3]})" for i, l in enumerate(lines))
    cols = ", ".join(f"(SELECT count(*) FROM huayang.{layer} t WHERE ST_Intersects(t.geom, "
                     "ST_Transform(ST_TileEnvelope(v.z, v.x, v.y), 4326)))" for layer in layers)
    rows = psql(f"SELECT v.i, {cols} FROM (VALUES {values}) AS v(i, z, x, y) ORDER BY v.i")
    return [dict(zip(layers, (int(c) for c in r[1:]))) for r in rows]


# --- HTTP and MVT ------------------------------------------------------------------------------------
def get(url):
    req = urllib.request.Request(url, headers={"Accept": "*/*"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()
    except (urllib.error.URLError, OSError) as e:
        return 0, "", str(e).encode()


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def pb_fields(buf):
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            n, i = varint(buf, i)
            value, i = buf[i:i + n], i + n
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(f"protobuf wire type {wire}")
        if i > len(buf):
            raise ValueError("truncated protobuf")
        yield field, value


def mvt_counts(body):
    """{layer name: number of features} of a Mapbox vector tile."""
    counts = {}
    for field, layer in pb_fields(body):
        if field != 3:
            continue
        name, n = None, 0
        for f, v in pb_fields(layer):
            if f == 1:
                name = v.decode("utf-8")
            elif f == 2:
                n += 1
        counts[name] = counts.get(name, 0) + n
    return counts


def check_items(base, paths, expected, who):
    problems = []
    returned = matched_total = 0
    for path, exp in zip(paths, expected):
        status, ctype, body = get(base + path)
        if status != 200:
            problems.append(f"HTTP {status} for {path}: {body[:200]!r}")
            continue
        if "json" not in ctype:
            problems.append(f"content type {ctype!r} for {path}: {body[:200]!r}")
            continue
        try:
            doc = json.loads(body)
        except ValueError:
            problems.append(f"not JSON for {path}: {body[:200]!r}")
            continue
        feats = doc.get("features")
        if doc.get("type") != "FeatureCollection" or not isinstance(feats, list):
            problems.append(f"not a FeatureCollection for {path}: {body[:200]!r}")
            continue
        want = min(LIMIT, exp)
        if len(feats) != want:
            problems.append(f"{len(feats)} features, PostGIS has {exp} in the bbox (limit {LIMIT}): {path}")
        if "numberReturned" in doc and doc["numberReturned"] != len(feats):
            problems.append(f"numberReturned {doc['numberReturned']} but {len(feats)} features: {path}")
        if "numberMatched" in doc and doc["numberMatched"] != exp:
            problems.append(f"numberMatched {doc['numberMatched']}, PostGIS has {exp}: {path}")
        returned += len(feats)
        matched_total += exp
    print(f"  {who}: {len(paths)} pages, {returned} features returned (PostGIS: {matched_total} in the bboxes), "
          f"{len(problems)} problems", file=sys.stderr)
    return problems


def check_tiles(base, paths, expected, who):
    problems, thin = [], []
    totals, nonempty = {}, 0
    for path, exp in zip(paths, expected):
        status, ctype, body = get(base + path)
        if status == 204 and not body:
            counts = {}
        elif status != 200:
            problems.append(f"HTTP {status} for {path}: {body[:200]!r}")
            continue
        elif body and not ctype.startswith(MVT_TYPES):
            problems.append(f"content type {ctype!r} for {path}: {body[:200]!r}")
            continue
        else:
            try:
                counts = mvt_counts(body)
            except (ValueError, IndexError, UnicodeDecodeError) as e:
                problems.append(f"not a vector tile ({e}) for {path}: {body[:100]!r}")
                continue
        if body:
            nonempty += 1
        for layer, want in exp.items():
            got = counts.get(layer, 0)
            totals[layer] = totals.get(layer, (0, 0))
            totals[layer] = (totals[layer][0] + got, totals[layer][1] + want)
            if want > 0 and got == 0:
                problems.append(f"no `{layer}` features, PostGIS has {want} in the tile: {path}")
            elif got < want:
                thin.append(f"{layer} {got}<{want} {path}")
    summary = ", ".join(f"{layer} {got} (PostGIS intersecting: {want})" for layer, (got, want) in totals.items())
    print(f"  {who}: {len(paths)} tiles, {nonempty} non-empty; features: {summary}; {len(problems)} problems"
          + (f"; {len(thin)} tiles with fewer features of a layer than PostGIS intersects "
             f"(e.g. {thin[0]})" if thin else ""), file=sys.stderr)
    return problems


def cmd_check(args):
    d = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    ms, ours = opts["--ms"], opts.get("--ours")
    ms_ok = True
    for target in open(f"{d}/targets").read().split():
        inputs = open(f"{d}/{target}.expect-input").read().splitlines()
        is_items = target.startswith("items-")
        expected = expected_items(inputs) if is_items else expected_tiles(inputs)
        check = check_items if is_items else check_tiles
        print(f"{target}:", file=sys.stderr)
        problems = check(ms, open(f"{d}/{target}.ms").read().splitlines(), expected, "MapServer")
        if problems:
            ms_ok = False
            for p in problems[:5]:
                print(f"    MapServer: {p}", file=sys.stderr)
        status = "missing: our server was not started"
        if ours:
            paths = open(f"{d}/{target}.ours").read().splitlines()
            code, _, body = get(ours + paths[len(paths) // 2])
            if code == 404:
                status = f"missing: {paths[len(paths) // 2].split('?')[0]} answered 404 (route not there yet)"
                print(f"  ours: {status}", file=sys.stderr)
            elif code == 0:
                status = f"failed: not reachable ({body.decode(errors='replace')})"
                print(f"  ours: {status}", file=sys.stderr)
            else:
                problems = check(ours, paths, expected, "ours")
                uncached = opts.get("--ours-uncached")
                if uncached and not is_items:
                    problems += check(uncached, paths, expected, "ours-uncached")
                status = "ok" if not problems else f"failed: {len(problems)} wrong answers, e.g. {problems[0]}"
                for p in problems[:5]:
                    print(f"    ours: {p}", file=sys.stderr)
        with open(f"{d}/{target}.ours-status", "w") as f:
            f.write(status + "\n")
    return 0 if ms_ok else 1


SERVERS = ("ours", "ours-uncached", "MapServer")


def summary_rows(comparison, target, label, server, conns, ours, peer):
    """Rows for tests/bench/all.sh (comparison, measure, ours, peer, ratio, goal, met, p99s, p99 met) with issue 13's
    goals: population items and uncached tiles at least 3× MapServer's throughput, a cached tile at least 20,000
    requests/s, and the p99 of the items and of the uncached tiles no worse than MapServer's."""
    rps, p99 = ours
    peer_rps, peer_p99 = peer
    ratio = rps / peer_rps
    goal, met = "—", "—"
    if target == "items-population" or (target.startswith("mvt-") and server == "ours-uncached"):
        goal, met = "≥ 3×", "yes" if ratio >= 3 else "no"
    elif target == "tile-cached":
        goal, met = "≥ 20,000 req/s", "yes" if rps >= 20000 else "no"
    tail_goal = server == "ours-uncached" or not target.startswith("mvt-")
    tail = f"{p99 / 1000:.1f} / {peer_p99 / 1000:.1f} ms"
    tail_met = ("yes" if p99 <= peer_p99 else "no") + " (≤ 1×)" if tail_goal else "—"
    return [[comparison, f"{label}, {server}, {conns} connections", f"{rps:.0f} req/s", f"{peer_rps:.0f} req/s",
             f"{ratio:.2f}", goal, met, tail, tail_met]]


def cmd_report(args):
    results, d, out = args[0], args[1], args[2]
    rest = args[3:]
    summary = None
    if rest[:1] == ["--summary"]:
        summary, rest = rest[1], rest[2:]
    notes = rest
    runs = {}
    for line in open(results):
        t, conns, server, _rep, rps, p50, p99, non2xx, errs = line.split()
        runs.setdefault((t, int(conns), server), []).append((float(rps), float(p50), float(p99), int(non2xx), int(errs)))
    lines = ["| target | connections | server | req/s | p50 ms | p99 ms | ÷ MapServer (req/s) | p99 ÷ MapServer's |",
             "|---|---:|---|---:|---:|---:|---:|---:|"]
    bad, rows = [], []
    comparison = os.environ.get("SUMMARY_LABEL", "HTTP")
    for conns in sorted({k[1] for k in runs}):
        for t in open(f"{d}/targets").read().split():
            label = open(f"{d}/{t}.label").read().strip()
            med = {}
            for server in SERVERS:
                r = runs.get((t, conns, server))
                if r:
                    med[server] = tuple(statistics.median(v[k] for v in r) for k in range(3))
                    if any(v[3] or v[4] for v in r):
                        bad.append(f"{label}, {server}, {conns} connections: {sum(v[3] for v in r)} non-2xx answers "
                                   f"and {sum(v[4] for v in r)} socket errors during the timed runs")
            peer = med.get("MapServer")
            for server in SERVERS:
                if server not in med:
                    if server == "ours":
                        status = open(f"{d}/{t}.ours-status").read().strip()
                        lines.append(f"| {label} | {conns} | ours | — | — | — | not measured ({status}) | |")
                    continue
                rps, p50, p99 = med[server]
                ratio = f"{rps / peer[0]:.2f}" if peer and server != "MapServer" else ""
                tail = f"{p99 / peer[2]:.2f}" if peer and server != "MapServer" else ""
                lines.append(f"| {label} | {conns} | {server} | {rps:.0f} | {p50 / 1000:.1f} | {p99 / 1000:.1f} | "
                             f"{ratio} | {tail} |")
                if peer and server != "MapServer":
                    rows += summary_rows(comparison, t, label, server, conns, (rps, p99), (peer[0], peer[2]))
    text = "\n".join(lines) + "\n\n" + "\n\n".join(notes + bad) + "\n"
    with open(out, "w") as f:
        f.write(text)
    if summary:
        with open(summary, "a") as f:
            for row in rows:
                f.write("\t".join(row) + "\n")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    commands = {"urls": cmd_urls, "check": cmd_check, "report": cmd_report}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]](sys.argv[2:]) or 0)
