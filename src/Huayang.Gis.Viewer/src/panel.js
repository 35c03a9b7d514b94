// The layer panel (#layer-list inside #legend): the layer list and the legend in one. Each layer of the map has a row,
// top of the list = top of the map, with its toggle, name, opacity and legend swatches (layerSwitcher.js, legend.js);
// a row is greyed with "visible from zoom N" while the view is outside the layer's zoom range. The viewer's tool
// layers (the layers without a layer-list definition: coverage gaps, nearest lines and any tool added later) are
// listed only once used (once their source has had features). The sites' categories are filtered here: a category
// unchecked is not drawn, nor are its sites named; the attribute table adds a filter of its own (setSiteFilter).
import { layerLegend } from './legend.js';
import { layerRow, markZoomRange } from './layerSwitcher.js';

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {import('./layerSet.js').LayerSet} options.layers
 * @param {() => object | null} options.coverage the coverage answer shown as a theme, or null
 * @param {() => void} [options.onChange] called when a layer is shown or hidden or a category filtered
 * @param {(id: string) => object | undefined} [options.siteProperties] a site's attributes by id (the names of sites not
 *   drawn are not written either)
 */
export function createLayerPanel({ map, layers, coverage, onChange = () => {}, siteProperties = () => undefined }) {
  const list = document.getElementById('layer-list');
  let planFeatures = [];
  /** Site categories the user has unchecked. */
  const hiddenCategories = new Set();
  /** Tool layers that have been used, by id. */
  const usedTools = new Set();
  /** Layers whose events the panel listens to. */
  const watched = new WeakSet();
  /** The sites layer's own style, which the category filter wraps; null until the sites layer is seen. */
  let sitesStyle = null;
  /** A further test a site must pass to be drawn (the attribute table's filter), or null. */
  let siteFilter = null;

  const isTool = (id) => layers.definition(id) === null;

  function toolUsed(id, layer) {
    if (!usedTools.has(id)) {
      const source = layer.getSource?.();
      if (typeof source?.getFeatures === 'function' && source.getFeatures().length > 0) {
        usedTools.add(id);
      }
    }
    return usedTools.has(id);
  }

  const categoryFilter = {
    shown: (category) => !hiddenCategories.has(category),
    set(category, shown) {
      if (shown) {
        hiddenCategories.delete(category);
      } else {
        hiddenCategories.add(category);
      }
      sitesChanged();
      onChange();
    },
  };

  function sitesChanged() {
    layers.layer('sites')?.changed();
    layers.layer('labels')?.changed();
  }

  /** Whether a site (its attributes) passes the category filter and the further test. */
  function siteShown(properties) {
    return !properties || (!hiddenCategories.has(properties.category) && (!siteFilter || siteFilter({ get: (key) => properties[key] })));
  }

  /** Wraps the label layer's style so that the names of the sites not drawn are not written. */
  function filterSiteLabels(layer) {
    const own = layer.getStyleFunction?.();
    if (own) {
      layer.setStyle((feature, resolution) => (feature.get('collection') === 'sites' && !siteShown(siteProperties(feature.get('sourceId')))
        ? undefined : own(feature, resolution)));
    }
  }

  /** Wraps the sites' style so that features of a hidden category are not drawn (nor hit by clicks). */
  function filterSites(layer) {
    if (sitesStyle !== null || typeof layer.getStyleFunction !== 'function') {
      return;
    }
    sitesStyle = layer.getStyleFunction();
    layer.setStyle((feature, resolution) => (hiddenCategories.has(feature.get('category')) || (siteFilter && !siteFilter(feature))
      ? undefined : sitesStyle(feature, resolution)));
  }

  function watch(id, layer) {
    if (watched.has(layer)) {
      return;
    }
    watched.add(layer);
    if (id === 'sites') {
      filterSites(layer);
    }
    if (id === 'labels') {
      filterSiteLabels(layer);
    }
    layer.on('change:visible', () => {
      const toggle = document.getElementById(`layer-toggle-${id}`);
      if (toggle) {
        toggle.checked = layer.getVisible();
      }
      onChange();
    });
    const source = layer.getSource?.();
    if (isTool(id) && source) {
      // A tool's first features list it.
      source.on('change', () => {
        if (!usedTools.has(id) && toolUsed(id, layer)) {
          render();
        }
      });
    }
  }

  function updateZoomRanges() {
    const zoom = map.getView().getZoom() ?? 0;
    for (const item of list.querySelectorAll('li.layer-row')) {
      const layer = layers.layer(item.dataset.layer);
      if (layer) {
        markZoomRange(item, layer, zoom);
      }
    }
  }

  /** Draws the rows again from the layers as they are now, in the current language. */
  function render() {
    const shownCoverage = coverage();
    const rows = [];
    for (const { id, layer, definition } of layers.entries.reverse()) {
      watch(id, layer);
      if (isTool(id) && !toolUsed(id, layer)) {
        continue;
      }
      const title = layers.title(id);
      const item = layerRow(id, title, layer);
      const legend = layerLegend(id, { definition, title, coverage: shownCoverage, planFeatures, categoryFilter });
      if (legend.caption) {
        const caption = document.createElement('p');
        caption.className = 'legend-caption';
        caption.textContent = legend.caption;
        item.append(caption);
      }
      if (legend.items.length > 0) {
        const swatches = document.createElement('ul');
        swatches.className = `layer-legend ${legend.className ?? ''}`.trim();
        swatches.append(...legend.items);
        item.append(swatches);
      }
      rows.push(item);
    }
    list.replaceChildren(...rows);
    updateZoomRanges();
  }

  map.on('moveend', updateZoomRanges);
  // A layer added to the map later (a tool's overlay) is watched from then on: its first features list it.
  let pending = false;
  map.getLayers().on('add', () => {
    if (!pending) {
      pending = true;
      queueMicrotask(() => {
        pending = false;
        render();
      });
    }
  });

  return {
    render,
    /** Sets the plan's features (properties) whose names the plan's row lists, and draws the panel. */
    setPlan(features) {
      planFeatures = features;
      render();
    },
    /** Draws only the sites that pass <paramref name="predicate"/> (besides the category filter); null draws them all. */
    setSiteFilter(predicate) {
      siteFilter = predicate;
      sitesChanged();
    },
    /** The site categories not drawn. */
    hiddenCategories: () => [...hiddenCategories],
    /** Hides exactly these site categories (a restored link), and draws the panel. */
    setHiddenCategories(ids) {
      hiddenCategories.clear();
      for (const id of ids) {
        hiddenCategories.add(id);
      }
      sitesChanged();
      render();
    },
  };
}
