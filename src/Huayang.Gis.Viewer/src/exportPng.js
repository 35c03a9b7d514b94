// Export PNG: downloads the server's picture of the current view (/map.png, drawn by the SkiaSharp renderer with its
// title, legend and scale bar): the view's box in WGS84 lon/lat (the server's bbox is always lon/lat, whatever crs it
// draws in; the view is Web Mercator, so it draws in EPSG:3857 and the box is the same rectangle), the map element's
// size, the visible layers the renderer draws (those the layer list marks "drawn", in its order) and the coverage
// theme that is on (category, level, the sites it counts and how it measures distance), and the sites the map draws
// (the categories the panel shows, the attribute table's filter). A refused request is reported in the status line.
import { transformExtent } from 'ol/proj.js';
import { apiUrl } from './api.js';
import { t } from './i18n.js';
import { showStatus } from './status.js';

/** /map.png draws at most this many pixels a side. */
const maxSize = 4096;

/**
 * The address of the picture of the view as it is now.
 * @param {import('ol/Map.js').default} map
 * @param {import('./layerSet.js').LayerSet} layers
 * @param {object | null} coverage the coverage answer shown as a theme, or null
 * @param {{ categories: string[] | null, status: string | null }} [sites] the sites drawn: their categories and
 *   status, null for all
 */
export function exportUrl(map, layers, coverage, sites = { categories: null, status: null }) {
  const size = map.getSize();
  const [width, height] = size.map((v) => Math.min(maxSize, Math.max(1, Math.round(v))));
  const bbox = transformExtent(map.getView().calculateExtent(size), 'EPSG:3857', 'EPSG:4326')
    .map((v) => v.toFixed(7)).join(',');
  const drawn = layers.entries.filter((entry) => entry.definition?.drawn === true);
  // A sites layer with every category filtered out draws nothing, on the screen and in the picture.
  const visible = drawn.filter((entry) => entry.layer.getVisible())
    .map((entry) => entry.id)
    .filter((id) => id !== 'sites' || sites.categories === null || sites.categories.length > 0);
  // With every drawn layer hidden the picture still shows the bottom one rather than nothing.
  const chosen = visible.length > 0 ? visible : drawn.slice(0, 1).map((entry) => entry.id);
  const params = { bbox, width, height, layers: chosen.join(','), crs: 'EPSG:3857' };
  if (chosen.includes('sites') && sites.categories) {
    params.site_categories = sites.categories.join(',');
  }
  if (chosen.includes('sites') && sites.status) {
    params.site_status = sites.status;
  }
  if (coverage) {
    Object.assign(params, { theme: 'coverage', category: coverage.category, level: coverage.level, status: coverage.status, method: coverage.method });
  }
  return apiUrl('map.png', params);
}

/** What a refused /map.png request says (its problem's detail), for the status line. */
async function refusal(response) {
  try {
    const problem = await response.json();
    return problem.detail ?? problem.title ?? `${response.status}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

/** Wires #export-png: a click downloads huayang-map.png of the view. */
export function createExportButton({ map, layers, coverage, sites }) {
  const button = document.getElementById('export-png');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const response = await fetch(exportUrl(map, layers, coverage(), sites()));
      if (!response.ok) {
        showStatus(t('exportFailed')(await refusal(response)));
        return;
      }
      const address = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = address;
      link.download = 'huayang-map.png';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(address), 60_000);
    } catch (error) {
      showStatus(t('exportFailed')(error.message));
    } finally {
      button.disabled = false;
    }
  });
}
