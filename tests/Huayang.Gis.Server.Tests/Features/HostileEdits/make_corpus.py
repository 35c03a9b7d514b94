#!/usr/bin/env python3
"""Writes the hostile edit corpus: one file per body and manifest.json describing how each is sent.

Run from this folder (python3 make_corpus.py); it rewrites every body file and the manifest. corpus.py holds the
helpers and the valid bodies the cases spoil; this file the first half of the cases, more_cases.py the second.
HostileEditTests reads the manifest and sends each file as it is (bytes, not re-encoded): every answer must be 4xx
problem+json naming the problem, and the tables must be exactly as they were after the whole corpus.

Manifest fields: file, method (POST, PUT, PATCH), collection, featureId (null for POST), contentType (null: no
Content-Type header), contentCrs (optional Content-Crs header), status (an exact status, or "4xx"), names (strings
the problem must contain, each naming the field or value at fault), description.
"""
from corpus import *  # noqa: F401,F403 (the helpers and the valid bodies)

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

import more_cases  # noqa: E402,F401 (the second half of the cases, added as it is imported)

write_manifest()
