// OpenLayers styles for the built-in layers, each named by its entry in the server's style table (/map/style.json,
// see mapStyle.js), and the symbols the legend shares with them. Widths in the table are pixels at a 1000-pixel
// picture; the viewer's map is about that wide, so they are used as they are.
import { Fill, Icon, Stroke, Style } from 'ol/style.js';
import { coverageColour, css, mapStyle, siteSymbolStyle, zoneColour } from './mapStyle.js';

/** Colours the viewer adds for its own tools (not in the pictures). */
export const toolColours = { nearestLine: '#e31a1c', highlight: '#00b7ff', measure: '#f08c00', ring: '#7a0177' };

// --- symbols, drawn as the renderer draws them (Huayang.Gis.Rendering/Drawing/Symbols.cs) --------

function regular(x, y, r, sides, startDegrees) {
  return Array.from({ length: sides }, (_, i) => {
    const angle = ((startDegrees + (i * 360) / sides) * Math.PI) / 180;
    return [x + r * Math.cos(angle), y + r * Math.sin(angle)];
  });
}

function star(x, y, outer, inner) {
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = ((-90 + i * 36) * Math.PI) / 180;
    return [x + radius * Math.cos(angle), y + radius * Math.sin(angle)];
  });
}

/** Traces the outline of a site symbol shape (circle, square, triangle, diamond, pentagon, hexagon, star, cross). */
export function traceShape(context, shape, x, y, r) {
  context.beginPath();
  let points;
  switch (shape) {
    case 'square':
      context.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      return;
    case 'triangle':
      points = regular(x, y + r * 0.2, r * 1.2, 3, -90);
      break;
    case 'diamond':
      points = regular(x, y, r * 1.15, 4, -90);
      break;
    case 'pentagon':
      points = regular(x, y, r * 1.05, 5, -90);
      break;
    case 'hexagon':
      points = regular(x, y, r, 6, 0);
      break;
    case 'star':
      points = star(x, y, r * 1.35, r * 0.6);
      break;
    case 'cross': {
      const a = r * 0.38;
      const b = r * 0.95;
      points = [[x - a, y - b], [x + a, y - b], [x + a, y - a], [x + b, y - a], [x + b, y + a], [x + a, y + a],
        [x + a, y + b], [x - a, y + b], [x - a, y + a], [x - b, y + a], [x - b, y - a], [x - a, y - a]];
      break;
    }
    default:
      context.arc(x, y, r, 0, 2 * Math.PI);
      return;
  }
  points.forEach(([px, py], i) => (i === 0 ? context.moveTo(px, py) : context.lineTo(px, py)));
  context.closePath();
}

/** Draws a site symbol: filled in the category's colour with a white edge, or hollow (white, coloured edge) when planned. */
export function drawSiteSymbol(context, symbol, planned, x, y, r) {
  const colour = css(symbol.color);
  traceShape(context, symbol.shape, x, y, r);
  context.fillStyle = planned ? '#ffffff' : colour;
  context.fill();
  context.lineJoin = 'round';
  context.lineWidth = planned ? 1.9 * (r / 5.2) : 1.0 * (r / 5.2);
  context.strokeStyle = planned ? colour : '#ffffff';
  context.stroke();
}

/** Draws a plan point: a white disc ringed in the point colour, with a star (the first point) or a ring and dot. */
export function drawPlanPoint(context, colour, withStar, x, y, r) {
  context.beginPath();
  context.arc(x, y, r * 1.05, 0, 2 * Math.PI);
  context.fillStyle = '#ffffff';
  context.fill();
  context.lineWidth = 2.6;
  context.strokeStyle = colour;
  context.stroke();
  if (withStar) {
    context.beginPath();
    star(x, y, r * 0.9, r * 0.38).forEach(([px, py], i) => (i === 0 ? context.moveTo(px, py) : context.lineTo(px, py)));
    context.closePath();
    context.fillStyle = colour;
    context.fill();
  } else {
    context.beginPath();
    context.arc(x, y, r * 0.62, 0, 2 * Math.PI);
    context.stroke();
    context.beginPath();
    context.arc(x, y, r * 0.28, 0, 2 * Math.PI);
    context.fillStyle = colour;
    context.fill();
  }
}

/** A canvas of <paramref name="size"/> CSS pixels drawn by <paramref name="draw"/>(context, centre), at the device pixel ratio. */
export function symbolCanvas(size, draw, ratio = window.devicePixelRatio || 1) {
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(size * ratio);
  canvas.height = Math.ceil(size * ratio);
  const context = canvas.getContext('2d');
  context.scale(ratio, ratio);
  draw(context, size / 2);
  return canvas;
}

function iconOf(size, draw) {
  const ratio = window.devicePixelRatio || 1;
  return new Icon({ img: symbolCanvas(size, draw, ratio), scale: 1 / ratio });
}

/** A fill of a colour with diagonal hatch lines, as the renderer hatches zones and uncovered areas. */
function hatchFill(background, line, spacing, width, forward) {
  const canvas = document.createElement('canvas');
  canvas.width = spacing;
  canvas.height = spacing;
  const context = canvas.getContext('2d');
  if (background) {
    context.fillStyle = background;
    context.fillRect(0, 0, spacing, spacing);
  }
  context.strokeStyle = line;
  context.lineWidth = width;
  context.beginPath();
  for (const offset of [-spacing, 0, spacing]) {
    if (forward) {
      context.moveTo(offset, spacing);
      context.lineTo(offset + spacing, 0);
    } else {
      context.moveTo(offset, 0);
      context.lineTo(offset + spacing, spacing);
    }
  }
  context.stroke();
  return context.createPattern(canvas, 'repeat');
}

// --- layer styles --------------------------------------------------------------------------------

const cache = new Map();
function cached(key, make) {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

export function waterStyleFunction() {
  return cached('water', () => {
    const { water } = mapStyle();
    return new Style({
      fill: new Fill({ color: css(water.fill) }),
      stroke: new Stroke({ color: css(water.outline), width: 0.9 }),
    });
  });
}

/**
 * Communities: the table's plain fill, or the coverage ramp when a theme is shown (their names are labels of
 * labelLayer.js, one per community).
 * @param {() => Map<string, number> | null} shares the coverage theme's shares by community id
 * @param {(id: string) => string | undefined} [themeFill] another theme's fill of a community (the compliance theme)
 */
export function communityStyleFunction(shares, themeFill = () => undefined) {
  return (feature) => {
    const { communities } = mapStyle();
    const properties = feature.getProperties();
    const share = shares()?.get(properties.id);
    return new Style({
      fill: new Fill({ color: themeFill(properties.id) ?? (share === undefined ? css(communities.fill) : coverageColour(share)) }),
      stroke: new Stroke({ color: css(communities.outline), width: communities.outlineWidth }),
    });
  };
}

/** The uncovered areas of a coverage theme: hatched in the table's colour at alpha 170, as in the pictures. */
export function uncoveredStyle() {
  return cached('uncovered', () => {
    const colour = css(mapStyle().coverage.uncoveredHatch, 170 / 255);
    return new Style({ fill: new Fill({ color: hatchFill(null, colour, 7, 1.1, true) }), stroke: new Stroke({ color: colour, width: 1 }) });
  });
}

/** Roads: a casing and a line per class (arterial over secondary; unknown classes as secondary). */
export function roadStyleFunction(feature) {
  const roadClass = feature.get('class') === 'arterial' ? 'arterial' : 'secondary';
  return cached(`road|${roadClass}`, () => {
    const road = mapStyle().roads[roadClass] ?? mapStyle().roads.secondary;
    const lift = roadClass === 'arterial' ? 2 : 0;
    return [
      new Style({ stroke: new Stroke({ color: css(road.casing), width: road.width + 2, lineCap: 'round' }), zIndex: lift }),
      new Style({ stroke: new Stroke({ color: css(road.color), width: road.width, lineCap: 'round' }), zIndex: lift + 1 }),
    ];
  });
}

export function walkwayStyleFunction() {
  return cached('walkway', () => {
    const { walkways } = mapStyle();
    return new Style({ stroke: new Stroke({ color: css(walkways.color), width: walkways.width, lineDash: walkways.dash }) });
  });
}

/** Which plan points are drawn with a star: the first of the plan's points, as in the pictures; set from the plan collection. */
let starPoints = new Set();
export function setPlanPointOrder(ids) {
  starPoints = new Set(ids.filter((_, i) => i % 2 === 0));
}

/**
 * The plan: the axis as a bold line with a dashed white centre, the points as ringed symbols, the belt translucent, the
 * zones tinted and hatched (their names are labels of labelLayer.js, one per element).
 */
export function planStyleFunction(feature) {
  const { plan } = mapStyle();
  const properties = feature.getProperties();
  switch (properties.kind) {
    case 'axis':
      return [
        new Style({ stroke: new Stroke({ color: css(plan.axis.color, 225 / 255), width: plan.axis.width, lineCap: 'butt' }) }),
        new Style({ stroke: new Stroke({ color: css('#FFFFFF', 220 / 255), width: 1.4, lineDash: [14, 8] }) }),
      ];
    case 'point': {
      const withStar = starPoints.has(properties.id);
      const image = cached(`point|${withStar}`, () => iconOf(32, (context, c) => drawPlanPoint(context, css(plan.point.color), withStar, c, c, 12)));
      return new Style({ image });
    }
    case 'belt':
      return new Style({
        fill: new Fill({ color: css(plan.belt.fill, plan.belt.opacity) }),
        stroke: new Stroke({ color: css(plan.belt.outline), width: 1.4 }),
      });
    default: {
      const colour = zoneColour(properties.id);
      const fill = cached(`zone|${properties.id}`, () => hatchFill(css(colour, plan.zoneOpacity), css(colour, 120 / 255), 10, 1.2, false));
      return new Style({
        fill: new Fill({ color: fill }),
        stroke: new Stroke({ color: css(colour), width: 2.4, lineDash: [12, 6] }),
      });
    }
  }
}

/** The radius of a site symbol in CSS pixels (the renderer's 5.2 at 1000 pixels, a little larger to click). */
export const siteRadius = 6;

/** Sites: the category's symbol and colour from the table, hollow when planned (named by labelLayer.js from zoom 16). */
export function siteStyleFunction(feature) {
  const category = feature.get('category');
  const planned = feature.get('status') === 'planned';
  const image = cached(`site|${category}|${planned}`, () => {
    const symbol = siteSymbolStyle(category);
    return iconOf(Math.ceil(2 * (siteRadius * 1.4 + 2)), (context, c) => drawSiteSymbol(context, symbol, planned, c, c, siteRadius));
  });
  return new Style({ image });
}