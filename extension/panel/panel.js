// The side panel's frame: loads the engine and the calendar once, then shows one view at a time
// (calendar, board, studio). Each view is its own module, imported the first time it is shown, with
// `mount(section, context)`; the context is what every view shares (see `PanelContext` below).
//
// Opening on the calendar is kept short: only the planner wasm (which holds the calendar) loads
// while storage is read, and the store reads only this month's snapshot (extension/plan/store.js),
// so the month is on screen before the rest of the calendar is read and before the keystroke
// engine loads; both follow after the first frame, and `document.body.dataset.ready` says when
// everything is in. The board and the studio need the whole calendar and the engine: they wait.
import { PorteVoixEngine } from '../engine/engine.js';
import { PlanStore } from '../plan/store.js';
import { localise, t } from '../pages/i18n.js';
import { monthGridRange } from './posts.js';

const api = globalThis.browser ?? globalThis.chrome;

/** Each view's module, by the name used in `data-view`, the URL hash and the tab ids. */
const VIEWS = {
  calendar: () => import('./calendar.js'),
  board: () => import('./board.js'),
  studio: () => import('./studio.js'),
};
const DEFAULT_VIEW = 'calendar';
/** Storage key of the user's style guide (options page or shared subscription). */
const GUIDE_KEY = 'guide';

/** Views already mounted: name → the value `mount` returned (an object with an optional `shown(options)`). */
const mounted = new Map();

/**
 * What every view shares:
 * - `engine`: the PorteVoixEngine (counts, checks, suggestions), `store`: the PlanStore (the calendar);
 *   the calendar is drawn before the engine is there (`engine` null until then; other views wait for it);
 * - `networks`: every network's `{ id, name }` (from the planner);
 * - `api`: `browser` / `chrome`, `t`: the localised message of a key;
 * - `show(view, options)`: switches to another view (e.g. `show('studio', { postId })`).
 * @typedef {{ engine: object, networks: object[], store: PlanStore, api: object, t: Function, show: Function }} PanelContext
 */
let context = null;
/** Starts loading the keystroke engine (once) and returns its promise (see `start`). */
let engineLoading = null;

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
  if (name !== 'calendar') {
    await context.store.loadRest();
    context.engine ??= await engineLoading();
  }
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

/**
 * Puts the user's stored guide in the engine, and keeps it there when it changes: the studio's
 * checks and the calendar's conflicts (the guide's posting rules) follow it. An invalid guide
 * leaves the last one; a removed one (reset in the options) gives the built-in sample back.
 */
async function followGuide(engine) {
  const apply = (record) => {
    if (record?.version === 1 && typeof record.source === 'string') engine.setGuide(record.source, record.format);
  };
  apply((await api.storage.local.get(GUIDE_KEY))[GUIDE_KEY]);
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(GUIDE_KEY in changes)) return;
    const record = changes[GUIDE_KEY].newValue;
    if (record === undefined) engine.resetGuide();
    else apply(record);
    postingRulesChanged();
  });
}

/** Gives the engine's posting rules to the calendar's store, and has the calendar check again. */
function postingRulesChanged() {
  if (!context?.engine) return;
  context.store.setPostingRules(context.engine.postingRules());
  mounted.get('calendar')?.rulesChanged?.();
}

async function start() {
  // User Timing marks (silent): bench/panel.bench.mjs splits the opening with them.
  performance.mark('pv-panel-start');
  localise();
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  wireTabs();
  const view = location.hash.slice(1) || DEFAULT_VIEW;
  // The view's code is fetched meanwhile too (show() imports the same module).
  VIEWS[view in VIEWS ? view : DEFAULT_VIEW]().catch(() => {});
  // The planner first, and storage read meanwhile: the calendar needs only the planner. The
  // engine is loaded at once for another view, after the calendar's first frame otherwise.
  const loading = PorteVoixEngine.plannerFirst(new URL('../engine/porte_voix_wasm_bg.wasm', import.meta.url));
  // Once loaded, the engine gets the user's guide before any view uses it.
  let withGuide = null;
  engineLoading = () => {
    const engine = loading.engine();
    engine.then(() => performance.getEntriesByName('pv-engine-ready').length || performance.mark('pv-engine-ready'), () => {});
    withGuide ??= engine.then(async (e) => {
      await followGuide(e);
      return e;
    });
    return withGuide;
  };
  if (view !== 'calendar') engineLoading();
  const lang = api.i18n.getUILanguage().startsWith('fr') ? 'fr' : 'en';
  // On the calendar, this month's grid first (the view opens on today's month).
  const first = view === 'calendar' ? monthGridRange(new Date()) : undefined;
  const store = await PlanStore.open({ planner: loading.planner, storage: api.storage, lang, first });
  context = { engine: null, networks: (await loading.planner).networks(), store, api, t, show };
  await show(view);
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
  const engine = engineLoading();
  await store.loadRest();
  context.engine ??= await engine;
  postingRulesChanged();
  // Posts changed on two sides (a merge or the team calendar sync), above the views; see conflicts.js.
  import('./conflicts.js').then((m) => m.mount(document.querySelector('main'), context)).catch((error) => console.warn('Porte-voix: the conflicts list could not start', error));
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  document.getElementById('engine-error').textContent = t('optionsEngineFailed', [String(error.message ?? error)]);
});
