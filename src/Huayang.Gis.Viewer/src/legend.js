// The legend swatches of each layer's row in the layer panel (panel.js): one entry per symbol drawn, in the colours
// and shapes of the style table (/map/style.json), in the current language; the coverage theme's graduated classes
// under the theme's row; and a swatch for a layer a dataset declares, in the colour and shape the default style draws
// it with. The site categories' entries carry the panel's category filter (#category-filter-<id>).
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
 * What a layer's row shows under its name.
 * @typedef {object} LayerLegend
 * @property {string} [caption] a line above the swatches (the coverage theme's category and level)
 * @property {string} [className] a class of the swatches' <ul>
 * @property {HTMLElement[]} items the swatches
 */

/**
 * The swatches of the coverage theme: the graduated classes of the covered share and the hatch of what is not
 * covered; none while no theme is shown.
 * @param {object | null} coverage the /analysis/coverage answer shown as a theme
 * @returns {LayerLegend}
 */
function coverageLegend(coverage) {
  if (!coverage) {
    return { items: [] };
  }
  const style = mapStyle();
  return {
    caption: `${t('coveredShare')} · ${categoryName(coverage.category)} · ${levelName(coverage.level)}`,
    className: 'legend-coverage',
    items: [
      ...coverageClasses().map((c) => entry('area', { background: css(c.colour, 215 / 255) },
        `${Math.round(c.min * 100)}–${Math.round(c.max * 100)}%`)),
      entry('area hatched', { color: css(style.coverage.uncoveredHatch, 170 / 255) }, t('legendItems').uncovered),
    ],
  };
}

/** The plan's swatches: its axis, points, belt and zones by name (the kinds' names when the plan has none of a kind). */
function planLegend(planFeatures) {
  const plan = mapStyle().plan;
  const kinds = t('planKind');
  const named = (kind) => planFeatures.filter((p) => p.kind === kind);
  const nameOr = (properties, fallback) => nameOf(properties) || fallback;
  const zones = named('zone');
  return [
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
  ];
}

/**
 * The sites' swatches: a symbol per category, each with a checkbox that shows or hides the category on the map, then
 * what filled and hollow mean.
 * @param {{ shown: (category: string) => boolean, set: (category: string, shown: boolean) => void }} filter
 */
function sitesLegend(filter) {
  const style = mapStyle();
  const items = t('legendItems');
  const example = style.sites.default;
  const siteSymbol = (symbol, planned) => (context, c) => drawSiteSymbol(context, symbol, planned, c, c, 5.2);
  return [
    ...categories.map((c) => {
      const item = symbolEntry(siteSymbol(siteSymbolStyle(c.id), false), categoryName(c.id));
      item.classList.add('category-filter');
      item.dataset.category = c.id;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `category-filter-${c.id}`;
      box.checked = filter.shown(c.id);
      box.setAttribute('aria-label', t('showCategory')(categoryName(c.id)));
      box.addEventListener('change', () => filter.set(c.id, box.checked));
      const label = document.createElement('label');
      label.htmlFor = box.id;
      label.append(...item.childNodes);
      item.replaceChildren(box, label);
      return item;
    }),
    symbolEntry(siteSymbol(example, false), items.existingSite),
    symbolEntry(siteSymbol(example, true), items.plannedSite),
  ];
}

/**
 * The legend of one layer's row, in the current language; no swatches before the style table has loaded.
 * @param {string} id the layer's id
 * @param {object} context
 * @param {object | null} context.definition the layer's entry of /map/layers.json (null for the viewer's overlays)
 * @param {string} context.title the layer's name in the current language
 * @param {object | null} context.coverage the coverage answer shown as a theme, or null
 * @param {object[]} context.planFeatures the plan's features (properties)
 * @param {{ shown: (category: string) => boolean, set: (category: string, shown: boolean) => void }} context.categoryFilter
 * @returns {LayerLegend}
 */
export function layerLegend(id, { definition, title, coverage, planFeatures, categoryFilter }) {
  if (!mapStyleLoaded()) {
    return { items: [] };
  }
  if (definition?.style === 'default') {
    return { className: 'legend-declared', items: [declaredEntry(definition, title)] };
  }
  const style = mapStyle();
  const items = t('legendItems');
  switch (id) {
    case 'coverage':
      return coverageLegend(coverage);
    case 'plan':
      return { items: planLegend(planFeatures) };
    case 'sites':
      return { items: sitesLegend(categoryFilter) };
    case 'communities':
      return { items: [entry('area', { background: css(style.communities.fill), borderColor: css(style.communities.outline) }, items.community)] };
    case 'water':
      return { items: [entry('area', { background: css(style.water.fill), borderColor: css(style.water.outline) }, items.water)] };
    case 'roads': {
      const arterial = style.roads.arterial;
      return { items: [entry('line road', { background: css(arterial.color), borderColor: css(arterial.casing) }, items.road)] };
    }
    case 'walkways':
      return { items: [entry('line dashed', { borderColor: css(style.walkways.color) }, items.walkway)] };
    default:
      return { items: [] };
  }
}
