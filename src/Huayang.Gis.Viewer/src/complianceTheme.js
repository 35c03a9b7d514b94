// The life-circle compliance theme: for the chosen level (every level of every standard the server's compliance answer
// has, GB 50180's and the plan's international ones) and the sites counted (existing, or existing and planned), the
// communities are coloured by how many of the level's required categories their residents cannot walk to
// (/analysis/compliance?f=json), with a legend of the counts (#compliance-legend); a community's popup lists the
// findings in plain language. It colours the communities through fill() (read by the communities' style, styles.js)
// and is an alternative to the coverage theme: main.js switches the one off when the other is applied.
import { getJson } from './api.js';
import { percent } from './format.js';
import { currentLanguage, levels as lifeCircleLevels, nameOf, t } from './i18n.js';
import { css } from './mapStyle.js';

/**
 * The fills by missing categories: 0 missing a blue that reads "met", then a sequential orange-to-red ramp (ColorBrewer
 * OrRd without its palest steps, which look like the plain fill; safe for colour-blind readers: blue and orange stay
 * apart) from one missing to all missing.
 */
export const complianceRamp = ['#2c7bb6', '#fdd49e', '#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#990000'];

/** The communities' fill alpha, as the coverage theme's (the renderer's 215). */
const alpha = 215 / 255;

/** The ramp index of <paramref name="missing"/> of <paramref name="required"/> categories: all missing is the darkest. */
export function rampIndex(missing, required) {
  return missing === 0 ? 0 : Math.min(complianceRamp.length - 1, Math.ceil((missing / Math.max(1, required)) * (complianceRamp.length - 1)));
}

const grouped = (value) => value.toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 0 });

/**
 * @param {object} options
 * @param {() => void} options.onApply called before a theme is applied (the coverage theme is switched off)
 * @param {() => void} options.onChange called after a theme is applied or cleared
 * @param {(what: string) => (error: Error) => void} options.fail reports a failed request
 */
export function createComplianceTheme({ onApply, onChange, fail }) {
  const level = document.getElementById('compliance-level');
  const status = document.getElementById('compliance-status');
  const total = document.getElementById('compliance-total');
  const legend = document.getElementById('compliance-legend');
  /**
   * The levels to choose from once the compliance answer has listed every standard's (id, names, radius, required
   * categories); until then (null) those of /analysis/life-circles. The answer is asked for the first time the choice
   * or the theme is used, not at start: on a large dataset it is a computation.
   */
  let levels = null;
  let loading = null;
  /** The level of the answer shown ({ ...level, communities }) and its communities by id; null when no theme is shown. */
  let shown = null;
  let byCommunity = null;

  function renderChoices() {
    const chosen = [level.value, status.value || 'existing'];
    const choices = levels ?? lifeCircleLevels.map((l) => ({ level: l.id, name_zh: l.name_zh, name_en: l.name_en, radius_m: l.radius_m }));
    level.replaceChildren(...choices.map((l) => new Option(`${nameOf(l)} (${grouped(l.radius_m)} ${t('metres')})`, l.level)));
    status.replaceChildren(new Option(t('statusExisting'), 'existing'), new Option(t('statusAll'), 'all'));
    level.value = choices.some((l) => l.level === chosen[0]) ? chosen[0] : choices[0]?.level ?? '';
    status.value = chosen[1];
  }

  function renderLegend() {
    if (!shown) {
      total.textContent = '';
      legend.replaceChildren();
      return;
    }
    const required = shown.required_categories.length;
    const counts = Array.from({ length: required + 1 }, (_, missing) => shown.communities.filter((c) => c.missing.length === missing).length);
    total.textContent = `${t('complianceCaption')(nameOf(shown), required)} · ${t('complianceSummary')(counts[0], shown.communities.length)}`;
    legend.replaceChildren(...counts.map((count, missing) => {
      const item = document.createElement('li');
      item.dataset.missing = String(missing);
      const swatch = document.createElement('span');
      swatch.className = 'swatch area';
      swatch.style.background = css(complianceRamp[rampIndex(missing, required)], alpha);
      const label = document.createElement('span');
      label.textContent = `${t('complianceClass')(missing)} · ${t('complianceCount')(count)}`;
      item.append(swatch, label);
      return item;
    }));
  }

  /** The levels of every standard, from the server's answer for the existing sites; asked for once. */
  function load() {
    loading ??= getJson('analysis/compliance', { f: 'json' }).then((answer) => {
      levels = answer.levels.map(({ communities, street, ...rest }) => rest);
      renderChoices();
    }, (error) => {
      loading = null;
      throw error;
    });
    return loading;
  }

  async function apply() {
    const answer = await getJson('analysis/compliance', { f: 'json', level: level.value, status: status.value });
    onApply();
    [shown] = answer.levels;
    byCommunity = new globalThis.Map(shown.communities.map((c) => [c.community_id, c]));
    renderLegend();
    onChange();
  }

  function clear() {
    if (!shown) {
      return;
    }
    shown = null;
    byCommunity = null;
    renderLegend();
    onChange();
  }

  /** A finding in plain language: reached, or who cannot walk to it and how far the nearest site is. */
  function findingText(finding) {
    const category = nameOf(finding);
    if (finding.met) {
      return t('complianceMet')(category, percent(finding.covered_share), grouped(shown.radius_m));
    }
    const nearest = typeof finding.nearest_m === 'number' ? t('complianceNearest')(grouped(finding.nearest_m)) : t('complianceNoSite');
    return t('complianceMissing')(category, grouped(finding.population_without), percent(finding.covered_share), nearest);
  }

  level.addEventListener('focus', () => load().catch(fail('/analysis/compliance')));
  document.getElementById('compliance-apply').addEventListener('click', () => {
    load().catch(fail('/analysis/compliance'));
    apply().catch(fail('/analysis/compliance'));
  });
  document.getElementById('compliance-clear').addEventListener('click', clear);
  return {
    clear,
    /** The level answer shown as a theme, or null. */
    current: () => shown,
    /** The fill of a community while the theme is shown (CSS colour), else undefined. */
    fill(communityId) {
      const community = byCommunity?.get(communityId);
      return community ? css(complianceRamp[rampIndex(community.missing.length, shown.required_categories.length)], alpha) : undefined;
    },
    /** The popup's part for a community while the theme is shown: a heading and a line per required category. */
    popupPart(layerId, properties) {
      const community = layerId === 'communities' ? byCommunity?.get(properties.id) : undefined;
      if (!community) {
        return [];
      }
      const heading = document.createElement('div');
      heading.className = 'popup-findings-heading';
      heading.textContent = t('complianceHeading')(nameOf(shown), community.missing.length, shown.required_categories.length);
      const list = document.createElement('ul');
      list.className = 'popup-findings';
      list.append(...community.findings.map((finding) => {
        const item = document.createElement('li');
        item.dataset.category = finding.category;
        item.className = finding.met ? 'met' : 'missing';
        item.textContent = findingText(finding);
        return item;
      }));
      return [heading, list];
    },
    render() {
      renderChoices();
      renderLegend();
    },
    /** Asks for the shown theme again (the sites changed). */
    refresh() {
      if (shown) {
        apply().catch(fail('/analysis/compliance'));
      }
    },
  };
}
