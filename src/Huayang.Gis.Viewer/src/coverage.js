// The life-circle coverage theme (an analysis overlay): for the chosen category, level, sites counted (existing, or
// existing + planned) and distance method (straight-line buffer or walking network), the server's coverage answer
// colours the communities by covered share (through coverageShares, read by the communities' style, the labels and the
// popup), and its gaps are drawn hatched as the overlay layer "coverage", above the communities. The levels are those
// of the standard the server loaded (/analysis/life-circles); the category chooser lists first the categories GB 50180
// (or the supplementary standard) requires at the chosen level, marked ★. Once a theme is shown, changing a choice
// applies it again; only the latest answer is shown.
import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { getJson } from './api.js';
import { percent } from './format.js';
import { categories, categoryName, levelName, levels, lifeCircleStandard, setLifeCircles, t } from './i18n.js';
import { uncoveredStyle } from './styles.js';

/** The sites a theme counts and how it measures distance, first the default. */
export const statusChoices = ['existing', 'all'];
export const methodChoices = ['buffer', 'network'];

function group(label, options) {
  const element = document.createElement('optgroup');
  element.label = label;
  element.append(...options);
  return element;
}

/**
 * @param {object} options
 * @param {() => void} options.onChange called after a theme is applied or cleared
 * @param {(what: string) => (error: Error) => void} options.fail reports a failed request
 */
export function createCoverageTheme({ onChange, fail }) {
  const source = new VectorSource();
  const layer = new VectorLayer({ source, visible: false, style: () => uncoveredStyle() });
  layer.set('id', 'coverage');
  /** The /analysis/coverage answer shown, and its communities by id; null when no theme is shown. */
  let coverage = null;
  let byCommunity = null;
  let shares = null;
  /** Counts the requests, so that only the latest answer is shown. */
  let asked = 0;
  const category = document.getElementById('coverage-category');
  const level = document.getElementById('coverage-level');
  const status = document.getElementById('coverage-status');
  const method = document.getElementById('coverage-method');
  const total = document.getElementById('coverage-total');

  /** The categories the chosen level requires (the level's standard's list), in the table's order. */
  function required(levelId) {
    const chosen = levels.find((l) => l.id === levelId);
    return categories.filter((c) => chosen?.required_categories.includes(c.id)).map((c) => c.id);
  }

  function renderCategories() {
    const chosen = category.value || 'kindergarten';
    const needed = required(level.value);
    const option = (id, star) => new Option(`${star ? '★ ' : ''}${categoryName(id)}`, id);
    const others = categories.filter((c) => !needed.includes(c.id)).map((c) => option(c.id, false));
    category.replaceChildren(...(needed.length > 0
      ? [group(t('requiredGroup')(levelName(level.value)), needed.map((id) => option(id, true))), group(t('otherCategories'), others)]
      : others));
    category.value = chosen;
  }

  function renderChoices() {
    if (lifeCircleStandard) {
      const chosenLevel = level.value || levels[0]?.id;
      const option = (l) => new Option(`${levelName(l.id)} (${l.radius_m} ${t('metres')})`, l.id);
      const supplements = lifeCircleStandard.supplements.flatMap((s) => s.levels);
      level.replaceChildren(group(t('standardGroup'), lifeCircleStandard.levels.map(option)),
        ...(supplements.length > 0 ? [group(t('supplementGroup'), supplements.map(option))] : []));
      level.value = chosenLevel;
    }
    renderCategories();
    for (const [select, choices, names] of [[status, statusChoices, t('statusChoice')], [method, methodChoices, t('methodChoice')]]) {
      const chosen = select.value || choices[0];
      select.replaceChildren(...choices.map((id) => new Option(names[id], id)));
      select.value = chosen;
    }
  }

  function renderTotal() {
    if (!coverage) {
      total.textContent = '';
      return;
    }
    const { covered_population: covered, population, covered_share: share } = coverage.total;
    total.textContent = `${categoryName(coverage.category)} · ${levelName(coverage.level)}: `
      + t('coverageTotal')(percent(share), covered.toLocaleString('en-GB'), population.toLocaleString('en-GB'));
  }

  async function apply() {
    const query = { category: category.value, level: level.value, status: status.value, method: method.value };
    const request = ++asked;
    const [answer, gaps] = await Promise.all([getJson('analysis/coverage', query), getJson('analysis/coverage/gaps', query)]);
    if (request !== asked) {
      return;
    }
    coverage = answer;
    byCommunity = new globalThis.Map(answer.communities.map((c) => [c.community_id, c]));
    shares = new globalThis.Map(answer.communities.map((c) => [c.community_id, c.covered_share]));
    source.clear();
    source.addFeatures(new GeoJSON().readFeatures(gaps, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' })
      .filter((feature) => feature.get('kind') === 'uncovered'));
    layer.setVisible(true);
    renderTotal();
    onChange();
  }

  function clear() {
    asked++;
    coverage = null;
    byCommunity = null;
    shares = null;
    source.clear();
    layer.setVisible(false);
    renderTotal();
    onChange();
  }

  const run = () => apply().catch(fail('/analysis/coverage'));
  document.getElementById('coverage-apply').addEventListener('click', run);
  document.getElementById('coverage-clear').addEventListener('click', clear);
  level.addEventListener('change', renderCategories);
  for (const select of [category, level, status, method]) {
    select.addEventListener('change', () => {
      if (coverage) {
        run();
      }
    });
  }
  return {
    layer,
    /** The coverage answer shown as a theme, or null. */
    current: () => coverage,
    /** Switches the theme off, as its Clear button does. */
    clear,
    /** The shown theme's covered share by community id, or null. */
    shares: () => shares,
    /** The shown theme's figures of a community (its entry of the answer's communities), or undefined. */
    community: (id) => byCommunity?.get(id),
    /** Reads the standard the server loaded (its levels and required categories) and draws the choices. */
    async load() {
      setLifeCircles(await getJson('analysis/life-circles'));
      renderChoices();
    },
    /** Draws the choices and the total again in the current language. */
    render() {
      renderChoices();
      renderTotal();
    },
    /** Asks for the shown theme again (the sites changed). */
    refresh() {
      if (coverage) {
        run();
      }
    },
  };
}
