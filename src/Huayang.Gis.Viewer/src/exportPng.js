// Export PNG: opens the server's picture of the current view (/map.png, drawn by the SkiaSharp renderer) in a new
// window: the view's box in WGS84 lon/lat, the map's size, the visible layers the renderer draws (those the layer
// list marks "drawn", in its order) and the coverage theme when one is shown.
import { transformExtent } from 'ol/proj.js';
import { apiUrl } from './api.js';

/** /map.png draws at most this many pixels a side. */
const maxSize = 4096;

/**
 * The address of the picture of the view as it is now.
 * @param {import('ol/Map.js').default} map
 * @param {import('./layerSet.js').LayerSet} layers
 * @param {object | null} coverage the coverage answer shown as a theme, or null
 */
function exportUrl(map, layers, coverage) {
  const [width, height] = map.getSize().map((v) => Math.min(maxSize, Math.max(1, Math.round(v))));
  const bbox = transformExtent(map.getView().calculateExtent(map.getSize()), 'EPSG:3857', 'EPSG:4326')
    .map((v) => v.toFixed(6)).join(',');
  const drawn = layers.entries.filter((entry) => entry.definition?.drawn === true);
  const visible = drawn.filter((entry) => entry.layer.getVisible()).map((entry) => entry.id);
  // With every drawn layer hidden the picture still shows the bottom one rather than nothing.
  const chosen = visible.length > 0 ? visible : drawn.slice(0, 1).map((entry) => entry.id);
  const params = { bbox, width, height, layers: chosen.join(','), crs: 'EPSG:3857' };
  if (coverage) {
    Object.assign(params, { theme: 'coverage', category: coverage.category, level: coverage.level });
  }
  return apiUrl('map.png', params);
}

/** Wires #export-png. */
export function createExportButton({ map, layers, coverage }) {
  document.getElementById('export-png').addEventListener('click', () => {
    window.open(exportUrl(map, layers, coverage()), '_blank');
  });
}
