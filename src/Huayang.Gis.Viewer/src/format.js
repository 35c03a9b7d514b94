// How the viewer writes numbers and attribute values in the current language.
import { categoryName, currentLanguage, t } from './i18n.js';

/** A share 0..1 as a percentage with one decimal. */
export function percent(share) {
  return `${(share * 100).toFixed(1)}%`;
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
      return typeof value === 'number' ? value.toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB') : String(value);
  }
}
