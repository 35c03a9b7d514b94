#!/usr/bin/env python3
"""Writes the hostile edit corpus: one file per body and manifest.json describing how each is sent.

Run from this folder (python3 make_corpus.py); it rewrites every body file and the manifest. HostileEditTests reads
the manifest and sends each file as it is (bytes, not re-encoded): every answer must be 4xx problem+json naming the
problem, and the tables must be exactly as they were after the whole corpus.

Manifest fields: file, method (POST, PUT, PATCH), collection, featureId (null for POST), contentType (null: no
Content-Type header), contentCrs (optional Content-Crs header), status (an exact status, or "4xx"), names (strings
the problem must contain, each naming the field or value at fault), description.
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
GEO = "application/geo+json"
PATCH = "application/merge-patch+json"
EPSG4544 = "<http://www.opengis.net/def/crs/EPSG/0/4544>"
EPSG4326 = "<http://www.opengis.net/def/crs/EPSG/0/4326>"
EPSG3857 = "<http://www.opengis.net/def/crs/EPSG/0/3857>"

SITE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [104.0701, 30.4802]},
    "properties": {
        "name_zh": "华阳国际人才公寓", "name_en": "Huayang Talent Apartments", "category": "talent_service",
        "status": "planned", "capacity": 120, "plan_element": "zone-education-talent", "community_id": "hubin",
    },
}
SQUARE = [[[104.07, 30.48], [104.08, 30.48], [104.08, 30.49], [104.07, 30.49], [104.07, 30.48]]]
ZONE = {
    "type": "Feature",
    "geometry": {"type": "Polygon", "coordinates": SQUARE},
    "properties": {"kind": "zone", "name_zh": "测试片区", "name_en": "Test zone", "theme": "test"},
}
# The site's point in EPSG:4544 as Part 2 orders its axes (northing, easting), from cs2cs.
SITE_4544 = [3373714.244, 410710.604]

cases = []
counters = {}
for old in os.listdir(HERE):
    if old.endswith(".json"):
        os.remove(os.path.join(HERE, old))


def add(kind, slug, body, description, names, status="4xx", method="POST", collection="sites", feature=None,
        content_type=GEO, crs=None):
    """Adds one case; body is a dict/list (written as JSON), str (UTF-8) or bytes (as is)."""
    counters[kind] = counters.get(kind, 0) + 1
    name = f"{kind}-{counters[kind]:02d}-{slug}.json"
    if isinstance(body, bytes):
        data = body
    elif isinstance(body, str):
        data = body.encode("utf-8")
    else:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    if feature is None and method in ("PUT", "PATCH"):
        feature = "site-sports-town" if collection == "sites" else "zone-education-talent"
    entry = {"file": name, "method": method, "collection": collection, "featureId": feature, "contentType": content_type}
    if crs is not None:
        entry["contentCrs"] = crs
    entry.update({"status": str(status), "names": names if isinstance(names, list) else [names], "description": description})
    cases.append(entry)


def site(**changes):
    """The valid site with properties changed (None removes one)."""
    body = copy.deepcopy(SITE)
    for key, value in changes.items():
        if value is None:
            body["properties"].pop(key, None)
        else:
            body["properties"][key] = value
    return body


def site_at(geometry, **changes):
    body = site(**changes)
    body["geometry"] = geometry
    return body


def zone(geometry=None, **changes):
    body = copy.deepcopy(ZONE)
    if geometry is not None:
        body["geometry"] = geometry
    for key, value in changes.items():
        body["properties"][key] = value
    return body


def point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


SITE_TEXT = json.dumps(SITE, ensure_ascii=False)

# --- malformed JSON: truncated, trailing garbage, not JSON at all ---------------------------------------------------
for cut in (1, 2, 10, 25, 60, 90, 120, 200, 260, len(SITE_TEXT) - 1):
    add("malformed", f"truncated-at-{cut}", SITE_TEXT[:cut], f"the valid site cut after {cut} characters", "not JSON", 400)
for slug, tail in [("letter", "x"), ("second-brace", "}"), ("second-object", " {}"), ("comma", ","), ("nul", "\u0000"),
                   ("line-comment", " // done"), ("block-comment", " /* done */"), ("array-close", "]"), ("number", " 1")]:
    add("malformed", f"trailing-{slug}", SITE_TEXT + tail, f"the valid site followed by {slug}", "not JSON", 400)
for slug, text in [
    ("trailing-comma-in-object", SITE_TEXT.replace('"community_id": "hubin"', '"community_id": "hubin",')),
    ("trailing-comma-in-array", SITE_TEXT.replace("30.4802]", "30.4802,]")),
    ("single-quotes", SITE_TEXT.replace('"', "'")),
    ("unquoted-keys", '{type: "Feature", geometry: null, properties: {}}'),
    ("leading-comment", "/* hi */ " + SITE_TEXT),
    ("missing-colon", SITE_TEXT.replace('"status": "planned"', '"status" "planned"')),
    ("missing-comma", SITE_TEXT.replace('"planned", "capacity"', '"planned" "capacity"')),
    ("unterminated-string", SITE_TEXT.replace('"planned"', '"planned')),
    ("bad-escape", SITE_TEXT.replace("Huayang Talent", "Huayang \\q Talent")),
    ("short-unicode-escape", SITE_TEXT.replace("Huayang Talent", "Huayang \\u12 Talent")),
    ("hex-number", SITE_TEXT.replace("120", "0x78")),
    ("leading-plus", SITE_TEXT.replace("120", "+120")),
    ("leading-zero", SITE_TEXT.replace("120", "0120")),
    ("bare-dot", SITE_TEXT.replace("30.4802", ".4802")),
    ("xml", "<Feature><name>x</name></Feature>"),
    ("form-encoded", "type=Feature&name_zh=x"),
    ("python-literals", SITE_TEXT.replace("120", "None")),
]:
    add("malformed", slug, text, f"not JSON: {slug.replace('-', ' ')}", "not JSON", 400)

# --- byte order marks ----------------------------------------------------------------------------------------------
BOM = b"\xef\xbb\xbf"
site_bytes = SITE_TEXT.encode("utf-8")
add("bom", "bom-then-truncated", BOM + site_bytes[:40], "a UTF-8 BOM before a truncated body", "not JSON", 400)
add("bom", "double-bom", BOM + BOM + site_bytes, "two UTF-8 BOMs before the body", "not JSON", 400)
add("bom", "bom-between-members", site_bytes.replace(b', "status"', b", " + BOM + b'"status"'),
    "a BOM between two members", "not JSON", 400)
add("bom", "bom-after-body", site_bytes + BOM, "a BOM after the body", "not JSON", 400)
add("bom", "bom-only", BOM, "a BOM and nothing else", "not JSON", 400)
add("bom", "utf16le-with-bom", b"\xff\xfe" + SITE_TEXT.encode("utf-16-le"), "UTF-16LE with its BOM, sent as UTF-8 JSON",
    "UTF-8", 400)
add("bom", "utf16be-with-bom", b"\xfe\xff" + SITE_TEXT.encode("utf-16-be"), "UTF-16BE with its BOM", "UTF-8", 400)
add("bom", "utf16le-without-bom", SITE_TEXT.encode("utf-16-le"), "UTF-16LE without a BOM", "UTF-8", 400)
add("bom", "utf32le-with-bom", b"\xff\xfe\x00\x00" + SITE_TEXT.encode("utf-32-le"), "UTF-32LE with its BOM", "UTF-8", 400)
add("bom", "bom-and-unknown-category", BOM + json.dumps(site(category="casino")).encode(),
    "a BOM before a site of an unknown category: refused for one or the other", [], "4xx")

# --- invalid UTF-8 -------------------------------------------------------------------------------------------------
for slug, raw in [("lone-continuation", b"\x80"), ("overlong-slash", b"\xc0\xaf"), ("truncated-sequence", b"\xe4\xb8"),
                  ("encoded-surrogate", b"\xed\xa0\x80"), ("byte-ff", b"\xff"), ("latin1-e-acute", b"\xe9"),
                  ("five-byte-form", b"\xf8\x88\x80\x80\x80"), ("beyond-u10ffff", b"\xf4\x90\x80\x80")]:
    add("utf8", f"{slug}-in-name", site_bytes.replace("Huayang Talent".encode(), b"Huayang " + raw + b" Talent"),
        f"invalid UTF-8 ({slug}) in name_en", "UTF-8", 400)
add("utf8", "invalid-in-key", site_bytes.replace(b'"capacity"', b'"capa\xffcity"'), "invalid UTF-8 in a property key",
    "UTF-8", 400)
add("utf8", "invalid-in-category", site_bytes.replace(b"talent_service", b"talent\xc3_service"),
    "invalid UTF-8 in the category", "UTF-8", 400)
add("utf8", "lone-high-surrogate-escape", SITE_TEXT.replace("Huayang Talent", "Huayang \\ud800 Talent"),
    "an escaped lone high surrogate in name_en", "name_en", "4xx")
add("utf8", "lone-low-surrogate-escape", SITE_TEXT.replace("华阳", "\\udc00"),
    "an escaped lone low surrogate in name_zh", "name_zh", "4xx")
add("utf8", "reversed-surrogates-escape", SITE_TEXT.replace("talent_service", "\\udc00\\ud800"),
    "escaped surrogates in the wrong order in the category", "category", "4xx")

# --- control characters --------------------------------------------------------------------------------------------
for code in (0x00, 0x01, 0x08, 0x09, 0x0A, 0x1B, 0x1F):
    add("control", f"raw-{code:02x}-in-name", SITE_TEXT.replace("Huayang Talent", f"Huayang{chr(code)}Talent"),
        f"a raw U+{code:04X} inside a string (JSON forbids it)", "not JSON", 400)
for field, slug in [("name_en", "name"), ("name_zh", "name-zh"), ("category", "category"), ("capacity", "key")]:
    if field == "capacity":
        text = SITE_TEXT.replace('"capacity"', '"capa\\u0000city"')
    else:
        text = SITE_TEXT.replace(f'"{field}": "', f'"{field}": "x\\u0000', 1)
    add("control", f"escaped-nul-in-{slug}", text, f"an escaped NUL (U+0000, which PostgreSQL cannot store) in {field}",
        "U+0000", 422)
add("control", "escaped-nul-in-id", json.dumps({**site(), "id": "site-\u0000evil"}), "an escaped NUL in the id", "U+0000", 422)
add("control", "escaped-controls-in-id", json.dumps({**site(), "id": "site-\u001b[31mred"}),
    "an escape sequence (U+001B) in the id", "id", 422)
add("control", "newline-in-id", json.dumps({**site(), "id": "site-a\nb"}), "a newline in the id", "id", 422)
add("control", "escaped-nul-in-plan-theme", json.dumps(zone(theme="a\u0000b"), ensure_ascii=True),
    "an escaped NUL in a plan element's theme", "U+0000", 422, collection="plan")

# --- duplicated keys -----------------------------------------------------------------------------------------------
add("duplicate", "type", SITE_TEXT.replace('{"type": "Feature",', '{"type": "Feature", "type": "FeatureCollection",'),
    "the member type twice", "type", 400)
add("duplicate", "geometry", SITE_TEXT.replace('"properties":', '"geometry": {"type": "Point", "coordinates": [0, 0]}, "properties":'),
    "the member geometry twice", "geometry", 400)
add("duplicate", "properties", SITE_TEXT[:-1] + ', "properties": {}}', "the member properties twice", "properties", 400)
add("duplicate", "name-zh", SITE_TEXT.replace('"name_en":', '"name_zh": "另一个", "name_en":'), "name_zh twice", "name_zh", 400)
add("duplicate", "category", SITE_TEXT.replace('"status":', '"category": "casino", "status":'), "category twice", "category", 400)
add("duplicate", "coordinates", SITE_TEXT.replace('"coordinates": [104.0701, 30.4802]',
                                                  '"coordinates": [104.0701, 30.4802], "coordinates": [0, 0]'),
    "coordinates twice", "coordinates", 400)
add("duplicate", "id", '{"id": "site-a", "id": "site-b", ' + SITE_TEXT[1:], "the id twice", "id", 400)
add("duplicate", "in-patch", '{"properties": {"name_en": "A", "name_en": "B"}}', "a merge patch naming name_en twice",
    "name_en", 400, method="PATCH", content_type=PATCH)

# --- wrong top-level types -----------------------------------------------------------------------------------------
for slug, text in [("array", "[1, 2]"), ("array-of-feature", "[" + SITE_TEXT + "]"), ("string", '"Feature"'),
                   ("number", "42"), ("true", "true"), ("false", "false"), ("null", "null")]:
    add("toplevel", slug, text, f"a JSON {slug} instead of a Feature object", "Feature", 400)
add("toplevel", "empty-object", "{}", "an empty object", "type", 422)
add("toplevel", "feature-collection", {"type": "FeatureCollection", "features": [SITE]}, "a FeatureCollection of one site",
    "FeatureCollection", 422)
add("toplevel", "bare-geometry", point(104.07, 30.48), "a bare Point geometry", "Point", 422)
add("toplevel", "wrapped-feature", {"feature": SITE}, "the feature wrapped in another object", "type", 422)
add("toplevel", "lowercase-type", {**site(), "type": "feature"}, "\"type\": \"feature\" (lower case)", "feature", 422)
add("toplevel", "numeric-type", {**site(), "type": 1}, "\"type\": 1", "type", 422)
add("toplevel", "properties-array", {**site(), "properties": [1, 2]}, "properties as an array", "properties", 422)
add("toplevel", "properties-string", {**site(), "properties": "name_zh=x"}, "properties as a string", "properties", 422)
add("toplevel", "patch-array", "[]", "a merge patch that is an array", "Feature", 400, method="PATCH", content_type=PATCH)
add("toplevel", "patch-null", "null", "a merge patch that is null", "Feature", 400, method="PATCH", content_type=PATCH)
add("toplevel", "put-array", "[" + SITE_TEXT + "]", "a replacement that is an array", "Feature", 400, method="PUT")

# --- geometry types the layer does not take ------------------------------------------------------------------------
LINE = {"type": "LineString", "coordinates": [[104.07, 30.48], [104.08, 30.49]]}
for slug, geometry in [
    ("linestring", LINE),
    ("polygon", polygon(*SQUARE)),
    ("multipoint", {"type": "MultiPoint", "coordinates": [[104.07, 30.48], [104.08, 30.49]]}),
    ("multilinestring", {"type": "MultiLineString", "coordinates": [LINE["coordinates"]]}),
    ("multipolygon", {"type": "MultiPolygon", "coordinates": [SQUARE]}),
    ("geometrycollection", {"type": "GeometryCollection", "geometries": [point(104.07, 30.48)]}),
]:
    add("geomtype", f"site-{slug}", site_at(geometry), f"a {slug} for a site (sites are points)", "Point", 422)
for slug, geometry, names in [
    ("unknown-type", {"type": "Circle", "coordinates": [104.07, 30.48], "radius": 5}, "Circle"),
    ("lowercase-point", {"type": "point", "coordinates": [104.07, 30.48]}, "point"),
    ("no-type", {"coordinates": [104.07, 30.48]}, "geometry"),
    ("no-coordinates", {"type": "Point"}, "geometry"),
    ("null", None, "geometry"),
    ("string", "POINT(104.07 30.48)", "geometry"),
    ("array", [104.07, 30.48], "geometry"),
    ("feature-as-geometry", SITE, "geometry"),
]:
    add("geomtype", f"site-{slug}", site_at(geometry), f"a site whose geometry is {slug.replace('-', ' ')}", names, 422)
add("geomtype", "site-missing-geometry", {k: v for k, v in SITE.items() if k != "geometry"}, "a site without geometry",
    "geometry", 422)
for slug, kind, geometry, names in [
    ("zone-linestring", "zone", LINE, "LineString"),
    ("zone-point", "zone", point(104.07, 30.48), "Point"),
    ("belt-point", "belt", point(104.07, 30.48), "Point"),
    ("axis-polygon", "axis", polygon(*SQUARE), "Polygon"),
    ("axis-multilinestring", "axis", {"type": "MultiLineString", "coordinates": [LINE["coordinates"]]}, "MultiLineString"),
    ("point-polygon", "point", polygon(*SQUARE), "Polygon"),
    ("point-multipoint", "point", {"type": "MultiPoint", "coordinates": [[104.07, 30.48]]}, "MultiPoint"),
    ("zone-geometrycollection", "zone", {"type": "GeometryCollection", "geometries": [polygon(*SQUARE)]}, "GeometryCollection"),
]:
    add("geomtype", f"plan-{slug}", zone(geometry, kind=kind), f"a plan {kind} with a {names}", names, 422, collection="plan")
add("geomtype", "plan-put-zone-as-line", zone(LINE), "replacing a zone by a line", "LineString", 422, method="PUT",
    collection="plan")

# --- invalid polygons ----------------------------------------------------------------------------------------------
for slug, geometry, names in [
    ("bowtie", polygon([[104.07, 30.48], [104.08, 30.49], [104.08, 30.48], [104.07, 30.49], [104.07, 30.48]]), "Self-intersection"),
    ("figure-eight-ring", polygon([[104.07, 30.48], [104.09, 30.48], [104.07, 30.50], [104.09, 30.50], [104.07, 30.48]]), "Self-intersection"),
    ("unclosed-ring", polygon([[104.07, 30.48], [104.08, 30.48], [104.08, 30.49], [104.07, 30.49]]), "geometry"),
    ("three-positions", polygon([[104.07, 30.48], [104.08, 30.48], [104.07, 30.48]]), "geometry"),
    ("two-positions", polygon([[104.07, 30.48], [104.07, 30.48]]), "geometry"),
    ("one-position", polygon([[104.07, 30.48]]), "geometry"),
    ("zero-area", polygon([[104.07, 30.48], [104.08, 30.48], [104.09, 30.48], [104.07, 30.48]]), "geometry"),
    ("hole-outside-shell", polygon(SQUARE[0], [[104.10, 30.50], [104.11, 30.50], [104.11, 30.51], [104.10, 30.50]]), "geometry"),
    ("hole-bigger-than-shell", polygon(SQUARE[0], [[104.06, 30.47], [104.09, 30.47], [104.09, 30.50], [104.06, 30.50], [104.06, 30.47]]), "geometry"),
    ("overlapping-holes", polygon(SQUARE[0], [[104.072, 30.482], [104.076, 30.482], [104.076, 30.486], [104.072, 30.482]],
                                  [[104.074, 30.482], [104.078, 30.482], [104.078, 30.486], [104.074, 30.482]]), "geometry"),
    ("spike", polygon([[104.07, 30.48], [104.08, 30.48], [104.09, 30.48], [104.08, 30.48], [104.08, 30.49], [104.07, 30.48]]), "geometry"),
    ("overlapping-multipolygon", {"type": "MultiPolygon", "coordinates": [SQUARE, [[[104.075, 30.485], [104.085, 30.485],
                                                                                     [104.085, 30.495], [104.075, 30.485]]]]}, "geometry"),
    ("ring-of-strings", polygon([["104.07", "30.48"], ["104.08", "30.48"], ["104.08", "30.49"], ["104.07", "30.48"]]), "geometry"),
    ("ring-not-nested", {"type": "Polygon", "coordinates": SQUARE[0]}, "geometry"),
    ("position-of-one-number", polygon([[104.07], [104.08, 30.48], [104.08, 30.49], [104.07]]), "geometry"),
    ("null-position", polygon([[104.07, 30.48], None, [104.08, 30.49], [104.07, 30.48]]), "geometry"),
]:
    add("polygon", slug, zone(geometry), f"a zone whose polygon is invalid: {slug.replace('-', ' ')}", names, 422,
        collection="plan")
for slug, geometry in [
    ("one-number", {"type": "Point", "coordinates": [104.07]}),
    ("strings", {"type": "Point", "coordinates": ["104.07", "30.48"]}),
    ("nested", {"type": "Point", "coordinates": [[104.07, 30.48]]}),
    ("nulls", {"type": "Point", "coordinates": [None, None]}),
    ("booleans", {"type": "Point", "coordinates": [True, False]}),
    ("object", {"type": "Point", "coordinates": {"x": 104.07, "y": 30.48}}),
]:
    add("polygon", f"point-{slug}", site_at(geometry), f"a site whose point has {slug}", "geometry", 422)
add("polygon", "axis-one-position", zone({"type": "LineString", "coordinates": [[104.07, 30.48]]}, kind="axis"),
    "an axis of one position", "geometry", 422, collection="plan")
add("polygon", "axis-repeated-position", zone({"type": "LineString", "coordinates": [[104.07, 30.48], [104.07, 30.48]]}, kind="axis"),
    "an axis of one position twice", "geometry", 422, collection="plan")

# --- empty geometries ----------------------------------------------------------------------------------------------
for slug, geometry, collection in [
    ("point", {"type": "Point", "coordinates": []}, "sites"),
    ("multipoint", {"type": "MultiPoint", "coordinates": []}, "sites"),
    ("linestring", {"type": "LineString", "coordinates": []}, "plan"),
    ("polygon", {"type": "Polygon", "coordinates": []}, "plan"),
    ("polygon-empty-ring", {"type": "Polygon", "coordinates": [[]]}, "plan"),
    ("multipolygon", {"type": "MultiPolygon", "coordinates": []}, "plan"),
    ("multipolygon-of-empty", {"type": "MultiPolygon", "coordinates": [[]]}, "plan"),
    ("geometrycollection", {"type": "GeometryCollection", "geometries": []}, "plan"),
    ("empty-object", {}, "sites"),
]:
    body = site_at(geometry) if collection == "sites" else zone(geometry, kind="axis" if slug == "linestring" else "zone")
    add("empty", slug, body, f"an empty {slug.replace('-', ' ')} geometry", "geometry", 422, collection=collection)

# --- numbers: NaN, Infinity, overflow, -0, huge ----------------------------------------------------------------------
for slug, x, y in [("nan", "NaN", "30.48"), ("infinity", "Infinity", "30.48"), ("minus-infinity", "104.07", "-Infinity"),
                   ("nan-lowercase", "nan", "30.48")]:
    add("number", f"coordinate-{slug}", SITE_TEXT.replace("[104.0701, 30.4802]", f"[{x}, {y}]"),
        f"a coordinate written {x} {y} (not JSON)", "not JSON", 400)
add("number", "capacity-nan", SITE_TEXT.replace("120", "NaN"), "capacity NaN (not JSON)", "not JSON", 400)
for slug, x, y, names in [
    ("lon-1e400", "1e400", "30.48", "geometry"), ("lat-1e400", "104.07", "1e400", "geometry"),
    ("lon-minus-1e400", "-1e400", "30.48", "geometry"), ("lon-1e308", "1e308", "30.48", "longitude"),
    ("lat-max-double", "104.07", "1.7976931348623157e308", "latitude"), ("lon-30-digits", "123456789012345678901234567890", "30.48", "longitude"),
    ("lat-91", "104.07", "91", "latitude"), ("lat-minus-90.0001", "104.07", "-90.0001", "latitude"),
    ("lon-180.0001", "180.0001", "30.48", "longitude"), ("lon-minus-540", "-540", "30.48", "longitude"),
    ("swapped-lat-lon", "30.4802", "104.0701", "latitude"),
    ("minus-zero-both", "-0", "-0", "geometry"), ("minus-zero-lon", "-0.0", "30.4802", "geometry"),
    ("null-island", "0", "0", "geometry"), ("antipode", "-75.93", "-30.48", "geometry"),
    ("underflow-1e-400", "1e-400", "1e-400", "geometry"),
]:
    add("number", f"coordinate-{slug}", SITE_TEXT.replace("[104.0701, 30.4802]", f"[{x}, {y}]"),
        f"a site at ({x}, {y})", names, 422)
for slug, value, names in [("1e400", "1e400", "capacity"), ("minus-1e400", "-1e400", "capacity"),
                           ("1e10", "1e10", "capacity"), ("fraction", "1.5", "capacity"), ("negative", "-1", "capacity"),
                           ("minus-zero-and-no-name", "-0", "name_zh")]:
    text = SITE_TEXT.replace('"capacity": 120', f'"capacity": {value}')
    if slug.endswith("no-name"):
        text = text.replace('"name_zh": "华阳国际人才公寓", ', "")
    add("number", f"capacity-{slug}", text, f"capacity {value}" + (" and no name_zh" if "no-name" in slug else ""), names, 422)
add("number", "unknown-property-1e400", SITE_TEXT.replace('"capacity": 120', '"capacity": 120, "floors": 1e400'),
    "a property outside the schema of 1e400", "floors", 422)
add("number", "zone-vertex-1e400", json.dumps(zone()).replace("104.08, 30.49", "104.08, 1e400"),
    "a zone with one vertex at latitude 1e400", "geometry", 422, collection="plan")

# --- CRS: unknown, wrong, missing, out of the CRS's range ------------------------------------------------------------
for slug, header in [("unknown-epsg", "<http://www.opengis.net/def/crs/EPSG/0/9999>"), ("garbage", "<not a crs>"),
                     ("empty", "<>"), ("gcj02", "GCJ-02"), ("two-values", EPSG4544 + ", " + EPSG4326),
                     ("sql", "<http://www.opengis.net/def/crs/EPSG/0/4544'; DROP TABLE huayang.sites; -->"),
                     ("utm-not-served", "<http://www.opengis.net/def/crs/EPSG/0/32648>"), ("urn-unknown", "urn:ogc:def:crs:EPSG::1")]:
    add("crs", f"content-crs-{slug}", site(), f"Content-Crs {slug}", "Content-Crs", 400, crs=header)
add("crs", "4544-without-content-crs", site_at(point(*SITE_4544)), "EPSG:4544 metres sent without Content-Crs", "longitude", 422)
add("crs", "4544-easting-first", site_at(point(SITE_4544[1], SITE_4544[0])),
    "EPSG:4544 easting first (Part 2 orders it northing first)", "EPSG:4544", 422, crs=EPSG4544)
add("crs", "4544-degrees", site(), "degrees sent with Content-Crs EPSG:4544", "EPSG:4544", 422, crs=EPSG4544)
add("crs", "4544-huge", site_at(point(1e7, 1e7)), "EPSG:4544 at (1e7, 1e7) m", "EPSG:4544", 422, crs=EPSG4544)
add("crs", "4544-negative", site_at(point(-3373714.244, -410710.604)), "EPSG:4544 negative metres", "EPSG:4544", 422, crs=EPSG4544)
add("crs", "4544-origin", site_at(point(0, 500000)), "EPSG:4544 on the equator", "EPSG:4544", 422, crs=EPSG4544)
add("crs", "4544-1e400", SITE_TEXT.replace("[104.0701, 30.4802]", "[1e400, 410710.604]"),
    "EPSG:4544 northing 1e400", "geometry", 422, crs=EPSG4544)
add("crs", "4544-right-but-unknown-category", site_at(point(*SITE_4544), category="casino"),
    "a correct EPSG:4544 body of an unknown category", "casino", 422, crs=EPSG4544)
add("crs", "4326-lon-first", site(), "EPSG:4326 longitude first (Part 2 orders it latitude first)", "latitude", 422, crs=EPSG4326)
add("crs", "3857-degrees", site(), "degrees sent as EPSG:3857 metres", "EPSG:3857", 422, crs=EPSG3857)
add("crs", "3857-beyond-mercator", site_at(point(3e7, 3e7)), "EPSG:3857 beyond the Mercator square", "EPSG:3857", 422, crs=EPSG3857)
add("crs", "member-disagrees", {**site(), "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4544"}}},
    "a crs member naming EPSG:4544 over CRS84 degrees", "crs", 422)
add("crs", "member-unknown", {**site(), "crs": {"type": "name", "properties": {"name": "EPSG:9999"}}},
    "a crs member naming an unknown CRS", "crs", 422)
add("crs", "patch-4544-without-content-crs", {"geometry": point(*SITE_4544)}, "a patch moving a site to EPSG:4544 metres without Content-Crs",
    "longitude", 422, method="PATCH", content_type=PATCH)
add("crs", "zone-4544-without-content-crs",
    zone(polygon([[3373714, 410710], [3373692, 410700], [3374793, 411670], [3373714, 410710]])),
    "a zone in EPSG:4544 metres without Content-Crs", "longitude", 422, collection="plan")


# --- deeply nested JSON (the limit is 32) -----------------------------------------------------------------------------
def nest(depth, leaf="1"):
    return "[" * depth + leaf + "]" * depth


for depth in (33, 64, 1000, 100000):
    add("depth", f"arrays-{depth}", nest(depth), f"{depth} nested arrays", "depth", 400)
add("depth", "objects-40-in-properties",
    SITE_TEXT.replace('"capacity": 120', '"capacity": 120, "deep": ' + '{"a": ' * 40 + "1" + "}" * 40),
    "an object 40 deep in the properties", "depth", 400)
add("depth", "coordinates-40", SITE_TEXT.replace("[104.0701, 30.4802]", nest(40, "104.07, 30.48")),
    "coordinates nested 40 deep", "depth", 400)
add("depth", "patch-objects-50", '{"properties": ' * 50 + "1" + "}" * 50, "a merge patch 50 objects deep", "depth", 400,
    method="PATCH", content_type=PATCH)
add("depth", "objects-10000", '{"a":' * 10000 + "1" + "}" * 10000, "10000 nested objects", "depth", 400)

# --- numbers where strings belong and strings where numbers belong ---------------------------------------------------
for slug, field, value in [
    ("name-zh-number", "name_zh", 123), ("name-en-array", "name_en", ["a"]), ("name-en-object", "name_en", {"en": "a"}),
    ("name-zh-bool", "name_zh", True), ("category-number", "category", 1), ("status-number", "status", 0),
    ("plan-element-number", "plan_element", 5), ("community-bool", "community_id", True),
    ("capacity-string", "capacity", "120"), ("capacity-word", "capacity", "lots"), ("capacity-bool", "capacity", True),
    ("capacity-array", "capacity", [120]), ("capacity-object", "capacity", {"value": 120}),
    ("id-in-properties-number", "id", 12),
]:
    add("type", slug, site(**{field: value}), f"{field} as {json.dumps(value)}", field, 422)
add("type", "plan-kind-number", zone(kind=3), "a plan kind of 3", "kind", 422, collection="plan")
add("type", "plan-theme-array", zone(theme=["a", "b"]), "a plan theme as an array", "theme", 422, collection="plan")
add("type", "properties-id-object", site(id={"id": "x"}), "properties.id that is an object", "properties.id", 400)
add("type", "feature-id-object", {**site(), "id": {"x": 1}}, "a Feature id that is an object", "id", "4xx")
add("type", "feature-id-bool", {**site(), "id": True}, "a Feature id that is true", "id", "4xx")
add("type", "patch-capacity-string", {"properties": {"capacity": "many"}}, "a patch making capacity a string", "capacity", 422,
    method="PATCH", content_type=PATCH)

# --- over-long strings ---------------------------------------------------------------------------------------------
for slug, field, length in [("name-zh-100k", "name_zh", 100000), ("name-en-100k", "name_en", 100000),
                            ("category-10k", "category", 10000), ("community-5k", "community_id", 5000),
                            ("plan-element-500k", "plan_element", 500000)]:
    add("longstring", slug, site(**{field: "长" * length if field == "name_zh" else "x" * length}),
        f"{field} of {length} characters", field, 422)
add("longstring", "id-10k", {**site(), "id": "site-" + "x" * 10000}, "an id of 10,005 characters", "id", 422)
add("longstring", "key-10k", SITE_TEXT.replace('"capacity": 120', '"capacity": 120, "' + "k" * 10000 + '": 1'),
    "a property key of 10,000 characters", "kkkk", 422)
add("longstring", "theme-200k", zone(theme="t" * 200000), "a plan theme of 200,000 characters", "theme", 422, collection="plan")
add("longstring", "patch-name-en-200k", {"properties": {"name_en": "n" * 200000}}, "a patch setting name_en to 200,000 characters",
    "name_en", 422, method="PATCH", content_type=PATCH)
add("longstring", "many-properties", site(**{f"p{i}": i for i in range(20000)}), "20,000 properties outside the schema",
    "properties", 422)

# --- unknown categories, statuses, kinds ------------------------------------------------------------------------------
for slug, field, value in [("casino", "category", "casino"), ("empty", "category", ""), ("spaces", "category", "   "),
                           ("padded", "category", " talent_service"), ("upper", "category", "TALENT_SERVICE"),
                           ("null", "category", None), ("status-closed", "status", "closed"), ("status-case", "status", "Existing"),
                           ("status-empty", "status", ""), ("status-null", "status", None)]:
    body = site(**{field: value}) if value is not None else site(**{field: None})
    if value is None:
        body["properties"][field] = None
    add("vocabulary", slug, body, f"{field} {json.dumps(value)}", field, 422)
for slug, value in [("kind-tower", "tower"), ("kind-empty", ""), ("kind-upper", "Zone")]:
    add("vocabulary", slug, zone(kind=value), f"a plan kind {json.dumps(value)}", "kind", 422, collection="plan")

# --- references to ids that do not exist -----------------------------------------------------------------------------
for slug, field, value in [("plan-element", "plan_element", "zone-nowhere"), ("community", "community_id", "atlantis"),
                           ("plan-element-empty", "plan_element", ""), ("community-is-a-site", "community_id", "site-sports-town"),
                           ("plan-element-is-a-community", "plan_element", "hubin"), ("community-case", "community_id", "Hubin"),
                           ("community-padded", "community_id", "hubin "), ("plan-element-deleted-never", "plan_element", "zone-health-sports-2")]:
    add("reference", slug, site(**{field: value}), f"{field} {json.dumps(value)} names no feature", value or field, 422)
add("reference", "patch-community", {"properties": {"community_id": "atlantis"}}, "a patch moving a site to a community that does not exist",
    "atlantis", 422, method="PATCH", content_type=PATCH)
add("reference", "put-plan-element", site(plan_element="zone-gone"), "a replacement naming a plan element that does not exist",
    "zone-gone", 422, method="PUT")

# --- SQL fragments in ids, names, keys and references --------------------------------------------------------------
SQL = ["'; DROP TABLE huayang.sites; --", "x' OR '1'='1", "1); DELETE FROM huayang.feature_history; --",
       "$$; TRUNCATE huayang.plan; $$", "\\'; SELECT pg_sleep(10); --"]
for i, fragment in enumerate(SQL, 1):
    add("sql", f"category-{i}", site(category=fragment), f"SQL in the category: {fragment}", fragment, 422)
    add("sql", f"plan-element-{i}", site(plan_element=fragment), f"SQL in a reference (checked in the database): {fragment}",
        fragment, 422)
    add("sql", f"id-{i}", {**site(status="closed"), "id": "site-" + fragment}, f"SQL in the id of a site that is refused: {fragment}",
        "closed", 422)
add("sql", "name-and-bad-status", site(name_en="Robert'); DROP TABLE huayang.sites;--", status="gone"),
    "SQL in a name beside a status not allowed", "gone", 422)
add("sql", "key-and-bad-category", site(**{"x'); DROP TABLE huayang.sites; --": 1, "category": "casino"}),
    "SQL as a property key beside an unknown category", "casino", 422)
add("sql", "path-id-put", site(), "SQL in the id of the address (PUT)", "DROP", 404, method="PUT",
    feature="site-sports-town'; DROP TABLE huayang.sites; --")
add("sql", "path-id-patch", {"properties": {"capacity": 1}}, "SQL in the id of the address (PATCH)", "OR", 404, method="PATCH",
    feature="x' OR '1'='1", content_type=PATCH)
add("sql", "path-collection", site(), "SQL in the collection of the address", "sites;", 404,
    collection="sites; DROP TABLE huayang.sites")
add("sql", "plan-kind", zone(kind="zone'; DROP TABLE huayang.plan; --"), "SQL in a plan kind", "kind", 422, collection="plan")

# --- ids that disagree with the address, patches that change the id ---------------------------------------------------
for slug, body, names in [
    ("put-feature-id", {**site(), "id": "site-other"}, "site-other"),
    ("put-properties-id", site(id="site-other"), "site-other"),
    ("put-numeric-id", {**site(), "id": 5}, "5"),
    ("put-empty-id", {**site(), "id": ""}, "id"),
    ("put-padded-id", {**site(), "id": " site-sports-town"}, "site-sports-town"),
    ("put-upper-id", {**site(), "id": "SITE-SPORTS-TOWN"}, "SITE-SPORTS-TOWN"),
    ("put-ids-disagree", {**site(id="site-evil"), "id": "site-sports-town"}, "site-evil"),
]:
    add("id", slug, body, f"PUT on site-sports-town with {slug.replace('put-', '').replace('-', ' ')}", names, 400, method="PUT")
add("id", "post-ids-disagree", {**site(id="site-b"), "id": "site-a"}, "POST with a Feature id and a properties id that differ",
    "site-b", 400)
add("id", "post-empty-id", {**site(), "id": ""}, "POST with an empty id", "id", 422)
add("id", "post-blank-properties-id", site(id="   "), "POST with a blank properties id", "id", 422)
add("id", "post-taken-id", {**site(), "id": "site-talent-hub"}, "POST with an id that is taken", "site-talent-hub", 409)
add("id", "post-plan-taken-id", {**zone(), "id": "axis-tianfu"}, "POST to the plan with a taken id", "axis-tianfu", 409,
    collection="plan")
for slug, body, names in [
    ("patch-feature-id", {"id": "site-new"}, "site-new"),
    ("patch-properties-id", {"properties": {"id": "site-new"}}, "site-new"),
    ("patch-numeric-id", {"id": 7}, "7"),
    ("patch-plan-id", {"id": "zone-new"}, "zone-new"),
]:
    add("id", slug, body, f"a merge patch changing the id ({slug})", names, 400, method="PATCH", content_type=PATCH,
        collection="plan" if "plan" in slug else "sites")
add("id", "put-missing-feature", site(), "PUT on a feature that does not exist", "site-never-was", 404, method="PUT",
    feature="site-never-was")

# --- patches that remove required fields or break the geometry ---------------------------------------------------------
for field in ("name_zh", "name_en", "category", "status"):
    add("patch", f"remove-{field.replace('_', '-')}", {"properties": {field: None}}, f"a merge patch removing {field}", field, 422,
        method="PATCH", content_type=PATCH)
add("patch", "remove-properties", {"properties": None}, "a merge patch removing every property", "name_zh", 422, method="PATCH",
    content_type=PATCH)
add("patch", "remove-geometry", {"geometry": None}, "a merge patch removing the geometry", "geometry", 422, method="PATCH",
    content_type=PATCH)
add("patch", "remove-type", {"type": None}, "a merge patch removing the type", "type", 422, method="PATCH", content_type=PATCH)
add("patch", "remove-coordinates", {"geometry": {"coordinates": None}}, "a merge patch removing the coordinates", "geometry", 422,
    method="PATCH", content_type=PATCH)
add("patch", "point-to-line-type", {"geometry": {"type": "LineString"}}, "a merge patch turning the point's type into LineString",
    "geometry", 422, method="PATCH", content_type=PATCH)
add("patch", "line-coordinates", {"geometry": {"coordinates": [[104.07, 30.48], [104.08, 30.49]]}},
    "a merge patch giving the point a line's coordinates", "geometry", 422, method="PATCH", content_type=PATCH)
add("patch", "type-collection", {"type": "FeatureCollection"}, "a merge patch making it a FeatureCollection", "FeatureCollection",
    422, method="PATCH", content_type=PATCH)
add("patch", "properties-string", {"properties": "none"}, "a merge patch replacing properties by a string", "properties", 422,
    method="PATCH", content_type=PATCH)
add("patch", "zone-to-axis", {"properties": {"kind": "axis"}}, "a merge patch making a polygon zone an axis", "axis", 422,
    method="PATCH", content_type=PATCH, collection="plan")
add("patch", "remove-kind", {"properties": {"kind": None}}, "a merge patch removing a plan element's kind", "kind", 422,
    method="PATCH", content_type=PATCH, collection="plan")
add("patch", "zone-bowtie", {"geometry": polygon([[104.07, 30.48], [104.08, 30.49], [104.08, 30.48], [104.07, 30.49], [104.07, 30.48]])},
    "a merge patch making the zone a bow tie", "Self-intersection", 422, method="PATCH", content_type=PATCH, collection="plan")
add("patch", "axis-to-point", {"geometry": point(104.07, 30.48)}, "a merge patch making the axis a point", "Point", 422,
    method="PATCH", content_type=PATCH, collection="plan", feature="axis-tianfu")
add("patch", "geometry-empty-object", {"geometry": {"type": "Point", "coordinates": []}}, "a merge patch emptying the point",
    "geometry", 422, method="PATCH", content_type=PATCH, feature="site-talent-hub")
add("patch", "status-and-sql-key", {"properties": {"status": "demolished", "'; --": None}}, "a merge patch with a status not allowed",
    "demolished", 422, method="PATCH", content_type=PATCH, feature="site-talent-hub")
add("patch", "missing-feature", {"properties": {"capacity": 3}}, "a merge patch on a feature that does not exist", "site-never-was",
    404, method="PATCH", content_type=PATCH, feature="site-never-was")

# --- content types -------------------------------------------------------------------------------------------------
for slug, content_type in [("text-plain", "text/plain"), ("xml", "application/xml"), ("form", "application/x-www-form-urlencoded"),
                           ("multipart", "multipart/form-data; boundary=x"), ("none", None), ("merge-patch-for-post", PATCH),
                           ("geojsonx", "application/geo+jsonx"), ("wildcard", "*/*"), ("octet-stream", "application/octet-stream"),
                           ("json-seq", "application/geo+json-seq"), ("html", "text/html")]:
    add("contenttype", f"post-{slug}", site(category="casino"), f"POST with Content-Type {content_type}", "media type", 415,
        content_type=content_type)
for slug, content_type in [("geojson", GEO), ("json-patch", "application/json-patch+json"), ("text", "text/plain"), ("none", None)]:
    add("contenttype", f"patch-{slug}", {"properties": {"capacity": 1}}, f"PATCH with Content-Type {content_type}", "media type",
        415, method="PATCH", content_type=content_type)
add("contenttype", "put-merge-patch", site(), "PUT with the merge patch type", "media type", 415, method="PUT", content_type=PATCH)
add("contenttype", "put-text", site(), "PUT with text/plain", "media type", 415, method="PUT", content_type="text/plain")
add("contenttype", "utf16-charset", SITE_TEXT.encode("utf-16-le"), "UTF-16 with charset=utf-16 (bodies are UTF-8)", [], "4xx",
    content_type="application/geo+json; charset=utf-16")

# --- empty bodies --------------------------------------------------------------------------------------------------
for method, content_type in [("POST", GEO), ("PUT", GEO), ("PATCH", PATCH)]:
    add("emptybody", method.lower(), b"", f"{method} with an empty body", "not JSON", 400, method=method, content_type=content_type)
    add("emptybody", f"{method.lower()}-whitespace", " \r\n\t ", f"{method} with only whitespace", "not JSON", 400, method=method,
        content_type=content_type)
add("emptybody", "post-no-type", b"", "an empty POST without Content-Type", "media type", 415, content_type=None)
add("emptybody", "plan-post", b"", "an empty POST to the plan", "not JSON", 400, collection="plan")

with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as f:
    json.dump({"about": "Hostile edit bodies; see make_corpus.py (which writes them) and HostileEditTests.",
               "cases": cases}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(len(cases), "cases:", ", ".join(f"{k} {v}" for k, v in counters.items()))
