// The one handle the browser tests (tests/Huayang.Gis.Viewer.Tests) and the load benchmark (tests/bench) drive the
// viewer through: window.huayangViewerTestHooks. It only reads the viewer's state and moves the view; nothing in the
// viewer reads it back.
import { fromLonLat } from 'ol/proj.js';
import { whenRendered } from './mapView.js';

/**
 * Sets window.huayangViewerTestHooks.
 * @param {object} viewer
 * @param {import('ol/Map.js').default} viewer.map
 * @param {import('./layerSet.js').LayerSet} viewer.layers
 * @param {Promise<unknown>} viewer.drawn settles when every layer has loaded and drawn the first time
 * @param {{ rendered: () => object[] }} [viewer.labels] the label layer (labelLayer.js)
 */
export function installTestHooks({ map, layers, drawn, labels }) {
  const hooks = {
    map,
    /** Every layer of the map by id (empty until the layer list has loaded). */
    get layers() {
      return Object.fromEntries(layers.entries.map((entry) => [entry.id, entry.layer]));
    },
    /** True once every layer has loaded and drawn the first time. */
    drawn: false,
    /** performance.now() when that happened (milliseconds after navigation), or null. */
    drawnAtMs: null,
    /** The CSS pixel of a WGS84 position inside the map element. */
    pixelOf(lon, lat) {
      return map.getPixelFromCoordinate(fromLonLat([lon, lat]));
    },
    /** The names the map's label layer drew in the last frame: { id, collection, text, box: [left, top, right, bottom] } in CSS pixels of the map. */
    labels: () => labels?.rendered() ?? [],
    /** Resolves once every visible layer has loaded and drawn. */
    whenRendered: () => whenRendered(map),
    setView(lon, lat, zoom) {
      map.getView().setCenter(fromLonLat([lon, lat]));
      map.getView().setZoom(zoom);
      return whenRendered(map);
    },
  };
  drawn.then(() => {
    hooks.drawn = true;
    hooks.drawnAtMs = performance.now();
  }, () => {});
  window.huayangViewerTestHooks = hooks;
}
