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

const PREFIX = 'plan.';
const META_KEY = 'plan.meta';
/** More pages of one profile than this open at once get a random slot instead. */
const MAX_SLOTS = 32;

/** The plan item keys among storage keys. */
const isPlanKey = (key) => key.startsWith(PREFIX);

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
  /** This browser profile's device id (`plan.meta`); `#settings.device` is this store's replica id. */
  #profileDevice = null;
  #releaseReplica = () => {};
  #onChanged = (changes, area) => this.#storageChanged(changes, area);

  /**
   * Opens the calendar: `{ engine, storage, actor?: { name, role }, lang?, sensitiveTerms? }` where
   * `engine` is a PorteVoixEngine (whose planner module, loaded here if it is not yet, holds the book)
   * and `storage` is `chrome.storage` / `browser.storage` (its `local` area and `onChanged`). Rejects (with `code: "newer-version"`) when storage holds a calendar from
   * a newer Porte-voix, leaving it untouched.
   */
  static async open(options) {
    const store = new PlanStore({ ...options, planner: await options.engine.planner() });
    await store.#load();
    return store;
  }

  constructor({ planner, storage, actor, lang = 'en', sensitiveTerms = [] }) {
    this.#planner = planner;
    this.#storage = storage;
    this.#settings = { actor, lang, sensitiveTerms, device: null };
  }

  async #load() {
    const all = await this.#storage.local.get(null);
    this.#items = new Map(Object.entries(all).filter(([key]) => isPlanKey(key)));
    const meta = this.#items.get(META_KEY);
    this.#profileDevice = typeof meta?.device === 'string' && meta.device ? meta.device : crypto.randomUUID();
    const replica = await claimReplica(this.#profileDevice);
    this.#settings.device = replica.id;
    this.#releaseReplica = replica.release;
    const report = this.#rebuild();
    this.#storage.onChanged.addListener(this.#onChanged);
    if (report.migratedFrom !== undefined) {
      // Older records: write them all back in the current version (quarantined ones stay as they are).
      await this.#writeAll(this.#call((book) => book.storageItems()));
    } else if (meta?.device !== this.#profileDevice) {
      await this.#write(META_KEY, { ...(meta ?? {}), version: 1, device: this.#profileDevice });
    }
    this.loadReport = report;
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

  /** Items that could not be read: `{ key, collection, raw, reason }`, kept in storage as they are. */
  get quarantine() {
    return this.#call((book) => book.quarantine());
  }

  /** The live post `id`, or undefined. */
  get(id) {
    return this.#call((book) => book.getPost(id));
  }

  /** `{ scheduled, unscheduled }`: posts in [from, to) (RFC 3339) with the filters of `query`. */
  query(query) {
    return this.#call((book) => book.query(query));
  }

  campaigns() {
    return this.#call((book) => book.campaigns());
  }

  pillars() {
    return this.#call((book) => book.pillars());
  }

  /** `{ required, intern, sensitive, reason }` for post `id` changed by `actor` (default: the store's). */
  reviewNeed(id, actor) {
    return this.#call((book) => book.reviewNeed(id, actor));
  }

  /** The full backup: the plan file's JSON text. */
  backup() {
    return this.#call((book) => book.backup());
  }

  // ---- the side panel's calendar: analyses and files (crate/wasm/src/plan.rs) ----

  /** Conflicts involving a post in `{ from, to }` (RFC 3339), with the allowed hours and gaps given. */
  conflicts(options) {
    return this.#call((book) => book.conflicts(options));
  }

  /** The share of posts per pillar in [from, to) against the pillars' targets. */
  pillarMix(from, to, tolerance) {
    return this.#call((book) => book.pillarMix(from, to, tolerance));
  }

  /** `{ ics, leftOut }`: the scheduled posts as an iCalendar file. */
  exportIcs() {
    return this.#call((book) => book.exportIcs());
  }

  /** The posts as CSV (Porte-voix layout); `{ semicolon, bom }` for French Excel. */
  exportCsv({ semicolon = false, bom = false } = {}) {
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
    const { items, ...report } = this.#call(operation);
    if (Object.keys(items).length) await this.#writeAll(items);
    return report;
  }

  // ---- settings ----

  /** Who acts by default: name and role (writer, intern, approver, admin). */
  setActor(name, role) {
    this.#call((book) => book.setActor(name, role));
    this.#settings.actor = { name, role };
  }

  /** Language of error messages: "fr" or "en". */
  setLang(lang) {
    this.#call((book) => book.setLang(lang));
    this.#settings.lang = lang;
  }

  /** The guide's sensitive words (`engine.sensitiveTerms()`). */
  setSensitiveTerms(terms) {
    this.#call((book) => book.setSensitiveTerms(terms));
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

  /** Stops following storage changes. */
  close() {
    this.#storage.onChanged.removeListener(this.#onChanged);
    this.#listeners.clear();
    this.#releaseReplica();
  }

  async #change(operation) {
    const { key, value } = this.#call(operation);
    await this.#write(key, value);
    return value;
  }

  /** Notes that storage will soon hold `value` at `key` (its onChanged echo is ours). */
  #expect(key, value) {
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
    for (const [key, { newValue }] of Object.entries(changes)) {
      if (!isPlanKey(key) || key === META_KEY) continue;
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
