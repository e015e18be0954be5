// The editorial calendar in storage.local, one item per record, kept in step with a wasm PlanBook.
//
// Items: `plan.post.<id>`, `plan.campaign.<id>`, `plan.pillar.<id>`, `plan.quarantine.<tag>` (records
// set aside by a restore) and `plan.meta` = `{ version, device }`. Saving one post writes one item.
// Loading reads every `plan.*` item into the book; an item that does not read is quarantined: it is
// listed in `store.quarantine` with its key and left in storage untouched (only `dropQuarantined`,
// a user's explicit choice, removes it). `storage.onChanged` keeps an open store in step with what
// other pages and the background write: each item another page writes is merged with the book's
// version of that record (concurrent changes are both kept, one shown and one as a conflict), and
// when the merge differs from what storage holds, this page writes the merge back. Every page
// merges the same versions the same way, so the writes-back agree and stop once storage holds it.
//
// Each open store counts its changes under its own replica id, `<profile device>.<slot>`, so that
// two pages changing a record at once make concurrent versions rather than one overwriting the
// other. The slot is the lowest number no other open page of the profile holds (a Web Lock held
// while the store is open), so version vectors gain at most one entry per page open at the same
// time, not one per page ever opened. Without Web Locks (Node) the slot is random. Used by the side panel and the background; every rule is in
// the core (crate/core/src/plan), this file only moves items between storage and the book.
//
// Snapshots (crate/core/src/plan/snapshot.rs): `plan.snap.head` and `plan.snap.week.<UTC Monday>`
// hold copies of the records grouped by week, each one JSON string, so that the side panel can
// show a month from a handful of items (a browser reads one item per key, and Firefox takes
// about half a millisecond a key). They are derived, never the only copy: every store writes the
// snapshots its changes touch once the page is idle, and after reading the whole plan rewrites
// those that differ from the records (missing, unreadable or stale ones). `open({ first })`
// reads only the snapshots of a range: the store is then *partial* (the records of that range,
// every campaign and pillar, the start of the tray) until `loadRest()` reads everything; while
// partial it only reads, changes wait for the rest, and other pages' writes wait in a queue.
// With `preview` too, it opens before the planner is there: until the book is built, the first
// view answers the reads from the snapshots themselves (./first-view.js).

import { META_KEY, SNAPSHOT_HEAD, SNAPSHOT_PREFIX, readFirst, weekKey } from './snapshot-keys.js';
import { FirstView } from './first-view.js';

const PREFIX = 'plan.';
/** More pages of one profile than this open at once get a random slot instead. */
const MAX_SLOTS = 32;

/** The plan item keys among storage keys. */
const isPlanKey = (key) => key.startsWith(PREFIX);

/** Snapshot items are derived copies, not records (the core skips them too). */
const isSnapshotKey = (key) => key.startsWith(SNAPSHOT_PREFIX);

/** How long after the last change the snapshots it touched are written (changes in a row make one write). */
const SNAPSHOT_DELAY_MS = 400;

/** Runs `task` `delay` ms from now, once the page is idle (soon after at the latest); returns a cancel function. */
function later(task, delay) {
  let cancelIdle = null;
  const timer = setTimeout(() => {
    if (typeof globalThis.requestIdleCallback === 'function') {
      const id = requestIdleCallback(task, { timeout: 500 });
      cancelIdle = () => cancelIdleCallback(id);
    } else {
      task();
    }
  }, delay);
  return () => {
    clearTimeout(timer);
    cancelIdle?.();
  };
}

/** Thrown by what needs the whole plan while a store opened with `first` has not read it yet. */
export class PlanNotLoadedError extends Error {
  constructor(what) {
    super(`${what} needs the whole calendar, which is still loading: try again in a moment`);
    this.name = 'PlanNotLoadedError';
    this.code = 'not-loaded';
  }
}

/** A random seed for the book's ids, from the platform's random source. */
function randomSeed() {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  return high * 2 ** 21 + (low >>> 11);
}

/**
 * Claims this page's replica id for `device`: `{ id, release }`. The Web Lock of slot n is held until
 * `release()` (or the page's end), so no two open pages share an id and closed pages' slots are reused.
 */
async function claimReplica(device) {
  const locks = globalThis.navigator?.locks;
  for (let slot = 1; locks && slot <= MAX_SLOTS; slot += 1) {
    const release = await new Promise((claimed) => {
      locks.request(`porte-voix.plan.replica.${slot}`, { ifAvailable: true }, (lock) => {
        if (!lock) return claimed(null);
        return new Promise((done) => claimed(done));
      }).catch(() => claimed(null));
    });
    if (release) return { id: `${device}.${slot}`, release };
  }
  const [random] = crypto.getRandomValues(new Uint32Array(1));
  return { id: `${device}.r${random.toString(36)}`, release() {} };
}

/** Thrown when storage refused a write; the change was undone in the book. */
export class PlanSaveError extends Error {
  constructor(key, cause) {
    super(`the plan could not be saved (${cause?.message ?? cause}); the change to ${key} was undone`, { cause });
    this.name = 'PlanSaveError';
    this.key = key;
  }
}

export class PlanStore {
  /** The planner module (PorteVoixPlanner), which holds the book. */
  #planner;
  #storage;
  #book = null;
  /** The planner's restart count when the book was built: a different count means the book is gone. */
  #generation = -1;
  /** Every plan item as storage holds it (what the book is rebuilt from after a planner restart). */
  #items = new Map();
  /** Per key, the JSON of our writes whose onChanged echo has not come back yet. */
  #pending = new Map();
  #listeners = new Set();
  #settings;
  /** The guide's posting rules for the conflict check (`{}`: the built-in defaults). */
  #postingRules = {};
  /** This browser profile's device id (`plan.meta`); `#settings.device` is this store's replica id. */
  #profileDevice = null;
  #releaseReplica = () => {};
  #replicaClaimed = false;
  #listening = false;
  #onChanged = (changes, area) => this.#storageChanged(changes, area);
  /** True while only the snapshots of the first range are in (see `open({ first })`). */
  #partial = false;
  /** Other pages' changes that arrived while partial, applied once the whole plan is in. */
  #queued = null;
  /** The reading of the whole plan, once started (`loadRest`). */
  #rest = null;
  /** While the planner loads (`open({ preview })`): the snapshots' first view, which answers the reads. */
  #preview = null;
  /** Resolves once the book is built (at once without `preview`); rejects when the planner fails. */
  #booked = Promise.resolve();
  #loaded;
  #resolveLoaded;
  /** Every snapshot item as storage holds it (as far as this store knows). */
  #snapshots = new Map();
  /** Snapshot keys to derive and write again; `#allSnapshots`: every one (after a full read). */
  #dirty = new Set();
  #allSnapshots = false;
  #cancelFlush = null;

  /**
   * Opens the calendar: `{ engine | planner, storage, actor?: { name, role }, lang?, sensitiveTerms?, first?, firstRead?, preview?, bookAfter? }`
   * where `engine` is a PorteVoixEngine or its promise (whose planner module, loaded here if it is
   * not yet, holds the book), or `planner` that PorteVoixPlanner or its promise, and `storage` is `chrome.storage` / `browser.storage` (its `local` area
   * and `onChanged`). With `first: { from, to }` (RFC 3339), storage is read while the planner loads
   * and, when the snapshots are there and current, only the records of that range (with every
   * campaign and pillar) are read: the store is `partial` until `loadRest()`. Without snapshots it
   * reads everything, as without `first`. `firstRead`: that read, when the page started it already
   * (`readFirst(storage, first)` of ./snapshot-keys.js). `preview: true` (with `first`): resolve as
   * soon as the snapshots are read, without waiting for the planner; the store is then `preview`
   * (reads only, no filters) until its book is built (`booked`), which waits for the promise
   * `bookAfter` too (the page's first paint: building the book takes 25-30 ms). Rejects (with `code:
   * "newer-version"`) when storage holds a calendar from a newer Porte-voix, leaving it untouched.
   */
  static async open(options) {
    const firstRead = options.first ? (options.firstRead ?? readFirst(options.storage, options.first)) : null;
    firstRead?.catch(() => {}); // a failed read means reading everything, below
    const planner = options.planner ? Promise.resolve(options.planner) : Promise.resolve(options.engine).then((engine) => engine.planner());
    const found = firstRead ? await firstRead.catch(() => null) : null;
    const view = found ? FirstView.from(found) : null;
    if (view && options.preview) {
      planner.catch(() => {}); // reported by `booked` and `loadRest()`
      const store = new PlanStore({ ...options, planner: null });
      store.#openOnPreview(view, planner, options.bookAfter);
      return store;
    }
    const store = new PlanStore({ ...options, planner: await planner });
    performance.mark('pv-planner-ready');
    if (!(view && (await store.#loadFirst(view)))) await store.#load();
    return store;
  }

  constructor({ planner, storage, actor, lang = 'en', sensitiveTerms = [] }) {
    this.#planner = planner;
    this.#storage = storage;
    this.#settings = { actor, lang, sensitiveTerms, device: null };
    this.#loaded = new Promise((resolve) => {
      this.#resolveLoaded = resolve;
    });
  }

  /** Whether only the first range is in (see `open({ first })`); `loadRest()` reads the rest. */
  get partial() {
    return this.#partial;
  }

  /** Whether the reads are answered from the snapshots while the planner loads (see `open({ preview })`). */
  get preview() {
    return this.#preview !== null;
  }

  /** Resolves once the book is built and every read, filters included, is the core's (see `preview`). */
  get booked() {
    return this.#booked;
  }

  /** Resolves once the whole plan is in the book (at once for a store opened without `first`). */
  get loaded() {
    return this.#loaded;
  }

  /**
   * Reads the whole plan into a partial store (a no-op otherwise), then takes in the changes other
   * pages made meanwhile. Resolves when done; changes and imports call it themselves.
   */
  loadRest() {
    if (!this.#partial) return Promise.resolve();
    this.#rest ??= (async () => {
      await this.#booked;
      if (this.#partial) await this.#readRest();
    })().catch((error) => {
      this.#rest = null; // the next call tries again
      throw error;
    });
    return this.#rest;
  }

  /** Reads every plan item into a new book, then takes in the other pages' changes that waited. */
  async #readRest() {
    const all = await this.#storage.local.get(null);
    await this.#takeAll(all);
    const queued = this.#queued ?? [];
    this.#queued = null;
    for (const [changes, area] of queued) this.#storageChanged(changes, area);
    performance.mark('pv-plan-complete');
    this.#resolveLoaded();
  }

  /**
   * Serves the reads from `view` while `planner` loads, then builds the book from the same
   * snapshots (or, when the core will not take them as they are, from a full read).
   */
  #openOnPreview(view, planner, bookAfter) {
    this.#preview = view;
    this.#partial = true;
    this.#queued = [];
    this.#listen();
    performance.mark('pv-plan-first', { detail: { records: view.records, preview: true } });
    this.#booked = (async () => {
      this.#planner = await planner;
      performance.mark('pv-planner-ready');
      await bookAfter;
      if (!(await this.#loadFirst(view))) await this.#readRest();
      this.#preview = null;
    })();
    this.#booked.catch(() => {}); // reported by whoever awaits `booked` or `loadRest()`
  }

  async #load() {
    const all = await this.#storage.local.get(null);
    performance.mark('pv-plan-read');
    await this.#takeAll(all);
    this.#resolveLoaded();
  }

  /**
   * Builds the book from the first range's snapshots (`view`, a FirstView). False when the core
   * will not serve them as they are: records to migrate or to set aside (the full read then
   * handles them).
   */
  async #loadFirst(view) {
    this.#items = new Map(Object.entries(view.items));
    this.#items.set(META_KEY, view.meta);
    await this.#claim(view.meta);
    const report = this.#rebuild();
    if (report.migratedFrom !== undefined || report.quarantine.length) return false;
    this.#partial = true;
    this.#queued ??= [];
    this.#listen();
    this.loadReport = report;
    // For the side panel's test and benchmark: how many records the first view read.
    if (!this.preview) performance.mark('pv-plan-first', { detail: { records: view.records } });
    return true;
  }

  /** Loads every plan item of `all` (a whole `storage.local` read) into a new book. */
  async #takeAll(all) {
    this.#items = new Map();
    this.#snapshots = new Map();
    for (const [key, value] of Object.entries(all)) {
      if (!isPlanKey(key)) continue;
      if (isSnapshotKey(key)) this.#snapshots.set(key, value);
      else this.#items.set(key, value);
    }
    const meta = this.#items.get(META_KEY);
    await this.#claim(meta);
    const report = this.#rebuild();
    this.#partial = false;
    performance.mark('pv-plan-loaded');
    this.#listen();
    this.loadReport = report;
    if (report.migratedFrom !== undefined) {
      // Older records: write them all back in the current version (quarantined ones stay as they are).
      await this.#writeAll(this.#call((book) => book.storageItems()));
    } else if (meta?.device !== this.#profileDevice) {
      await this.#write(META_KEY, { ...(meta ?? {}), version: 1, device: this.#profileDevice });
    }
    // Every snapshot checked against the records, once the page is idle.
    this.#allSnapshots = true;
    this.#scheduleSnapshots();
  }

  /** Takes this profile's device id from `meta` (a new one without) and claims this page's replica id, once. */
  async #claim(meta) {
    if (this.#replicaClaimed) return;
    this.#replicaClaimed = true;
    this.#profileDevice = typeof meta?.device === 'string' && meta.device ? meta.device : crypto.randomUUID();
    const replica = await claimReplica(this.#profileDevice);
    this.#settings.device = replica.id;
    this.#releaseReplica = replica.release;
  }

  #listen() {
    if (this.#listening) return;
    this.#listening = true;
    this.#storage.onChanged.addListener(this.#onChanged);
  }

  /** A new book from the items, with the settings. Returns its load report. */
  #rebuild() {
    const { actor, lang, sensitiveTerms, device } = this.#settings;
    this.#book = this.#planner.newPlanBook(device);
    this.#generation = this.#planner.restarts;
    return this.#planner.guard(() => {
      const book = this.#book;
      book.setLang(lang);
      book.setSeed(randomSeed());
      book.setSensitiveTerms(sensitiveTerms);
      if (actor) book.setActor(actor.name, actor.role);
      return book.loadStored(Object.fromEntries(this.#items));
    });
  }

  /** Runs `operation(book)` with the planner's panic recovery; rebuilds the book after a restart. */
  #call(operation) {
    if (!this.#book) throw new PlanNotLoadedError('this step');
    if (this.#planner.restarts !== this.#generation) this.#rebuild();
    try {
      return this.#planner.guard(() => operation(this.#book));
    } catch (error) {
      if (error?.name === 'EngineCrashed') this.#rebuild();
      throw error;
    }
  }

  // ---- reading ----

  /** This browser profile's device id (`plan.meta`). */
  get device() {
    return this.#profileDevice;
  }

  /** This store's replica id, `<device>.<slot>`: the entry its changes bump in version vectors. */
  get replica() {
    return this.#settings.device;
  }

  /**
   * Items that could not be read: `{ key, collection, raw, reason }`, kept in storage as they are.
   * Empty while partial (a first view is only served when its items all read).
   */
  get quarantine() {
    if (this.#preview) return [];
    return this.#call((book) => book.quarantine());
  }

  /** The live post `id`, or undefined. */
  get(id) {
    if (this.#preview) return this.#preview.get(id);
    return this.#call((book) => book.getPost(id));
  }

  /**
   * `{ scheduled, unscheduled, unscheduledTotal }`: posts in [from, to) (RFC 3339) with the filters
   * of `query` (`unscheduledLimit`: at most that many unscheduled ones). While partial, only the
   * first range's posts and the start of the tray are in; while `preview`, filters throw
   * PlanNotLoadedError (wait for `booked`).
   */
  query(query) {
    if (this.#preview) {
      const found = this.#preview.query(query);
      if (!found) throw new PlanNotLoadedError('filtering');
      return found;
    }
    return this.#call((book) => book.query(query));
  }

  /** Live campaigns by id. */
  campaigns() {
    if (this.#preview) return this.#preview.campaigns();
    return this.#call((book) => book.campaigns());
  }

  /** Live pillars by id. */
  pillars() {
    if (this.#preview) return this.#preview.pillars();
    return this.#call((book) => book.pillars());
  }

  /** Every built-in network's `{ id, name }`. */
  networks() {
    if (this.#preview) return this.#preview.networks;
    return this.#planner.networks();
  }

  /** `{ required, intern, sensitive, reason }` for post `id` changed by `actor` (default: the store's). */
  reviewNeed(id, actor) {
    return this.#call((book) => book.reviewNeed(id, actor));
  }

  /** The full backup: the plan file's JSON text. */
  backup() {
    this.#whole('the backup');
    return this.#call((book) => book.backup());
  }

  // ---- the side panel's calendar: analyses and files (crate/wasm/src/plan.rs) ----

  /**
   * Conflicts involving a post in `{ from, to }` (RFC 3339), under the guide's posting rules (see
   * `setPostingRules`); allowed hours and gaps given in `options` win over them.
   */
  conflicts(options) {
    this.#whole('the conflict check');
    return this.#call((book) => book.conflicts({ ...this.#postingRules, ...options }));
  }

  /** The share of posts per pillar in [from, to) against the pillars' targets. */
  pillarMix(from, to, tolerance) {
    this.#whole('the pillar mix');
    return this.#call((book) => book.pillarMix(from, to, tolerance));
  }

  /** `{ ics, leftOut }`: the scheduled posts as an iCalendar file. */
  exportIcs() {
    this.#whole('the iCalendar export');
    return this.#call((book) => book.exportIcs());
  }

  /** The posts as CSV (Porte-voix layout); `{ semicolon, bom }` for French Excel. */
  exportCsv({ semicolon = false, bom = false } = {}) {
    this.#whole('the CSV export');
    return this.#call((book) => book.exportCsv(semicolon, bom));
  }

  /** Imports an iCalendar file's events; resolves with `{ imported, skipped, problems }` (problems by line). */
  importIcs(text, zone) {
    return this.#import((book) => book.importIcs(text, zone));
  }

  /** Imports a CSV file's rows (`{ zone, layout?, networks?, dateOrder? }`); resolves like importIcs. */
  importCsv(text, options) {
    return this.#import((book) => book.importCsv(text, options));
  }

  async #import(operation) {
    await this.loadRest();
    const { items, ...report } = this.#call(operation);
    if (Object.keys(items).length) await this.#writeAll(items);
    return report;
  }

  // ---- settings ----

  /** Who acts by default: name and role (writer, intern, approver, admin). */
  setActor(name, role) {
    if (this.#book) this.#call((book) => book.setActor(name, role));
    this.#settings.actor = { name, role };
  }

  /** Language of error messages: "fr" or "en". */
  setLang(lang) {
    if (this.#book) this.#call((book) => book.setLang(lang));
    this.#settings.lang = lang;
  }

  /** The guide's posting rules (`engine.postingRules()`), which the conflict check follows. */
  setPostingRules(rules) {
    this.#postingRules = rules ?? {};
  }

  /** The guide's sensitive words (`engine.sensitiveTerms()`). */
  setSensitiveTerms(terms) {
    if (this.#book) this.#call((book) => book.setSensitiveTerms(terms));
    this.#settings.sensitiveTerms = terms;
  }

  // ---- changes: each writes the one item it changed, and resolves with the record ----

  createPost(fields, id, actor) {
    return this.#change((book) => book.createPost(fields, id, actor));
  }

  updatePost(id, fields, actor) {
    return this.#change((book) => book.updatePost(id, fields, actor));
  }

  /** Moves post `id` to `at` (RFC 3339; null: unscheduled) in IANA `zone` (default: its own). */
  reschedule(id, at, zone, actor) {
    return this.#change((book) => book.reschedule(id, at, zone, actor));
  }

  setStatus(id, status, comment, actor) {
    return this.#change((book) => book.setStatus(id, status, comment, actor));
  }

  /** `action`: "submit", "approve" or "send-back" (with a comment). */
  review(id, action, comment, actor) {
    return this.#change((book) => book.review(id, action, comment, actor));
  }

  /** Deletes post `id`; resolves with its tombstone. */
  deletePost(id) {
    return this.#change((book) => book.deletePost(id));
  }

  createCampaign(fields, id) {
    return this.#change((book) => book.createCampaign(fields, id));
  }

  updateCampaign(id, fields) {
    return this.#change((book) => book.updateCampaign(id, fields));
  }

  deleteCampaign(id) {
    return this.#change((book) => book.deleteCampaign(id));
  }

  createPillar(fields, id) {
    return this.#change((book) => book.createPillar(fields, id));
  }

  updatePillar(id, fields) {
    return this.#change((book) => book.updatePillar(id, fields));
  }

  deletePillar(id) {
    return this.#change((book) => book.deletePillar(id));
  }

  /** Posts with versions in conflict: `[{ id, shown, kept: [post] }]` (two devices or a sync changed them at once). */
  postConflicts() {
    if (this.#preview) return [];
    return this.#call((book) => book.postConflicts());
  }

  /** Resolves a post's conflict by keeping `version` (one of `postConflicts()`'s); resolves with the post kept. */
  async resolvePost(version) {
    const { key, value, remove } = this.#call((book) => book.resolvePost(version));
    await this.#write(key, value);
    if (remove.length) {
      for (const k of remove) this.#expect(k, undefined);
      await this.#storage.local.remove(remove);
    }
    return value;
  }

  /**
   * Replaces the calendar with a backup's text. Resolves with the report: `ok: false` and a located
   * `error` leave everything as it was. Items held in quarantine stay in storage.
   */
  async restore(text) {
    await this.loadRest();
    const report = this.#call((book) => book.restore(text));
    if (!report.ok) return report;
    const items = this.#call((book) => book.storageItems());
    const held = new Set(this.#call((book) => book.quarantine()).map((q) => q.key));
    const stale = [...this.#items.keys()].filter((key) => !(key in items) && !held.has(key));
    await this.#writeAll(items);
    if (stale.length) {
      for (const key of stale) this.#expect(key, undefined);
      await this.#storage.local.remove(stale);
    }
    return report;
  }

  /** Removes a quarantined item from storage for good (the user chose to discard it). */
  async dropQuarantined(key) {
    await this.loadRest();
    if (!this.#call((book) => book.quarantine()).some((q) => q.key === key)) {
      throw new Error(`${key} is not a quarantined plan item`);
    }
    this.#expect(key, undefined);
    this.#call((book) => book.removeStored(key));
    await this.#storage.local.remove(key);
  }

  /** Calls `listener({ key, value, quarantined })` when another page changes a plan item. Returns an unsubscribe function. */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Writes the snapshot items the changes so far call for now, instead of when the page is idle.
   * Resolves once written (failures are left for the next full read to repair).
   */
  async flushSnapshots() {
    this.#cancelFlush?.();
    this.#cancelFlush = null;
    if (this.#partial || (!this.#allSnapshots && !this.#dirty.size)) return;
    const keys = this.#allSnapshots ? null : [...this.#dirty];
    this.#allSnapshots = false;
    this.#dirty.clear();
    let derived;
    try {
      derived = this.#call((book) => book.snapshots(keys));
    } catch {
      return; // the planner restarted: the next full read derives them again
    }
    const write = {};
    const remove = [];
    for (const [key, value] of Object.entries(derived)) {
      if (value === null) {
        if (this.#snapshots.has(key)) remove.push(key);
      } else if (this.#snapshots.get(key) !== value) {
        write[key] = value;
      }
    }
    if (keys === null) for (const key of this.#snapshots.keys()) if (!(key in derived)) remove.push(key);
    for (const [key, value] of Object.entries(write)) this.#snapshots.set(key, value);
    for (const key of remove) this.#snapshots.delete(key);
    try {
      await Promise.all([Object.keys(write).length ? this.#storage.local.set(write) : null, remove.length ? this.#storage.local.remove(remove) : null]);
    } catch (error) {
      console.warn('Porte-voix: the calendar snapshots could not be written (the next opening rebuilds them)', error);
    }
  }

  /** Notes the snapshots a change of item `key` from `before` to `after` touches. */
  #touch(key, before, after) {
    if (key.startsWith(`${PREFIX}campaign.`) || key.startsWith(`${PREFIX}pillar.`)) {
      this.#dirty.add(SNAPSHOT_HEAD);
    } else if (key.startsWith(`${PREFIX}post.`)) {
      for (const post of [before, after]) {
        if (!post || typeof post !== 'object') continue;
        const at = Date.parse(post.schedule?.at);
        this.#dirty.add(Number.isFinite(at) ? weekKey(at) : SNAPSHOT_HEAD);
      }
    } else {
      return;
    }
    this.#scheduleSnapshots();
  }

  /** Writes the snapshots due a moment after the last change (a new change postpones it). */
  #scheduleSnapshots() {
    this.#cancelFlush?.();
    this.#cancelFlush = later(() => {
      this.#cancelFlush = null;
      this.flushSnapshots();
    }, SNAPSHOT_DELAY_MS);
  }

  /** Throws while partial: `what` needs the whole plan. */
  #whole(what) {
    if (this.#partial) throw new PlanNotLoadedError(what);
  }

  /** Stops following storage changes (snapshot writes still due are started now). */
  close() {
    if (this.#cancelFlush) this.flushSnapshots();
    this.#storage.onChanged.removeListener(this.#onChanged);
    this.#listeners.clear();
    this.#releaseReplica();
  }

  async #change(operation) {
    if (this.#partial) await this.loadRest();
    const { key, value } = this.#call(operation);
    await this.#write(key, value);
    return value;
  }

  /** Notes that storage will soon hold `value` at `key` (its onChanged echo is ours). */
  #expect(key, value) {
    this.#touch(key, this.#items.get(key), value);
    const queue = this.#pending.get(key) ?? [];
    queue.push(value === undefined ? undefined : JSON.stringify(value));
    this.#pending.set(key, queue);
    if (value === undefined) this.#items.delete(key);
    else this.#items.set(key, value);
  }

  async #write(key, value) {
    const before = this.#items.get(key);
    this.#expect(key, value);
    try {
      await this.#storage.local.set({ [key]: value });
    } catch (error) {
      this.#pending.get(key)?.pop();
      if (before === undefined) {
        this.#items.delete(key);
        this.#call((book) => book.removeStored(key));
      } else {
        this.#items.set(key, before);
        this.#call((book) => book.replaceStored(key, before));
      }
      throw new PlanSaveError(key, error);
    }
  }

  async #writeAll(items) {
    for (const [key, value] of Object.entries(items)) this.#expect(key, value);
    await this.#storage.local.set(items);
  }

  #storageChanged(changes, area) {
    if (area !== 'local') return;
    if (this.#queued) {
      this.#queued.push([changes, area]);
      return;
    }
    for (const [key, { newValue }] of Object.entries(changes)) {
      if (!isPlanKey(key) || key === META_KEY) continue;
      if (isSnapshotKey(key)) {
        if (newValue === undefined) this.#snapshots.delete(key);
        else this.#snapshots.set(key, newValue);
        continue;
      }
      const json = newValue === undefined ? undefined : JSON.stringify(newValue);
      const queue = this.#pending.get(key);
      if (queue && queue[0] === json) {
        queue.shift();
        if (queue.length) continue; // a later write of ours is on its way
        this.#pending.delete(key);
      }
      const current = this.#items.get(key);
      if (json === (current === undefined ? undefined : JSON.stringify(current))) continue;
      let quarantined;
      this.#touch(key, current, newValue);
      if (newValue === undefined) {
        this.#items.delete(key);
        this.#call((book) => book.removeStored(key));
      } else {
        this.#items.set(key, newValue);
        const taken = this.#call((book) => book.putStored(key, newValue));
        quarantined = taken.quarantined;
        this.#writeBack(taken);
      }
      for (const listener of this.#listeners) listener({ key, value: newValue, quarantined });
    }
  }

  /** Writes the merge of another page's change when storage does not hold it yet. */
  #writeBack({ write, remove }) {
    const done = [];
    if (Object.keys(write).length) done.push(this.#writeAll(write));
    if (remove.length) {
      for (const key of remove) this.#expect(key, undefined);
      done.push(this.#storage.local.remove(remove));
    }
    // Nothing to undo on failure: the book holds the merge, and the next change or page to merge
    // writes it again. Storage full is the only likely cause; the user meets it on the next save.
    Promise.all(done).catch((error) => console.warn('Porte-voix: the merged plan could not be written back', error));
  }
}
