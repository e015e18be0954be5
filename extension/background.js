// The background: runs the Rust engine (Chrome service worker, Firefox background script) and answers
// content scripts and extension pages. Content scripts cannot start wasm on strict-CSP sites, so every
// count and check happens here.
import { PorteVoixEngine, EngineCrashed } from './engine/engine.js';
import { validateMessage, validateCheckRequest, CHECK_PORT } from './background/messages.js';
import { PlanStore } from './plan/store.js';
import { startReminders, PROFILE_KEY } from './background/reminders.js';
import { startGuideSubscription } from './background/guide-subscription.js';
import { startCaldav } from './background/caldav.js';

// Start-up marks (User Timing, read by bench/overlay.bench.mjs): one set per worker start, none per keystroke.
performance.mark('porte-voix:modules-evaluated');
const api = globalThis.browser ?? globalThis.chrome;
const self = { id: api.runtime.id, origin: api.runtime.getURL('') };

/** Where the user's style guide is kept: `{ version: 1, format, source, savedAt }`. */
const GUIDE_KEY = 'guide';
const GUIDE_RECORD_VERSION = 1;

/** Rules the user switched off everywhere: `{ version: 1, rules: [ids] }`. */
const DISABLED_KEY = 'disabledRules';

/** The switched-off rules, read from storage once (with the engine) and kept here: every keystroke uses them. */
let disabled = [];

/** The rule ids of a stored `disabledRules` record (none if it is missing or unreadable). */
function disabledRulesOf(record) {
  return Array.isArray(record?.rules) ? record.rules.filter((r) => typeof r === 'string') : [];
}

async function loadDisabledRules() {
  const { [DISABLED_KEY]: record } = await api.storage.local.get(DISABLED_KEY);
  disabled = disabledRulesOf(record);
}

async function setRuleDisabled(rule, off) {
  const rules = new Set(disabled);
  if (off) rules.add(rule);
  else rules.delete(rule);
  const sorted = [...rules].sort();
  await api.storage.local.set({ [DISABLED_KEY]: { version: 1, rules: sorted } });
  disabled = sorted;
  return sorted;
}

/** The account's posting history from analytics imports: `{ version: 1, records, importedAt, source }`. */
const HISTORY_KEY = 'history';

/** Sites where the user hid Porte-voix: `{ version: 1, hosts: [host names] }`. */
const HIDDEN_SITES_KEY = 'hiddenSites';

async function hiddenSites() {
  const { [HIDDEN_SITES_KEY]: record } = await api.storage.local.get(HIDDEN_SITES_KEY);
  return Array.isArray(record?.hosts) ? record.hosts.filter((h) => typeof h === 'string') : [];
}

/** Hides (or shows again) Porte-voix on `host`; returns the hidden hosts. */
async function setSiteHidden(host, hidden) {
  const hosts = new Set(await hiddenSites());
  if (hidden) hosts.add(host.toLowerCase());
  else hosts.delete(host.toLowerCase());
  const sorted = [...hosts].sort();
  await api.storage.local.set({ [HIDDEN_SITES_KEY]: { version: 1, hosts: sorted } });
  return sorted;
}

/** The editorial calendar, opened from storage on first use (a "save to plan" from a compose box). */
let planPromise = null;

function planStore(e) {
  if (!planPromise) {
    const lang = api.i18n.getUILanguage().toLowerCase().startsWith('fr') ? 'fr' : 'en';
    planPromise = PlanStore.open({ engine: e, storage: api.storage, lang, sensitiveTerms: e.sensitiveTerms() });
    planPromise.catch(() => {
      planPromise = null; // retried on the next save
    });
  }
  return planPromise;
}

/**
 * Saves a draft from a compose box to the calendar: a draft post for `network`, at the proposed time
 * (the next best time the overlay showed) in the audience's zone, or unscheduled.
 */
async function saveToPlan(e, { text, network, at }) {
  const store = await planStore(e);
  const fields = { text, networks: [network], status: 'draft', ...(at ? { schedule: { at, zone: audienceTimeZone() } } : {}) };
  const post = await store.createPost(fields);
  return { id: post.meta.id, at: post.schedule?.at ?? null };
}

/** The user's profile (options page) as a plan actor, or undefined when none is set. */
async function profileActor() {
  const { [PROFILE_KEY]: profile } = await api.storage.local.get(PROFILE_KEY);
  const roles = ['writer', 'intern', 'approver', 'admin'];
  return profile?.version === 1 && roles.includes(profile.role) ? { name: String(profile.name ?? ''), role: profile.role } : undefined;
}

/** Marks post `id` published (a reminder's button), through the calendar's review rules. */
async function markPublished(id) {
  const store = await planStore(await engine());
  return store.setStatus(id, 'published', '', await profileActor());
}

/** Reminders at each scheduled post's time (alarms + notifications); see background/reminders.js. */
const reminders = startReminders({ api, t: (key, subs) => api.i18n.getMessage(key, subs), markPublished });

/** The team calendar sync (CalDAV); see background/caldav.js. */
const caldav = startCaldav({ api, planner: async () => (await engine()).planner() });

/** The audience's time zone for best times: the browser's own (a setting will refine it). */
function audienceTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Why the stored guide could not be applied at start-up, if it could not. */
let storedGuideProblem = null;

/**
 * The network limits of the guide in force when the engine last applied it:
 * `{ version: 1, engine, guide, limits: { network: limit } }`, where `engine` is the engine's version
 * and `guide` the applied guide record's `savedAt` ("sample" without one). Derived data: a missing or
 * stale snapshot only means the next start compiles the guide before its first count.
 */
const LIMITS_KEY = 'countLimits';

/** What the limits snapshot of engine `e` with guide record `record` must say to be used. */
function limitsIdentity(e, record) {
  return { engine: e.version, guide: typeof record?.savedAt === 'string' ? record.savedAt : 'sample' };
}

/** Saves the limits of the guide now in force in `e` (after `record` was applied), if they changed. */
async function saveLimits(e, record, snapshot) {
  const { engine: version, guide } = limitsIdentity(e, record);
  const limits = Object.fromEntries(e.networks().map((profile) => [profile.id, profile.limit]));
  const same = snapshot?.engine === version && snapshot?.guide === guide && JSON.stringify(snapshot?.limits) === JSON.stringify(limits);
  if (!same) await api.storage.local.set({ [LIMITS_KEY]: { version: 1, engine: version, guide, limits } });
}

/**
 * Start, stage one: loads the wasm engine and, meanwhile, the user's stored settings (one storage read).
 * When the stored limits snapshot matches the stored guide, the engine can count at once (`counts: true`);
 * the guide itself is compiled in stage two. Runs on every service-worker wake-up: keep it short.
 */
async function loadEngine() {
  const [e, stored] = await Promise.all([
    PorteVoixEngine.load(api.runtime.getURL('engine/porte_voix_wasm_bg.wasm')),
    api.storage.local.get([GUIDE_KEY, DISABLED_KEY, HISTORY_KEY, LIMITS_KEY]),
  ]);
  performance.mark('porte-voix:engine-loaded');
  const snapshot = stored[LIMITS_KEY];
  const expected = limitsIdentity(e, stored[GUIDE_KEY]);
  const counts = snapshot?.version === 1 && snapshot.engine === expected.engine && snapshot.guide === expected.guide && snapshot.limits !== null && typeof snapshot.limits === 'object';
  if (counts) {
    try {
      e.expectLimits(snapshot.limits);
    } catch {
      return { e, stored, counts: false }; // a damaged snapshot: stage two writes a good one
    }
  }
  return { e, stored, counts };
}

/**
 * Start, stage two: applies the stored guide (the sample guide otherwise), switched-off rules and
 * posting history, and refreshes the limits snapshot for the next start.
 */
async function configureEngine({ e, stored }) {
  const { [GUIDE_KEY]: record, [HISTORY_KEY]: history } = stored;
  storedGuideProblem = null;
  if (record?.version === GUIDE_RECORD_VERSION && typeof record.source === 'string') {
    const report = e.setGuide(record.source, record.format);
    // Kept in storage either way: a guide is never lost because a newer engine rejects it.
    if (!report.ok) storedGuideProblem = report.errors;
  } else if (record !== undefined) {
    storedGuideProblem = [{ line: 0, column: 0, path: GUIDE_KEY, message: 'stored guide record has an unknown version' }];
  }
  disabled = disabledRulesOf(stored[DISABLED_KEY]);
  if (history?.version === 1 && Array.isArray(history.records)) {
    try {
      e.setHistory(history.records);
    } catch (error) {
      console.warn('Porte-voix: the stored history could not be read; it is kept as it is', error);
    }
  }
  engineConfigured = true;
  performance.mark('porte-voix:engine-configured');
  saveLimits(e, record, stored[LIMITS_KEY]).catch((error) => console.warn('Porte-voix: the count limits could not be saved', error));
  return e;
}

/** Stage one's promise (`{ e, stored, counts }`) and stage two's (the engine, configured). */
let loadingPromise = null;
let enginePromise = null;
/** Whether stage two has finished for the current engine. */
let engineConfigured = false;

/** The engine as stage one left it: able to count at once when `counts` is true. */
function engineLoaded() {
  if (!loadingPromise) {
    loadingPromise = loadEngine();
    loadingPromise.catch(() => {
      loadingPromise = null; // a failed load is retried on the next message
    });
  }
  return loadingPromise;
}

/** The engine with the user's guide and settings, loaded on first use (and again after a wake-up). */
function engine() {
  if (!enginePromise) {
    enginePromise = engineLoaded().then(configureEngine);
    enginePromise.catch(() => {
      enginePromise = null;
    });
  }
  return enginePromise;
}

/** Starts a fresh engine on the next message (the stored guide was removed). */
function restartEngine() {
  loadingPromise = null;
  enginePromise = null;
  engineConfigured = false;
}

// Every wake-up of the worker is for a message, a port or a command that needs the engine: start loading
// it now, while the browser is still delivering the event that woke us. Stage two waits for its first
// user, so that a keystroke that woke the worker is counted before the guide is compiled.
engineLoaded();

/** Validates and applies a guide; saves it only if it is valid (`sharedFrom`: the URL of a subscribed guide). */
async function setGuide(e, source, format, sharedFrom) {
  const report = e.setGuide(source, format);
  if (report.ok) {
    const record = { version: GUIDE_RECORD_VERSION, format, source, savedAt: new Date().toISOString(), ...(sharedFrom ? { sharedFrom } : {}) };
    await api.storage.local.set({ [GUIDE_KEY]: record });
    storedGuideProblem = null;
    await saveLimits(e, record, null);
  }
  return report;
}

/** A shared guide from a URL (options page): fetched, validated by the engine, applied only when valid. */
const guideSubscription = startGuideSubscription({
  api,
  applyGuide: async (source, format, url) => setGuide(await engine(), source, format, url),
  guideKey: GUIDE_KEY,
  profileKey: PROFILE_KEY,
});

/**
 * Most findings a check sends back: the overlay shows at most this many (a 1 MB paste can have
 * thousands), so the rest would only cost the page time to receive. The total and the worst level
 * still cover every finding.
 */
const MAX_SENT_FINDINGS = 200;

/** Findings, from the worst level down, for `worstLevel`. */
const LEVELS = ['error', 'warning', 'suggestion'];

/**
 * What the overlay shows after a keystroke, besides the count: `{ count, findings, findingsTotal,
 * worstLevel, hashtags }`, with at most MAX_SENT_FINDINGS findings.
 */
function analysisOf(e, message) {
  const { count, findings } = e.analyze(message.text, {
    network: message.network,
    lang: message.lang ?? 'en',
    ignored: message.ignored ?? [],
    disabled,
  });
  const levels = new Set(findings.map((f) => f.level));
  return {
    count,
    findings: findings.slice(0, MAX_SENT_FINDINGS),
    findingsTotal: findings.length,
    worstLevel: LEVELS.find((l) => levels.has(l)) ?? findings[0]?.level ?? null,
    hashtags: e.suggestHashtags(message.text, message.network),
  };
}

/** Runs one validated message against the engine. */
async function handle(e, message, sender) {
  switch (message.type) {
    case 'analyze':
      return analysisOf(e, message);
    case 'count':
      return e.count(message.text, message.network);
    case 'entities':
      return e.entities(message.text);
    case 'split':
      return e.split(message.text, message.network);
    case 'networks':
      return e.networks();
    case 'status':
      return { version: e.version, startMs: e.startMs, restarts: e.restarts, lastPanic: e.lastPanic, guideBrand: e.guideBrand(), storedGuideProblem };
    case 'guide-set':
      await guideSubscription.assertEditable();
      return setGuide(e, message.source, message.format);
    case 'guide-get': {
      const { [GUIDE_KEY]: record } = await api.storage.local.get(GUIDE_KEY);
      return { brand: e.guideBrand(), custom: Boolean(record), format: record?.format ?? null, source: record?.source ?? null, sharedFrom: record?.sharedFrom ?? null, problem: storedGuideProblem };
    }
    case 'guide-subscribe':
      return guideSubscription.subscribe(message);
    case 'guide-unsubscribe':
      return guideSubscription.unsubscribe();
    case 'guide-refresh':
      return guideSubscription.refreshNow();
    case 'guide-subscription-get':
      return guideSubscription.status();
    case 'reply-advice':
      return e.replyAdvice(message.text, message.lang);
    case 'snippets-search':
      return e.searchSnippets(message.query, message.lang);
    case 'snippet-variables':
      return e.snippetVariables();
    case 'snippet-render':
      return (await e.renderSnippet(message.id, message.values ?? {})) ?? null;
    case 'snippet-expand':
      return (await e.expandTrigger(message.text, message.lang)) ?? null;
    case 'hashtags':
      return e.suggestHashtags(message.text, message.network);
    case 'hashtag-insertion':
      return e.hashtagInsertion(message.text, message.tag);
    case 'best-times':
      return e.bestTimes({ network: message.network, tz: audienceTimeZone(), now: new Date().toISOString(), top: 3 });
    case 'history-import': {
      const report = await e.importHistory(message.csv, { preset: message.preset, tz: audienceTimeZone() });
      if (report.records.length > 0) {
        await api.storage.local.set({
          [HISTORY_KEY]: { version: 1, records: report.records, importedAt: new Date().toISOString(), preset: message.preset },
        });
      }
      return { imported: report.records.length, rows: report.rows, errors: report.errors, warnings: report.warnings };
    }
    case 'history-get': {
      await loadDisabledRules();
  const { [HISTORY_KEY]: history } = await api.storage.local.get(HISTORY_KEY);
      return { records: history?.records?.length ?? 0, importedAt: history?.importedAt ?? null, preset: history?.preset ?? null };
    }
    case 'history-clear':
      await api.storage.local.remove(HISTORY_KEY);
      e.setHistory([]);
      return { ok: true };
    case 'rule-disable':
      return setRuleDisabled(message.rule, true);
    case 'rule-enable':
      return setRuleDisabled(message.rule, false);
    case 'rules-get':
      return disabled;
    case 'guide-reset':
      await guideSubscription.assertEditable();
      await api.storage.local.remove(GUIDE_KEY);
      restartEngine(); // the next message starts an engine with the sample guide
      return { ok: true };
    case 'plan-save':
      return saveToPlan(e, message);
    case 'site-settings':
      return { hidden: (await hiddenSites()).includes(message.host.toLowerCase()) };
    case 'site-hide':
      return setSiteHidden(message.host, message.hidden);
    case 'sites-hidden-get':
      return hiddenSites();
    case 'reminder-soon':
      return reminders.soon(message.id, message.ms);
    case 'reminder-click':
      return reminders.click(message.id, message.button);
    case 'compose-fill':
      return sender?.tab?.id === undefined ? null : reminders.takeFill(sender.tab.id);
    case 'caldav-sync':
      return caldav.syncNow();
    case 'caldav-retry-soon':
      return caldav.retrySoon(message.ms, message.which);
    case 'caldav-disconnect':
      return caldav.disconnect();
    case 'crash-for-test':
      return e.crashForTest();
    default:
      throw new Error(`unhandled message type ${message.type}`);
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const verdict = validateMessage(message, sender, self);
  if (!verdict.ok) {
    sendResponse({ ok: false, error: verdict.error });
    return false;
  }
  engine()
    .then(async (e) => ({ ok: true, result: await handle(e, message, sender) }))
    .catch((error) => ({
      ok: false,
      error: error?.message ?? String(error),
      crashed: error instanceof EngineCrashed,
    }))
    .then(sendResponse);
  return true; // the answer comes asynchronously
});

/** Posts `reply` on `port` unless the tab went away meanwhile (a closed port throws). */
function post(port, reply) {
  try {
    port.postMessage(reply);
  } catch {
    /* the tab was closed or navigated: nobody waits for this answer */
  }
}

/** Start-up marks already set. */
const marked = new Set();

/** Marks the first time `what` happens in this worker's life. */
function markFirst(what) {
  if (marked.has(what)) return;
  marked.add(what);
  performance.mark(`porte-voix:${what}`);
}

/**
 * Answers one request of the check port in two parts: the count as soon as the engine has it, then the
 * analysis (findings and hashtags). The count is what the user watches while typing; after a wake-up,
 * or on a long text, it is ready well before the findings.
 */
async function answerCheck(port, request) {
  const verdict = validateCheckRequest(request, port.sender, self);
  if (!verdict.ok) {
    post(port, { id: verdict.id, ok: false, error: verdict.error });
    return;
  }
  const { id, message } = request;
  try {
    // Right after a wake-up the count needs only stage one, when the stored limits allow it.
    const loaded = await engineLoaded();
    const early = loaded.counts && !engineConfigured;
    const counter = loaded.counts ? loaded.e : await engine();
    const count = counter.count(message.text, message.network);
    post(port, { id, part: 'count', ok: true, result: count });
    markFirst('count-posted');
    const e = await engine();
    if (early) {
      // Counted with the stored limits: if they were out of step with the guide, send the right count.
      const settled = e.count(message.text, message.network);
      if (settled.limit !== count.limit) post(port, { id, part: 'count', ok: true, result: settled });
    }
    post(port, { id, part: 'analysis', ok: true, result: analysisOf(e, message) });
    markFirst('analysis-posted');
  } catch (error) {
    post(port, { id, ok: false, error: error?.message ?? String(error), crashed: error instanceof EngineCrashed });
  }
}

// Content scripts check drafts on one long-lived port per tab: a message on an open port costs one
// hop each way, where each `sendMessage` opens and closes a channel.
api.runtime.onConnect.addListener((port) => {
  if (port.name !== CHECK_PORT) return;
  port.onMessage.addListener((request) => answerCheck(port, request));
});

/**
 * Generic mode: the overlay on any site's text box, for this visit, when the user asks (keyboard
 * command or context menu: both grant `activeTab`, so no site access is requested up front). A tab
 * that already runs the content scripts (a network's site, or generic mode switched on before) just
 * attaches to the focused box.
 */
async function enableGenericMode(tabId) {
  const target = { tabId };
  const [probe] = await api.scripting.executeScript({
    target,
    func: () => {
      if (!globalThis.PorteVoix?.attachToFocusedBox) return false;
      globalThis.PorteVoix.attachToFocusedBox();
      return true;
    },
  });
  if (probe?.result) return;
  await api.scripting.executeScript({
    target,
    func: (network) => {
      globalThis.PorteVoix = globalThis.PorteVoix ?? {};
      globalThis.PorteVoix.genericNetwork = network;
    },
    args: [GENERIC_DEFAULT_NETWORK],
  });
  await api.scripting.executeScript({ target, files: api.runtime.getManifest().content_scripts[0].js });
}

/** The network a box on an unknown site is counted for until the user picks one in the overlay. */
const GENERIC_DEFAULT_NETWORK = 'x';

const GENERIC_MENU_ID = 'porte-voix-generic';

// The keyboard commands: tell the content script of the tab they were pressed in, or start generic mode.
api.commands?.onCommand.addListener((command, tab) => {
  if (tab?.id === undefined) return;
  if (command === 'generic-mode') {
    enableGenericMode(tab.id).catch((error) => console.warn('Porte-voix: generic mode could not start here', error));
  } else if (command === 'open-snippets' || command === 'focus-overlay') {
    api.tabs.sendMessage(tab.id, { type: command }).catch(() => {});
  }
});

// The context menu entry on editable fields (created once per install; the browser keeps it).
api.runtime.onInstalled.addListener(() => {
  api.contextMenus?.create({ id: GENERIC_MENU_ID, title: api.i18n.getMessage('menuGenericMode'), contexts: ['editable'] }, () => void api.runtime.lastError);
});
api.contextMenus?.onClicked.addListener((info, tab) => {
  if (info.menuItemId === GENERIC_MENU_ID && tab?.id !== undefined) {
    enableGenericMode(tab.id).catch((error) => console.warn('Porte-voix: generic mode could not start here', error));
  }
});

// Chrome: the toolbar button opens the side panel.
if (api.sidePanel?.setPanelBehavior) {
  api.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
}

// Firefox: the toolbar button toggles the sidebar (its side panel).
if (api.sidebarAction?.toggle && api.action?.onClicked) {
  api.action.onClicked.addListener(() => api.sidebarAction.toggle());
}
