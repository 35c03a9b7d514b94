// The OpenLayers map: the view (Web Mercator, opening on Huayang Street), the controls and the scale bar.
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import { fromLonLat } from 'ol/proj.js';

/** The map in #map, before any layer is added. */
export function createMap() {
  const view = new View({ center: fromLonLat([104.0513, 30.4880]), zoom: 13, maxZoom: 20 });
  return new Map({
    target: 'map',
    view,
    controls: defaultControls({ attribution: false }).extend([new ScaleLine({ units: 'metric', bar: true, steps: 4, text: true, minWidth: 120 })]),
  });
}

/** Resolves once every visible layer has loaded and drawn (the map's next rendercomplete). */
export function whenRendered(map) {
  return new Promise((resolve) => {
    map.once('rendercomplete', () => resolve(true));
    map.render();
  });
}
