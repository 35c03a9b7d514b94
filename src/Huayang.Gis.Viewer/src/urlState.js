// Shareable links: the view, the visible data layers, the hidden site categories, the coverage theme and the language
// live in the address's hash, e.g.
//   #map=15.00/104.05000/30.49000&layers=water,communities,roads,plan,sites&hide=kindergarten&theme=kindergarten/5min/existing/network&lang=en
// It is written (history.replaceState, so Back still leaves the page) whenever one of them changes, and read on load
// (the language before anything is written, the rest once the layers exist) and again when the hash is changed in the
// address bar. The coverage theme (category/level/sites counted/method) is read and set through its controls
// (#coverage-category, #coverage-level, #coverage-status, #coverage-method, #coverage-apply).
import { fromLonLat, toLonLat } from 'ol/proj.js';
import { currentLanguage, setLanguage } from './i18n.js';

/** The hash's parameters as the page was opened. */
const opened = new URLSearchParams(window.location.hash.replace(/^#/, ''));

/** The language the link names ("zh" or "en"), or null. */
export function linkedLanguage() {
  const lang = opened.get('lang');
  return lang === 'zh' || lang === 'en' ? lang : null;
}

/** Sets the language from the link when it names one (it wins over ?lang= and the last choice). */
export function applyLinkedLanguage() {
  const lang = linkedLanguage();
  if (lang) {
    setLanguage(lang);
  }
}

/** The view a link names: { center: [lon, lat], zoom }, or null when it names none or a malformed one. */
export function parseView(value) {
  const parts = (value ?? '').split('/').map(Number);
  if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v))) {
    return null;
  }
  const [zoom, lon, lat] = parts;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 85) {
    return null;
  }
  return { zoom, center: [lon, lat] };
}

const list = (value) => (value ? value.split(',').filter((v) => v !== '') : []);

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {import('./layerSet.js').LayerSet} options.layers
 * @param {() => object | null} options.coverage the coverage answer shown as a theme, or null
 * @param {{ hiddenCategories: () => string[], setHiddenCategories: (ids: string[]) => void }} options.panel
 */
export function createUrlState({ map, layers, coverage, panel }) {
  const view = map.getView();
  /** False until the link has been restored: the first fit of the view must not overwrite it. */
  let writing = false;

  function hash() {
    const params = new URLSearchParams();
    const [lon, lat] = toLonLat(view.getCenter());
    params.set('map', `${view.getZoom().toFixed(2)}/${lon.toFixed(5)}/${lat.toFixed(5)}`);
    params.set('layers', layers.entries.filter((e) => e.definition !== null && e.layer.getVisible()).map((e) => e.id).join(','));
    const hidden = panel.hiddenCategories();
    if (hidden.length > 0) {
      params.set('hide', hidden.join(','));
    }
    const theme = coverage();
    if (theme) {
      params.set('theme', [theme.category, theme.level, theme.status, theme.method].join('/'));
    }
    params.set('lang', currentLanguage());
    // Keep the separators readable: "/" and "," need no escaping in a fragment.
    return `#${params.toString().replaceAll('%2F', '/').replaceAll('%2C', ',')}`;
  }

  /** Writes the state as it is now into the address (once the link has been restored). */
  function write() {
    if (!writing) {
      return;
    }
    const next = hash();
    if (window.location.hash !== next) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${next}`);
    }
  }

  /** Sets the coverage theme's controls to the link's and applies it (the theme then reports its change as any other). */
  function restoreTheme(value) {
    const [category, level, status, method] = value.split('/');
    const set = (id, chosen) => {
      const select = document.getElementById(id);
      if (select && chosen && [...select.options].some((o) => o.value === chosen)) {
        select.value = chosen;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
      }
      return false;
    };
    if (set('coverage-category', category) && set('coverage-level', level)) {
      set('coverage-status', status);
      set('coverage-method', method);
      document.getElementById('coverage-apply')?.click();
    }
  }

  /** Applies a link's view, layers, categories and theme (what it does not name stays as it is). */
  function apply(params) {
    const linkedView = parseView(params.get('map'));
    if (linkedView) {
      view.setCenter(fromLonLat(linkedView.center));
      view.setZoom(linkedView.zoom);
    }
    if (params.has('layers')) {
      const visible = new Set(list(params.get('layers')));
      for (const entry of layers.entries.filter((e) => e.definition !== null)) {
        entry.layer.setVisible(visible.has(entry.id));
      }
    }
    panel.setHiddenCategories(list(params.get('hide')));
    const theme = params.get('theme');
    const shown = coverage();
    if (theme) {
      const [category, level, status, method] = theme.split('/');
      if (!shown || shown.category !== category || shown.level !== level || (status && status !== shown.status)
        || (method && method !== shown.method)) {
        restoreTheme(theme);
      }
    } else if (shown) {
      document.getElementById('coverage-clear')?.click();
    }
  }

  /** Applies the link the page was opened with, then keeps the address current. */
  function restore() {
    apply(opened);
    writing = true;
    write();
  }

  // A link pasted or edited in the address bar of the open page (only the fragment changes: no reload).
  window.addEventListener('hashchange', () => {
    if (!writing) {
      return;
    }
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const lang = params.get('lang');
    if ((lang === 'zh' || lang === 'en') && lang !== currentLanguage()) {
      document.getElementById(`lang-${lang}`)?.click();
    }
    apply(params);
    write();
  });

  map.on('moveend', write);
  return { restore, write };
}
