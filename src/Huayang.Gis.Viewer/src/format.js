// How the viewer writes numbers and attribute values in the current language, and the rows of a feature's popup in
// plain language: names instead of ids (a site's community and plan element), units with capacities and counts,
// categories, status, kinds and classes by name, plan themes in the current language, and no internal rows (ids,
// raw codes, the plan's interpretation note).
import { categoryName, currentLanguage, nameOf, t } from './i18n.js';

/** A share 0..1 as a percentage with one decimal. */
export function percent(share) {
  return `${(share * 100).toFixed(1)}%`;
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
 */
export function popupRows(layerId, properties, { named, share }) {
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
  if (share !== undefined) {
    rows.push(['covered_share', names.covered_share, percent(share)]);
  }
  return rows;
}
