// The life-circle coverage theme (an analysis overlay): for the chosen category and level, the server's coverage
// answer colours the communities by covered share (through coverageShares, read by the communities' style and the
// popup), and its gaps are drawn hatched as the overlay layer "coverage", above the communities.
import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { getJson } from './api.js';
import { percent } from './format.js';
import { categories, categoryName, levelName, levels, t } from './i18n.js';
import { uncoveredStyle } from './styles.js';

/**
 * @param {object} options
 * @param {() => void} options.onChange called after a theme is applied or cleared
 * @param {(what: string) => (error: Error) => void} options.fail reports a failed request
 */
export function createCoverageTheme({ onChange, fail }) {
  const source = new VectorSource();
  const layer = new VectorLayer({ source, visible: false, style: () => uncoveredStyle() });
  layer.set('id', 'coverage');
  /** The /analysis/coverage answer shown, and its shares by community id; null when no theme is shown. */
  let coverage = null;
  let shares = null;
  const category = document.getElementById('coverage-category');
  const level = document.getElementById('coverage-level');
  const total = document.getElementById('coverage-total');

  function renderChoices() {
    const chosenCategory = category.value || 'kindergarten';
    const chosenLevel = level.value || levels[0].id;
    category.replaceChildren(...categories.map((c) => new Option(categoryName(c.id), c.id)));
    level.replaceChildren(...levels.map((l) => new Option(`${levelName(l.id)} (${l.radius_m} ${t('metres')})`, l.id)));
    category.value = chosenCategory;
    level.value = chosenLevel;
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
    const query = { category: category.value, level: level.value };
    const [answer, gaps] = await Promise.all([getJson('analysis/coverage', query), getJson('analysis/coverage/gaps', query)]);
    coverage = answer;
    shares = new globalThis.Map(answer.communities.map((c) => [c.community_id, c.covered_share]));
    source.clear();
    source.addFeatures(new GeoJSON().readFeatures(gaps, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' })
      .filter((feature) => feature.get('kind') === 'uncovered'));
    layer.setVisible(true);
    renderTotal();
    onChange();
  }

  function clear() {
    coverage = null;
    shares = null;
    source.clear();
    layer.setVisible(false);
    renderTotal();
    onChange();
  }

  document.getElementById('coverage-apply').addEventListener('click', () => apply().catch(fail('/analysis/coverage')));
  document.getElementById('coverage-clear').addEventListener('click', clear);
  return {
    layer,
    /** The coverage answer shown as a theme, or null. */
    current: () => coverage,
    /** The shown theme's covered share by community id, or null. */
    shares: () => shares,
    /** Draws the choices and the total again in the current language. */
    render() {
      renderChoices();
      renderTotal();
    },
  };
}
