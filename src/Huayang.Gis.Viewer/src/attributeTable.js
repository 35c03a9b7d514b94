// The attribute table: #table-layer in the panel chooses a layer of the server's list, #table-open shows its features
// in #attribute-table, a sheet over the bottom of the map: every feature of its collection (/collections/{id}/items,
// all pages), one row each, the name in the current language first and then the attributes as the popups write them
// (format.js popupRows: plain-language titles, names for ids, units). A column title sorts by it (again: the other
// way). For sites, a category and a status filter choose the rows and also what the map draws (the sites' style is
// wrapped by the panel, panel.js setSiteFilter); "N of M" counts the rows shown. A row clicked (or Enter on it) moves
// the view to its feature and highlights it (highlight.js), clear of the sheet. Closing the table ends its filter.
import GeoJSON from 'ol/format/GeoJSON.js';
import { apiUrl, getJson } from './api.js';
import { popupRows } from './format.js';
import { categoryName, nameOf, t } from './i18n.js';

/** Features read per request; the next page follows the answer's "next" link. */
const pageSize = 1000;

/** Every feature of a collection, following its pages. */
async function readAll(collection) {
  const features = [];
  let page = await getJson(`collections/${collection}/items`, { limit: pageSize });
  for (;;) {
    features.push(...new GeoJSON().readFeatures(page, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' }));
    const next = page.links?.find((link) => link.rel === 'next');
    if (!next || page.features.length === 0) {
      return features;
    }
    const response = await fetch(new URL(next.href, apiUrl('')), { headers: { Accept: 'application/geo+json' } });
    if (!response.ok) {
      throw new Error(`${response.status} ${response.statusText} from ${next.href}`);
    }
    page = await response.json();
  }
}

/** Orders two attribute values in a direction (1 or -1): numbers by size, text by the language's collation; empty values last either way. */
function compareValues(a, b, direction, collator) {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) {
    return Number(emptyA) - Number(emptyB);
  }
  return direction * (typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b)));
}

/**
 * @param {object} options
 * @param {import('./layerSet.js').LayerSet} options.layers
 * @param {(collection: string, id: string) => object | undefined} options.named a named feature's attributes by id
 * @param {ReturnType<import('./highlight.js').createHighlight>} options.highlight
 * @param {(predicate: ((feature: object) => boolean) | null) => void} options.setSiteFilter what the map draws of the sites
 * @param {() => void} [options.onOpen] called when a table opens (the drawer closes on a phone)
 * @param {(error: Error) => void} options.fail reports a request that failed
 */
export function createAttributeTable({ layers, named, highlight, setSiteFilter, onOpen = () => {}, fail }) {
  const chooser = document.getElementById('table-layer');
  const sheet = document.getElementById('attribute-table');
  const title = document.getElementById('table-title');
  const count = document.getElementById('table-count');
  const filters = document.getElementById('table-filters');
  const categoryFilter = document.getElementById('table-category');
  const statusFilter = document.getElementById('table-status');
  const grid = document.getElementById('table-grid');
  /** The open table: the layer, its features, the sort (column key and direction), the selected feature; or null. */
  let open = null;

  /** The rows' cells of a feature: { key: [value to sort by, text] }, the name first. */
  function cellsOf(layerId, feature) {
    const properties = feature.getProperties();
    const cells = new globalThis.Map([['name', [nameOf(properties), nameOf(properties)]]]);
    for (const [key, , text] of popupRows(layerId, properties, { named, share: undefined })) {
      cells.set(key, [typeof properties[key] === 'number' ? properties[key] : text, text]);
    }
    return cells;
  }

  function passes(properties) {
    return (!categoryFilter.value || properties.category === categoryFilter.value) && (!statusFilter.value || properties.status === statusFilter.value);
  }

  function applyMapFilter() {
    const on = open?.layerId === 'sites' && (categoryFilter.value || statusFilter.value);
    setSiteFilter(on ? (feature) => passes({ category: feature.get('category'), status: feature.get('status') }) : null);
  }

  function renderChooser() {
    const chosen = chooser.value;
    chooser.replaceChildren(...layers.entries.filter((entry) => entry.definition?.collection)
      .reverse().map((entry) => new Option(layers.title(entry.id), entry.id)));
    if (chosen) {
      chooser.value = chosen;
    }
  }

  function renderFilters() {
    filters.hidden = open?.layerId !== 'sites';
    if (filters.hidden) {
      return;
    }
    const [category, status] = [categoryFilter.value, statusFilter.value];
    const present = [...new Set(open.features.map((f) => f.get('category')))].sort();
    categoryFilter.replaceChildren(new Option(t('anyCategory'), ''), ...present.map((id) => new Option(categoryName(id), id)));
    statusFilter.replaceChildren(new Option(t('anyStatus'), ''), new Option(t('existing'), 'existing'), new Option(t('planned'), 'planned'));
    categoryFilter.value = category;
    statusFilter.value = status;
  }

  function select(feature, row) {
    open.selected = feature;
    for (const other of grid.querySelectorAll('tr.selected')) {
      other.classList.remove('selected');
      other.setAttribute('aria-selected', 'false');
    }
    row.classList.add('selected');
    row.setAttribute('aria-selected', 'true');
    const bottom = sheet.hidden ? 60 : sheet.offsetHeight + 40;
    highlight.show(feature.getGeometry(), { padding: [60, 60, bottom, 60] });
  }

  function render() {
    renderChooser();
    if (!open) {
      return;
    }
    renderFilters();
    const { layerId, features } = open;
    title.textContent = t('tableOf')(layers.title(layerId));
    const rows = features.filter((feature) => layerId !== 'sites' || passes(feature.getProperties()))
      .map((feature) => ({ feature, cells: cellsOf(layerId, feature) }));
    // The columns in the order of the layer's fields, then any others the rows have.
    const keys = ['name', ...(layers.definition(layerId)?.fields ?? []).map((field) => field.name)
      .filter((key) => rows.some(({ cells }) => cells.has(key)))];
    for (const { cells } of rows) {
      for (const key of cells.keys()) {
        if (!keys.includes(key)) {
          keys.push(key);
        }
      }
    }
    if (open.sort) {
      const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
      const { key, direction } = open.sort;
      rows.sort((a, b) => compareValues(a.cells.get(key)?.[0], b.cells.get(key)?.[0], direction, collator));
    }
    count.textContent = t('tableCount')(rows.length, features.length);
    const names = t('attributes');
    const head = document.createElement('tr');
    for (const key of keys) {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.dataset.column = key;
      const sorted = open.sort?.key === key ? open.sort.direction : 0;
      cell.setAttribute('aria-sort', sorted > 0 ? 'ascending' : sorted < 0 ? 'descending' : 'none');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${key === 'name' ? t('tableName') : names[key] ?? key}${sorted > 0 ? ' ▲' : sorted < 0 ? ' ▼' : ''}`;
      button.addEventListener('click', () => {
        open.sort = { key, direction: open.sort?.key === key ? -open.sort.direction : 1 };
        render();
      });
      cell.append(button);
      head.append(cell);
    }
    const body = rows.map(({ feature, cells }) => {
      const row = document.createElement('tr');
      row.tabIndex = 0;
      row.dataset.featureId = String(feature.getId() ?? feature.get('id'));
      row.setAttribute('aria-selected', String(feature === open.selected));
      row.classList.toggle('selected', feature === open.selected);
      for (const key of keys) {
        const cell = row.insertCell();
        cell.textContent = cells.get(key)?.[1] ?? '';
        cell.classList.toggle('number', typeof cells.get(key)?.[0] === 'number');
      }
      row.addEventListener('click', () => select(feature, row));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          select(feature, row);
        }
      });
      return row;
    });
    const thead = document.createElement('thead');
    thead.append(head);
    const tbody = document.createElement('tbody');
    tbody.append(...body);
    grid.replaceChildren(thead, tbody);
  }

  async function show(layerId) {
    const features = await readAll(layerId);
    open = { layerId, features, sort: null, selected: null };
    categoryFilter.value = '';
    statusFilter.value = '';
    sheet.hidden = false;
    applyMapFilter();
    render();
    onOpen();
  }

  function close() {
    open = null;
    sheet.hidden = true;
    grid.replaceChildren();
    applyMapFilter();
    highlight.clear();
  }

  document.getElementById('table-open').addEventListener('click', () => show(chooser.value).catch(fail));
  document.getElementById('table-close').addEventListener('click', close);
  for (const filter of [categoryFilter, statusFilter]) {
    filter.addEventListener('change', () => {
      applyMapFilter();
      render();
    });
  }

  return {
    /** Writes the chooser and the open table again in the current language. */
    render,
    /** Reads the open table's features again when its collection is among <paramref name="collections"/>, keeping its sort and selection. */
    async reload(collections) {
      if (!open || !collections.includes(open.layerId)) {
        return;
      }
      const { layerId } = open;
      const features = await readAll(layerId);
      if (open?.layerId !== layerId) {
        return;
      }
      const selectedId = open.selected ? String(open.selected.getId() ?? open.selected.get('id')) : null;
      open.features = features;
      open.selected = selectedId === null ? null : features.find((f) => String(f.getId() ?? f.get('id')) === selectedId) ?? null;
      render();
    },
    /** The open sites table's filter of the map: the category and the status it keeps (null for any). */
    siteFilter: () => (open?.layerId === 'sites'
      ? { category: categoryFilter.value || null, status: statusFilter.value || null }
      : { category: null, status: null }),
  };
}
