"""The second half of the hostile edit corpus: CRSs, nesting, value types, limits, vocabularies, references, SQL,
ids, merge patches, content types and empty bodies (imported by make_corpus.py)."""
from corpus import *  # noqa: F401,F403

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
