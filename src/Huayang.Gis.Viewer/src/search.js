// Search by name: every layer of the server's list whose features have names (communities, plan elements, sites, water,
// roads, walkways and any declared layer with name_zh / name_en), read once from its collection, matched by Chinese or
// English name. Exact matches come first, then names that start with the query, then names that contain it; within
// each, communities before plan elements before sites before the rest. At most ten are listed, with "showing 10 of N"
// when there are more. The list is a listbox of the input (a combobox): ArrowDown / ArrowUp move the highlighted
// option (aria-activedescendant), Enter opens it (or the first), Escape closes the list. Choosing one zooms to it and
// opens its popup. The same index gives the nearest tool the sites' positions.
import GeoJSON from 'ol/format/GeoJSON.js';
import { getJson } from './api.js';
import { nameOf, t } from './i18n.js';

/** The order of layers among matches equally good: a community before a site of the same name. */
const layerOrder = ['communities', 'plan', 'sites', 'water', 'roads', 'walkways'];

/** At most this many matches are listed. */
const maxResults = 10;

/** How well a name matches: 0 exact, 1 prefix, 2 substring, null none. */
function matchRank(name, query) {
  if (!name || !name.includes(query)) {
    return null;
  }
  if (name === query) {
    return 0;
  }
  return name.startsWith(query) ? 1 : 2;
}

/**
 * @param {object} options
 * @param {import('ol/View.js').default} options.view
 * @param {(properties: object, coordinate: number[], layerId: string) => void} options.showPopup
 * @param {(id: string) => string} options.layerTitle a layer's name in the current language
 */
export function createSearch({ view, showPopup, layerTitle }) {
  const input = document.getElementById('search');
  const results = document.getElementById('search-results');
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', 'search-results');
  input.setAttribute('aria-expanded', 'false');
  results.setAttribute('role', 'listbox');
  /** @type {{ layerId: string, feature: import('ol/Feature.js').default, id: string }[]} */
  const index = [];
  const sitesById = new globalThis.Map();
  /** The matches listed and the highlighted one's position among them (-1: none). */
  let listed = [];
  let highlighted = -1;

  /** The layers of the server's list that have names (those the index holds). */
  let namedLayers = [];

  /** Reads the collections of <paramref name="named"/> (layer definitions) into the index, replacing what it had of them. */
  async function read(named) {
    const collections = await Promise.all(named.map((d) => getJson(`collections/${d.name}/items`, { limit: 10000 })));
    const replaced = new Set(named.map((d) => d.name));
    index.splice(0, index.length, ...index.filter((entry) => !replaced.has(entry.layerId)));
    if (replaced.has('sites')) {
      sitesById.clear();
    }
    named.forEach((definition, i) => {
      for (const feature of new GeoJSON().readFeatures(collections[i], { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' })) {
        const id = String(feature.getId() ?? feature.get('id'));
        if (definition.name === 'sites') {
          sitesById.set(id, feature);
        }
        if (feature.get('name_zh') || feature.get('name_en')) {
          index.push({ layerId: definition.name, feature, id });
        }
      }
    });
  }

  /** Reads the named layers' collections into the index; <paramref name="definitions"/> is the server's layer list. */
  function load(definitions) {
    namedLayers = definitions.filter((d) => d.fields?.some((field) => field.name === 'name_zh' || field.name === 'name_en'));
    return read(namedLayers);
  }

  /** Every match, best first, each { entry, rank }. */
  function matches(query) {
    const zhQuery = query.trim();
    const enQuery = zhQuery.toLowerCase();
    if (!zhQuery) {
      return [];
    }
    const order = (layerId) => {
      const position = layerOrder.indexOf(layerId);
      return position < 0 ? layerOrder.length : position;
    };
    const found = [];
    for (const entry of index) {
      const ranks = [matchRank(entry.feature.get('name_zh'), zhQuery), matchRank((entry.feature.get('name_en') ?? '').toLowerCase(), enQuery)]
        .filter((rank) => rank !== null);
      if (ranks.length > 0) {
        found.push({ entry, rank: Math.min(...ranks) });
      }
    }
    const name = (entry) => nameOf(entry.feature.getProperties());
    return found.sort((a, b) => a.rank - b.rank || order(a.entry.layerId) - order(b.entry.layerId)
      || name(a.entry).length - name(b.entry).length || name(a.entry).localeCompare(name(b.entry)));
  }

  function close() {
    results.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    highlighted = -1;
  }

  function goTo(entry) {
    const geometry = entry.feature.getGeometry();
    close();
    input.value = nameOf(entry.feature.getProperties());
    const point = geometry.getType() === 'Point';
    const onArrival = () => {
      const anchor = point ? geometry.getCoordinates()
        : geometry.getType().endsWith('Polygon') ? geometry.getInteriorPoint().getCoordinates().slice(0, 2)
          : geometry.getClosestPoint(view.getCenter());
      showPopup(entry.feature.getProperties(), anchor, entry.layerId);
    };
    if (point) {
      view.animate({ center: geometry.getCoordinates(), zoom: 17, duration: 300 }, onArrival);
    } else {
      view.fit(geometry.getExtent(), { padding: [60, 60, 60, 60], duration: 300, callback: onArrival });
    }
  }

  function highlight(position) {
    highlighted = position;
    const options = results.querySelectorAll('[role=option]');
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === position)));
    if (position >= 0 && options[position]) {
      input.setAttribute('aria-activedescendant', options[position].id);
      options[position].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function renderResults() {
    if (!input.value.trim()) {
      close();
      return;
    }
    const found = matches(input.value);
    listed = found.slice(0, maxResults).map(({ entry }) => entry);
    results.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (found.length === 0) {
      const item = document.createElement('li');
      item.className = 'empty';
      item.setAttribute('role', 'none');
      item.textContent = t('noResults');
      results.replaceChildren(item);
      highlight(-1);
      return;
    }
    const items = listed.map((entry, i) => {
      const item = document.createElement('li');
      item.setAttribute('role', 'none');
      const button = document.createElement('button');
      button.type = 'button';
      button.id = `search-option-${i}`;
      button.tabIndex = -1;
      button.setAttribute('role', 'option');
      button.dataset.featureId = entry.id;
      button.dataset.layer = entry.layerId;
      button.textContent = `${nameOf(entry.feature.getProperties())} · ${layerTitle(entry.layerId)}`;
      // Pressed, the button keeps the focus in the input, so the list does not close before the click.
      button.addEventListener('mousedown', (event) => event.preventDefault());
      button.addEventListener('click', () => goTo(entry));
      item.append(button);
      return item;
    });
    if (found.length > listed.length) {
      const more = document.createElement('li');
      more.className = 'search-more';
      more.setAttribute('role', 'none');
      more.textContent = t('searchShowing')(listed.length, found.length);
      items.push(more);
    }
    results.replaceChildren(...items);
    highlight(Math.min(highlighted, listed.length - 1));
  }

  input.addEventListener('input', () => {
    highlighted = -1;
    renderResults();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (results.hidden) {
        renderResults();
      }
      if (listed.length > 0) {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        highlight(highlighted < 0 ? (step > 0 ? 0 : listed.length - 1) : (highlighted + step + listed.length) % listed.length);
      }
    } else if (event.key === 'Enter') {
      const chosen = results.hidden ? matches(input.value)[0]?.entry : listed[Math.max(highlighted, 0)];
      if (chosen) {
        goTo(chosen);
      }
    } else if (event.key === 'Escape') {
      close();
    }
  });

  return {
    load,
    /** Reads again the named ones of <paramref name="collections"/> (their data changed); the list shown follows. */
    async reload(collections) {
      const named = namedLayers.filter((d) => collections.includes(d.name));
      if (named.length > 0) {
        await read(named);
        if (input.value && !results.hidden) {
          renderResults();
        }
      }
    },
    siteById: (id) => sitesById.get(id),
    /** Lists the matches again in the current language, when they are shown. */
    render() {
      if (input.value && !results.hidden) {
        renderResults();
      }
    },
  };
}
