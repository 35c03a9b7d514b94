"""OWSLib (Debian python3-owslib) as a second client of the server's OGC API - Features and WMS.

Usage: /usr/bin/python3 owslib_client.py BASE_URL WEST SOUTH EAST NORTH SITE_LON SITE_LAT
Prints one JSON document: the conformance classes and collections it read, a bbox page of sites, the WMS layers with
their queryable flags and legends, the size of a GetMap picture and a GetFeatureInfo answer at the site.
"""
import json
import sys

from owslib.ogcapi.features import Features
from owslib.wms import WebMapService


def main(base, bbox, site):
    api = Features(base)
    report = {"conformsTo": api.conformance()["conformsTo"]}
    report["collections"] = [c["id"] for c in api.collections()["collections"]]
    page = api.collection_items("sites", limit=1000, bbox=bbox)
    report["bbox_sites"] = {"numberMatched": page["numberMatched"], "ids": sorted(f["id"] for f in page["features"]),
                            "names": {f["id"]: f["properties"]["name_zh"] for f in page["features"]}}
    wms = WebMapService(base + "/wms", version="1.3.0")
    report["wms_layers"] = {name: {"queryable": layer.queryable, "legend": layer.styles.get("default", {}).get("legend")}
                            for name, layer in wms.contents.items()}
    # OWSLib takes boxes as lon/lat and puts them in WMS 1.3.0's lat/lon order for EPSG:4326 itself.
    picture = wms.getmap(layers=["huayang"], styles=[""], srs="EPSG:4326", bbox=tuple(bbox), size=(400, 300), format="image/png")
    report["getmap_bytes"] = len(picture.read())
    lon, lat = site
    d = 0.001
    info = wms.getfeatureinfo(layers=["sites"], query_layers=["sites"], styles=[""], srs="EPSG:4326",
                              bbox=(lon - d, lat - d, lon + d, lat + d), size=(200, 200), format="image/png",
                              info_format="application/json", xy=(100, 100), feature_count=3)
    report["getfeatureinfo"] = json.loads(info.read())
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/"), [float(v) for v in sys.argv[2:6]], [float(v) for v in sys.argv[6:8]]))
