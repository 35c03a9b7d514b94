// The nearest tool: while #nearest-mode is checked a map click asks the server for the k nearest sites of the category
// chosen in #nearest-category (any when empty) (/analysis/nearest), lists them (name, category, distance) and draws a
// line from the click to each (the overlay layer "nearest", on top of the map). Each entry of the list is a button
// that goes to its site (the view moves to it, it is highlighted and its popup opens). One map tool is on at a time
// (tools.js).
import Feature from 'ol/Feature.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import { toLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import { getJson } from './api.js';
import { categories, categoryName, nameOf, t } from './i18n.js';
import { siteEntry } from './siteList.js';
import { toolColours } from './styles.js';

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {(id: string) => import('ol/Feature.js').default | undefined} options.siteById a site's feature (for its position)
 * @param {ReturnType<import('./tools.js').createToolSwitch>} options.tools
 * @param {() => void} options.onActivate called when the tool is switched on (the popup closes)
 * @param {(site: import('ol/Feature.js').default) => void} options.onGo called when a listed site is chosen
 */
export function createNearestTool({ map, siteById, tools, onActivate, onGo }) {
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
  const category = document.getElementById('nearest-category');
  /** The last answer: the clicked coordinate and the sites, or null. */
  let nearest = null;

  function renderCategories() {
    const chosen = category.value;
    const any = new Option(t('anyCategory'), '');
    category.replaceChildren(any, ...categories.map((c) => new Option(categoryName(c.id), c.id)));
    category.value = chosen;
  }

  function render() {
    renderCategories();
    if (!nearest) {
      list.replaceChildren();
      return;
    }
    list.replaceChildren(...nearest.sites.map((site) => siteEntry(site.id, nameOf(site),
      `${categoryName(site.category)} · ${site.distance_m.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${t('metres')}`,
      () => {
        const target = siteById(site.id);
        if (target) {
          onGo(target);
        }
      })));
  }

  async function run(coordinate) {
    const [lon, lat] = toLonLat(coordinate);
    const query = { lon: lon.toFixed(6), lat: lat.toFixed(6), k: document.getElementById('nearest-k').value };
    if (category.value) {
      query.category = category.value;
    }
    const sites = await getJson('analysis/nearest', query);
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

  function stop() {
    mode.checked = false;
    map.getTargetElement().classList.remove('picking');
    nearest = null;
    source.clear();
    tools.stopped('nearest');
    render();
  }

  mode.addEventListener('change', () => {
    if (!mode.checked) {
      stop();
    } else {
      tools.start('nearest');
      map.getTargetElement().classList.add('picking');
      onActivate();
    }
  });
  tools.register('nearest', { stop });

  return {
    layer,
    /** Whether map clicks belong to the tool (rather than open popups). */
    active: () => mode.checked,
    run,
    render,
  };
}
