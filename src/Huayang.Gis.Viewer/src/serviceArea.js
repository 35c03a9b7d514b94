// The walking service-area tool: the area reachable on foot from one site (picked on the map while #sa-pick is pressed,
// or from a site's popup) or from every site of a category and status (#sa-run), for the chosen level or the 5, 10 and
// 15 minutes of the life circles, as the server walks it (/analysis/service-area): the area of each ring (the reached
// paths buffered, never across a river no reached path crosses), the reached paths and the starting sites, drawn in
// the overlay layer "serviceArea" with a legend of minutes and metres (#sa-legend). #sa-clear removes them. Picking is a
// map tool (tools.js): one is on at a time.
import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import { getJson } from './api.js';
import { featuresAt } from './hitTest.js';
import { categories, categoryName, levelName, levels, nameOf, t } from './i18n.js';
import { css } from './mapStyle.js';

/**
 * The rings' fills, nearest first (a blue sequence that stays apart for colour-blind readers), and the paths' colour.
 * Nested rings overlap, so the nearest ring is the darkest.
 */
export const serviceAreaColours = { rings: ['#08519c', '#3182bd', '#6baed6'], ringAlpha: 0.32, path: '#08306b', site: '#000000' };

/** A number of minutes or metres as the legend writes it. */
const rounded = (value, digits) => value.toLocaleString('en-GB', { maximumFractionDigits: digits });

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {ReturnType<import('./tools.js').createToolSwitch>} options.tools
 * @param {() => void} [options.onStart] called when picking is switched on
 * @param {(what: string) => (error: Error) => void} options.fail reports a failed request
 */
export function createServiceAreaTool({ map, tools, onStart = () => {}, fail }) {
  const source = new VectorSource();
  const areaStyles = serviceAreaColours.rings.map((colour, ring) => new Style({
    fill: new Fill({ color: css(colour, serviceAreaColours.ringAlpha) }),
    stroke: new Stroke({ color: colour, width: 1.2 }),
    zIndex: 10 - ring,
  }));
  const pathStyle = new Style({ stroke: new Stroke({ color: serviceAreaColours.path, width: 2 }), zIndex: 20 });
  const siteStyle = new Style({
    image: new Circle({ radius: 5, fill: new Fill({ color: serviceAreaColours.site }), stroke: new Stroke({ color: '#ffffff', width: 2 }) }),
    zIndex: 30,
  });
  const layer = new VectorLayer({
    source,
    style: (feature) => {
      switch (feature.get('kind')) {
        case 'area':
          return areaStyles[Math.min(feature.get('ring'), areaStyles.length - 1)];
        case 'line':
          return pathStyle;
        default:
          return siteStyle;
      }
    },
  });
  layer.set('id', 'serviceArea');
  const mode = document.getElementById('sa-pick');
  const category = document.getElementById('sa-category');
  const level = document.getElementById('sa-level');
  const status = document.getElementById('sa-status');
  const result = document.getElementById('sa-result');
  const legend = document.getElementById('sa-legend');
  let on = false;
  /** What is drawn: { site } (its properties) or { category, status }, with the rings and the sites; or null. */
  let shown = null;
  /** A note instead of the result (a click that found no site), or null. */
  let note = null;

  function renderChoices() {
    const chosen = [category.value || 'kindergarten', level.value, status.value || 'existing'];
    category.replaceChildren(...categories.map((c) => new Option(categoryName(c.id), c.id)));
    level.replaceChildren(new Option(t('saAllLevels'), ''),
      ...levels.map((l) => new Option(`${levelName(l.id)} (${l.radius_m} ${t('metres')})`, l.id)));
    status.replaceChildren(...[['existing', 'statusExisting'], ['all', 'statusAll'], ['planned', 'statusPlanned']]
      .map(([id, key]) => new Option(t(key), id)));
    [category.value, level.value, status.value] = chosen;
  }

  function statusName(id) {
    return t({ existing: 'statusExisting', all: 'statusAll', planned: 'statusPlanned' }[id]);
  }

  function legendEntry(className, colour, text) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${className}`;
    swatch.style.background = colour;
    const label = document.createElement('span');
    label.textContent = text;
    item.append(swatch, label);
    return item;
  }

  function render() {
    renderChoices();
    mode.classList.toggle('active', on);
    mode.setAttribute('aria-pressed', String(on));
    if (!shown) {
      result.textContent = note ?? (on ? t('saPickHint') : '');
      legend.replaceChildren();
      return;
    }
    const what = shown.site ? t('saOfSite')(nameOf(shown.site))
      : t('saOfCategory')(categoryName(shown.category), statusName(shown.status), shown.sites.length);
    const off = shown.sites.filter((s) => s.get('on_network') === false).length;
    result.textContent = [note, what, off > 0 ? t('saOffNetwork')(off) : ''].filter(Boolean).join(' · ');
    legend.replaceChildren(
      ...shown.rings.map((ring, i) => {
        const named = levels.find((l) => l.radius_m === ring.distance_m);
        const text = t('saRing')(rounded(ring.minutes, 1), rounded(ring.distance_m, 0));
        const item = legendEntry('area', css(serviceAreaColours.rings[Math.min(i, 2)], 0.55), named ? `${text} (${levelName(named.id)})` : text);
        item.dataset.distance = String(ring.distance_m);
        return item;
      }),
      legendEntry('line', serviceAreaColours.path, t('saPaths')),
      legendEntry('dot', serviceAreaColours.site, t('saSites')),
    );
  }

  /** Asks the server for the area of a query and draws it; <paramref name="what"/> says whose area it is. */
  async function draw(query, what) {
    if (level.value) {
      query.level = level.value;
    }
    const answer = await getJson('analysis/service-area', query);
    const features = new GeoJSON().readFeatures(answer, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
    const areas = features.filter((f) => f.get('kind') === 'area').sort((a, b) => a.get('distance_m') - b.get('distance_m'));
    areas.forEach((area, ring) => area.set('ring', ring));
    source.clear();
    source.addFeatures(features);
    note = null;
    shown = {
      ...what,
      rings: areas.map((area) => ({ distance_m: area.get('distance_m'), minutes: area.get('minutes') })),
      sites: features.filter((f) => f.get('kind') === 'site'),
    };
    render();
  }

  /** Draws the walking area of one site (its properties, with its id). */
  function ofSite(properties) {
    return draw({ site: properties.id }, { site: properties }).catch(fail('/analysis/service-area'));
  }

  function stop() {
    on = false;
    map.getTargetElement().classList.remove('picking');
    tools.stopped('serviceArea');
    render();
  }

  mode.addEventListener('click', () => {
    if (on) {
      stop();
      return;
    }
    tools.start('serviceArea');
    on = true;
    note = null;
    map.getTargetElement().classList.add('picking');
    onStart();
    render();
  });
  document.getElementById('sa-run').addEventListener('click', () => {
    const query = { category: category.value, status: status.value };
    draw(query, { category: category.value, status: status.value }).catch(fail('/analysis/service-area'));
  });
  document.getElementById('sa-clear').addEventListener('click', () => {
    source.clear();
    shown = null;
    note = null;
    render();
  });
  tools.register('serviceArea', { stop });

  return {
    layer,
    active: () => on,
    /** A map click while picking: the walking area of the site under it, or a note that there is none. */
    pick(event) {
      const site = featuresAt(map, event.pixel).find((hit) => hit.layerId === 'sites');
      if (site) {
        ofSite({ ...site.properties, id: site.properties.id ?? site.feature.getId() });
      } else {
        note = t('saNoSite');
        render();
      }
    },
    ofSite,
    /** The popup's part for a site: a button that draws its walking area. */
    popupPart(layerId, properties) {
      if (layerId !== 'sites' || !properties.id) {
        return [];
      }
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'popup-action';
      button.dataset.action = 'service-area';
      button.textContent = t('walkingArea');
      button.addEventListener('click', () => ofSite(properties));
      return [button];
    },
    render,
  };
}

