// The language switch (中文 / English): the language comes from ?lang=, else the last choice (localStorage), else
// Chinese; choosing one writes the page's fixed texts again and tells the rest of the viewer (onChange).
import { currentLanguage, setLanguage, t } from './i18n.js';

const storageKey = 'huayang-viewer-lang';

/** Sets the language the page opens in. */
export function chooseInitialLanguage() {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  setLanguage(fromUrl ?? window.localStorage.getItem(storageKey) ?? 'zh');
}

/** Writes the page's fixed texts (data-i18n, data-i18n-placeholder) and the buttons' state in the current language. */
export function applyPageTexts() {
  const language = currentLanguage();
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  document.title = language === 'zh' ? '华阳街道规划地图' : 'Huayang Street planning map';
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-placeholder]')) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
  for (const button of document.querySelectorAll('[data-lang]')) {
    const active = button.dataset.lang === language;
    button.classList.toggle('active', active);
    button.setAttribute('aria-pressed', String(active));
  }
}

/** Wires the [data-lang] buttons: a click sets and remembers the language, writes the page's texts, then calls onChange. */
export function createLanguageSwitch(onChange) {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => {
      setLanguage(button.dataset.lang);
      window.localStorage.setItem(storageKey, currentLanguage());
      applyPageTexts();
      onChange();
    });
  }
}
