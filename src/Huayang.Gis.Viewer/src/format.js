// How the viewer writes numbers and attribute values in the current language, and the rows of a feature's popup in
// plain language: names instead of ids (a site's community and plan element), units with capacities and counts,
// categories, status, kinds and classes by name, plan themes in the current language, and no internal rows (ids,
// raw codes, the plan's interpretation note).
import { categoryName, currentLanguage, nameOf, t } from './i18n.js';

/** A share 0..1 as a percentage with one decimal. */
export function percent(share) {
  return `${(share * 100).toFixed(1)}%`;
}

/** A share 0..1 as a whole percentage, as the map labels it ("42%"). */
export function wholePercent(share) {
  return `${Math.round(share * 100)}%`;
}

function number(value) {
  return value.toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB');
}

/** A count with its unit ("1,200 个学位" / "1,200 places"). */
function counted(value, unit) {
  return `${number(value)} ${t('popupUnits')[unit]}`;
}

/** What a site's capacity counts, by category: school places, care beds, else people. */
function capacityUnit(category) {
  if (['kindergarten', 'primary_school', 'middle_school', 'international_school'].includes(category)) {
    return 'places';
  }
  return category === 'elderly_care' ? 'beds' : 'people';
}

/** An attribute's value as the popup shows it: categories, status and plan kinds by name, numbers grouped. */
export function formatAttribute(key, value) {
  switch (key) {
    case 'category':
      return categoryName(value);
    case 'status':
      return value === 'planned' ? t('planned') : value === 'existing' ? t('existing') : String(value);
    case 'kind':
      return t('planKind')[value] ?? String(value);
    case 'covered_share':
      return percent(value);
    default:
      return typeof value === 'number' ? number(value) : String(value);
  }
}

/** Attributes never listed as rows: the names are shown above the table; ids and notes are internal. */
const internal = new Set(['geometry', 'layer', 'id', 'name_zh', 'name_en', 'interpretation', 'name_source']);

/**
 * The rows of a feature's popup, [attribute, name, value] in the current language.
 * @param {string} layerId
 * @param {object} properties the feature's attributes
 * @param {object} context
 * @param {(collection: string, id: string) => object | undefined} context.named a named feature's attributes by id
 * @param {number | undefined} context.share the community's covered share while a coverage theme is shown
 * @param {{ answer: object, community: object } | undefined} [context.coverage] the shown theme's answer and this
 *   community's entry of it, for the coverage rows (coverageRows)
 */
export function popupRows(layerId, properties, { named, share, coverage }) {
  const names = t('attributes');
  const rows = [];
  for (const [key, value] of Object.entries(properties)) {
    if (internal.has(key) || value === null || value === undefined || value === '') {
      continue;
    }
    let text;
    switch (key) {
      case 'community_id': {
        const community = named('communities', String(value));
        text = community ? nameOf(community) : String(value);
        break;
      }
      case 'plan_element': {
        const element = named('plan', String(value));
        text = element ? nameOf(element) : String(value);
        break;
      }
      case 'capacity':
        text = typeof value === 'number' ? counted(value, capacityUnit(properties.category)) : String(value);
        break;
      case 'population':
        text = typeof value === 'number' ? counted(value, 'residents') : String(value);
        break;
      case 'households':
        text = typeof value === 'number' ? counted(value, 'households') : String(value);
        break;
      case 'class':
        text = t('roadClass')[value] ?? String(value);
        break;
      case 'kind':
        text = (layerId === 'water' ? t('waterKind')[value] : t('planKind')[value]) ?? String(value);
        break;
      case 'theme':
        text = t('planThemes')[properties.id] ?? String(value);
        break;
      default:
        text = formatAttribute(key, value);
    }
    rows.push([key, names[key] ?? key, text]);
  }
  // The theme's rows state the share with the residents covered; without them it stands alone.
  if (share !== undefined && !coverage) {
    rows.push(['covered_share', names.covered_share, percent(share)]);
  }
  return coverage ? [...rows, ...coverageRows(coverage.answer, coverage.community)] : rows;
}

/**
 * A community's coverage in plain language: residents covered of its population, the nearest site's distance (walking
 * and straight for the network method), and for the network method the straight-line figure and the residents off
 * the walking network.
 */
function coverageRows(answer, community) {
  const metres = (value) => Math.round(value).toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB');
  const category = categoryName(answer.category);
  const rows = [['covered_population', t('coveredResidents'),
    t('coveredOf')(number(community.covered_population), number(community.population), percent(community.covered_share))]];
  if (typeof community.nearest_site_m === 'number') {
    const walk = community.nearest_site_walk_m;
    rows.push(['nearest_site_m', t('nearestSite'), answer.method === 'network' && typeof walk === 'number'
      ? t('nearestWalk')(category.toLowerCase(), metres(walk), metres(community.nearest_site_m))
      : t('nearestStraight')(category.toLowerCase(), metres(community.nearest_site_m))]);
  }
  if (answer.method === 'network') {
    rows.push(['buffer_covered_share', t('bufferFigure'),
      t('bufferCovered')(number(community.buffer_covered_population), percent(community.buffer_covered_share))]);
    rows.push(['off_network_population', t('offNetwork'), t('offNetworkValue')(number(community.off_network_population))]);
  }
  return rows;
}
