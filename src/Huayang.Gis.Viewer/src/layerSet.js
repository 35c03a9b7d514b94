// The layers of the map, bottom first: the data layers of the server's list and the viewer's own overlays (the
// coverage gaps, the nearest-site lines). The layer switcher, the popups, the legend and the export read them here.
import { currentLanguage, t } from './i18n.js';

export class LayerSet {
  /** @type {{ id: string, layer: import('ol/layer/Base.js').default, definition: object | null }[]} */
  #entries = [];

  /** Adds a layer on top of those added before; <paramref name="definition"/> is its entry of /map/layers.json, null for an overlay. */
  add(id, layer, definition = null) {
    this.#entries.push({ id, layer, definition });
  }

  /** Every layer, bottom first. */
  get entries() {
    return [...this.#entries];
  }

  /** The OpenLayers layer of an id, or undefined. */
  layer(id) {
    return this.#entries.find((entry) => entry.id === id)?.layer;
  }

  /** The layer-list definition of an id, or null (an overlay, or not a layer). */
  definition(id) {
    return this.#entries.find((entry) => entry.id === id)?.definition ?? null;
  }

  /** The layers a dataset declared (style "default"), bottom first. */
  get declared() {
    return this.#entries.filter((entry) => entry.definition?.style === 'default');
  }

  /**
   * A layer's name in the current language: for a declared layer the title the layer list gives it; for the built-in
   * layers and the overlays the viewer's own wording, else the list's title; the id when there is neither.
   */
  title(id) {
    const definition = this.definition(id);
    const own = definition?.style === 'default' ? undefined : t('layer')[id];
    if (own) {
      return own;
    }
    const [first, second] = currentLanguage() === 'zh' ? ['title_zh', 'title_en'] : ['title_en', 'title_zh'];
    return definition?.[first] || definition?.[second] || id;
  }
}
