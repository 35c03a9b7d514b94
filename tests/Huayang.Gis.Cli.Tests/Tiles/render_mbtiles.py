"""Opens an MBTiles archive of vector tiles in QGIS (headless) and renders it to a PNG.

Usage: /usr/bin/python3 render_mbtiles.py ARCHIVE.mbtiles OUT.png WIDTH HEIGHT WEST SOUTH EAST NORTH
(the extent in lon/lat degrees). Prints one line: the layer's CRS and the extent rendered. Exit 1 when QGIS cannot
open the archive as a vector tile layer or the render reports errors.
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402  (the environment must be set before Qt starts)
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def main(archive, out, width, height, lonlat):
    if not os.path.isfile(archive):
        print(f"no archive at {archive}")
        return 1
    app = QgsApplication([], False)
    app.initQgis()
    try:
        layer = QgsVectorTileLayer(f"type=mbtiles&url={archive}", "huayang")
        if not layer.isValid():
            print(f"invalid layer: {layer.error().summary()}")
            return 1
        QgsProject.instance().addMapLayer(layer)
        to_layer = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), layer.crs(), QgsProject.instance())
        extent = to_layer.transformBoundingBox(QgsRectangle(*lonlat))
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setDestinationCrs(layer.crs())
        settings.setOutputSize(QSize(width, height))
        settings.setBackgroundColor(QColor(255, 255, 255))
        settings.setExtent(extent)
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        errors = [f"{e.layerID}: {e.message}" for e in job.errors()]
        if errors:
            print("render errors: " + "; ".join(errors))
            return 1
        if not job.renderedImage().save(out, "PNG"):
            print(f"cannot write {out}")
            return 1
        print(f"valid layer in {layer.crs().authid()}; rendered {settings.visibleExtent().toString(1)}")
        return 0
    finally:
        app.exitQgis()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), [float(v) for v in sys.argv[5:9]]))
