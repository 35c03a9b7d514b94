// The map's names: one label per named feature of the communities, the plan, the water and the roads, drawn by one
// vector layer above the tiles, so a name is neither repeated on every tile nor cut at a tile's edge. The features are
// read once from their OGC API collections (lon/lat); after every move each gets one label point inside the view:
// an area at an interior point of its part in the view, a line at the middle of its longest stretch in the view
// (turned along it), a plan point under its symbol. The view is first shrunk by half the label's size, so the whole
// text lies inside the map. The labels declutter among themselves only (not with the site symbols), communities first.
// A name can carry a suffix (a community's covered share while the coverage theme is shown).
import Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Style } from 'ol/style.js';
import { getJson } from './api.js';
import { nameOf } from './i18n.js';
import { label, labelFont, withOffset } from './labels.js';
import { css, darker, mapStyle, zoneColour } from './mapStyle.js';
import { siteRadius } from './styles.js';

/** Pixels from a site's centre down to the middle of its name (clear of the disc that keeps its symbol's place). */
const siteLabelOffset = 18;

/**
 * What is labelled: the collection, the layer whose visibility the labels follow, and the largest resolution (metres
 * per pixel) they show at.
 */
const labelled = [
  { collection: 'communities', layerId: 'communities', maxResolution: 40 },
  { collection: 'plan', layerId: 'plan', maxResolution: 80 },
  { collection: 'water', layerId: 'water', maxResolution: 40 },
  { collection: 'roads', layerId: 'roads', maxResolution: 10 },
  // Site names from zoom 16.
  { collection: 'sites', layerId: 'sites', maxResolution: 2.49 },
];

/**
 * Which name wins where two would overlap (lower first): the communities, the plan's two points, the sites, the plan's
 * axis, belt and zones, the water, the roads.
 */
function priority(collection, kind) {
  if (collection === 'plan') {
    return kind === 'point' ? 1 : 3;
  }
  return { communities: 0, sites: 2, water: 4, roads: 5 }[collection] ?? 6;
}

/**
 * While sites are named, each site's symbol (drawn by the tiles) keeps its place among the names: an invisible disc
 * of about the symbol's size that every name gives way to.
 */
const symbolPlace = new Style({ image: new Circle({ radius: siteRadius, fill: new Fill({ color: 'rgba(0, 0, 0, 0)' }) }) });

/** Names longer than this many characters are written on two lines when they have a space to break at. */
const wrapLength = 14;

/** The text as drawn: a long name with spaces (English) broken into two lines at the space nearest its middle. */
function wrapped(text) {
  if (text.length <= wrapLength || !text.includes(' ')) {
    return text;
  }
  const middle = text.length / 2;
  let at = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
    if (at < 0 || Math.abs(i - middle) < Math.abs(at - middle)) {
      at = i;
    }
  }
  return `${text.slice(0, at)}\n${text.slice(at + 1)}`;
}

/** Pixels kept free between a label and the edge of the map. */
const edgeMargin = 4;

/** The label's text, size, colour and placement for a named feature of a collection. */
function labelLook(collection, properties) {
  const style = mapStyle();
  switch (collection) {
    case 'communities':
      return { size: style.communities.labelSize, colour: css(style.communities.label) };
    case 'water':
      return { size: style.water.labelSize, colour: css(style.water.label) };
    case 'roads':
      return { size: style.roadsCommon.labelSize, colour: css(style.roadsCommon.label) };
    case 'sites':
      return { size: 11, colour: css(style.text), below: siteLabelOffset };
    default:
      switch (properties.kind) {
        case 'axis':
          return { size: style.plan.axis.labelSize, colour: darker(style.plan.axis.color) };
        case 'point':
          return { size: style.plan.point.labelSize, colour: css(style.plan.point.color), below: style.plan.point.labelOffset + 6 };
        case 'belt':
          return { size: style.plan.belt.labelSize ?? 14, colour: darker(style.plan.belt.outline) };
        default:
          return { size: style.plan.zone?.labelSize ?? 15, colour: darker(zoneColour(properties.id)) };
      }
  }
}

let measuring = null;
/** The width and height in CSS pixels of a text (one or more lines) at a size in the label font. */
function textSize(text, size) {
  measuring ??= document.createElement('canvas').getContext('2d');
  measuring.font = `${size}px ${labelFont}`;
  const lines = text.split('\n');
  return [Math.max(...lines.map((line) => measuring.measureText(line).width)), lines.length * size * 1.3];
}

// --- clipping to the view --------------------------------------------------------------------------

/** A ring clipped to a box (Sutherland–Hodgman, one edge of the box after another). */
function clipRing(ring, [minX, minY, maxX, maxY]) {
  const edges = [
    [(p) => p[0] >= minX, (a, b) => [minX, a[1] + ((b[1] - a[1]) * (minX - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= maxX, (a, b) => [maxX, a[1] + ((b[1] - a[1]) * (maxX - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= minY, (a, b) => [a[0] + ((b[0] - a[0]) * (minY - a[1])) / (b[1] - a[1]), minY]],
    [(p) => p[1] <= maxY, (a, b) => [a[0] + ((b[0] - a[0]) * (maxY - a[1])) / (b[1] - a[1]), maxY]],
  ];
  let points = ring;
  for (const [inside, cross] of edges) {
    const kept = [];
    points.forEach((current, i) => {
      const previous = points[(i + points.length - 1) % points.length];
      if (inside(current)) {
        if (!inside(previous)) {
          kept.push(cross(previous, current));
        }
        kept.push(current);
      } else if (inside(previous)) {
        kept.push(cross(previous, current));
      }
    });
    points = kept;
    if (points.length === 0) {
      return [];
    }
  }
  return points;
}

/** The signed area of a ring. */
function ringArea(ring) {
  let area = 0;
  ring.forEach(([x1, y1], i) => {
    const [x2, y2] = ring[(i + 1) % ring.length];
    area += x1 * y2 - x2 * y1;
  });
  return area / 2;
}

/** An interior point of the largest part of an area inside a box, or null when none of it is. */
function areaAnchor(geometry, box) {
  const polygons = geometry.getType() === 'MultiPolygon' ? geometry.getCoordinates() : [geometry.getCoordinates()];
  let best = null;
  let bestArea = 0;
  for (const rings of polygons) {
    const outer = clipRing(rings[0].slice(0, -1), box);
    const area = outer.length >= 3 ? Math.abs(ringArea(outer)) : 0;
    if (area > bestArea) {
      const holes = rings.slice(1).map((ring) => clipRing(ring.slice(0, -1), box)).filter((ring) => ring.length >= 3);
      best = [outer, ...holes].map((ring) => [...ring, ring[0]]);
      bestArea = area;
    }
  }
  if (!best) {
    return null;
  }
  const [x, y] = new Polygon(best).getInteriorPoint().getCoordinates();
  return Number.isFinite(x) && Number.isFinite(y) ? { point: [x, y], rotation: 0 } : null;
}

/** The part of a segment inside a box (Liang–Barsky), or null. */
function clipSegment([x1, y1], [x2, y2], [minX, minY, maxX, maxY]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [[-dx, x1 - minX], [dx, maxX - x1], [-dy, y1 - minY], [dy, maxY - y1]]) {
    if (p === 0) {
      if (q < 0) {
        return null;
      }
    } else {
      const t = q / p;
      if (p < 0) {
        t0 = Math.max(t0, t);
      } else {
        t1 = Math.min(t1, t);
      }
    }
  }
  return t0 <= t1 ? [[x1 + t0 * dx, y1 + t0 * dy], [x1 + t1 * dx, y1 + t1 * dy]] : null;
}

/**
 * The middle of the longest stretch of a line inside a box, and the turn that writes a label along it (readable: never
 * upside down), or null when no stretch is at least <paramref name="minLength"/> long.
 */
function lineAnchor(geometry, box, minLength) {
  const lines = geometry.getType() === 'MultiLineString' ? geometry.getCoordinates() : [geometry.getCoordinates()];
  let best = null;
  let bestLength = minLength;
  for (const line of lines) {
    let stretch = [];
    let length = 0;
    const finish = () => {
      if (stretch.length > 0 && length >= bestLength) {
        best = stretch;
        bestLength = length;
      }
      stretch = [];
      length = 0;
    };
    for (let i = 1; i < line.length; i++) {
      const part = clipSegment(line[i - 1], line[i], box);
      if (!part) {
        finish();
        continue;
      }
      const joined = stretch.length > 0 && stretch.at(-1).end[0] === part[0][0] && stretch.at(-1).end[1] === part[0][1];
      if (!joined) {
        finish();
      }
      const segmentLength = Math.hypot(part[1][0] - part[0][0], part[1][1] - part[0][1]);
      stretch.push({ start: part[0], end: part[1], length: segmentLength });
      length += segmentLength;
    }
    finish();
  }
  if (!best) {
    return null;
  }
  let remaining = bestLength / 2;
  for (const { start, end, length } of best) {
    if (remaining <= length || length === 0) {
      const f = length === 0 ? 0 : remaining / length;
      let angle = -Math.atan2(end[1] - start[1], end[0] - start[0]);
      if (angle > Math.PI / 2) {
        angle -= Math.PI;
      } else if (angle < -Math.PI / 2) {
        angle += Math.PI;
      }
      return { point: [start[0] + f * (end[0] - start[0]), start[1] + f * (end[1] - start[1])], rotation: angle };
    }
    remaining -= length;
  }
  return null;
}

/** Whether a point lies inside a box. */
function inBox([x, y], [minX, minY, maxX, maxY]) {
  return x >= minX && x <= maxX && y >= minY && y <= maxY;
}

// --- the layer -------------------------------------------------------------------------------------

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {import('./layerSet.js').LayerSet} options.layers the map's layers (the labels follow their visibility)
 * @param {(collection: string, id: string) => string | undefined} [options.suffix] what a feature's name is written
 *   with (a community's covered share while the coverage theme is shown)
 */
export function createLabelLayer({ map, layers, suffix = () => undefined }) {
  const source = new VectorSource();
  const layer = new VectorLayer({
    source,
    declutter: 'labels',
    updateWhileAnimating: false,
    updateWhileInteracting: false,
    renderOrder: (a, b) => a.get('rank') - b.get('rank'),
    style: (feature) => feature.get('style'),
    properties: { id: 'labels', pickable: false },
  });
  /** The named features by collection: { collection, rank, feature } in order of priority. */
  const named = [];
  /** The labels of the last frame drawn: { id, collection, text, box: [left, top, right, bottom] in CSS pixels }. */
  let rendered = [];

  /** Reads the named features of the labelled collections among <paramref name="entries"/>, replacing those read before. */
  async function read(entries) {
    const answers = await Promise.all(entries.map(({ collection }) => getJson(`collections/${collection}/items`, { limit: 10000 })));
    const collections = new Set(entries.map((entry) => entry.collection));
    const kept = named.filter((entry) => !collections.has(entry.collection));
    entries.forEach((entry, i) => {
      for (const feature of new GeoJSON().readFeatures(answers[i], { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' })) {
        kept.push({ ...entry, feature, priority: priority(entry.collection, feature.get('kind')) });
      }
    });
    named.splice(0, named.length, ...kept.sort((a, b) => a.priority - b.priority));
  }

  async function load() {
    await read(labelled);
    for (const { layerId } of labelled) {
      layers.layer(layerId)?.on('change:visible', place);
    }
    place();
  }

  /** One label point for each named feature in the view, in the current language. */
  function place() {
    const size = map.getSize();
    if (!size || named.length === 0) {
      return;
    }
    const view = map.getView();
    const resolution = view.getResolution();
    const extent = view.calculateExtent(size);
    const labels = [];
    named.forEach(({ collection, layerId, maxResolution, feature }, rank) => {
      const shownLayer = layers.layer(layerId);
      const properties = feature.getProperties();
      const bare = nameOf(properties);
      if (!bare || resolution > maxResolution || (shownLayer && !shownLayer.getVisible())) {
        return;
      }
      const added = suffix(collection, String(feature.getId() ?? properties.id));
      const name = added ? `${bare} ${added}` : bare;
      if (collection === 'sites') {
        labels.push(new Feature({ geometry: new Point(feature.getGeometry().getCoordinates()), rank: -1, collection: 'symbol', style: symbolPlace }));
      }
      const look = labelLook(collection, properties);
      const geometry = feature.getGeometry();
      const type = geometry.getType();
      const line = type.endsWith('LineString');
      // Along a line the name stays on one line.
      const text = line ? name : wrapped(name);
      const [width, height] = textSize(text, look.size);
      // A line's label turns, so it keeps half its width from every edge; an area's or a point's half its width or height.
      // A name under a symbol: its first line at the look's offset, whatever the number of lines.
      const below = look.below ? look.below + (height - look.size * 1.3) / 2 : 0;
      const [marginX, marginY] = line ? [width / 2, width / 2] : [width / 2, height / 2 + below];
      const box = [
        extent[0] + (marginX + edgeMargin) * resolution, extent[1] + (marginY + edgeMargin) * resolution,
        extent[2] - (marginX + edgeMargin) * resolution, extent[3] - (marginY + edgeMargin) * resolution,
      ];
      if (box[0] >= box[2] || box[1] >= box[3]) {
        return;
      }
      let anchor = null;
      if (type === 'Point') {
        const point = geometry.getCoordinates();
        anchor = inBox(point, box) ? { point, rotation: 0 } : null;
      } else if (line) {
        anchor = lineAnchor(geometry, box, width * resolution);
      } else {
        anchor = areaAnchor(geometry, box);
      }
      if (!anchor) {
        return;
      }
      const textStyle = label(text, look.size, look.colour);
      textStyle.setRotation(anchor.rotation);
      textStyle.setOverflow(true);
      const labelFeature = new Feature({
        geometry: new Point(anchor.point),
        rank,
        collection,
        sourceId: String(feature.getId() ?? properties.id),
        text: name,
        style: new Style({ text: below ? withOffset(textStyle, below) : textStyle }),
      });
      labels.push(labelFeature);
    });
    source.clear(true);
    source.addFeatures(labels);
  }

  map.on('moveend', place);
  map.on('change:size', place);
  // The declutter trees are complete once the frame is composed, after every layer has drawn.
  map.on('postcompose', (event) => {
    const tree = event.frameState.declutter?.labels;
    const ratio = event.frameState.pixelRatio;
    rendered = (tree ? tree.all() : []).filter(({ value }) => value.get('collection') !== 'symbol').map(({ minX, minY, maxX, maxY, value }) => ({
      id: value.get('sourceId'),
      collection: value.get('collection'),
      text: value.get('text'),
      box: [minX / ratio, minY / ratio, maxX / ratio, maxY / ratio],
    }));
  });

  return {
    layer,
    load,
    /** Writes the labels again in the current language. */
    render: place,
    /** Reads again the labelled ones of <paramref name="collections"/> (their data changed) and places the labels. */
    async reload(collections) {
      const entries = labelled.filter((entry) => collections.includes(entry.collection));
      if (entries.length > 0) {
        await read(entries);
        place();
      }
    },
    /** The attributes of every named feature of a collection (those read for labels), in the order read. */
    features: (collection) => named.filter((entry) => entry.collection === collection).map((entry) => entry.feature.getProperties()),
    /** The labels the last frame drew, with their boxes in CSS pixels of the map. */
    rendered: () => rendered.map((entry) => ({ ...entry, box: [...entry.box] })),
    /** The properties of a named feature of a collection by id (a community's names for a site's popup), or undefined. */
    properties(collection, id) {
      return named.find((entry) => entry.collection === collection && String(entry.feature.getId() ?? entry.feature.get('id')) === id)
        ?.feature.getProperties();
    },
  };
}
