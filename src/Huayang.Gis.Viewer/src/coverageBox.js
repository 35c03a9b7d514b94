// The coverage theme's box over the map (#coverage-box): what the colours answer, stated where the map is read — the
// category and level, the distance method with its distance in metres and minutes and the walking speed (all as the
// server's answer gives them), the sites counted, and the street's covered share. Hidden while no theme is shown.
// It is part of the page, not of the map's canvas, so the exported picture (drawn by the server) has its own title.
import { percent } from './format.js';
import { categoryName, levelName, t } from './i18n.js';

/**
 * @param {object} options
 * @param {() => object | null} options.coverage the /analysis/coverage answer shown as a theme, or null
 */
export function createCoverageBox({ coverage }) {
  const box = document.getElementById('coverage-box');

  function line(className, text) {
    const element = document.createElement('div');
    element.className = className;
    element.textContent = text;
    return element;
  }

  function render() {
    const answer = coverage();
    box.hidden = !answer;
    if (!answer) {
      box.replaceChildren();
      return;
    }
    const { covered_population: covered, population, covered_share: share } = answer.total;
    box.dataset.method = answer.method;
    box.dataset.status = answer.status;
    box.replaceChildren(
      line('coverage-box-title', `${categoryName(answer.category)} · ${levelName(answer.level)}`),
      line('coverage-box-method', t('coverageMethodLine')(t('methodChoice')[answer.method] ?? answer.method,
        answer.radius_m.toLocaleString('en-GB'), answer.minutes, answer.walking_speed_m_per_min)),
      line('coverage-box-sites', t('coverageSitesLine')(t('statusChoice')[answer.status] ?? answer.status, answer.site_count)),
      line('coverage-box-total', t('coverageTotal')(percent(share), covered.toLocaleString('en-GB'), population.toLocaleString('en-GB'))),
    );
  }

  return { render };
}
