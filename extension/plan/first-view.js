// The side panel's first view of the calendar, answered from the snapshots alone, before the
// planner wasm is even compiled (Firefox takes 50–80 ms over it). The core writes each snapshot's
// items in the calendar's order and the networks' names in the head
// (crate/core/src/plan/snapshot.rs), so a month's posts are the concatenation of its weeks: no
// rule of the core is repeated here, only reading, slicing by time and finding by id. What needs
// the core (filters, conflicts, changes) waits for the store's book (extension/plan/store.js).

import { META_KEY, SNAPSHOT_HEAD, SNAPSHOT_PREFIX } from './snapshot-keys.js';

/** The snapshot shape read here (`"v"` in each item); the store rebuilds others from the records. */
const SNAPSHOT_VERSION = 2;

/** The parsed snapshot value (`{ v, items, networks? }`), or null when it is not one this version reads. */
function readSnapshot(value) {
  if (typeof value !== 'string') return null;
  try {
    const parsed = JSON.parse(value);
    if (parsed?.v !== SNAPSHOT_VERSION || typeof parsed.items !== 'object' || parsed.items === null || Array.isArray(parsed.items)) return null;
    const recordsOnly = Object.keys(parsed.items).every((key) => key.startsWith('plan.') && !key.startsWith(SNAPSHOT_PREFIX) && key !== META_KEY);
    return recordsOnly ? parsed : null;
  } catch {
    return null;
  }
}

/** The PlanQuery fields that filter (the first view answers only queries without them). */
const FILTERS = ['networks', 'pillars', 'campaigns', 'assignees', 'statuses', 'text'];

/** Whether `query` asks for any filter (empty lists and blank text ask for none). */
function asksFilters(query) {
  return FILTERS.some((name) => {
    const value = query?.[name];
    return Array.isArray(value) ? value.length > 0 : typeof value === 'string' ? value.trim() !== '' : value != null;
  });
}

const isLive = (record) => record?.meta?.deleted !== true;

export class FirstView {
  /** `plan.meta` as storage holds it. */
  meta;
  /** Every record item the snapshots hold, key → value (what the store's book is built from). */
  items;
  /** Every built-in network's `{ id, name }`, as the head named them. */
  networks;
  /** The scheduled posts of the weeks read, in the calendar's order, and their times in ms. */
  #scheduled = [];
  #times = [];
  /** The start of the tray, in its order. */
  #tray = [];
  #posts = new Map();
  #campaigns = [];
  #pillars = [];

  /**
   * The first view of `found` (the answer of `readFirst`: plan.meta, the head, the weeks), or null
   * when it cannot serve one: no device in plan.meta, a snapshot missing, of another version or
   * out of order, a post without a readable time. The store then waits for the planner as before.
   */
  static from(found) {
    const meta = found?.[META_KEY];
    const head = readSnapshot(found?.[SNAPSHOT_HEAD]);
    if (!head || !Array.isArray(head.networks) || typeof meta?.device !== 'string' || !meta.device) return null;
    const view = new FirstView(meta, head);
    const weeks = Object.keys(found).filter((key) => key !== SNAPSHOT_HEAD && key.startsWith(SNAPSHOT_PREFIX)).sort();
    for (const key of weeks) {
      const week = readSnapshot(found[key]);
      if (!week || !view.#addWeek(week.items)) return null;
    }
    return view.#addHead(head.items) ? view : null;
  }

  constructor(meta, head) {
    this.meta = meta;
    this.items = {};
    this.networks = head.networks.map(({ id, name }) => ({ id: String(id), name: String(name) }));
  }

  /** Adds a week's posts after those already in; false when one is out of order or has no time. */
  #addWeek(items) {
    for (const [key, post] of Object.entries(items)) {
      const at = Date.parse(post?.schedule?.at);
      const id = post?.meta?.id;
      const last = this.#scheduled.length - 1;
      if (!key.startsWith('plan.post.') || typeof id !== 'string' || !Number.isFinite(at)) return false;
      if (last >= 0 && (at < this.#times[last] || (at === this.#times[last] && id <= this.#scheduled[last].meta.id))) return false;
      this.#scheduled.push(post);
      this.#times.push(at);
      this.#take(key, post);
    }
    return true;
  }

  /** Takes the head's campaigns, pillars and tray; false when a record has no id. */
  #addHead(items) {
    for (const [key, record] of Object.entries(items)) {
      if (typeof record?.meta?.id !== 'string') return false;
      this.items[key] = record;
      if (key.startsWith('plan.campaign.')) {
        if (isLive(record)) this.#campaigns.push(record);
      } else if (key.startsWith('plan.pillar.')) {
        if (isLive(record)) this.#pillars.push(record);
      } else if (key.startsWith('plan.post.')) {
        this.#tray.push(record);
        this.#take(key, record);
      } else {
        return false;
      }
    }
    return true;
  }

  #take(key, post) {
    this.items[key] = post;
    this.#posts.set(post.meta.id, post);
  }

  /** How many records the snapshots gave. */
  get records() {
    return Object.keys(this.items).length;
  }

  /**
   * The PlanBook's `query` on what the snapshots hold: `{ scheduled, unscheduled, unscheduledTotal }`
   * for [from, to) (RFC 3339; either may be left out) and `unscheduledLimit`. Null for a query with
   * filters, which only the core answers.
   */
  query(query = {}) {
    if (asksFilters(query)) return null;
    const from = query.from == null ? -Infinity : Date.parse(query.from);
    const to = query.to == null ? Infinity : Date.parse(query.to);
    const scheduled = to > from ? this.#scheduled.slice(this.#firstAtOrAfter(from), this.#firstAtOrAfter(to)) : [];
    const limit = query.unscheduledLimit ?? this.#tray.length;
    return { scheduled, unscheduled: this.#tray.slice(0, limit), unscheduledTotal: this.#tray.length };
  }

  /** The index of the first scheduled post at or after `ms` (binary search over the times). */
  #firstAtOrAfter(ms) {
    let low = 0;
    let high = this.#times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#times[middle] < ms) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The post `id` if the snapshots hold it. */
  get(id) {
    return this.#posts.get(id);
  }

  /** Live campaigns by id. */
  campaigns() {
    return this.#campaigns.slice();
  }

  /** Live pillars by id. */
  pillars() {
    return this.#pillars.slice();
  }
}
