// An in-memory model of chrome.storage for Node tests: storage.local without limits, and
// storage.sync enforcing Chrome's documented quotas, so tests show what the browser would refuse.
//
// What it models, and from where (see also ../../../shared/reference/browsers.md):
// - The limits of chrome.storage.sync (developer.chrome.com/docs/extensions/reference/api/storage):
//   QUOTA_BYTES 102,400, QUOTA_BYTES_PER_ITEM 8,192, MAX_ITEMS 512,
//   MAX_WRITE_OPERATIONS_PER_MINUTE 120, MAX_WRITE_OPERATIONS_PER_HOUR 1,800.
// - How an item is measured: "the JSON stringification of its value plus its key length". Chromium
//   (extensions/browser/api/storage/settings_storage_quota_enforcer.cc) counts key bytes plus the
//   UTF-8 output of base::JSONWriter, which differs from JSON.stringify in two ways modelled here:
//   `<`, U+2028 and U+2029 inside strings are written as six-byte \uXXXX escapes, and a number
//   that is not a 32-bit integer is a double, written with ".0" when it has no fraction.
// - The order of the checks and the messages, as in that file: each item against the per-item
//   quota, then the total, then the item count; "QUOTA_BYTES_PER_ITEM quota exceeded" and so on.
//   A rejected write changes nothing.
// - Write rates: every set, remove or clear call counts one operation; a call that would make more
//   than 120 in the last 60 s or 1,800 in the last hour is rejected with Chrome's message ("This
//   request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota."). Sliding windows: at least as
//   strict as Chrome's own bucketed counting. Rejected calls are not counted.
// - Errors reach the caller as a rejected promise or, when a callback is given, through
//   `runtime.lastError` while the callback runs, as Chrome does.
// - Sync between devices (FakeSyncServer): what one device writes reaches the others when the test
//   says so, possibly one item at a time and late, and is applied there without quota checks (as
//   Chrome applies incoming sync data); each item converges on its latest write; storage.onChanged
//   fires on every device whose items changed, including the writer.

export const SYNC_LIMITS = Object.freeze({
  QUOTA_BYTES: 102_400,
  QUOTA_BYTES_PER_ITEM: 8_192,
  MAX_ITEMS: 512,
  MAX_WRITE_OPERATIONS_PER_MINUTE: 120,
  MAX_WRITE_OPERATIONS_PER_HOUR: 1_800,
});

const utf8 = (text) => Buffer.byteLength(text, 'utf8');

/** JSON of a value as Chromium's base::JSONWriter writes it (only the length matters here). */
export function chromiumJson(value) {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    const text = JSON.stringify(value);
    return Number.isInteger(value) && (value | 0) === value ? text : /[.eE]/.test(text) || text === 'null' ? text : `${text}.0`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  }
  if (Array.isArray(value)) return `[${value.map((v) => chromiumJson(v ?? null)).join(',')}]`;
  const fields = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  return `{${fields.map(([k, v]) => `${chromiumJson(k)}:${chromiumJson(v)}`).join(',')}}`;
}

/** Bytes Chrome counts for one sync item. */
export function itemBytes(key, value) {
  return utf8(key) + utf8(chromiumJson(value));
}

/** A clock the tests drive: `now()`, timers, and `advance(ms)` which runs the timers due. */
export function createClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  let now = start;
  let nextId = 1;
  const timers = new Map();
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimer(id) {
      timers.delete(id);
    },
    /** Moves time forward by `ms`, running each timer at its time; `settle` runs after each. */
    async advance(ms, settle = async () => {}) {
      const end = now + ms;
      await settle(); // what happened "now" is handled before time moves
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
        await settle();
      }
      now = end;
      await settle();
    },
    pending: () => timers.size,
  };
}

/** A storage area in memory. With `limits`, it enforces storage.sync's quotas. */
export class FakeStorageArea {
  #items = new Map();
  #limits;
  #clock;
  #runtime;
  #listeners = new Set();
  /** Every accepted write operation: { at, method, keys }. */
  writes = [];
  /** Every rejected call: { at, method, message }. */
  rejections = [];
  /** Called with the changed items after each accepted write (the sync server listens here). */
  onCommit = null;

  constructor({ limits = null, clock, runtime = { lastError: undefined }, name = 'local' } = {}) {
    this.#limits = limits;
    this.#clock = clock ?? { now: () => Date.now() };
    this.#runtime = runtime;
    this.name = name;
  }

  /** chrome.storage.X.onChanged-like: listener(changes, areaName). */
  addListener(listener) {
    this.#listeners.add(listener);
  }

  get(keys, callback) {
    return this.#answer(callback, () => {
      const pick = keys === null || keys === undefined ? [...this.#items.keys()] : typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
      const out = {};
      for (const key of pick) {
        if (this.#items.has(key)) out[key] = structuredClone(this.#items.get(key));
        else if (keys && typeof keys === 'object' && !Array.isArray(keys)) out[key] = keys[key];
      }
      return out;
    });
  }

  set(items, callback) {
    return this.#answer(callback, () => {
      this.#checkRate('set');
      const incoming = Object.entries(items).map(([key, value]) => [key, JSON.parse(JSON.stringify(value))]);
      if (this.#limits) this.#checkSpace(incoming);
      this.#record('set', incoming.map(([key]) => key));
      this.#apply(incoming, []);
    });
  }

  remove(keys, callback) {
    return this.#answer(callback, () => {
      this.#checkRate('remove');
      const list = typeof keys === 'string' ? [keys] : [...keys];
      this.#record('remove', list);
      this.#apply([], list);
    });
  }

  clear(callback) {
    return this.#answer(callback, () => {
      this.#checkRate('clear');
      this.#record('clear', [...this.#items.keys()]);
      this.#apply([], [...this.#items.keys()]);
    });
  }

  /** Bytes in use, counted as Chrome counts them. */
  getBytesInUse(keys, callback) {
    return this.#answer(callback, () => {
      const pick = keys === null || keys === undefined ? [...this.#items.keys()] : [].concat(keys);
      return pick.filter((k) => this.#items.has(k)).reduce((sum, k) => sum + itemBytes(k, this.#items.get(k)), 0);
    });
  }

  /** Applies changes that came from another device (no quota checks, as Chrome applies sync data). */
  receive(set, removed) {
    this.#apply(Object.entries(set).map(([k, v]) => [k, structuredClone(v)]), removed, false);
  }

  /** The raw items, for assertions. */
  snapshot() {
    return Object.fromEntries([...this.#items].map(([k, v]) => [k, structuredClone(v)]));
  }

  #record(method, keys) {
    this.writes.push({ at: this.#clock.now(), method, keys });
  }

  #checkRate(method) {
    if (!this.#limits) return;
    const now = this.#clock.now();
    const inLast = (ms) => this.writes.filter((w) => w.at > now - ms).length;
    if (inLast(3_600_000) + 1 > this.#limits.MAX_WRITE_OPERATIONS_PER_HOUR) this.#reject(method, 'This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.');
    if (inLast(60_000) + 1 > this.#limits.MAX_WRITE_OPERATIONS_PER_MINUTE) this.#reject(method, 'This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.');
  }

  #checkSpace(incoming) {
    const sizes = new Map([...this.#items].map(([k, v]) => [k, itemBytes(k, v)]));
    for (const [key, value] of incoming) {
      sizes.set(key, itemBytes(key, value));
      if (sizes.get(key) > this.#limits.QUOTA_BYTES_PER_ITEM) this.#reject('set', 'QUOTA_BYTES_PER_ITEM quota exceeded');
    }
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    if (total > this.#limits.QUOTA_BYTES) this.#reject('set', 'QUOTA_BYTES quota exceeded');
    if (sizes.size > this.#limits.MAX_ITEMS) this.#reject('set', 'MAX_ITEMS quota exceeded');
  }

  #reject(method, message) {
    this.rejections.push({ at: this.#clock.now(), method, message });
    throw new Error(message);
  }

  #apply(set, removed, local = true) {
    const changes = {};
    for (const [key, value] of set) {
      changes[key] = { oldValue: this.#items.get(key), newValue: value };
      this.#items.set(key, value);
    }
    for (const key of removed) {
      if (!this.#items.has(key)) continue;
      changes[key] = { oldValue: this.#items.get(key) };
      this.#items.delete(key);
    }
    if (Object.keys(changes).length === 0) return;
    if (local && this.onCommit) this.onCommit(Object.fromEntries(set), removed);
    for (const listener of this.#listeners) queueMicrotask(() => listener(structuredClone(changes), this.name));
  }

  /** Runs `operation`; answers by promise, or by callback with runtime.lastError set meanwhile. */
  #answer(callback, operation) {
    let result;
    let error;
    try {
      result = operation();
    } catch (e) {
      error = e;
    }
    if (typeof callback === 'function') {
      queueMicrotask(() => {
        this.#runtime.lastError = error ? { message: error.message } : undefined;
        try {
          callback(error ? undefined : result);
        } finally {
          this.#runtime.lastError = undefined;
        }
      });
      return undefined;
    }
    return error ? Promise.reject(error) : Promise.resolve(result);
  }
}

/**
 * Carries storage.sync writes between devices when the test delivers them. Like Chrome sync, it
 * converges item by item on the latest write: a change older than what a device last wrote or
 * received for that item is not applied there.
 */
export class FakeSyncServer {
  #devices = [];
  #sequence = 0;

  /** Connects a device's sync area; its writes queue for the other devices. */
  connect(area) {
    const device = { area, inbox: [], latest: new Map() };
    this.#devices.push(device);
    area.onCommit = (set, removed) => {
      const seq = ++this.#sequence;
      const changes = [...Object.entries(set).map(([key, value]) => ({ key, value, seq })), ...removed.map((key) => ({ key, removed: true, seq }))];
      for (const change of changes) device.latest.set(change.key, seq);
      for (const other of this.#devices) if (other !== device) other.inbox.push(...changes);
    };
  }

  /** Delivers queued changes to `area` (all of them, or those `filter` picks), in order. */
  deliver(area, filter = () => true) {
    const device = this.#devices.find((d) => d.area === area);
    const due = device.inbox.filter((change) => filter(change.key));
    device.inbox = device.inbox.filter((change) => !filter(change.key));
    let applied = 0;
    for (const change of due) {
      if ((device.latest.get(change.key) ?? 0) > change.seq) continue; // superseded on this device
      device.latest.set(change.key, change.seq);
      if (change.removed) area.receive({}, [change.key]);
      else area.receive({ [change.key]: change.value }, []);
      applied += 1;
    }
    return applied;
  }

  /** Delivers everything queued, everywhere. */
  deliverAll() {
    for (const device of this.#devices) this.deliver(device.area);
  }
}
