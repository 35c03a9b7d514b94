// The layer switcher: one row per layer of the map, top of the list = top of the map, with a visibility toggle
// (#layer-toggle-<id>) and an opacity slider (#layer-opacity-<id>), named in the current language.
import { t } from './i18n.js';

/**
 * Draws the list again from the layers as they are now (call after a language change or a layer shown or hidden).
 * @param {HTMLElement} list the <ul> to fill
 * @param {import('./layerSet.js').LayerSet} layers
 */
export function renderLayerSwitcher(list, layers) {
  list.replaceChildren(...layers.entries.reverse().map(({ id, layer }) => {
    const title = layers.title(id);
    const item = document.createElement('li');
    item.dataset.layer = id;
    const toggle = document.createElement('input');
    toggle.type = 'checkbox';
    toggle.id = `layer-toggle-${id}`;
    toggle.checked = layer.getVisible();
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
    opacity.setAttribute('aria-label', `${t('opacity')}: ${title}`);
    opacity.addEventListener('input', () => layer.setOpacity(Number(opacity.value)));
    item.append(toggle, name, opacity);
    return item;
  }));
}
