// Localises an extension page: every element with data-i18n gets that message as its text, every element
// with data-i18n-placeholder gets it as its placeholder. Text only, never HTML.
const api = globalThis.browser ?? globalThis.chrome;

/** The message `key` in the browser's UI language, with substitutions. */
export function t(key, substitutions) {
  return api.i18n.getMessage(key, substitutions) || key;
}

/** "fr" or "en": the language of the user's interface, for the core's messages and formats. */
export function uiLang() {
  return api.i18n.getUILanguage().toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Localises every marked element under `root`. */
export function localise(root = document) {
  document.documentElement.lang = api.i18n.getUILanguage().split('-')[0];
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
}

/** A table row of cells holding `values` as text. */
export function row(values) {
  const tr = document.createElement('tr');
  for (const value of values) {
    const td = document.createElement('td');
    td.textContent = String(value);
    tr.append(td);
  }
  return tr;
}
