// The legend: one entry per symbol drawn, in the colours and shapes of the style table (/map/style.json), in the
// current language; the coverage theme's graduated classes when a theme is shown; and a swatch per layer a dataset
// declares, in the colour and shape the default style draws it with.
import { declaredColour, declaredShape } from './declaredStyle.js';
import { categories, categoryName, levelName, nameOf, t } from './i18n.js';
import { coverageClasses, css, mapStyle, mapStyleLoaded, siteSymbolStyle, zoneColour } from './mapStyle.js';
import { drawPlanPoint, drawSiteSymbol, symbolCanvas } from './styles.js';

function entry(swatchClass, swatchStyle, text) {
  const item = document.createElement('li');
  const swatch = document.createElement('span');
  swatch.className = `swatch ${swatchClass}`;
  Object.assign(swatch.style, swatchStyle);
  const label = document.createElement('span');
  label.textContent = text;
  item.append(swatch, label);
  return item;
}

function group(title, items, className = '') {
  const section = document.createElement('div');
  section.className = `legend-group ${className}`.trim();
  const heading = document.createElement('h3');
  heading.textContent = title;
  const list = document.createElement('ul');
  list.append(...items);
  section.append(heading, list);
  return section;
}

function symbolEntry(draw, text) {
  const item = entry('symbol', {}, text);
  item.firstChild.append(symbolCanvas(18, draw));
  return item;
}

/** The swatch of a declared layer: a dot, a line or a faint area with an outline, as declaredStyle.js draws it. */
function declaredEntry(definition, title) {
  const colour = declaredColour(definition);
  switch (declaredShape(definition)) {
    case 'point':
      return entry('dot', { background: css(colour) }, title);
    case 'line':
      return entry('line', { background: css(colour) }, title);
    default:
      return entry('area', { background: css(colour, 64 / 255), borderColor: css(colour) }, title);
  }
}

/**
 * @param {HTMLElement} container
 * @param {object | null} coverage the /analysis/coverage answer shown as a theme, or null
 * @param {object[]} planFeatures the plan's features (properties), for the names of its points, belt and zones
 * @param {{ definition: object, title: string }[]} declared the layers a dataset declares, with their titles in the current language
 */
function renderLegend(container, coverage, planFeatures = [], declared = []) {
  if (!mapStyleLoaded()) {
    container.replaceChildren();
    return;
  }
  const style = mapStyle();
  const layer = t('layer');
  const kinds = t('planKind');
  const items = t('legendItems');
  const groups = [];
  if (coverage) {
    groups.push(group(`${t('coveredShare')} · ${categoryName(coverage.category)} · ${levelName(coverage.level)}`, [
      ...coverageClasses().map((c) => entry('area', { background: css(c.colour, 215 / 255) },
        `${Math.round(c.min * 100)}–${Math.round(c.max * 100)}%`)),
      entry('area hatched', { color: css(style.coverage.uncoveredHatch, 170 / 255) }, items.uncovered),
    ], 'legend-coverage'));
  }
  const plan = style.plan;
  const named = (kind) => planFeatures.filter((p) => p.kind === kind);
  const nameOr = (properties, fallback) => nameOf(properties) || fallback;
  const zones = named('zone');
  groups.push(group(layer.plan, [
    ...(named('axis').length ? named('axis') : [{}]).map((p) =>
      entry('line', { background: css(plan.axis.color, 225 / 255), height: `${Math.min(plan.axis.width, 6)}px` }, nameOr(p, kinds.axis))),
    ...(named('point').length ? named('point') : [{}]).map((p, i) =>
      symbolEntry((context, c) => drawPlanPoint(context, css(plan.point.color), i % 2 === 0, c, c, 7), nameOr(p, kinds.point))),
    ...(named('belt').length ? named('belt') : [{}]).map((p) =>
      entry('area', { background: css(plan.belt.fill, plan.belt.opacity), borderColor: css(plan.belt.outline) }, nameOr(p, kinds.belt))),
    ...(zones.length ? zones.map((p) => [p, zoneColour(p.id)]) : Object.entries(plan.zones).map(([id, colour]) => [{ id }, colour]))
      .map(([p, colour]) => entry('area dashed hatched', {
        backgroundColor: css(colour, plan.zoneOpacity), color: css(colour, 120 / 255), borderColor: css(colour),
      }, nameOr(p, kinds.zone))),
  ]));
  const example = style.sites.default;
  const siteSymbol = (symbol, planned) => (context, c) => drawSiteSymbol(context, symbol, planned, c, c, 5.2);
  groups.push(group(layer.sites, [
    ...categories.map((c) => symbolEntry(siteSymbol(siteSymbolStyle(c.id), false), categoryName(c.id))),
    symbolEntry(siteSymbol(example, false), items.existingSite),
    symbolEntry(siteSymbol(example, true), items.plannedSite),
  ]));
  const arterial = style.roads.arterial;
  groups.push(group(`${layer.communities} · ${layer.water} · ${layer.roads}`, [
    entry('area', { background: css(style.communities.fill), borderColor: css(style.communities.outline) }, items.community),
    entry('area', { background: css(style.water.fill), borderColor: css(style.water.outline) }, items.water),
    entry('line road', { background: css(arterial.color), borderColor: css(arterial.casing) }, items.road),
    entry('line dashed', { borderColor: css(style.walkways.color) }, items.walkway),
  ]));
  if (declared.length > 0) {
    groups.push(group(t('declaredLayers'), declared.map(({ definition, title }) => declaredEntry(definition, title)), 'legend-declared'));
  }
  container.replaceChildren(...groups);
}

/**
 * The legend panel (#legend): keeps the plan's features it names and draws the legend again on request, from the
 * coverage theme shown and the declared layers of the map.
 * @param {object} options
 * @param {() => object | null} options.coverage the coverage answer shown as a theme, or null
 * @param {import('./layerSet.js').LayerSet} options.layers
 */
export function createLegendPanel({ coverage, layers }) {
  const container = document.getElementById('legend');
  let planFeatures = [];
  const render = () => {
    const declared = layers.declared.map(({ id, definition }) => ({ definition, title: layers.title(id) }));
    renderLegend(container, coverage(), planFeatures, declared);
  };
  return {
    render,
    /** Sets the plan's features (properties) whose names the legend lists, and draws it. */
    setPlan(features) {
      planFeatures = features;
      render();
    },
  };
}
