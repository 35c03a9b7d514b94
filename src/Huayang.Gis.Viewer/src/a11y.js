// Accessible labels in the current language and keyboard use of the map. Every button, input and select gets an
// aria-label: its data-i18n-aria key's text, else (for controls added without one) the text of its <label> or its
// own text, kept current as the page changes. OpenLayers' zoom and rotate buttons are named in the current language.
// The map element is focusable (index.html: tabindex="0"), so OpenLayers' keyboard interactions work on it: the
// arrow keys pan and + / - zoom.
import { t } from './i18n.js';

/** The name a control without a data-i18n-aria key gets: its <label>'s text, else its own text, else its title. */
function ownName(element) {
  const labelled = element.labels ? [...element.labels].map((l) => l.textContent.trim()).filter(Boolean).join(' ') : '';
  if (labelled) {
    return labelled;
  }
  const text = element.textContent?.trim() ?? '';
  // A lone symbol (×, +, ⌂) says nothing to a screen reader.
  if (/[\p{L}\p{N}]/u.test(text)) {
    return text;
  }
  return element.title || element.placeholder || '';
}

function nameOlControls() {
  const named = [['.ol-zoom-in', 'zoomIn'], ['.ol-zoom-out', 'zoomOut'], ['.ol-rotate-reset', 'resetRotation']];
  for (const [selector, key] of named) {
    for (const button of document.querySelectorAll(selector)) {
      button.title = t(key);
      button.setAttribute('aria-label', t(key));
    }
  }
}

/** Names every control of the page in the current language. */
export function applyAccessibleLabels() {
  for (const element of document.querySelectorAll('[data-i18n-aria]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAria));
  }
  nameOlControls();
  for (const element of document.querySelectorAll('button, input, select, textarea')) {
    if (element.dataset.i18nAria || (element.hasAttribute('aria-label') && element.dataset.ariaAuto === undefined)) {
      continue;
    }
    const name = ownName(element);
    if (name) {
      element.setAttribute('aria-label', name);
      element.dataset.ariaAuto = '';
    }
  }
}

/** Names the controls now and again whenever elements are added or their text changes. */
export function keepAccessibleLabels() {
  applyAccessibleLabels();
  let pending = false;
  new MutationObserver(() => {
    if (!pending) {
      pending = true;
      queueMicrotask(() => {
        pending = false;
        applyAccessibleLabels();
      });
    }
  }).observe(document.body, { childList: true, subtree: true });
}
