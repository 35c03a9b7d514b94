// The status line under the panel (loading, failures) and the banner shown when the map style cannot load.
import { t } from './i18n.js';

const status = () => document.getElementById('status');

export function showStatus(text) {
  status().textContent = text;
}

/** A handler for a failed request or step: says so in the status line and logs the error. */
export function fail(what) {
  return (error) => {
    showStatus(t('loadFailed')(what));
    console.error(`huayang viewer: ${what}:`, error);
  };
}

/** Shows that the map style could not load: the map is then not drawn at all rather than drawn unstyled. */
export function showStyleError(error) {
  const banner = document.getElementById('style-error');
  banner.textContent = `${t('styleFailed')} (${error.message})`;
  banner.hidden = false;
  showStatus(t('loadFailed')('/map/style.json'));
  console.error('huayang viewer: /map/style.json:', error);
}
