// OpenLayers styles for each dataset layer. Colours are fixed per category so the legend, the
// popups and the map agree; planned sites are drawn hollow.
import { Circle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style.js';
import { nameOf } from './i18n.js';

export const labelFont = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif';

export const categoryColours = {
  kindergarten: '#f28e2b',
  primary_school: '#4e79a7',
  middle_school: '#1f4e79',
  health_centre: '#e15759',
  elderly_care: '#b07aa1',
  community_service: '#59a14f',
  culture: '#9c755f',
  sports: '#76b7b2',
  park: '#2ca02c',
  international_school: '#17becf',
  talent_service: '#bcbd22',
  culture_arts_centre: '#d62790',
  sports_town: '#ff7f0e',
  international_services: '#7f7f7f',
};

export const colours = {
  water: '#a6cee3',
  waterOutline: '#4a90c2',
  communityFill: 'rgba(255, 250, 235, 0.55)',
  communityOutline: '#8c6d46',
  road: '#c0504d',
  walkway: '#a68b6b',
  axis: '#c00000',
  point: '#7030a0',
  belt: 'rgba(0, 150, 200, 0.28)',
  uncovered: 'rgba(220, 40, 40, 0.35)',
  nearestLine: '#e31a1c',
};

export const zoneColours = {
  'zone-education-talent': 'rgba(78, 121, 167, 0.22)',
  'zone-culture-arts': 'rgba(214, 39, 144, 0.18)',
  'zone-health-sports': 'rgba(89, 161, 79, 0.22)',
};

/** Graduated classes for the covered share of a community's residents (0 to 1). */
export const coverageClasses = [
  { min: 0, max: 0.2, colour: '#d7191c' },
  { min: 0.2, max: 0.4, colour: '#fdae61' },
  { min: 0.4, max: 0.6, colour: '#ffffbf' },
  { min: 0.6, max: 0.8, colour: '#a6d96a' },
  { min: 0.8, max: 1.0001, colour: '#1a9641' },
];

export function coverageColour(share) {
  const found = coverageClasses.find((c) => share >= c.min && share < c.max);
  return (found ?? coverageClasses[coverageClasses.length - 1]).colour;
}

function label(textValue, size, fill, placement = 'point') {
  return new Text({
    text: textValue,
    font: `${size}px ${labelFont}`,
    fill: new Fill({ color: fill }),
    stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 3 }),
    placement,
    overflow: placement === 'point',
  });
}

const waterStyle = new Style({
  fill: new Fill({ color: colours.water }),
  stroke: new Stroke({ color: colours.waterOutline, width: 1 }),
});

export function waterStyleFunction() {
  return waterStyle;
}

/**
 * Communities: plain, or filled by the coverage theme's covered share when one is shown;
 * labelled with the name in the current language from zoom 13.
 * @param {() => Map<string, number> | null} shares the coverage theme's shares by community id
 */
export function communityStyleFunction(shares) {
  return (feature, resolution) => {
    const properties = feature.getProperties();
    const themed = shares();
    const share = themed?.get(properties.id);
    const fill = share === undefined ? colours.communityFill : withAlpha(coverageColour(share), 0.7);
    return new Style({
      fill: new Fill({ color: fill }),
      stroke: new Stroke({ color: colours.communityOutline, width: 1.2 }),
      text: resolution < 20 ? label(nameOf(properties), 12, '#5a4326') : undefined,
    });
  };
}

const roadStyles = {
  arterial: new Style({ stroke: new Stroke({ color: colours.road, width: 3.5 }) }),
  other: new Style({ stroke: new Stroke({ color: colours.road, width: 2 }) }),
};

export function roadStyleFunction(feature) {
  return feature.get('class') === 'arterial' ? roadStyles.arterial : roadStyles.other;
}

const walkwayStyle = new Style({ stroke: new Stroke({ color: colours.walkway, width: 1, lineDash: [3, 2] }) });

export function walkwayStyleFunction() {
  return walkwayStyle;
}

/** The plan: the axis as a bold line, the two points as stars, the belt translucent, the zones tinted. */
export function planStyleFunction(feature, resolution) {
  const properties = feature.getProperties();
  const name = nameOf(properties);
  switch (properties.kind) {
    case 'axis':
      return [
        new Style({ stroke: new Stroke({ color: 'rgba(255,255,255,0.8)', width: 9 }) }),
        new Style({
          stroke: new Stroke({ color: colours.axis, width: 6 }),
          text: resolution < 40 ? label(name, 13, colours.axis, 'line') : undefined,
        }),
      ];
    case 'point':
      return new Style({
        image: new RegularShape({
          points: 5, radius: 13, radius2: 6, angle: 0,
          fill: new Fill({ color: colours.point }),
          stroke: new Stroke({ color: '#ffffff', width: 2 }),
        }),
        text: withOffset(label(name, 13, colours.point), 20),
      });
    case 'belt':
      return new Style({
        fill: new Fill({ color: colours.belt }),
        stroke: new Stroke({ color: 'rgba(0, 120, 170, 0.8)', width: 1.5 }),
        text: label(name, 13, '#005b82'),
      });
    default:
      return new Style({
        fill: new Fill({ color: zoneColours[properties.id] ?? 'rgba(120,120,120,0.2)' }),
        stroke: new Stroke({ color: 'rgba(60,60,60,0.7)', width: 2, lineDash: [8, 6] }),
        text: label(name, 14, '#333333'),
      });
  }
}

const siteStyleCache = new Map();

/** Sites: a circle in the category's colour, hollow when planned; named from zoom 16. */
export function siteStyleFunction(feature, resolution) {
  const category = feature.get('category');
  const planned = feature.get('status') === 'planned';
  const key = `${category}|${planned}`;
  let symbol = siteStyleCache.get(key);
  if (!symbol) {
    symbol = siteSymbol(categoryColours[category] ?? '#333333', planned);
    siteStyleCache.set(key, symbol);
  }
  if (resolution >= 2.5) {
    return new Style({ image: symbol });
  }
  return new Style({ image: symbol, text: withOffset(label(nameOf(feature.getProperties()), 11, '#222222'), 14) });
}

export function siteSymbol(colour, planned) {
  return new Circle({
    radius: 6,
    fill: new Fill({ color: planned ? 'rgba(255,255,255,0.85)' : colour }),
    stroke: new Stroke({ color: planned ? colour : '#ffffff', width: planned ? 2.5 : 1.5 }),
  });
}

function withOffset(text, offsetY) {
  text.setOffsetY(offsetY);
  return text;
}

function withAlpha(hex, alpha) {
  const value = parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}
