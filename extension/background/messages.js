// What the background accepts: every message is checked for its sender, shape and sizes before the
// engine sees it. Pure functions, tested in Node (tests/node/messages.test.mjs).

/** The longest draft the background analyses, in UTF-16 code units (a 1 MB paste fits). */
export const MAX_TEXT_LENGTH = 2_000_000;

const NETWORK_ID = /^[a-z][a-z-]{0,31}$/;

/** The longest draft saved to the calendar, in UTF-16 code units (a long LinkedIn article fits). */
export const MAX_POST_LENGTH = 100_000;

/** The longest style guide accepted, in UTF-16 code units. */
export const MAX_GUIDE_LENGTH = 1_000_000;

/** The largest analytics CSV accepted, in UTF-16 code units (about 100,000 rows). */
export const MAX_CSV_LENGTH = 30_000_000;

const PRESETS = new Set(['x', 'linkedin', 'meta', 'generic']);

/** Message types content scripts may send, and the fields each takes (`?`: optional). */
const CONTENT_MESSAGES = {
  analyze: { text: 'text', network: 'network', lang: 'lang?', ignored: 'ids?' },
  count: { text: 'text', network: 'network' },
  entities: { text: 'text' },
  split: { text: 'text', network: 'network' },
  networks: {},
  status: {},
  'rule-disable': { rule: 'rule' },
  'reply-advice': { text: 'text', lang: 'lang?' },
  'snippets-search': { query: 'query', lang: 'lang?' },
  'snippet-variables': {},
  'snippet-render': { id: 'id', values: 'values?' },
  'snippet-expand': { text: 'text', lang: 'lang?' },
  hashtags: { text: 'text', network: 'network' },
  'hashtag-insertion': { text: 'text', tag: 'tag' },
  'best-times': { network: 'network' },
  'site-settings': { host: 'host' },
  'plan-save': { text: 'post', network: 'network', at: 'instant?' },
  'site-hide': { host: 'host', hidden: 'bool' },
  'compose-fill': {},
};

/** Message types only the extension's own pages may send. */
const PAGE_MESSAGES = {
  'crash-for-test': {},
  'guide-set': { source: 'guide', format: 'format' },
  'guide-get': {},
  'guide-reset': {},
  'guide-subscribe': { url: 'url', user: 'credential?', password: 'credential?', interval: 'minutes?' },
  'guide-unsubscribe': {},
  'guide-refresh': {},
  'guide-subscription-get': {},
  'rule-enable': { rule: 'rule' },
  'rules-get': {},
  'history-import': { csv: 'csv', preset: 'preset' },
  'history-get': {},
  'history-clear': {},
  'sites-hidden-get': {},
  'reminder-soon': { id: 'id', ms: 'delay' },
  'reminder-click': { id: 'id', button: 'button?' },
  'caldav-sync': {},
  'caldav-retry-soon': { ms: 'delay', which: 'alarm?' },
  'caldav-disconnect': {},
};

/** Keys that would reach or replace a prototype if copied into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * An object literal's shape: not null, not an array, made by `{}` or `Object.create(null)`. The
 * prototype may be another realm's `Object.prototype` (a message cloned by the browser), so its own
 * prototype is tested rather than its identity.
 */
function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Whether `url` is a page of this extension: same scheme and host as `origin` (exact, not a prefix). */
function isOwnPage(url, origin) {
  if (typeof url !== 'string') return false;
  try {
    const page = new URL(url);
    const own = new URL(origin);
    return page.protocol === own.protocol && page.host === own.host && page.host !== '';
  } catch {
    return false;
  }
}

function checkField(kind, value, name) {
  if (kind.endsWith('?')) {
    if (value === undefined) return null;
    kind = kind.slice(0, -1);
  }
  if (kind === 'text') {
    if (typeof value !== 'string') return `'${name}' must be a string`;
    if (value.length > MAX_TEXT_LENGTH) return `'${name}' is longer than ${MAX_TEXT_LENGTH} characters`;
  } else if (kind === 'network') {
    if (typeof value !== 'string' || !NETWORK_ID.test(value)) return `'${name}' must be a network id such as "x"`;
  } else if (kind === 'lang') {
    if (value !== 'fr' && value !== 'en') return `'${name}' must be "fr" or "en"`;
  } else if (kind === 'format') {
    if (value !== 'toml' && value !== 'json') return `'${name}' must be "toml" or "json"`;
  } else if (kind === 'guide') {
    if (typeof value !== 'string') return `'${name}' must be a string`;
    if (value.length > MAX_GUIDE_LENGTH) return `'${name}' is longer than ${MAX_GUIDE_LENGTH} characters`;
  } else if (kind === 'rule') {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9._-]{0,79}$/.test(value)) return `'${name}' must be a rule id such as "terms.spelling"`;
  } else if (kind === 'csv') {
    if (typeof value !== 'string' || value.length > MAX_CSV_LENGTH) return `'${name}' must be a CSV text of at most ${MAX_CSV_LENGTH} characters`;
  } else if (kind === 'preset') {
    if (!PRESETS.has(value)) return `'${name}' must be one of ${[...PRESETS].join(', ')}`;
  } else if (kind === 'tag') {
    if (typeof value !== 'string' || value.length === 0 || value.length > 140) return `'${name}' must be a hashtag`;
  } else if (kind === 'query') {
    if (typeof value !== 'string' || value.length > 200) return `'${name}' must be a search of at most 200 characters`;
  } else if (kind === 'post') {
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_POST_LENGTH) return `'${name}' must be a draft of 1 to ${MAX_POST_LENGTH} characters`;
  } else if (kind === 'instant') {
    if (typeof value !== 'string' || value.length > 40 || Number.isNaN(Date.parse(value))) return `'${name}' must be an RFC 3339 date and time`;
  } else if (kind === 'host') {
    if (typeof value !== 'string' || !/^[a-z0-9.-]{1,253}$/i.test(value)) return `'${name}' must be a host name`;
  } else if (kind === 'url') {
    if (typeof value !== 'string' || value.length > 2048 || !/^https:\/\//i.test(value)) return `'${name}' must be an https:// address of at most 2,048 characters`;
  } else if (kind === 'credential') {
    if (typeof value !== 'string' || value.length > 500) return `'${name}' must be a text of at most 500 characters`;
  } else if (kind === 'minutes') {
    if (!Number.isInteger(value) || value < 15 || value > 1440) return `'${name}' must be 15 to 1,440 minutes`;
  } else if (kind === 'bool') {
    if (typeof value !== 'boolean') return `'${name}' must be true or false`;
  } else if (kind === 'id') {
    if (typeof value !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(value)) return `'${name}' must be an id`;
  } else if (kind === 'alarm') {
    if (value !== 'retry' && value !== 'soon') return `'${name}' must be "retry" or "soon"`;
  } else if (kind === 'delay') {
    if (!Number.isInteger(value) || value < 1000 || value > 600_000) return `'${name}' must be a delay of 1,000 to 600,000 milliseconds`;
  } else if (kind === 'button') {
    if (value !== 0 && value !== 1) return `'${name}' must be 0 (open) or 1 (mark published)`;
  } else if (kind === 'values') {
    const entries = isPlainObject(value) ? Object.entries(value) : null;
    const ok = entries && entries.length <= 30
      && entries.every(([k, v]) => /^[a-z_]{1,40}$/.test(k) && !FORBIDDEN_KEYS.has(k) && typeof v === 'string' && v.length <= 500);
    if (!ok) return `'${name}' must map at most 30 variable names to texts`;
  } else if (kind === 'ids') {
    const ok = Array.isArray(value) && value.length <= 500 && value.every((v) => typeof v === 'string' && v.length <= 300);
    if (!ok) return `'${name}' must be a list of at most 500 finding ids`;
  }
  return null;
}

/**
 * Checks a message received by the background.
 * `self` is `{ id, origin }` of this extension. Returns `{ ok: true }` or `{ ok: false, error }`.
 *
 * Refused: another extension or a web page as sender; a type that is not a string, unknown, or
 * reserved to our pages when a content script sends it; a field that is missing, of the wrong kind
 * or too large; a field the type does not take (senders send exactly their fields, so an extra one
 * is a bug or a probe). Fields are read as own properties only, never from a prototype.
 */
export function validateMessage(message, sender, self) {
  if (!sender || typeof sender !== 'object' || sender.id !== self.id) {
    return { ok: false, error: 'message from another extension or a page refused' };
  }
  if (!isPlainObject(message)) return { ok: false, error: 'a message must be an object' };
  const type = Object.hasOwn(message, 'type') ? message.type : undefined;
  if (typeof type !== 'string') return { ok: false, error: "a message needs a 'type' string" };
  // Own properties only: a type such as "__proto__" must not reach Object.prototype.
  const spec = Object.hasOwn(CONTENT_MESSAGES, type)
    ? CONTENT_MESSAGES[type]
    : isOwnPage(sender.url, self.origin) && Object.hasOwn(PAGE_MESSAGES, type)
      ? PAGE_MESSAGES[type]
      : undefined;
  if (!spec) return { ok: false, error: `unknown message type '${type.slice(0, 40)}'` };
  for (const name of Object.keys(message)) {
    if (name !== 'type' && !Object.hasOwn(spec, name)) {
      return { ok: false, error: `'${type}' takes no field '${name.slice(0, 40)}'` };
    }
  }
  for (const [name, kind] of Object.entries(spec)) {
    const value = Object.hasOwn(message, name) ? message[name] : undefined;
    const problem = checkField(kind, value, name);
    if (problem) return { ok: false, error: problem };
  }
  return { ok: true };
}

/** Name of the long-lived port content scripts check drafts on (one per tab and frame). */
export const CHECK_PORT = 'porte-voix-check';

/** Message types a content script may send on the check port: the per-keystroke one only. */
const CHECK_PORT_TYPES = new Set(['analyze']);

/**
 * Checks a request received on the check port: `{ id, message }`, where `id` numbers the request (the
 * answers carry it back) and `message` passes `validateMessage` with the port's sender and is of a type
 * the port carries. Returns `{ ok: true }` or `{ ok: false, id, error }` (`id` when it could be read, so
 * that the refusal reaches the request that caused it).
 */
export function validateCheckRequest(request, sender, self) {
  if (!isPlainObject(request)) return { ok: false, id: null, error: 'a check request must be an object' };
  const id = Object.hasOwn(request, 'id') ? request.id : undefined;
  if (!Number.isSafeInteger(id) || id < 0) return { ok: false, id: null, error: "a check request needs an 'id' counter" };
  for (const name of Object.keys(request)) {
    if (name !== 'id' && name !== 'message') return { ok: false, id, error: `a check request takes no field '${name.slice(0, 40)}'` };
  }
  const message = Object.hasOwn(request, 'message') ? request.message : undefined;
  const verdict = validateMessage(message, sender, self);
  if (!verdict.ok) return { ...verdict, id };
  if (!CHECK_PORT_TYPES.has(message.type)) return { ok: false, id, error: `'${message.type}' is not sent on the check port` };
  return { ok: true };
}
