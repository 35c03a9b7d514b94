// Search by name: the sites and communities (read once from their collections) matched by Chinese or English name;
// choosing one zooms to it and opens its popup. The same index gives the nearest tool the sites' positions.
import GeoJSON from 'ol/format/GeoJSON.js';
import { getJson } from './api.js';
import { nameOf, t } from './i18n.js';

/** What is searched: the kind of entry, and the layer its popup names. */
const searched = [
  { kind: 'site', collection: 'sites' },
  { kind: 'community', collection: 'communities' },
];

/** At most this many matches are listed. */
const maxResults = 12;

/**
 * @param {object} options
 * @param {import('ol/View.js').default} options.view
 * @param {(properties: object, coordinate: number[], layerId: string) => void} options.showPopup
 * @param {(id: string) => string} options.layerTitle a layer's name in the current language
 */
export function createSearch({ view, showPopup, layerTitle }) {
  const input = document.getElementById('search');
  const results = document.getElementById('search-results');
  /** @type {{ kind: string, layerId: string, feature: import('ol/Feature.js').default, id: string }[]} */
  const index = [];
  const sitesById = new globalThis.Map();

  /** Reads the searched collections into the index. */
  async function load() {
    const collections = await Promise.all(searched.map(({ collection }) => getJson(`collections/${collection}/items`, { limit: 10000 })));
    searched.forEach(({ kind, collection }, i) => {
      for (const feature of new GeoJSON().readFeatures(collections[i], { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' })) {
        const id = String(feature.getId() ?? feature.get('id'));
        if (kind === 'site') {
          sitesById.set(id, feature);
        }
        index.push({ kind, layerId: collection, feature, id });
      }
    });
  }

  function matches(query) {
    const q = query.trim().toLowerCase();
    if (!q) {
      return [];
    }
    return index.filter(({ feature }) => {
      const zh = feature.get('name_zh') ?? '';
      const en = (feature.get('name_en') ?? '').toLowerCase();
      return zh.includes(query.trim()) || en.includes(q);
    }).slice(0, maxResults);
  }

  function goTo(entry) {
    const geometry = entry.feature.getGeometry();
    results.hidden = true;
    input.value = nameOf(entry.feature.getProperties());
    const onArrival = () => {
      const anchor = entry.kind === 'site' ? geometry.getCoordinates() : geometry.getInteriorPoint().getCoordinates().slice(0, 2);
      showPopup(entry.feature.getProperties(), anchor, entry.layerId);
    };
    if (entry.kind === 'site') {
      view.animate({ center: geometry.getCoordinates(), zoom: 17, duration: 300 }, onArrival);
    } else {
      view.fit(geometry.getExtent(), { padding: [60, 60, 60, 60], duration: 300, callback: onArrival });
    }
  }

  function renderResults() {
    const found = matches(input.value);
    if (!input.value.trim()) {
      results.hidden = true;
      return;
    }
    results.hidden = false;
    if (found.length === 0) {
      const item = document.createElement('li');
      item.className = 'empty';
      item.textContent = t('noResults');
      results.replaceChildren(item);
      return;
    }
    results.replaceChildren(...found.map((entry) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.featureId = entry.id;
      button.textContent = `${nameOf(entry.feature.getProperties())} · ${layerTitle(entry.layerId)}`;
      button.addEventListener('click', () => goTo(entry));
      item.append(button);
      return item;
    }));
  }

  input.addEventListener('input', renderResults);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      const [first] = matches(input.value);
      if (first) {
        goTo(first);
      }
    } else if (event.key === 'Escape') {
      results.hidden = true;
    }
  });

  return {
    load,
    siteById: (id) => sitesById.get(id),
    /** Lists the matches again in the current language, when they are shown. */
    render() {
      if (input.value && !results.hidden) {
        renderResults();
      }
    },
  };
}
