// The map's data layers, from the server's layer list (GET /map/layers.json: every layer in drawing order, bottom
// first, with its titles, fields, style and TileJSON): one vector-tile layer for each layer the viewer has a style
// for. Built-in layers are drawn by their entry of the style table (styles.js); layers a dataset declares (style
// "default") by geometry in their colour (declaredStyle.js).
import MVT from 'ol/format/MVT.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import { getJson } from './api.js';
import { declaredShape, declaredStyleFunction } from './declaredStyle.js';
import {
  communityStyleFunction, planStyleFunction, roadStyleFunction, siteStyleFunction, walkwayStyleFunction, waterStyleFunction,
} from './styles.js';

/**
 * How the viewer draws each built-in style of the layer list: the OpenLayers style, whether labels and symbols are
 * decluttered, and the viewer's own minimum zoom. A built-in style without an entry (population) is not shown: the
 * residents are what the coverage theme counts, and it shows them.
 * @type {Record<string, { style: (context: LayerContext) => import('ol/style/Style.js').StyleLike, declutter?: boolean | string, minZoom?: number }>}
 */
const builtInStyles = {
  communities: { style: (context) => communityStyleFunction(context.coverageShares, context.communityFill) },
  water: { style: () => waterStyleFunction },
  roads: { style: () => roadStyleFunction },
  walkways: { style: () => walkwayStyleFunction, minZoom: 14 },
  // Its own declutter group: OpenLayers finds a click on a vector tile's symbol only among decluttered symbols, so the
  // plan points could not be clicked; nothing else shares the group, so they never give way.
  plan: { style: () => planStyleFunction, declutter: 'plan' },
  sites: { style: () => siteStyleFunction, declutter: true },
};

/** Tiles are fetched up to this zoom and drawn larger beyond it. */
const maxTileZoom = 16;

/**
 * @typedef {object} LayerContext what a layer style reads of the rest of the viewer
 * @property {() => Map<string, number> | null} coverageShares the coverage theme's shares by community id, or null
 * @property {(id: string) => string | undefined} [communityFill] the compliance theme's fill of a community, if shown
 */

/** The server's layer list: the definitions of /map/layers.json, bottom first. */
export async function loadLayerDefinitions() {
  const list = await getJson('map/layers.json');
  if (!Array.isArray(list?.layers)) {
    throw new Error('/map/layers.json has no "layers" list');
  }
  return list.layers;
}

/** Whether the viewer draws a layer of the list: a declared layer always, a built-in one when it has a style for it. */
function isShown(definition) {
  return definition.style === 'default' || Object.hasOwn(builtInStyles, definition.style);
}

/** The vector-tile layer of a definition, from its TileJSON (<paramref name="tileJson"/>). */
function tileLayer(definition, tileJson, context) {
  const builtIn = definition.style === 'default' ? null : builtInStyles[definition.style];
  const points = builtIn === null && declaredShape(definition) === 'point';
  // A declared layer's tiles start at its min_zoom; OpenLayers' minZoom is exclusive.
  const declaredMinZoom = definition.min_zoom > 0 ? definition.min_zoom - 1 : undefined;
  // No layer extent: OpenLayers clips a layer's drawing to it, and the bounds of a layer run through its outermost
  // features, which cut their symbols and names in half. Tiles outside the data answer 204 (empty).
  const layer = new VectorTileLayer({
    source: new VectorTileSource({
      format: new MVT({ layers: [definition.name] }),
      url: tileJson.tiles[0],
      minZoom: tileJson.minzoom,
      maxZoom: Math.min(tileJson.maxzoom, maxTileZoom),
      attributions: tileJson.attribution,
    }),
    style: builtIn ? builtIn.style(context) : declaredStyleFunction(definition),
    minZoom: builtIn ? builtIn.minZoom : declaredMinZoom,
    // Declared points declutter with the built-in labels and symbols: their dots stay, what would overlap one gives way.
    declutter: builtIn ? builtIn.declutter ?? false : points,
    renderMode: 'hybrid',
    properties: { id: definition.name, pickable: true },
  });
  layer.getSource().set('tileUrl', tileJson.tiles[0]);
  return layer;
}

/**
 * Reads a tile layer's tiles again after its data changed. Tiles may be reused for five minutes (Cache-Control), so
 * the tiles are asked for at an address the browser has not cached: the URL with a refresh count the server ignores.
 */
export function refreshTiles(layer) {
  const source = layer.getSource();
  const url = source.get?.('tileUrl');
  if (!url) {
    return;
  }
  const count = (source.get('refreshes') ?? 0) + 1;
  source.set('refreshes', count);
  source.setUrl(`${url}${url.includes('?') ? '&' : '?'}refresh=${count}`);
}

/**
 * The tile layers of the definitions the viewer shows, bottom first, each as { id, definition, layer, tileJson }.
 * @param {object[]} definitions the server's layer list
 * @param {LayerContext} context
 */
export async function createTileLayers(definitions, context) {
  const shown = definitions.filter(isShown);
  const tileJsons = await Promise.all(shown.map((definition) => getJson(definition.tilejson)));
  return shown.map((definition, index) => ({
    id: definition.name,
    definition,
    tileJson: tileJsons[index],
    layer: tileLayer(definition, tileJsons[index], context),
  }));
}
