// A shared style guide from a URL: a team keeps one guide file on an HTTPS or WebDAV server and every
// member's Porte-voix subscribes to it. The background fetches it when the user subscribes, on a
// periodic alarm and on "Refresh now", with `If-None-Match` (the ETag) or, when the server sends no
// ETag, `If-Modified-Since`:
// - 304: nothing changes;
// - 200: the text goes through the engine's guide validation (the core's parser); a valid guide is
//   applied and kept, an invalid one is NOT applied — the previous guide stays in force and the
//   parser's errors (line, column, key) are kept for the options page and the side panel;
// - a network error or an HTTP error: the guide in force stays, the status says what happened and when
//   the last successful refresh was, and the fetch is retried with a growing delay (1, 2, 4... minutes,
//   never longer than the refresh interval).
//
// No request is made unless the user subscribed, and only with the host permission for the guide's
// origin, which the options page asks for (`permissions.request`) at the moment the user subscribes.
//
// Storage (storage.local only, never synced):
// - `guideSubscription`: `{ version: 1, url, intervalMinutes, subscribedAt, status, source, format,
//   etag, lastModified, brand, appliedAt, lastSuccessAt, lastAttemptAt, httpStatus, errors, detail,
//   failures, nextRetryAt }` — `source` is the last valid guide fetched (what is applied);
// - `guideSubscriptionAuth`: `{ version: 1, user, password }` for basic authentication (WebDAV).
//
// Roles: once a shared guide is in force, writers and interns (the roles that cannot approve in the
// review flow) cannot edit, import, reset or unsubscribe from it; approvers and managers can, and a
// local edit of theirs stays on their browser until the shared guide changes on the server or they
// press "Refresh now". Roles guard against slips, not against a determined user: anyone at the
// browser can change the profile.
//
// The pure functions are tested in Node (tests/node/guide-subscription.test.mjs); the whole flow in
// the browsers (tests/browser/guide-subscription.test.mjs).
import { MAX_GUIDE_LENGTH } from './messages.js';

/** storage.local key of the subscription record. */
export const SUBSCRIPTION_KEY = 'guideSubscription';
/** storage.local key of the basic-authentication credentials (kept apart so no status message carries them). */
export const SUBSCRIPTION_AUTH_KEY = 'guideSubscriptionAuth';
/** Schema version of both records. */
export const SUBSCRIPTION_VERSION = 1;

/** Refresh intervals the options page offers, in minutes. */
export const INTERVALS_MINUTES = Object.freeze([15, 60, 360, 1440]);
export const DEFAULT_INTERVAL_MINUTES = 60;

/** Profile roles for which a shared guide in force is read-only (they cannot approve posts either). */
export const READ_ONLY_ROLES = Object.freeze(['writer', 'intern']);

/** Alarm names: the periodic refresh, and the retry after a failure. */
export const REFRESH_ALARM = 'guide-subscription';
export const RETRY_ALARM = 'guide-subscription-retry';

/** The first retry after a failure; each further failure doubles it, up to the refresh interval. */
const FIRST_RETRY_MS = 60_000;
/** A server that has not answered in this time counts as a network failure. */
const FETCH_TIMEOUT_MS = 30_000;
/** A download announced larger than this is not read (a guide is a few kilobytes). */
const MAX_DOWNLOAD_BYTES = 4 * MAX_GUIDE_LENGTH;

/**
 * Reads what the user typed as a guide address. Returns `{ ok: true, url, pattern }` — `pattern` is
 * the host-permission match pattern for its origin (no port: browsers match every port of the host) —
 * or `{ ok: false, code }` with the message key that says what to type instead.
 */
export function parseGuideUrl(text) {
  let url;
  try {
    url = new URL(String(text ?? '').trim());
  } catch {
    return { ok: false, code: 'guideSubUrlInvalid' };
  }
  if (url.protocol !== 'https:') return { ok: false, code: 'guideSubUrlHttps' };
  if (url.username || url.password) return { ok: false, code: 'guideSubUrlCredentials' };
  if (!url.hostname) return { ok: false, code: 'guideSubUrlInvalid' };
  url.hash = '';
  return { ok: true, url: url.href, pattern: `https://${url.hostname}/*` };
}

/** How long to wait before retrying after `failures` failures in a row (at least one). */
export function retryDelayMs(failures, intervalMinutes) {
  const doubled = FIRST_RETRY_MS * 2 ** Math.min(Math.max(0, failures - 1), 20);
  return Math.min(doubled, intervalMinutes * 60_000);
}

/** "json" or "toml" for a fetched guide: its media type, else its file name, else its first character. */
export function guideFormatOf(url, contentType, text) {
  const type = String(contentType ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('toml')) return 'toml';
  let path = '';
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    /* no path to read */
  }
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.toml')) return 'toml';
  return String(text ?? '').trimStart().startsWith('{') ? 'json' : 'toml';
}

/** The `Authorization` value for HTTP basic authentication (UTF-8, as RFC 7617 recommends). */
export function basicAuthorization(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** The request headers of a refresh: the validator of the guide held, and the credentials if any. */
export function requestHeaders(subscription, auth) {
  const headers = { accept: 'application/toml, application/json;q=0.9, text/plain;q=0.8, */*;q=0.5' };
  if (subscription?.source && subscription.etag) headers['if-none-match'] = subscription.etag;
  else if (subscription?.source && subscription.lastModified) headers['if-modified-since'] = subscription.lastModified;
  if (auth?.user) headers.authorization = basicAuthorization(auth.user, auth.password ?? '');
  return headers;
}

/** A stored subscription record of this schema version, or null (missing, or of an unknown version). */
export function readSubscription(record) {
  if (record?.version !== SUBSCRIPTION_VERSION || typeof record.url !== 'string') return null;
  return record;
}

/** A new subscription to `url` (nothing fetched yet). */
export function newSubscription(url, intervalMinutes, now) {
  return {
    version: SUBSCRIPTION_VERSION,
    url,
    intervalMinutes: INTERVALS_MINUTES.includes(intervalMinutes) ? intervalMinutes : DEFAULT_INTERVAL_MINUTES,
    subscribedAt: new Date(now).toISOString(),
    status: 'pending',
    source: null,
    format: null,
    etag: null,
    lastModified: null,
    brand: null,
    appliedAt: null,
    lastSuccessAt: null,
    lastAttemptAt: null,
    httpStatus: null,
    errors: [],
    detail: null,
    failures: 0,
    nextRetryAt: null,
  };
}

/** Whether the guide editor is read-only for `role`: a shared guide is in force and the role cannot approve. */
export function guideEditLocked(subscription, role) {
  return Boolean(subscription?.source) && READ_ONLY_ROLES.includes(role);
}

/** Only what a page needs of a parser error (no byte offsets). */
function locatedErrors(errors) {
  return (Array.isArray(errors) ? errors : []).slice(0, 100).map((e) => ({
    line: Number(e?.line) || 0,
    column: Number(e?.column) || 0,
    path: String(e?.path ?? ''),
    message: String(e?.message ?? ''),
  }));
}

/**
 * The subscription record after one attempt ended at `now` (ms) with `outcome`:
 * - `{ kind: 'unchanged', httpStatus }`: 304, or the same text again;
 * - `{ kind: 'applied', source, format, etag, lastModified, brand }`: a new valid guide, now in force;
 * - `{ kind: 'invalid', errors }`: the server's guide fails validation (not applied, no retry before the next refresh);
 * - `{ kind: 'http', status }`, `{ kind: 'network', detail }`, `{ kind: 'error', detail }`: retried with backoff;
 * - `{ kind: 'no-permission' }`: the host permission is missing (nothing fetched; the user must subscribe again).
 */
export function afterAttempt(subscription, outcome, now) {
  const at = new Date(now).toISOString();
  const next = { ...subscription, lastAttemptAt: at, detail: null };
  switch (outcome.kind) {
    case 'unchanged':
      return { ...next, status: 'unchanged', httpStatus: outcome.httpStatus ?? 304, errors: [], lastSuccessAt: at, failures: 0, nextRetryAt: null };
    case 'applied':
      return {
        ...next,
        status: 'applied',
        httpStatus: 200,
        errors: [],
        source: outcome.source,
        format: outcome.format,
        etag: outcome.etag ?? null,
        lastModified: outcome.lastModified ?? null,
        brand: outcome.brand ?? null,
        appliedAt: at,
        lastSuccessAt: at,
        failures: 0,
        nextRetryAt: null,
      };
    case 'invalid':
      return { ...next, status: 'invalid', httpStatus: 200, errors: locatedErrors(outcome.errors), failures: 0, nextRetryAt: null };
    case 'no-permission':
      return { ...next, status: 'no-permission', httpStatus: null, errors: [], nextRetryAt: null };
    case 'http':
    case 'network':
    case 'error': {
      const failures = (subscription.failures ?? 0) + 1;
      const status = { http: 'http-error', network: 'network-error', error: 'error' }[outcome.kind];
      return {
        ...next,
        status,
        httpStatus: outcome.kind === 'http' ? outcome.status : null,
        detail: outcome.detail ? String(outcome.detail).slice(0, 300) : null,
        errors: [],
        failures,
        nextRetryAt: new Date(now + retryDelayMs(failures, subscription.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES)).toISOString(),
      };
    }
    default:
      throw new Error(`unknown refresh outcome '${outcome.kind}'`);
  }
}

/** Whether the subscription's status is a problem the user should see outside the options page. */
export function subscriptionTrouble(subscription) {
  return ['invalid', 'http-error', 'network-error', 'error', 'no-permission'].includes(subscription?.status);
}

/**
 * What to tell the user about a subscription: `{ key, substitutions }` of a message in
 * _locales/<lang>/messages.json, or null when there is none. `when(iso)` writes a time for people
 * (the pages pass the locale's own format); a time never reached reads as `never`.
 */
export function statusMessage(subscription, when, never) {
  if (!subscription) return null;
  const last = subscription.lastSuccessAt ? when(subscription.lastSuccessAt) : never;
  const retry = subscription.nextRetryAt ? when(subscription.nextRetryAt) : never;
  const brand = subscription.brand ?? '';
  switch (subscription.status) {
    case 'pending':
      return { key: 'guideSubPending', substitutions: [subscription.url] };
    case 'applied':
    case 'unchanged':
      return { key: 'guideSubUpToDate', substitutions: [brand, last] };
    case 'invalid':
      return { key: 'guideSubInvalid', substitutions: [String(subscription.errors.length), last] };
    case 'no-permission':
      return { key: 'guideSubNoPermission', substitutions: [new URL(subscription.url).host] };
    case 'http-error':
      if (subscription.httpStatus === 401 || subscription.httpStatus === 403) {
        return { key: 'guideSubAuthRefused', substitutions: [String(subscription.httpStatus), last, retry] };
      }
      if (subscription.httpStatus === 404 || subscription.httpStatus === 410) {
        return { key: 'guideSubNotFound', substitutions: [String(subscription.httpStatus), last, retry] };
      }
      return { key: 'guideSubHttpError', substitutions: [String(subscription.httpStatus), last, retry] };
    case 'network-error':
    case 'error':
      return { key: 'guideSubNetworkError', substitutions: [subscription.detail ?? '', last, retry] };
    default:
      return null;
  }
}

/**
 * Starts the subscription in the background: `{ api, applyGuide(source, format, url), guideKey,
 * profileKey }`, where `applyGuide` validates a guide with the engine and, when it is valid, makes it
 * the guide in force and stores it under `guideKey` (returns the engine's `{ ok, brand, errors }`).
 * Registers the alarm listeners at once (the background calls this at its top level, so an alarm
 * wakes it). Returns the operations the background's messages call.
 */
export function startGuideSubscription({ api, applyGuide, guideKey, profileKey }) {
  /** Every operation runs after the previous one ended, so two refreshes never interleave. */
  let chain = Promise.resolve();
  function serially(operation) {
    const run = chain.then(operation);
    chain = run.catch(() => {});
    return run;
  }

  async function read() {
    const { [SUBSCRIPTION_KEY]: record } = await api.storage.local.get(SUBSCRIPTION_KEY);
    return readSubscription(record);
  }

  async function role() {
    const { [profileKey]: profile } = await api.storage.local.get(profileKey);
    return profile?.version === 1 ? profile.role : undefined;
  }

  async function guideInForceSource() {
    const { [guideKey]: record } = await api.storage.local.get(guideKey);
    return typeof record?.source === 'string' ? record.source : null;
  }

  /** The periodic alarm at the subscription's interval (created again when missing: Firefox forgets alarms on restart). */
  async function ensureAlarm(subscription) {
    const period = subscription.intervalMinutes;
    const current = await api.alarms.get(REFRESH_ALARM);
    if (current?.periodInMinutes !== period) await api.alarms.create(REFRESH_ALARM, { delayInMinutes: period, periodInMinutes: period });
  }

  /** Fetches the guide once and says how it went (an outcome for `afterAttempt`). */
  async function attempt(subscription, manual) {
    const { pattern } = parseGuideUrl(subscription.url);
    if (!(await api.permissions.contains({ origins: [pattern] }))) return { kind: 'no-permission' };
    const { [SUBSCRIPTION_AUTH_KEY]: auth } = await api.storage.local.get(SUBSCRIPTION_AUTH_KEY);
    let response;
    let text;
    try {
      response = await fetch(subscription.url, {
        headers: requestHeaders(subscription, auth?.version === SUBSCRIPTION_VERSION ? auth : null),
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (response.status === 304) {
        // "Refresh now" brings the shared guide back over a manager's local edit; the periodic refresh does not.
        if (manual && subscription.source && (await guideInForceSource()) !== subscription.source) {
          const report = await applyGuide(subscription.source, subscription.format, subscription.url);
          if (!report.ok) return { kind: 'invalid', errors: report.errors };
        }
        return { kind: 'unchanged', httpStatus: 304 };
      }
      if (!response.ok) return { kind: 'http', status: response.status };
      if (Number(response.headers.get('content-length')) > MAX_DOWNLOAD_BYTES) {
        const kb = Math.round(Number(response.headers.get('content-length')) / 1024);
        return { kind: 'invalid', errors: [{ line: 1, column: 1, path: '', message: `the file is ${kb} KB; a guide is a few KB: is the address right?` }] };
      }
      text = await response.text();
    } catch (error) {
      return { kind: 'network', detail: error?.message ?? String(error) };
    }
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    // A server without validators sends the whole file every time: the same text changes nothing.
    if (text === subscription.source && (await guideInForceSource()) === text) {
      return { kind: 'unchanged', httpStatus: 200, etag, lastModified };
    }
    const format = guideFormatOf(response.url || subscription.url, response.headers.get('content-type'), text);
    const report = await applyGuide(text, format, subscription.url);
    if (!report.ok) return { kind: 'invalid', errors: report.errors };
    return { kind: 'applied', source: text, format, etag, lastModified, brand: report.brand };
  }

  /** One refresh of the stored subscription, if there is one; returns the record after it. */
  async function refresh(manual) {
    const subscription = await read();
    if (!subscription) return null;
    let outcome;
    try {
      outcome = await attempt(subscription, manual);
    } catch (error) {
      outcome = { kind: 'error', detail: error?.message ?? String(error) };
    }
    const next = afterAttempt(subscription, outcome, Date.now());
    // The validators of a 200 that changed nothing still describe the file held.
    if (outcome.kind === 'unchanged' && outcome.httpStatus === 200) Object.assign(next, { etag: outcome.etag ?? null, lastModified: outcome.lastModified ?? null });
    await api.storage.local.set({ [SUBSCRIPTION_KEY]: next });
    if (next.nextRetryAt) await api.alarms.create(RETRY_ALARM, { when: Date.parse(next.nextRetryAt) });
    else await api.alarms.clear(RETRY_ALARM);
    return next;
  }

  /** Refuses a change to the guide when a shared guide is in force and the user's role may not change it. */
  async function assertEditable() {
    if (guideEditLocked(await read(), await role())) throw new Error(api.i18n.getMessage('guideSubLockedError'));
  }

  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM || alarm.name === RETRY_ALARM) {
      serially(() => refresh(false)).catch((error) => console.warn('Porte-voix: the shared guide could not be refreshed', error));
    }
  });
  const keepAlarm = () =>
    read()
      .then((subscription) => subscription && ensureAlarm(subscription))
      .catch((error) => console.warn('Porte-voix: the shared guide alarm could not be set', error));
  api.runtime.onStartup.addListener(keepAlarm);
  api.runtime.onInstalled.addListener(keepAlarm);

  /** The subscription record (without credentials), plus `user`, `hasPassword` and `locked` for the user's role. */
  async function status() {
    const subscription = await read();
    if (!subscription) return null;
    const { [SUBSCRIPTION_AUTH_KEY]: auth } = await api.storage.local.get(SUBSCRIPTION_AUTH_KEY);
    return { ...subscription, user: auth?.user ?? '', hasPassword: Boolean(auth?.password), locked: guideEditLocked(subscription, await role()) };
  }

  return {
    status,

    /**
     * Subscribes to `url` (the options page asked for its host permission first) and fetches it now.
     * `password` undefined keeps the stored one when the user name is unchanged.
     */
    subscribe({ url, user, password, interval }) {
      return serially(async () => {
        await assertEditable();
        const parsed = parseGuideUrl(url);
        if (!parsed.ok) throw new Error(api.i18n.getMessage(parsed.code));
        const previous = await read();
        const { [SUBSCRIPTION_AUTH_KEY]: oldAuth } = await api.storage.local.get(SUBSCRIPTION_AUTH_KEY);
        // The same address again keeps what was fetched (its validators stay good); a new one starts afresh.
        const subscription = previous?.url === parsed.url
          ? { ...previous, intervalMinutes: INTERVALS_MINUTES.includes(interval) ? interval : previous.intervalMinutes }
          : newSubscription(parsed.url, interval, Date.now());
        const name = String(user ?? '').trim();
        const keptPassword = password === undefined && oldAuth?.user === name ? oldAuth.password : undefined;
        if (name) await api.storage.local.set({ [SUBSCRIPTION_AUTH_KEY]: { version: SUBSCRIPTION_VERSION, user: name, password: password ?? keptPassword ?? '' } });
        else await api.storage.local.remove(SUBSCRIPTION_AUTH_KEY);
        await api.storage.local.set({ [SUBSCRIPTION_KEY]: subscription });
        await ensureAlarm(subscription);
        await refresh(true);
        return status();
      });
    },

    /** Fetches the guide now ("Refresh now"); a 304 also brings the shared guide back over a local edit. */
    refreshNow() {
      return serially(async () => {
        await refresh(true);
        return status();
      });
    },

    /**
     * Ends the subscription: no more requests, credentials deleted. The guide in force stays, as the
     * user's own (the host permission stays too, in case another feature uses that server; the
     * browser's extension settings can remove it).
     */
    unsubscribe() {
      return serially(async () => {
        await assertEditable();
        await api.alarms.clear(REFRESH_ALARM);
        await api.alarms.clear(RETRY_ALARM);
        await api.storage.local.remove([SUBSCRIPTION_KEY, SUBSCRIPTION_AUTH_KEY]);
        const { [guideKey]: record } = await api.storage.local.get(guideKey);
        if (record?.sharedFrom !== undefined) {
          const { sharedFrom: _dropped, ...own } = record;
          await api.storage.local.set({ [guideKey]: own });
        }
        return null;
      });
    },

    assertEditable,
  };
}
