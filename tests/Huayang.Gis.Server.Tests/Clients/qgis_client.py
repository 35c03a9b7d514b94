"""QGIS 3.22 (headless) as a client of a running Huayang.Gis server.

Usage: /usr/bin/python3 qgis_client.py BASE_URL OUT_DIR WEST SOUTH EAST NORTH SITE_LON SITE_LAT
Adds every collection of /collections through QGIS's OGC API - Features provider (OAPIF), the WMS (the root layer
"huayang") and the vector tiles (XYZ MVT with the server's MapLibre style), renders each to a PNG in OUT_DIR,
identifies a feature through WMS GetFeatureInfo, asks for the WMS legend, and prints one JSON document with what
QGIS saw. The bbox (WEST SOUTH EAST NORTH, lon/lat) is used for a filtered request; the identify tool clicks at the site.
"""
import json
import os
import sys
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402  (the environment must be set before Qt starts)
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsRaster,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorTileLayer,
    QgsWkbTypes,
)
from qgis.core import QgsRasterDataProvider  # noqa: E402
from qgis.PyQt.QtCore import QEventLoop, QSize, QTimer  # noqa: E402
from qgis.PyQt.QtGui import QColor, QImage  # noqa: E402


def render(layer, out, extent_lonlat, width=900, height=700):
    crs = QgsCoordinateReferenceSystem("EPSG:3857")
    to_map = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsProject.instance())
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(to_map.transformBoundingBox(QgsRectangle(*extent_lonlat)))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(out, "PNG")
    # Share of pixels that are not the white background, on a grid.
    inked = sum(1 for y in range(0, height, 4) for x in range(0, width, 4) if image.pixelColor(x, y).rgb() & 0xFFFFFF != 0xFFFFFF)
    return {"errors": [e.message for e in job.errors()], "ink": inked / ((width // 4) * (height // 4)), "file": out}


def features(base, bbox):
    with urllib.request.urlopen(f"{base}/collections?f=json") as response:
        listed = [c["id"] for c in json.load(response)["collections"]]
    answers = {}
    for name in listed:
        layer = QgsVectorLayer(f"url='{base}' typename='{name}'", name, "OAPIF")
        entry = {"valid": layer.isValid()}
        if layer.isValid():
            QgsProject.instance().addMapLayer(layer)
            names = [f.name() for f in layer.fields()]
            entry.update({
                "count": layer.featureCount(),
                "crs": layer.crs().authid(),
                "geometry": QgsWkbTypes.displayString(layer.wkbType()),
                "fields": names,
            })
            ids = []
            first = {}
            for feature in layer.getFeatures():
                ids.append(str(feature["id"]))
                if not first:
                    first = {n: (None if feature[n] is None else str(feature[n])) for n in names}
                if len(ids) > 20000:
                    break
            entry["read"] = len(ids)
            entry["first"] = first
            with_geometry = [f for f in layer.getFeatures() if f.hasGeometry()]
            entry["with_geometry"] = len(with_geometry)
            request = QgsFeatureRequest().setFilterRect(QgsRectangle(*bbox))
            entry["bbox_ids"] = sorted(str(f["id"]) for f in layer.getFeatures(request))
        else:
            entry["error"] = layer.error().summary()
        answers[name] = entry
    return listed, answers


def wms(base, out_dir, extent):
    layer = QgsRasterLayer(f"crs=EPSG:3857&dpiMode=7&format=image/png&layers=huayang&styles=&url={base}/wms", "wms", "wms")
    entry = {"valid": layer.isValid()}
    if not layer.isValid():
        entry["error"] = layer.error().summary()
        return entry
    QgsProject.instance().addMapLayer(layer)
    entry["render"] = render(layer, os.path.join(out_dir, "qgis-wms.png"), extent)
    provider = layer.dataProvider()
    entry["identify_feature"] = bool(provider.capabilities() & QgsRasterDataProvider.IdentifyFeature)
    entry["supports_legend"] = provider.supportsLegendGraphic()
    # The legend as QGIS's layer panel fetches it (GetLegendGraphic, or the LegendURL of the capabilities).
    settings = QgsMapSettings()
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setOutputSize(QSize(400, 400))
    fetcher = provider.getLegendGraphicFetcher(settings)
    answers = []
    loop = QEventLoop()
    if fetcher is not None:
        fetcher.finish.connect(lambda image: (answers.append(image), loop.quit()))
        fetcher.error.connect(lambda message: (answers.append(str(message)), loop.quit()))
        fetcher.start()
        QTimer.singleShot(30000, loop.quit)
        loop.exec_()
    legend = answers[0] if answers else None
    if isinstance(legend, QImage) and not legend.isNull():
        legend.save(os.path.join(out_dir, "qgis-wms-legend.png"), "PNG")
        entry["legend"] = {"width": legend.width(), "height": legend.height()}
    else:
        entry["legend"] = None
        entry["legend_error"] = legend if isinstance(legend, str) else "no answer"
    return entry


def identify(lon, lat):
    layer = QgsProject.instance().mapLayersByName("wms")[0]
    crs = QgsCoordinateReferenceSystem("EPSG:3857")
    point = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsProject.instance()).transform(QgsPointXY(lon, lat))
    extent = QgsRectangle(point.x() - 300, point.y() - 300, point.x() + 300, point.y() + 300)
    result = layer.dataProvider().identify(point, QgsRaster.IdentifyFormatFeature, extent, 200, 200)
    found = []
    if result.isValid():
        for value in result.results().values():
            for store in value if isinstance(value, list) else []:
                for feature in store.features():
                    found.append({f.name(): (None if feature[f.name()] is None else str(feature[f.name()])) for f in feature.fields()})
    return {"valid": result.isValid(), "features": found, "error": result.error().summary() if not result.isValid() else None}


def tiles(base, out_dir, extent, layers):
    uri = f"type=xyz&url={base}/tiles/{layers}/{{z}}/{{x}}/{{y}}.mvt&zmin=0&zmax=16&styleUrl={base}/styles/default.json"
    layer = QgsVectorTileLayer(uri, "tiles")
    entry = {"valid": layer.isValid()}
    if not layer.isValid():
        entry["error"] = layer.error().summary()
        return entry
    message, ok = layer.loadDefaultStyle()
    entry["style_loaded"] = ok
    entry["style_message"] = message
    renderer = layer.renderer()
    styles = renderer.styles() if renderer is not None and hasattr(renderer, "styles") else []
    entry["styles"] = [s.styleName() for s in styles]
    QgsProject.instance().addMapLayer(layer)
    entry["render"] = render(layer, os.path.join(out_dir, "qgis-vector-tiles.png"), extent)
    return entry


def main(base, out_dir, bbox, site):
    os.makedirs(out_dir, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()
    try:
        extent = [104.00, 30.43, 104.10, 30.55]
        listed, answers = features(base, bbox)
        report = {"collections": listed, "features": answers}
        report["wms"] = wms(base, out_dir, extent)
        report["identify"] = identify(site[0], site[1])
        report["tiles"] = tiles(base, out_dir, extent, "communities,water,roads,walkways,plan,sites")
        print(json.dumps(report, ensure_ascii=False))
        return 0
    finally:
        app.exitQgis()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/"), sys.argv[2], [float(v) for v in sys.argv[3:7]], [float(v) for v in sys.argv[7:9]]))
