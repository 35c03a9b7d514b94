"""The state and helpers of the hostile edit corpus: the valid bodies the cases spoil, and add(), which writes one
body file and its manifest entry (make_corpus.py runs everything)."""
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


def write_manifest():
    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"about": "Hostile edit bodies; see make_corpus.py (which writes them) and HostileEditTests.",
                   "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(cases), "cases:", ", ".join(f"{k} {v}" for k, v in counters.items()))
