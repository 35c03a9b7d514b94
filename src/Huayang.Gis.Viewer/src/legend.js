// The legend: one entry per symbol drawn, in the current language, and the coverage theme's
// graduated classes when a theme is shown.
import { categories, categoryName, levelName, t } from './i18n.js';
import { categoryColours, colours, coverageClasses, zoneColours } from './styles.js';

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

/**
 * @param {HTMLElement} container
 * @param {object | null} coverage the /analysis/coverage answer shown as a theme, or null
 */
export function renderLegend(container, coverage) {
  const layer = t('layer');
  const kinds = t('planKind');
  const items = t('legendItems');
  const groups = [];
  if (coverage) {
    groups.push(group(`${t('coveredShare')} · ${categoryName(coverage.category)} · ${levelName(coverage.level)}`, [
      ...coverageClasses.map((c) => entry('area', { background: c.colour },
        `${Math.round(c.min * 100)}–${Math.min(100, Math.round(c.max * 100))}%`)),
      entry('area', { background: colours.uncovered }, items.uncovered),
    ], 'legend-coverage'));
  }
  groups.push(group(layer.plan, [
    entry('line', { background: colours.axis, height: '5px' }, kinds.axis),
    entry('star', { color: colours.point }, kinds.point),
    entry('area', { background: colours.belt }, kinds.belt),
    ...Object.values(zoneColours).map((colour, index) => entry('area dashed', { background: colour }, `${kinds.zone} ${index + 1}`)),
  ]));
  groups.push(group(layer.sites, [
    ...categories.map((c) => entry('dot', { background: categoryColours[c.id] }, categoryName(c.id))),
    entry('dot', { background: '#888888' }, items.existingSite),
    entry('dot hollow', { borderColor: '#888888' }, items.plannedSite),
  ]));
  groups.push(group(`${layer.communities} · ${layer.water} · ${layer.roads}`, [
    entry('area', { background: colours.communityFill, borderColor: colours.communityOutline }, items.community),
    entry('area', { background: colours.water, borderColor: colours.waterOutline }, items.water),
    entry('line', { background: colours.road, height: '3px' }, items.road),
    entry('line dashed', { borderColor: colours.walkway }, items.walkway),
  ]));
  container.replaceChildren(...groups);
}
