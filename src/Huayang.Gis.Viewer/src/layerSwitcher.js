// A layer's row of the layer panel (panel.js): its visibility toggle (#layer-toggle-<id>), its name in the current
// language (label[for=layer-toggle-<id>]), an opacity slider (#layer-opacity-<id>) and the note shown while the view
// is outside the layer's zoom range ("visible from zoom 14"). The legend swatches under it are legend.js's.
import { t } from './i18n.js';

/**
 * The zoom a layer starts to show at, or null when it shows at every zoom. OpenLayers draws a layer while the view's
 * zoom is above its minZoom and at most its maxZoom.
 * @param {import('ol/layer/Base.js').default} layer
 */
export function shownFromZoom(layer) {
  const minZoom = layer.getMinZoom();
  return Number.isFinite(minZoom) && minZoom > 0 ? Math.round(minZoom) : null;
}

/** Whether the view's zoom is inside the layer's zoom range. */
export function inZoomRange(layer, zoom) {
  return zoom > layer.getMinZoom() && zoom <= layer.getMaxZoom();
}

/**
 * One <li data-layer="id"> with the toggle, the name, the opacity slider and the zoom-range note.
 * @param {string} id
 * @param {string} title the layer's name in the current language
 * @param {import('ol/layer/Base.js').default} layer
 */
export function layerRow(id, title, layer) {
  const item = document.createElement('li');
  item.dataset.layer = id;
  item.className = 'layer-row';
  const head = document.createElement('div');
  head.className = 'layer-head';
  const toggle = document.createElement('input');
  toggle.type = 'checkbox';
  toggle.id = `layer-toggle-${id}`;
  toggle.checked = layer.getVisible();
  toggle.setAttribute('aria-label', t('showLayer')(title));
  toggle.addEventListener('change', () => layer.setVisible(toggle.checked));
  const name = document.createElement('label');
  name.htmlFor = toggle.id;
  name.className = 'layer-name';
  name.textContent = title;
  const opacity = document.createElement('input');
  opacity.type = 'range';
  opacity.min = '0';
  opacity.max = '1';
  opacity.step = '0.05';
  opacity.value = String(layer.getOpacity());
  opacity.id = `layer-opacity-${id}`;
  opacity.title = t('opacity');
  opacity.setAttribute('aria-label', t('opacityOf')(title));
  opacity.addEventListener('input', () => layer.setOpacity(Number(opacity.value)));
  head.append(toggle, name, opacity);
  const range = document.createElement('p');
  range.className = 'layer-range';
  range.id = `layer-range-${id}`;
  const from = shownFromZoom(layer);
  range.textContent = from === null ? '' : t('visibleFromZoom')(from);
  range.hidden = true;
  item.append(head, range);
  return item;
}

/**
 * Greys a row and shows its note while the view is outside the layer's zoom range.
 * @param {HTMLElement} item a row of layerRow
 * @param {import('ol/layer/Base.js').default} layer
 * @param {number} zoom the view's zoom
 */
export function markZoomRange(item, layer, zoom) {
  const outside = !inZoomRange(layer, zoom);
  item.classList.toggle('out-of-range', outside);
  const range = item.querySelector('.layer-range');
  if (range) {
    range.hidden = !outside || range.textContent === '';
  }
}
