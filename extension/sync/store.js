// What follows the user from device to device: settings, the style guide source, reply snippets
// and disabled rules, kept in storage.sync without ever losing a change.
//
// Each of them is a *document*: a set of small records (one per setting, snippet or rule; one
// for the guide) that the engine merges record by record (`editSyncDocument`,
// `mergeSyncDocuments`): changes to different records both stay; two changes to the same record
// are both kept, one shown and the other listed as a conflict until the user picks.
//
// - Every change is saved first in storage.local (this device's copy, the "mirror"), then
//   written to storage.sync as chunks planned by the engine (`planSyncWrite`: only the items that
//   changed, and whether the write fits every quota *before* trying it).
// - Writes are coalesced: a burst of changes becomes one write after `debounceMs`, and writes are
//   spaced by `minIntervalMs`, so the write-rate quotas (120 a minute, 1,800 an hour) are not
//   reached; if they would be, the write waits for the time the engine says.
// - A write that would exceed a size quota, or that the browser rejects
//   (`chrome.runtime.lastError` or a rejected promise, e.g. "QUOTA_BYTES_PER_ITEM quota
//   exceeded"), leaves the document in storage.local and raises a notice (English and French)
//   that the UI shows until the document fits again.
// - A change from another device (storage.onChanged, area "sync") is read back only when every
//   chunk has arrived (`planSyncRead` checks the manifest's length and hash) and merged into the
//   mirror; if this device had changes the other lacked, the merged document is written back.
//
// No DOM here: the background owns one store and the pages ask it through messages.

/** The synced documents. Their names are storage.sync keys: no '.' (chunks are `<key>.<n>`). */
export const SYNCED_KEYS = Object.freeze(['settings', 'guide', 'snippets', 'disabledRules']);

/** storage.local keys of the store. */
export const LOCAL_KEYS = Object.freeze({
  device: 'syncStore.device',
  writes: 'syncStore.writes',
  mirror: (key) => `syncStore.doc.${key}`,
});

const HOUR_MS = 3_600_000;

/**
 * A notice the UI shows about one document.
 * @typedef {{ key: string, kind: 'local-fallback' | 'sync-delayed' | 'sync-error', code: string,
 *   message: { en: string, fr: string }, at: number }} SyncNotice
 */

/** Chromium's names of the storage.sync quotas in its refusals ("Resource::kQuotaBytes quota exceeded"). */
const CHROMIUM_QUOTA_NAMES = {
  kQuotaBytesPerItem: 'QUOTA_BYTES_PER_ITEM',
  kQuotaBytes: 'QUOTA_BYTES',
  kMaxItems: 'MAX_ITEMS',
  kMaxWriteOperationsPerHour: 'MAX_WRITE_OPERATIONS_PER_HOUR',
  kMaxWriteOperationsPerMinute: 'MAX_WRITE_OPERATIONS_PER_MINUTE',
};

/**
 * The quota a storage.sync refusal is about, as its documented constant name, or 'SYNC_ERROR' when it
 * names none. Browsers word it differently: the documented names ("QUOTA_BYTES_PER_ITEM quota
 * exceeded", and Chromium's write-rate refusals), Chromium's own ("Resource::kQuotaBytesPerItem quota
 * exceeded"), and Firefox's single "QuotaExceededError: storage.sync API call exceeded its quota
 * limitations." for every size quota (read as QUOTA_BYTES: a size limit, so the document stays local).
 */
export function quotaCode(reason) {
  const documented = /MAX_WRITE_OPERATIONS_PER_(MINUTE|HOUR)|QUOTA_BYTES_PER_ITEM|QUOTA_BYTES|MAX_ITEMS/.exec(reason)?.[0];
  if (documented) return documented;
  const chromium = CHROMIUM_QUOTA_NAMES[/Resource::(k\w+)/.exec(reason)?.[1]];
  if (chromium) return chromium;
  if (/QuotaExceededError|exceeded its quota/.test(reason)) return 'QUOTA_BYTES';
  return 'SYNC_ERROR';
}

/** Creates a store; call `init()` before anything else. See `SyncStore`'s constructor. */
export function createSyncStore(options) {
  return new SyncStore(options);
}

export class SyncStore {
  #sync;
  #local;
  #engine;
  #runtime;
  #callbackStyle;
  #keys;
  #now;
  #setTimer;
  #clearTimer;
  #debounceMs;
  #minIntervalMs;
  #settleMs;
  #newDeviceId;
  #device = null;
  /** key → { doc, where: 'sync' | 'local', notice: SyncNotice | null, dirty: boolean } */
  #mirrors = new Map();
  /** key → time a half-written value was first seen in storage.sync (not persisted). */
  #incompleteSince = new Map();
  #recentWrites = [];
  #lastWriteAt = -Infinity;
  #timer = null;
  #timerAt = Infinity;
  #running = Promise.resolve();
  #listeners = new Set();

  /**
   * @param {object} options
   * @param {object} options.sync storage.sync (or a model of it): get/set/remove.
   * @param {object} options.local storage.local: get/set.
   * @param {object} options.engine what has planSyncWrite, planSyncRead, mergeSyncDocuments and
   *   editSyncDocument: the planner module (`await engine.planner()`, a PorteVoixPlanner).
   * @param {object} [options.runtime] chrome.runtime, for `lastError` with callback-style areas.
   * @param {boolean} [options.callbackStyle] call the areas with callbacks instead of promises.
   * @param {string[]} [options.keys] the documents (default SYNCED_KEYS).
   * @param {() => number} [options.now] milliseconds since the epoch.
   * @param {(fn: () => void, ms: number) => unknown} [options.setTimer]
   * @param {(timer: unknown) => void} [options.clearTimer]
   * @param {number} [options.debounceMs] wait after a change before writing (coalesces bursts).
   * @param {number} [options.minIntervalMs] least time between two writes.
   * @param {number} [options.settleMs] how long a half-written value from another device may take
   *   to complete before this device writes over it.
   * @param {() => string} [options.newDeviceId] makes this device's id on first start.
   */
  constructor({
    sync,
    local,
    engine,
    runtime = globalThis.chrome?.runtime,
    callbackStyle = false,
    keys = SYNCED_KEYS,
    now = () => Date.now(),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (timer) => clearTimeout(timer),
    debounceMs = 1_500,
    minIntervalMs = 4_000,
    settleMs = 30_000,
    newDeviceId = () => crypto.randomUUID(),
  }) {
    for (const key of keys) {
      if (!key || key.includes('.')) throw new Error(`sync key "${key}" must be non-empty and without '.'`);
    }
    this.#sync = sync;
    this.#local = local;
    this.#engine = engine;
    this.#runtime = runtime;
    this.#callbackStyle = callbackStyle;
    this.#keys = [...keys];
    this.#now = now;
    this.#setTimer = setTimer;
    this.#clearTimer = clearTimer;
    this.#debounceMs = debounceMs;
    this.#minIntervalMs = minIntervalMs;
    this.#settleMs = settleMs;
    this.#newDeviceId = newDeviceId;
  }

  /** Loads this device's copies from storage.local, then merges what storage.sync holds. */
  async init() {
    const wanted = [LOCAL_KEYS.device, LOCAL_KEYS.writes, ...this.#keys.map(LOCAL_KEYS.mirror)];
    const stored = await this.#call(this.#local, 'get', wanted);
    this.#device = stored[LOCAL_KEYS.device];
    if (typeof this.#device !== 'string' || this.#device === '') {
      this.#device = this.#newDeviceId();
      await this.#call(this.#local, 'set', { [LOCAL_KEYS.device]: this.#device });
    }
    const writes = Array.isArray(stored[LOCAL_KEYS.writes]) ? stored[LOCAL_KEYS.writes] : [];
    this.#recentWrites = writes.filter((t) => typeof t === 'number' && t > this.#now() - HOUR_MS);
    this.#lastWriteAt = Math.max(-Infinity, ...this.#recentWrites);
    for (const key of this.#keys) {
      const saved = stored[LOCAL_KEYS.mirror(key)];
      this.#mirrors.set(key, {
        doc: saved?.doc ?? { records: [] },
        where: saved?.where === 'local' ? 'local' : 'sync',
        notice: saved?.notice ?? null,
        dirty: saved?.dirty === true,
      });
    }
    await this.#pull(this.#keys);
    if ([...this.#mirrors.values()].some((m) => m.dirty)) this.#schedule(0);
  }

  /** This device's id (the name its changes carry in the documents' clocks). */
  get deviceId() {
    return this.#device;
  }

  /**
   * What the UI shows for one document: the live values by id, the conflicts to resolve, where
   * it is kept ('sync' or 'local'), the notice if any, and whether a write is pending.
   */
  view(key) {
    const mirror = this.#mirror(key);
    const values = {};
    for (const record of mirror.doc.records ?? []) {
      if (!record.meta.deleted) values[record.meta.id] = structuredClone(record.value);
    }
    const conflicts = (mirror.doc.conflicts ?? []).map((record) => ({
      id: record.meta.id,
      value: structuredClone(record.value),
      deleted: record.meta.deleted === true,
      updated: record.meta.updated,
    }));
    return { key, values, conflicts, where: mirror.where, notice: mirror.notice, pending: mirror.dirty };
  }

  /** Every current notice, one per document at most. */
  notices() {
    return [...this.#mirrors.values()].map((m) => m.notice).filter(Boolean);
  }

  /**
   * Changes a document: `{ set: { id: value }, remove: [id] }`. Setting an id that is in conflict
   * resolves the conflict with that value. Saved in storage.local before this resolves; written to
   * storage.sync shortly after. Returns the new view.
   */
  async update(key, changes) {
    const mirror = this.#mirror(key);
    const before = JSON.stringify(mirror.doc);
    const doc = this.#engine.editSyncDocument(mirror.doc, changes, this.#device, new Date(this.#now()).toISOString());
    if (JSON.stringify(doc) === before) return this.view(key);
    mirror.doc = doc;
    mirror.dirty = true;
    await this.#save(key);
    this.#emit({ type: 'change', key, origin: 'local' });
    this.#schedule(this.#debounceMs);
    return this.view(key);
  }

  /** Writes pending changes now (still within the write rates). Resolves when done. */
  flush() {
    this.#running = this.#running.then(() => this.#flushPending()).catch((error) => {
      this.#emit({ type: 'error', error });
    });
    return this.#running;
  }

  /** Resolves once no write is in progress. */
  whenIdle() {
    return this.#running;
  }

  /** Give it storage.onChanged's arguments: merges what another device wrote. */
  async handleStorageChange(changes, areaName) {
    if (areaName !== 'sync' || this.#mirrors.size === 0) return; // before init(), which reads everything
    const items = Object.keys(changes ?? {});
    const touched = this.#keys.filter((key) => items.some((item) => item === key || item.startsWith(`${key}.`)));
    if (touched.length === 0) return;
    try {
      await this.#pull(touched);
    } catch (error) {
      this.#emit({ type: 'error', error }); // a listener of storage.onChanged has no one to throw to
    }
  }

  /**
   * Listens to the store: `{ type: 'change', key, origin: 'local' | 'remote' }`,
   * `{ type: 'notice', key, notice }` (notice null when cleared),
   * `{ type: 'incomplete', key, error }` (another device's write still arriving),
   * `{ type: 'error', error }`. Returns the function that stops listening.
   */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- inside ----

  #mirror(key) {
    const mirror = this.#mirrors.get(key);
    if (!mirror) throw new Error(this.#device === null ? 'call init() first' : `"${key}" is not a synced document (${this.#keys.join(', ')})`);
    return mirror;
  }

  #emit(event) {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own business.
      }
    }
  }

  #save(key) {
    const { doc, where, notice, dirty } = this.#mirrors.get(key);
    return this.#call(this.#local, 'set', { [LOCAL_KEYS.mirror(key)]: { doc, where, notice, dirty } });
  }

  /** Plans a flush `delayMs` from now, no sooner than `minIntervalMs` after the last write. */
  #schedule(delayMs) {
    const at = Math.max(this.#now() + delayMs, this.#lastWriteAt + this.#minIntervalMs);
    if (this.#timer !== null && this.#timerAt <= at) return;
    if (this.#timer !== null) this.#clearTimer(this.#timer);
    this.#timerAt = at;
    this.#timer = this.#setTimer(() => {
      this.#timer = null;
      this.#timerAt = Infinity;
      this.flush();
    }, Math.max(0, at - this.#now()));
  }

  async #flushPending() {
    // A value that was half-written when last read: read it again (complete now, or given up on).
    if (this.#incompleteSince.size > 0) await this.#pull([...this.#incompleteSince.keys()]);
    for (const key of this.#keys) {
      if (this.#mirrors.get(key).dirty) await this.#flushKey(key);
    }
  }

  async #flushKey(key) {
    const mirror = this.#mirrors.get(key);
    const items = await this.#call(this.#sync, 'get', null);
    // Fold in what another device wrote meanwhile, so this write cannot undo it.
    const read = this.#engine.planSyncRead(key, items);
    await this.#absorb(key, read);
    if (read.error && this.#stillArriving(key)) return; // written once the rest arrives or settleMs passes
    mirror.dirty = false;
    const plan = this.#engine.planSyncWrite(key, mirror.doc, items, { recentWrites: this.#recentWrites, now: this.#now() });
    if (!plan.fitsQuota) {
      const { code, message, retryAfterMs } = plan.reason;
      if (code.startsWith('MAX_WRITE_OPERATIONS')) {
        mirror.dirty = true;
        await this.#setNotice(key, mirror.where, { kind: 'sync-delayed', code, message });
        this.#schedule(retryAfterMs ?? 60_000);
      } else {
        await this.#setNotice(key, 'local', { kind: 'local-fallback', code, message });
      }
      return;
    }
    try {
      if (Object.keys(plan.set).length > 0) await this.#write('set', plan.set);
      if (plan.remove.length > 0) await this.#write('remove', plan.remove);
    } catch (error) {
      await this.#rejected(key, error);
      return;
    }
    await this.#setNotice(key, 'sync', null);
  }

  /** True while a half-written value from another device may still be completing. */
  #stillArriving(key) {
    const since = this.#incompleteSince.get(key);
    return since !== undefined && this.#now() - since < this.#settleMs;
  }

  async #write(method, argument) {
    await this.#call(this.#sync, method, argument);
    const now = this.#now();
    this.#lastWriteAt = now;
    this.#recentWrites = [...this.#recentWrites.filter((t) => t > now - HOUR_MS), now];
    await this.#call(this.#local, 'set', { [LOCAL_KEYS.writes]: this.#recentWrites });
  }

  async #rejected(key, error) {
    const reason = String(error?.message ?? error);
    const code = quotaCode(reason);
    const mirror = this.#mirrors.get(key);
    if (code.startsWith('MAX_WRITE_OPERATIONS') || code === 'SYNC_ERROR') {
      // Waiting is enough: the document stays pending and is written again later.
      mirror.dirty = true;
      const kind = code === 'SYNC_ERROR' ? 'sync-error' : 'sync-delayed';
      await this.#setNotice(key, mirror.where, { kind, code, message: rejectionMessage(key, reason, true) });
      this.#schedule(60_000);
      return;
    }
    await this.#setNotice(key, 'local', { kind: 'local-fallback', code, message: rejectionMessage(key, reason, false) });
  }

  /** Records where the document is kept and its notice (null clears it), and tells listeners. */
  async #setNotice(key, where, notice) {
    const mirror = this.#mirrors.get(key);
    const next = notice ? { key, ...notice, at: this.#now() } : null;
    const changed = mirror.where !== where || (mirror.notice === null) !== (next === null) || mirror.notice?.code !== next?.code;
    mirror.where = where;
    mirror.notice = next;
    await this.#save(key);
    if (changed) this.#emit({ type: 'notice', key, notice: next });
  }

  async #pull(keys) {
    const items = await this.#call(this.#sync, 'get', null);
    for (const key of keys) await this.#absorb(key, this.#engine.planSyncRead(key, items));
    if (keys.some((key) => this.#mirrors.get(key).dirty)) this.#schedule(this.#debounceMs);
  }

  /** Merges a read-back value into the mirror; marks it dirty if sync lacks some of its changes. */
  async #absorb(key, read) {
    const mirror = this.#mirrors.get(key);
    if (read.error) {
      // Keep the previous complete copy. If the rest never comes, this device's copy is written
      // over it after `settleMs` (the other device still has its changes and merges them back).
      if (!this.#incompleteSince.has(key)) this.#incompleteSince.set(key, this.#now());
      if (!this.#stillArriving(key)) mirror.dirty = true;
      else this.#schedule(this.#settleMs);
      this.#emit({ type: 'incomplete', key, error: read.error });
      return;
    }
    this.#incompleteSince.delete(key);
    if (read.missing) {
      if ((mirror.doc.records ?? []).length > 0 && mirror.where === 'sync' && !mirror.dirty) {
        mirror.dirty = true;
        await this.#save(key);
      }
      return;
    }
    const before = JSON.stringify(mirror.doc);
    const merged = this.#engine.mergeSyncDocuments(mirror.doc, read.value);
    const text = JSON.stringify(merged);
    const lacking = text !== JSON.stringify(read.value);
    if (text === before && (mirror.dirty || !lacking)) return;
    mirror.doc = merged;
    mirror.dirty = mirror.dirty || lacking;
    await this.#save(key);
    if (text !== before) this.#emit({ type: 'change', key, origin: 'remote' });
  }

  /** Calls a storage area, with a promise or, for callback-style areas, `runtime.lastError`. */
  #call(area, method, argument) {
    if (this.#callbackStyle) {
      return new Promise((resolve, reject) => {
        area[method](argument, (result) => {
          const error = this.#runtime?.lastError;
          if (error) reject(new Error(error.message ?? String(error)));
          else resolve(result);
        });
      });
    }
    try {
      return Promise.resolve(area[method](argument));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

function rejectionMessage(key, reason, retried) {
  return retried
    ? {
        en: `The browser did not sync “${key}” (${reason}): it is saved on this device and will be synced again in a minute.`,
        fr: `Le navigateur n'a pas synchronisé « ${key} » (${reason}) : il est enregistré sur cet appareil et sera de nouveau synchronisé dans une minute.`,
      }
    : {
        en: `The browser refused to sync “${key}” (${reason}): it is kept on this device only. It syncs again after the next change that fits.`,
        fr: `Le navigateur a refusé de synchroniser « ${key} » (${reason}) : il est gardé sur cet appareil seulement. Il sera de nouveau synchronisé après la prochaine modification qui tient.`,
      };
}
