// The popup of a clicked feature: its layer, both names, and its attributes in plain language (format.js: names for
// ids, units, no internal rows; for a declared layer the fields of its declaration that the tiles hold); a community's
// covered share while a coverage theme is shown; then what the tools add (parts: a community's compliance findings, a
// site's "walking area" button). A click lists every feature under it (hitTest.js): the popup shows
// the first and names the others, each a button that switches the popup to it.
//
// The content is filled and shown before the popup is placed, so the overlay's auto-pan measures the real box; it
// pans only when the popup would not fit inside the map (with a margin), and the popup is never taller than the map.
import Overlay from 'ol/Overlay.js';
import { popupRows } from './format.js';
import { featuresAt } from './hitTest.js';
import { nameOf, t } from './i18n.js';

/** Pixels kept between the popup and the map's edge. */
const margin = 16;
/** Pixels between the anchor and the popup's pointer. */
const offset = 12;

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {import('./layerSet.js').LayerSet} options.layers
 * @param {() => Map<string, number> | null} options.coverageShares the coverage theme's shares by community id, or null
 * @param {(collection: string, id: string) => object | undefined} options.named a named feature's attributes by id
 * @param {{ current: () => object | null, community: (id: string) => object | undefined }} [options.coverage] the
 *   coverage theme, whose figures a community's popup states
 * @param {((layerId: string, properties: object) => HTMLElement[])[]} [options.parts] what tools add under the attributes
 *   (a community's compliance findings, a site's "walking area" button)
 */
export function createPopup({ map, layers, coverageShares, named, coverage, parts = [] }) {
  const element = document.getElementById('popup');
  const content = document.getElementById('popup-content');
  const overlay = new Overlay({
    element,
    autoPan: { margin, animation: { duration: 200 } },
    positioning: 'bottom-center',
    offset: [0, -offset],
  });
  map.addOverlay(overlay);
  /**
   * What the popup shows: every feature under the click ({ properties, layerId }, the first at the head), the one shown
   * (current), and where; null when closed.
   */
  let shown = null;

  function renderOthers() {
    const others = shown.all.filter((entry) => entry !== shown.current);
    if (others.length === 0) {
      return [];
    }
    const heading = document.createElement('div');
    heading.className = 'popup-others-heading';
    heading.textContent = t('alsoHere');
    const list = document.createElement('ul');
    list.className = 'popup-others';
    others.forEach((other) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.layer = other.layerId;
      button.dataset.featureId = String(other.properties.id ?? '');
      button.textContent = `${nameOf(other.properties) || other.properties.id || ''} · ${layers.title(other.layerId)}`;
      button.addEventListener('click', () => open({ ...shown, current: other }));
      item.append(button);
      list.append(item);
    });
    return [heading, list];
  }

  function render() {
    if (!shown) {
      return;
    }
    const { properties, layerId } = shown.current;
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
    const share = layerId === 'communities' ? coverageShares()?.get(properties.id) : undefined;
    const fields = layers.definition(layerId)?.fields ?? [];
    const figures = layerId === 'communities' ? coverage?.community(properties.id) : undefined;
    const theme = figures ? { answer: coverage.current(), community: figures } : undefined;
    for (const [key, name, value] of popupRows(layerId, properties, { named, share, coverage: theme })) {
      const row = table.insertRow();
      row.dataset.attribute = key;
      const nameCell = row.insertCell();
      nameCell.textContent = name;
      const description = fields.find((field) => field.name === key)?.description;
      if (description) {
        nameCell.title = description;
      }
      row.insertCell().textContent = value;
    }
    content.replaceChildren(heading, zh, en, table, ...parts.flatMap((part) => part(layerId, properties)), ...renderOthers());
  }

  /** Fills and shows the popup, limits its height to the map's, then places it (the auto-pan sees its real box). */
  function open(next) {
    shown = next;
    render();
    const [, height] = map.getSize() ?? [0, 0];
    element.style.maxHeight = `${Math.max(120, height - 2 * margin - offset)}px`;
    element.hidden = false;
    overlay.setPosition(undefined);
    // Placed once the map has drawn the current view (after a search's flight the last frame may be older), so the
    // overlay's pixel and its auto-pan are those of the view the user sees.
    map.once('postrender', () => {
      if (shown === next) {
        overlay.setPosition(next.coordinate);
      }
    });
    map.render();
  }

  /** Opens the popup of a feature's attributes at a map coordinate; <paramref name="others"/> are listed under it. */
  function show(properties, coordinate, layerId, others = []) {
    const current = { properties, layerId };
    open({ coordinate, current, all: [current, ...others] });
  }

  function hide() {
    shown = null;
    element.hidden = true;
    overlay.setPosition(undefined);
  }

  /** Opens the popup of what lies under a map click (points and lines before areas), or closes it when nothing does. */
  function pick(event) {
    const [first, ...others] = featuresAt(map, event.pixel);
    if (first) {
      show(first.properties, event.coordinate, first.layerId, others.map(({ properties, layerId }) => ({ properties, layerId })));
    } else {
      hide();
    }
  }

  /** The feature the popup shows: { layerId, id }, or null when it is closed. */
  function shownFeature() {
    return shown ? { layerId: shown.current.layerId, id: String(shown.current.properties.id ?? '') } : null;
  }

  /**
   * Shows the attributes a feature has now (<paramref name="properties"/>), and its new position for a point, when the
   * popup still shows that feature (<paramref name="feature"/>, from shownFeature).
   */
  function replace(feature, properties, coordinate) {
    const open = shownFeature();
    if (!open || open.layerId !== feature.layerId || open.id !== feature.id) {
      return;
    }
    const current = { properties, layerId: feature.layerId };
    const all = shown.all.map((entry) => (entry === shown.current ? current : entry));
    show(properties, coordinate ?? shown.coordinate, feature.layerId, all.filter((entry) => entry !== current));
  }

  // A press on the popup is not a press on the map: OpenLayers would count it as the first click of a double click,
  // and a map click soon after would zoom instead of opening a popup.
  element.addEventListener('pointerdown', (event) => event.stopPropagation());
  document.getElementById('popup-close').addEventListener('click', hide);
  return { show, hide, render, pick, shownFeature, replace };
}
