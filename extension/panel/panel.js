// The side panel's frame: loads the engine and the calendar once, then shows one view at a time
// (calendar, board, studio). Each view is its own module, imported the first time it is shown, with
// `mount(section, context)`; the context is what every view shares (see `PanelContext` below).
//
// Started by boot.js, which has already begun compiling the planner wasm and reading this month's
// snapshots. Opening on the calendar is kept short: the store reads only this month's snapshots and
// answers from them before the planner is even compiled (extension/plan/store.js, `preview`), so the
// month is on screen before the planner, the rest of the calendar and the keystroke engine's code;
// they follow after the first frame, and `document.body.dataset.ready` says when everything is in.
// The board and the studio need the whole calendar and the engine: they wait.
import { PorteVoixPlanner } from '../engine/planner.js';
import { PlanStore } from '../plan/store.js';
import { localise, t, uiLang } from '../pages/i18n.js';
import { afterPaint } from './dom.js';

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

/**
 * Views already mounted: name → the value `mount` returned, an object with an optional
 * `shown(options)`, called each time the view is shown again, and on its first showing only when
 * `options` are given (mount has just drawn it).
 */
const mounted = new Map();

/**
 * What every view shares:
 * - `engine`: the PorteVoixEngine (counts, checks, suggestions), `store`: the PlanStore (the calendar);
 *   the calendar is drawn before the engine is there (`engine` null until then; other views wait for it);
 * - `networks`: every network's `{ id, name }` (from the store: its snapshots or the planner);
 * - `api`: `browser` / `chrome`, `t`: the localised message of a key;
 * - `show(view, options)`: switches to another view (e.g. `show('studio', { postId })`).
 * @typedef {{ engine: object, networks: object[], store: PlanStore, api: object, t: Function, show: Function }} PanelContext
 */
let context = null;
/** Starts loading the keystroke engine (once) and returns its promise (see `start`). */
let engineLoading = null;

/** Shows `name` (mounting it first if needed) and hides the others; `options` go to the view's `shown`. */
async function show(name, options = {}) {
  if (!Object.hasOwn(VIEWS, name)) name = DEFAULT_VIEW;
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
    // Just drawn by mount: `shown` only for what options ask (drawing a month twice costs a frame).
    if (Object.keys(options).length) await mounted.get(name).shown?.(options);
  } else {
    await mounted.get(name).shown?.(options);
  }
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

/** Where the keystroke engine's wasm is (its JavaScript is imported only when needed). */
const ENGINE_WASM = new URL('../engine/porte_voix_wasm_bg.wasm', import.meta.url);

/**
 * Starts the panel on `view` (see boot.js): `plannerModule` is the planner wasm being compiled,
 * `first` the month the calendar opens on and `firstRead` its snapshots being read (both
 * undefined on another view).
 */
export async function start({ view, plannerModule, first, firstRead }) {
  if (!Object.hasOwn(VIEWS, view)) view = DEFAULT_VIEW; // an unknown hash: the calendar (read whole, without `first`)
  localise();
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  wireTabs();
  // The view's code is fetched meanwhile too (show() imports the same module).
  VIEWS[view]().catch(() => {});
  const planner = PorteVoixPlanner.load(plannerModule);
  planner.catch(() => {}); // reported below, by whoever awaits it first
  // The engine is loaded at once for another view, after the calendar's first frame otherwise;
  // once loaded, it gets the user's guide before any view uses it.
  let withGuide = null;
  engineLoading = () =>
    (withGuide ??= import('../engine/engine.js')
      .then(({ PorteVoixEngine }) => PorteVoixEngine.load(ENGINE_WASM, { planner }))
      .then(async (engine) => {
        performance.mark('pv-engine-ready');
        await followGuide(engine);
        return engine;
      }));
  if (view !== 'calendar') engineLoading();
  // The calendar is drawn from the snapshots; the planner's book is built after it is on screen.
  let painted;
  const firstPaint = new Promise((resolve) => {
    painted = resolve;
  });
  const store = await PlanStore.open({ planner, storage: api.storage, lang: uiLang(), first, firstRead, preview: true, bookAfter: firstPaint });
  context = { engine: null, networks: store.networks(), store, api, t, show };
  try {
    await show(view);
    await afterPaint();
  } finally {
    painted();
  }
  const engine = engineLoading();
  import('./guide-notice.js').catch((error) => console.warn('Porte-voix: the shared guide notice could not start', error));
  await store.loadRest();
  context.engine ??= await engine;
  postingRulesChanged();
  // Posts changed on two sides (a merge or the team calendar sync), above the views; see conflicts.js.
  import('./conflicts.js').then((m) => m.mount(document.querySelector('main'), context)).catch((error) => console.warn('Porte-voix: the conflicts list could not start', error));
  document.body.dataset.ready = 'true';
}
