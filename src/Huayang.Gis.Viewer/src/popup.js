// The popup of a clicked feature: its layer, both names, and every other attribute it carries (for a declared
// layer, the fields of its declaration that the tiles hold), named in the current language where the viewer knows
// the attribute and by the field's name otherwise; a community's covered share while a coverage theme is shown.
import Overlay from 'ol/Overlay.js';
import { formatAttribute } from './format.js';
import { t } from './i18n.js';

/** Attributes not listed as rows: the names are shown above the table. */
const hiddenAttributes = new Set(['geometry', 'layer', 'name_zh', 'name_en', 'interpretation']);

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {import('./layerSet.js').LayerSet} options.layers
 * @param {() => Map<string, number> | null} options.coverageShares the coverage theme's shares by community id, or null
 */
export function createPopup({ map, layers, coverageShares }) {
  const element = document.getElementById('popup');
  const content = document.getElementById('popup-content');
  const overlay = new Overlay({ element, autoPan: { animation: { duration: 200 } }, positioning: 'bottom-center', offset: [0, -12] });
  map.addOverlay(overlay);
  /** What the popup shows, or null when it is closed. */
  let shown = null;

  function render() {
    if (!shown) {
      return;
    }
    const { properties, layerId } = shown;
    const heading = document.createElement('div');
    heading.className = 'popup-layer';
    heading.textContent = layers.title(layerId);
    const zh = document.createElement('div');
    zh.className = 'popup-name-zh';
    zh.lang = 'zh-CN';
    zh.textContent = properties.name_zh ?? '';
    const en = document.createElement('div');
    en.className = 'popup-name-en';
    en.lang = 'en';
    en.textContent = properties.name_en ?? '';
    const table = document.createElement('table');
    const rows = Object.entries(properties).filter(([key, value]) => !hiddenAttributes.has(key) && value !== null && value !== undefined && value !== '');
    const shares = coverageShares();
    if (layerId === 'communities' && shares?.has(properties.id)) {
      rows.push(['covered_share', shares.get(properties.id)]);
    }
    const fields = layers.definition(layerId)?.fields ?? [];
    for (const [key, value] of rows) {
      const row = table.insertRow();
      row.dataset.attribute = key;
      const name = row.insertCell();
      name.textContent = t('attributes')[key] ?? key;
      const description = fields.find((field) => field.name === key)?.description;
      if (description) {
        name.title = description;
      }
      row.insertCell().textContent = formatAttribute(key, value);
    }
    content.replaceChildren(heading, zh, en, table);
  }

  function show(properties, coordinate, layerId) {
    shown = { properties, coordinate, layerId };
    render();
    overlay.setPosition(coordinate);
    element.hidden = false;
  }

  function hide() {
    shown = null;
    element.hidden = true;
    overlay.setPosition(undefined);
  }

  /** Opens the popup of the topmost pickable feature at a map click, or closes it when there is none. */
  function pick(event) {
    const hit = map.forEachFeatureAtPixel(event.pixel, (feature, layer) => ({ feature, layer }), {
      hitTolerance: 4,
      layerFilter: (layer) => layer.get('pickable') === true,
    });
    if (hit) {
      show(hit.feature.getProperties(), event.coordinate, hit.layer.get('id'));
    } else {
      hide();
    }
  }

  document.getElementById('popup-close').addEventListener('click', hide);
  return { show, hide, render, pick };
}
