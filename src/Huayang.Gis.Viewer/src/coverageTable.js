// The table of the communities' coverage (#coverage-table, over the map), opened from the coverage panel while a theme
// is shown: each community's name in the current language, residents, residents covered, share covered, the nearest
// site's distance and, for the walking network, the share by straight line beside. A click on a column's header sorts
// by it (again: the other way; the header's aria-sort says which); a click on a row (or Enter on it) zooms to the
// community and opens its popup. "CSV" downloads the rows as sorted, UTF-8 with a byte-order mark (so that Excel reads
// the Chinese names), one column per field of the server's answer.
import { percent } from './format.js';
import { currentLanguage, nameOf, t } from './i18n.js';

/** The CSV's columns: fields of a community's entry of /analysis/coverage; the walking ones only for the network method. */
const csvFields = ['community_id', 'name_zh', 'name_en', 'population', 'covered_population', 'covered_share', 'nearest_site_m'];
const csvNetworkFields = ['nearest_site_walk_m', 'buffer_covered_population', 'buffer_covered_share', 'off_network_population'];

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
function csvField(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text of the rows, with its byte-order mark. */
export function coverageCsv(answer, rows) {
  const fields = answer.method === 'network' ? [...csvFields, ...csvNetworkFields] : csvFields;
  const lines = [fields, ...rows.map((row) => fields.map((field) => row[field]))].map((line) => line.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {() => object | null} options.coverage the /analysis/coverage answer shown as a theme, or null
 * @param {(id: string) => object | undefined} options.community a community's properties (with its geometry) by id
 * @param {(properties: object, coordinate: number[], layerId: string) => void} options.showPopup opens a feature's popup
 */
export function createCoverageTable({ map, coverage, community, showPopup }) {
  const panel = document.getElementById('coverage-table');

  /** Fits the view to a community (clear of the table below) and opens its popup at a point inside it. */
  function onRow(id) {
    const properties = community(id);
    const geometry = properties?.geometry;
    if (!geometry) {
      return;
    }
    const parts = geometry.getType() === 'MultiPolygon' ? geometry.getPolygons() : [geometry];
    const largest = parts.reduce((a, b) => (b.getArea() > a.getArea() ? b : a));
    const [x, y] = largest.getInteriorPoint().getCoordinates();
    const below = panel.hidden ? 0 : panel.getBoundingClientRect().height;
    map.getView().fit(geometry.getExtent(), {
      padding: [160, 60, below + 60, 60],
      duration: 250,
      callback: () => showPopup(properties, [x, y], 'communities'),
    });
  }
  const table = document.getElementById('coverage-table-rows');
  const open = document.getElementById('coverage-table-open');
  /** The column sorted by and which way (1 ascending, -1 descending); null: the answer's order. */
  let sort = null;

  const number = (value) => value.toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB');
  function columns(answer) {
    const all = [
      { key: 'name', value: (c) => nameOf(c), text: (c) => nameOf(c) },
      { key: 'population', value: (c) => c.population, text: (c) => number(c.population) },
      { key: 'covered_population', value: (c) => c.covered_population, text: (c) => number(c.covered_population) },
      { key: 'covered_share', value: (c) => c.covered_share, text: (c) => percent(c.covered_share) },
      { key: 'nearest_site_m', value: (c) => c.nearest_site_m ?? Infinity, text: (c) => (typeof c.nearest_site_m === 'number' ? number(Math.round(c.nearest_site_m)) : '–') },
    ];
    if (answer.method === 'network') {
      all.push({ key: 'buffer_covered_share', value: (c) => c.buffer_covered_share, text: (c) => percent(c.buffer_covered_share) });
    }
    return all;
  }

  /** The answer's communities in the table's order. */
  function sorted(answer) {
    const rows = [...answer.communities];
    const column = sort && columns(answer).find((c) => c.key === sort.key);
    if (column) {
      const collator = new Intl.Collator(currentLanguage() === 'zh' ? 'zh-CN' : 'en');
      rows.sort((a, b) => {
        const [x, y] = [column.value(a), column.value(b)];
        return sort.direction * (typeof x === 'string' ? collator.compare(x, y) : x - y);
      });
    }
    return rows;
  }

  function header(column) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.dataset.column = column.key;
    cell.setAttribute('aria-sort', sort?.key === column.key ? (sort.direction > 0 ? 'ascending' : 'descending') : 'none');
    const button = document.createElement('button');
    button.type = 'button';
    const name = t('tableColumns')[column.key];
    button.textContent = name + (sort?.key === column.key ? (sort.direction > 0 ? ' ▲' : ' ▼') : '');
    button.setAttribute('aria-label', t('sortBy')(name));
    button.addEventListener('click', () => {
      sort = { key: column.key, direction: sort?.key === column.key ? -sort.direction : 1 };
      render();
    });
    cell.append(button);
    return cell;
  }

  function render() {
    const answer = coverage();
    open.disabled = !answer;
    if (!answer) {
      panel.hidden = true;
      table.replaceChildren();
      return;
    }
    const shown = columns(answer);
    if (sort && !shown.some((c) => c.key === sort.key)) {
      sort = null;
    }
    const head = document.createElement('thead');
    head.insertRow().append(...shown.map(header));
    const body = document.createElement('tbody');
    for (const community of sorted(answer)) {
      const row = body.insertRow();
      row.dataset.community = community.community_id;
      row.tabIndex = 0;
      row.setAttribute('aria-label', t('zoomToCommunity')(nameOf(community)));
      for (const column of shown) {
        const cell = row.insertCell();
        cell.dataset.column = column.key;
        cell.textContent = column.text(community);
      }
      row.addEventListener('click', () => onRow(community.community_id));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          onRow(community.community_id);
        }
      });
    }
    table.replaceChildren(head, body);
  }

  function download() {
    const answer = coverage();
    if (!answer) {
      return;
    }
    const blob = new Blob([coverageCsv(answer, sorted(answer))], { type: 'text/csv;charset=utf-8' });
    const address = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = address;
    link.download = `coverage-${answer.category}-${answer.level}-${answer.status}-${answer.method}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(address), 60_000);
  }

  open.addEventListener('click', () => {
    panel.hidden = false;
    render();
  });
  document.getElementById('coverage-table-close').addEventListener('click', () => {
    panel.hidden = true;
  });
  document.getElementById('coverage-table-csv').addEventListener('click', download);
  return { render };
}
