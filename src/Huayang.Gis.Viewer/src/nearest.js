// The nearest tool: while #nearest-mode is checked a map click asks the server for the k nearest sites
// (/analysis/nearest), lists them (name, category, distance) and draws a line from the click to each (the overlay
// layer "nearest", on top of the map).
import Feature from 'ol/Feature.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import { toLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import { getJson } from './api.js';
import { categoryName, nameOf, t } from './i18n.js';
import { toolColours } from './styles.js';

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {(id: string) => import('ol/Feature.js').default | undefined} options.siteById a site's feature (for its position)
 * @param {() => void} options.onActivate called when the tool is switched on (the popup closes)
 */
export function createNearestTool({ map, siteById, onActivate }) {
  const source = new VectorSource();
  const layer = new VectorLayer({
    source,
    style: (feature) => (feature.getGeometry() instanceof Point
      ? new Style({ image: new Circle({ radius: 6, fill: new Fill({ color: '#000000' }), stroke: new Stroke({ color: '#ffffff', width: 2 }) }) })
      : new Style({ stroke: new Stroke({ color: toolColours.nearestLine, width: 2.5, lineDash: [6, 4] }) })),
  });
  layer.set('id', 'nearest');
  const mode = document.getElementById('nearest-mode');
  const list = document.getElementById('nearest-list');
  /** The last answer: the clicked coordinate and the sites, or null. */
  let nearest = null;

  function render() {
    if (!nearest) {
      list.replaceChildren();
      return;
    }
    list.replaceChildren(...nearest.sites.map((site) => {
      const item = document.createElement('li');
      item.dataset.siteId = site.id;
      const name = document.createElement('span');
      name.className = 'nearest-name';
      name.textContent = nameOf(site);
      const detail = document.createElement('span');
      detail.className = 'nearest-distance';
      detail.textContent = ` ${categoryName(site.category)} · ${site.distance_m.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${t('metres')}`;
      item.append(name, detail);
      return item;
    }));
  }

  async function run(coordinate) {
    const [lon, lat] = toLonLat(coordinate);
    const sites = await getJson('analysis/nearest', { lon: lon.toFixed(6), lat: lat.toFixed(6), k: document.getElementById('nearest-k').value });
    nearest = { coordinate, sites };
    source.clear();
    source.addFeature(new Feature(new Point(coordinate)));
    for (const site of sites) {
      const target = siteById(site.id);
      if (target) {
        source.addFeature(new Feature(new LineString([coordinate, target.getGeometry().getCoordinates()])));
      }
    }
    render();
  }

  mode.addEventListener('change', () => {
    map.getTargetElement().classList.toggle('picking', mode.checked);
    if (!mode.checked) {
      nearest = null;
      source.clear();
      render();
    } else {
      onActivate();
    }
  });

  return {
    layer,
    /** Whether map clicks belong to the tool (rather than open popups). */
    active: () => mode.checked,
    run,
    render,
  };
}
