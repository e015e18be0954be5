// The side panel's frame: loads the engine and the calendar once, then shows one view at a time
// (calendar, board, studio). Each view is its own module, imported the first time it is shown, with
// `mount(section, context)`; the context is what every view shares (see `PanelContext` below).
import { PorteVoixEngine } from '../engine/engine.js';
import { PlanStore } from '../plan/store.js';
import { localise, t } from '../pages/i18n.js';

const api = globalThis.browser ?? globalThis.chrome;

/** Each view's module, by the name used in `data-view`, the URL hash and the tab ids. */
const VIEWS = {
  calendar: () => import('./calendar.js'),
  board: () => import('./board.js'),
  studio: () => import('./studio.js'),
};
const DEFAULT_VIEW = 'calendar';

/** Views already mounted: name → the value `mount` returned (an object with an optional `shown(options)`). */
const mounted = new Map();

/**
 * What every view shares:
 * - `engine`: the PorteVoixEngine (counts, checks, suggestions), `store`: the PlanStore (the calendar);
 * - `api`: `browser` / `chrome`, `t`: the localised message of a key;
 * - `show(view, options)`: switches to another view (e.g. `show('studio', { postId })`).
 * @typedef {{ engine: object, store: PlanStore, api: object, t: Function, show: Function }} PanelContext
 */
let context = null;

/** Shows `name` (mounting it first if needed) and hides the others; `options` go to the view's `shown`. */
async function show(name, options = {}) {
  if (!(name in VIEWS)) name = DEFAULT_VIEW;
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const selected = tab.dataset.view === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== `view-${name}`;
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  if (!mounted.has(name)) {
    const module = await VIEWS[name]();
    mounted.set(name, (await module.mount(document.getElementById(`view-${name}`), context)) ?? {});
  }
  await mounted.get(name).shown?.(options);
  document.body.dataset.view = name;
}

/** Tabs: click, and the arrow keys of the ARIA tabs pattern. */
function wireTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => show(tab.dataset.view));
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      show(next.dataset.view);
    });
  }
}

async function start() {
  localise();
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  wireTabs();
  const engine = await PorteVoixEngine.load(new URL('../engine/porte_voix_wasm_bg.wasm', import.meta.url));
  const lang = api.i18n.getUILanguage().startsWith('fr') ? 'fr' : 'en';
  const store = await PlanStore.open({ engine, storage: api.storage, lang });
  context = { engine, store, api, t, show };
  await show(location.hash.slice(1) || DEFAULT_VIEW);
  // Posts changed on two sides (a merge or the team calendar sync), above the views; see conflicts.js.
  import('./conflicts.js').then((m) => m.mount(document.querySelector('main'), context)).catch((error) => console.warn('Porte-voix: the conflicts list could not start', error));
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  document.getElementById('engine-error').textContent = t('optionsEngineFailed', [String(error.message ?? error)]);
});
