// The server's style table (/map/style.json, the same table the SkiaSharp renderer draws the map pictures with) and
// the colour arithmetic on it, so the browser map and the pictures agree. The table is fetched once at start-up
// (loadMapStyle); nothing is drawn until it has loaded.
import { getJson } from './api.js';

/** The style table once loaded; null before. */
let table = null;

/** The loaded style table (throws when it has not loaded: drawing without it would be unstyled). */
export function mapStyle() {
  if (!table) {
    throw new Error('the map style (/map/style.json) has not loaded');
  }
  return table;
}

export function mapStyleLoaded() {
  return table !== null;
}

/** Fetches /map/style.json once and checks it has what the viewer draws with. */
export async function loadMapStyle() {
  if (table) {
    return table;
  }
  const loaded = await getJson('map/style.json');
  const required = [
    'text', 'halo', 'communities.fill', 'communities.outline', 'communities.outlineWidth', 'communities.label',
    'coverage.ramp', 'coverage.breaks', 'coverage.uncoveredHatch', 'water.fill', 'water.outline', 'water.label',
    'roads.arterial.color', 'roads.secondary.color', 'walkways.color', 'walkways.width',
    'plan.axis.color', 'plan.axis.width', 'plan.point.color', 'plan.belt.fill', 'plan.belt.opacity', 'plan.belt.outline',
    'plan.zones', 'plan.zoneOpacity', 'sites.default.color', 'sites.default.shape', 'sites.categories',
  ];
  const missing = required.filter((path) => path.split('.').reduce((value, key) => value?.[key], loaded) === undefined);
  if (missing.length > 0) {
    throw new Error(`/map/style.json lacks ${missing.join(', ')}`);
  }
  for (const [path, value] of [['communities.fill', loaded.communities.fill], ['sites.default.color', loaded.sites.default.color]]) {
    parseColour(value, path);
  }
  table = loaded;
  return table;
}

// --- colours -------------------------------------------------------------------------------------

/** [r, g, b, a (0..1)] of "#RRGGBB" or "#AARRGGBB" (the renderer's notation). */
export function parseColour(hex, what = 'colour') {
  const match = /^#([0-9a-f]{6}|[0-9a-f]{8})$/i.exec(hex ?? '');
  if (!match) {
    throw new Error(`"${hex}" (${what}) is not a #RRGGBB or #AARRGGBB colour`);
  }
  const value = match[1];
  const [a, rgb] = value.length === 8 ? [parseInt(value.slice(0, 2), 16) / 255, value.slice(2)] : [1, value];
  return [parseInt(rgb.slice(0, 2), 16), parseInt(rgb.slice(2, 4), 16), parseInt(rgb.slice(4, 6), 16), a];
}

/** A CSS colour of a table colour, its alpha multiplied by <paramref name="alpha"/>. */
export function css(hex, alpha = 1) {
  const [r, g, b, a] = parseColour(hex);
  return `rgba(${r}, ${g}, ${b}, ${+(a * alpha).toFixed(4)})`;
}

/** The renderer's label colour for an area or line: the colour at 60 %. */
export function darker(hex) {
  const [r, g, b] = parseColour(hex);
  return `rgb(${Math.floor(r * 0.6)}, ${Math.floor(g * 0.6)}, ${Math.floor(b * 0.6)})`;
}

/** The coverage theme's classes: the table's ramp split at its breaks (shares 0..1). */
export function coverageClasses() {
  const { ramp, breaks } = mapStyle().coverage;
  return ramp.map((colour, i) => ({ min: i === 0 ? 0 : breaks[i - 1], max: i < breaks.length ? breaks[i] : 1, colour }));
}

/** The renderer's fill of a community by covered share: the ramp class, at alpha 215. */
export function coverageColour(share) {
  const { ramp, breaks } = mapStyle().coverage;
  return css(ramp[breaks.filter((b) => share >= b).length], 215 / 255);
}

export function siteSymbolStyle(category) {
  const { categories, default: fallback } = mapStyle().sites;
  return categories[category] ?? fallback;
}

export function zoneColour(id) {
  return mapStyle().plan.zones[id] ?? mapStyle().sites.default.color;
}
