// Team calendar sync (CalDAV): the background's side. The logic is the core's (crate/core/src/caldav,
// reached through the planner's `CaldavSync`, crate/wasm/src/caldav.rs); this module sends its requests
// with `fetch`, saves what a run did, and decides when to run.
//
// Storage (storage.local only, never storage.sync):
// - `caldav.settings` = `{ version: 1, server, user, password }`, set on the options page;
// - `caldav.state` = what the plan remembers of the calendar (ETags, sync token, retry schedule), written
//   in the same `storage.local.set` as the plan records it describes, never on its own;
// - `caldav.status` = the last run's `{ version: 1, at, ok, server, report, error?, retry?, lastSync? }`,
//   for the options page.
//
// No lost update: a run starts from the stored plan, and what it did is merged with what storage holds at
// the moment it saves (the core's `storage_changes`), so an edit made in the side panel meanwhile is kept
// and sent on the next run. A checkpoint is saved every few seconds during a long run, so a worker
// stopped mid-sync (or a browser closed) leaves a plan and a state that agree, and the next run goes on.
//
// When: every PERIOD_MINUTES (alarm), on demand ("Sync now"), SOON_SECONDS after a post is changed in this
// browser (so a teammate sees it without waiting for the period; the sync's own writes do not count), and
// after a failure that may pass (server down, 5xx) at the time the core's backoff says (30 s, 1 min,
// 2 min… up to an hour). 401/403 and bad addresses stop until the user changes something; the options
// page shows why. "Disconnect" forgets the credentials, stops every alarm and gives the server's access
// back; the plan and what it remembers of the calendar stay, so connecting again goes on where it was.

import { parseGuideUrl, SUBSCRIPTION_KEY } from './guide-subscription.js';

export const SETTINGS_KEY = 'caldav.settings';
export const STATUS_KEY = 'caldav.status';
export const STATE_KEY = 'caldav.state';
const META_KEY = 'plan.meta';
const POST_PREFIX = 'plan.post.';
/** The periodic sync and the retry after a failure. */
export const SYNC_ALARM = 'caldav.sync';
export const RETRY_ALARM = 'caldav.retry';
/** The sync that follows a change made in this browser. */
export const SOON_ALARM = 'caldav.soon';
/** Seconds from a local change to its sync (the shortest alarm delay Chrome allows). */
export const SOON_SECONDS = 30;
/** Minutes between two automatic syncs. */
export const PERIOD_MINUTES = 5;
/** Longest wait for one request. */
const REQUEST_TIMEOUT_MS = 60_000;
/** How often a long run saves what it has done so far. */
const CHECKPOINT_MS = 3_000;

/** Whether `hostname` is this machine (the only place plain http is accepted: the password would travel in clear). */
function isLoopback(hostname) {
  return hostname === 'localhost' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The server address checked: `{ ok: true, url, origin, pattern }` where `pattern` is the host permission
 * to ask for (`https://cloud.example.org/*`, every port), or `{ ok: false, reason }` with `reason` one of
 * `empty`, `not-url`, `scheme`, `credentials`, `insecure`.
 */
export function checkServer(address) {
  const text = String(address ?? '').trim();
  if (!text) return { ok: false, reason: 'empty' };
  let url;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return { ok: false, reason: 'insecure' };
  return { ok: true, url: url.href, origin: url.origin, pattern: `${url.protocol}//${url.hostname}/*` };
}

/** The stored settings when complete, else null. */
export function settingsOf(record) {
  if (record?.version !== 1 || typeof record.server !== 'string' || !checkServer(record.server).ok) return null;
  return { server: record.server.trim(), user: String(record.user ?? ''), password: String(record.password ?? '') };
}

/** `Basic …` for `user` and `password` (UTF-8, as servers expect), or null without a user name. */
export function basicAuth(user, password) {
  if (!user) return null;
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** The items a run reads and saves against: every `plan.*` item and the sync state. */
function planItems(all) {
  return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith('plan.') || key === STATE_KEY));
}

/**
 * Sends one request of the core with `fetch`: `{ status, headers, body }`, or `{ error }` when no answer
 * came (refused, timed out, blocked). Credentials are only ever the explicit `Authorization` header:
 * no cookies, and no browser login prompt on a 401.
 */
export async function send(fetcher, request, auth) {
  const headers = new Headers(request.headers);
  if (auth) headers.set('Authorization', auth);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetcher(request.url, {
      method: request.method,
      headers,
      body: request.body === '' || request.method === 'GET' ? undefined : request.body,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      signal: controller.signal,
    });
    const body = await response.text();
    return { status: response.status, headers: [...response.headers], body };
  } catch (error) {
    return { error: controller.signal.aborted ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : String(error?.message ?? error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts the sync: `{ api, planner, fetch? }` where `planner()` resolves to the PorteVoixPlanner.
 * Returns `{ syncNow(), retrySoon(ms) }`; the alarms are handled here.
 */
export function startCaldav({ api, planner, fetch: fetcher = (...args) => globalThis.fetch(...args) }) {
  /** The run in progress, if any: one at a time (a second request waits for it and gets its status). */
  let running = null;

  async function readStatus() {
    const { [STATUS_KEY]: status } = await api.storage.local.get(STATUS_KEY);
    return status ?? null;
  }

  /** The sync's own writes of posts (key -> JSON), so that they are not taken for local edits. */
  const ownWrites = new Map();

  /** Saves `run`'s plan and state merged with what storage holds now, with `status` in the same write. */
  async function save(pv, run, status) {
    const all = await api.storage.local.get(null);
    const { set, remove, queued } = pv.guard(() => run.storageChanges(planItems(all)));
    if (status) {
      // What waits for the next run once this is saved: edits made in the panel meanwhile count too.
      if (status.report) status.report.queued = queued;
      set[STATUS_KEY] = status;
    }
    for (const [key, value] of Object.entries(set)) if (key.startsWith(POST_PREFIX)) ownWrites.set(key, JSON.stringify(value));
    if (Object.keys(set).length) await api.storage.local.set(set);
    if (remove.length) await api.storage.local.remove(remove);
  }

  /** A status for a run that could not start (no settings, no permission). */
  async function refuse(server, error) {
    const status = { version: 1, at: new Date().toISOString(), ok: false, server, report: null, error };
    await api.storage.local.set({ [STATUS_KEY]: status });
    return status;
  }

  async function run({ automatic }) {
    const { [SETTINGS_KEY]: record } = await api.storage.local.get(SETTINGS_KEY);
    const settings = settingsOf(record);
    if (!settings) {
      await clearAlarms();
      return automatic ? null : refuse(record?.server ?? '', { error: 'not-configured', retryable: false });
    }
    const { pattern, origin } = checkServer(settings.server);
    if (!(await api.permissions.contains({ origins: [pattern] }))) {
      return refuse(settings.server, { error: 'permission', url: origin, retryable: false });
    }
    const all = await api.storage.local.get(null);
    const items = planItems(all);
    const waiting = Date.parse(items[STATE_KEY]?.retry?.nextAttempt ?? '');
    // The periodic and the after-an-edit syncs wait for a pending retry (the server is down).
    if (automatic && automatic !== 'retry' && items[STATE_KEY]?.server === settings.server && waiting > Date.now()) return null;
    let device = items[META_KEY]?.device;
    if (typeof device !== 'string' || !device) {
      device = crypto.randomUUID();
      await api.storage.local.set({ [META_KEY]: { ...(items[META_KEY] ?? {}), version: 1, device } });
    }
    // This run sends every change made so far; one made from now on schedules its own.
    await api.alarms.clear(SOON_ALARM);
    const pv = await planner();
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    // The sync's edits (deletions coming from the server) are counted under an id of their own.
    const sync = pv.newCaldavSync(items, { server: settings.server, device: `${device}.caldav`, zone, now: new Date().toISOString() });
    const generation = pv.restarts;
    try {
      const auth = basicAuth(settings.user, settings.password);
      let saved = Date.now();
      for (;;) {
        const request = pv.guard(() => sync.nextRequest());
        if (!request) break;
        const answer = await send(fetcher, request, auth);
        if (pv.restarts !== generation) throw new Error('the planner restarted during the sync; the next run goes on from the last checkpoint');
        pv.guard(() => sync.receive(answer));
        if (Date.now() - saved >= CHECKPOINT_MS) {
          await save(pv, sync);
          saved = Date.now();
        }
      }
      const outcome = pv.guard(() => sync.finish());
      const status = { version: 1, at: new Date().toISOString(), ok: !outcome.error, server: settings.server, ...outcome };
      await save(pv, sync, status);
      await schedule(outcome.retry);
      // Edits made in this browser while the run went on: sent shortly, not at the next period.
      if (status.ok && status.report?.queued) await soon();
      return status;
    } finally {
      if (pv.restarts === generation) sync.free();
    }
  }

  /** The periodic alarm (kept while the sync is set up) and the retry alarm after a failure that may pass. */
  async function schedule(retry) {
    if (!(await api.alarms.get(SYNC_ALARM))) api.alarms.create(SYNC_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: PERIOD_MINUTES });
    if (retry?.nextAttempt) api.alarms.create(RETRY_ALARM, { when: Math.max(Date.parse(retry.nextAttempt), Date.now() + 1000) });
    else await api.alarms.clear(RETRY_ALARM);
  }

  async function clearAlarms() {
    await Promise.all([SYNC_ALARM, RETRY_ALARM, SOON_ALARM].map((name) => api.alarms.clear(name)));
  }

  /** Schedules the sync after a local change, SOON_SECONDS from the first change not yet synced. */
  async function soon() {
    if (await api.alarms.get(SOON_ALARM)) return;
    api.alarms.create(SOON_ALARM, { when: Date.now() + SOON_SECONDS * 1000 });
  }

  /** Whether `changes` (of storage.local) hold a post changed in this browser, not by the sync. */
  function localPostChange(changes) {
    let changed = false;
    for (const [key, { newValue }] of Object.entries(changes)) {
      if (!key.startsWith(POST_PREFIX) || newValue === undefined) continue;
      const json = JSON.stringify(newValue);
      if (ownWrites.get(key) === json) ownWrites.delete(key);
      else changed = true;
    }
    return changed;
  }

  /** Runs a sync unless one is running (then its outcome is the answer). */
  function once(options) {
    if (!running) {
      running = run(options).finally(() => {
        running = null;
      });
    }
    return running;
  }

  const logged = (options) => once(options).catch((error) => console.warn('Porte-voix: the team calendar sync failed', error));
  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) logged({ automatic: 'periodic' });
    else if (alarm.name === RETRY_ALARM) logged({ automatic: 'retry' });
    else if (alarm.name === SOON_ALARM) logged({ automatic: 'soon' });
  });
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !localPostChange(changes)) return;
    (async () => {
      const { [SETTINGS_KEY]: record } = await api.storage.local.get(SETTINGS_KEY);
      if (settingsOf(record)) await soon();
    })().catch((error) => console.warn('Porte-voix: the sync after an edit could not be scheduled', error));
  });
  // Firefox forgets alarms when it restarts: set the periodic one again while the sync is set up.
  const keepAlarm = async () => {
    const { [SETTINGS_KEY]: record } = await api.storage.local.get(SETTINGS_KEY);
    if (settingsOf(record) && !(await api.alarms.get(SYNC_ALARM))) api.alarms.create(SYNC_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: 1 });
  };
  api.runtime.onStartup.addListener(() => keepAlarm().catch(() => {}));
  api.runtime.onInstalled.addListener(() => keepAlarm().catch(() => {}));

  return {
    /** Syncs now (the options page's "Sync now" and "Connect"), whatever the retry schedule; resolves with the status. */
    async syncNow() {
      try {
        return (await once({ automatic: false })) ?? (await readStatus());
      } catch (error) {
        const { [SETTINGS_KEY]: record } = await api.storage.local.get(SETTINGS_KEY);
        return refuse(record?.server ?? '', { error: 'internal', detail: String(error?.message ?? error), retryable: true });
      }
    },
    /**
     * Moves the pending retry (or, `which` = 'soon', the sync after an edit) to `ms` from now (tests:
     * those paths without waiting for the backoff or the delay).
     */
    async retrySoon(ms, which = 'retry') {
      const name = which === 'soon' ? SOON_ALARM : RETRY_ALARM;
      const alarm = await api.alarms.get(name);
      if (!alarm) throw new Error(which === 'soon' ? 'no sync after an edit is scheduled' : 'no retry is scheduled');
      api.alarms.create(name, { when: Date.now() + ms });
      return { was: alarm.scheduledTime };
    },
    /**
     * Stops the team calendar sync (the options page's "Disconnect"), after the run under way: the
     * credentials are forgotten, the alarms cleared, and the server's host permission removed unless
     * the shared guide is read from the same origin. The plan and `caldav.state` stay: what was not
     * sent yet goes out if the same calendar is connected again. Resolves with the new status.
     */
    async disconnect() {
      await running?.catch(() => {});
      const { [SETTINGS_KEY]: record, [SUBSCRIPTION_KEY]: guide } = await api.storage.local.get([SETTINGS_KEY, SUBSCRIPTION_KEY]);
      await api.storage.local.remove(SETTINGS_KEY);
      await clearAlarms();
      const server = record?.server ?? '';
      const checked = checkServer(server);
      let released = false;
      if (checked.ok && (!guide?.url || parseGuideUrl(guide.url).pattern !== checked.pattern)) {
        released = await api.permissions.remove({ origins: [checked.pattern] }).catch(() => false);
      }
      const status = { version: 1, at: new Date().toISOString(), ok: false, server, report: null, disconnected: { released } };
      await api.storage.local.set({ [STATUS_KEY]: status });
      return status;
    },
  };
}
