// The suggestion tool (where to build next): for a category and level, a number of new sites (maximal covering) or a
// target share of residents (the fewest sites, set covering), candidates (the category's planned sites, or points along
// the walkways every N metres) and walking or straight-line distances, the server chooses the sites
// (/analysis/suggest). They are drawn as numbered markers labelled with the residents each adds (the overlay layer
// "suggest") and listed (#suggest-list), an entry going to its site; the summary states the coverage before and after,
// the method and how far from optimal the answer can be at most (#suggest-summary).
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import { fromLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style.js';
import { getJson } from './api.js';
import { percent } from './format.js';
import { categories, categoryName, currentLanguage, levelName, levels, nameOf, t } from './i18n.js';
import { siteEntry } from './siteList.js';

/** The markers' colour (apart from every site category's and the other tools'). */
export const suggestColour = '#d95f02';

const grouped = (value) => value.toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 0 });

/**
 * @param {object} options
 * @param {(geometry: import('ol/geom/Geometry.js').default) => void} options.onGo called when a listed site is chosen
 * @param {(what: string) => (error: Error) => void} options.fail reports a failed request
 */
export function createSuggestTool({ onGo, fail }) {
  const source = new VectorSource();
  const font = '700 12px system-ui, "Noto Sans CJK SC", sans-serif';
  // The markers and their numbers are always drawn (obstacles); a label that would overlap a marker or another label is
  // left out (a declutter group of its own, so the site names never give way to it); the list has every figure.
  const layer = new VectorLayer({
    source,
    declutter: 'suggest',
    style: (feature) => [
      new Style({
        image: new Circle({
          radius: 11, fill: new Fill({ color: suggestColour }), stroke: new Stroke({ color: '#ffffff', width: 2 }), declutterMode: 'obstacle',
        }),
        text: new Text({ text: String(feature.get('rank')), font, fill: new Fill({ color: '#ffffff' }), declutterMode: 'obstacle' }),
        zIndex: 1000 - feature.get('rank'),
      }),
      new Style({
        text: new Text({
          text: t('suggestAdds')(grouped(feature.get('added_residents'))),
          font: '600 12px system-ui, "Noto Sans CJK SC", sans-serif',
          // Above the marker: a site's own name is written below its symbol.
          offsetY: -22,
          fill: new Fill({ color: '#7a3300' }),
          stroke: new Stroke({ color: '#ffffff', width: 3 }),
        }),
        // Below every marker: the markers are placed first, then the labels, the first site's first.
        zIndex: -feature.get('rank'),
      }),
    ],
  });
  layer.set('id', 'suggest');
  const field = (id) => document.getElementById(`suggest-${id}`);
  const [category, level, goal, value, candidates, spacing, method] =
    ['category', 'level', 'goal', 'value', 'candidates', 'spacing', 'method'].map(field);
  const summary = field('summary');
  const list = field('list');
  /** The answer shown, or null. */
  let answer = null;

  function renderChoices() {
    const chosen = [category.value || 'kindergarten', level.value || levels[0]?.id, goal.value || 'count', candidates.value || 'planned', method.value || 'network'];
    category.replaceChildren(...categories.map((c) => new Option(categoryName(c.id), c.id)));
    level.replaceChildren(...levels.map((l) => new Option(`${levelName(l.id)} (${l.radius_m} ${t('metres')})`, l.id)));
    goal.replaceChildren(new Option(t('suggestGoalCount'), 'count'), new Option(t('suggestGoalShare'), 'share'));
    candidates.replaceChildren(new Option(t('suggestPlanned'), 'planned'), new Option(t('suggestWalkways'), 'walkways'));
    method.replaceChildren(new Option(t('methodNetwork'), 'network'), new Option(t('methodBuffer'), 'buffer'));
    [category.value, level.value, goal.value, candidates.value, method.value] = chosen;
    spacing.disabled = candidates.value !== 'walkways';
  }

  /** How far from optimal the answer can be, in words. */
  function boundText() {
    if (answer.optimal) {
      return t('suggestOptimal');
    }
    return answer.model === 'set_covering' ? t('suggestSitesWithin')(grouped(answer.gap), grouped(answer.bound))
      : t('suggestWithin')(percent(answer.relative_gap), grouped(answer.bound));
  }

  function render() {
    renderChoices();
    if (!answer) {
      summary.replaceChildren();
      list.replaceChildren();
      return;
    }
    const lines = [
      `${categoryName(answer.category)} · ${levelName(answer.level)}`,
      t('suggestCoverage')(percent(answer.share_before), percent(answer.share_after), grouped(answer.covered_before), grouped(answer.covered_after)),
      `${t('suggestSolver')(answer.solver, grouped(answer.candidate_count))}; ${boundText()}`,
    ];
    if (!answer.target_reached) {
      lines.push(t('suggestNotReached')(percent(answer.share_after)));
    }
    if (answer.chosen.length === 0) {
      lines.push(t('suggestNone'));
    }
    summary.replaceChildren(...lines.map((text) => Object.assign(document.createElement('div'), { textContent: text })));
    list.replaceChildren(...answer.chosen.map((site) => siteEntry(site.id, nameOf(site) || t('suggestCandidate')(site.id),
      t('suggestAdds')(grouped(site.added_residents)), () => onGo(new Point(fromLonLat([site.lon, site.lat]))))));
  }

  async function run() {
    const query = { category: category.value, level: level.value, candidates: candidates.value, method: method.value };
    if (goal.value === 'share') {
      query.target_share = Number(value.value) / 100;
    } else {
      query.count = value.value;
    }
    if (candidates.value === 'walkways') {
      query.spacing_m = spacing.value;
    }
    answer = await getJson('analysis/suggest', query);
    source.clear();
    source.addFeatures(answer.chosen.map((site) => new Feature({
      geometry: new Point(fromLonLat([site.lon, site.lat])), rank: site.rank, added_residents: site.added_residents,
    })));
    render();
  }

  goal.addEventListener('change', () => {
    value.value = goal.value === 'share' ? '50' : '3';
  });
  candidates.addEventListener('change', () => {
    spacing.disabled = candidates.value !== 'walkways';
  });
  field('run').addEventListener('click', () => run().catch(fail('/analysis/suggest')));
  field('clear').addEventListener('click', () => {
    answer = null;
    source.clear();
    render();
  });

  return {
    layer,
    render() {
      render();
      source.changed();
    },
  };
}
