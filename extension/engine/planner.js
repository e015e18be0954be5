// The planner: the second wasm module (porte_voix_planner_bg.wasm), with the editorial plan (`PlanBook`),
// the storage.sync functions, the analytics CSV import, best times to post and the reply tools (comment
// triage, snippets). Kept out of the keystroke engine so that the
// engine stays small and starts fast; it is loaded on first use through `PorteVoixEngine.planner()` (the side
// panel, a "save to plan" in the background, the sync store, a history import, a reply box or the snippet
// picker). Same panic recovery as the
// engine: a trap starts a fresh instance, the failed call throws `EngineCrashed`, and `restarts` tells the
// plan store to rebuild its book.
import initPlanner, {
  initSync,
  PlanBook,
  CaldavSync,
  BestTimes,
  crashForTest,
  mergePlans,
  mergeSyncDocuments,
  editSyncDocument,
  planSyncWrite,
  planSyncRead,
  importHistory,
  planReport,
  importReplyLog,
  importFollowers,
  planNetworks,
  triageComment,
  replyAdvice,
  searchSnippets,
  snippetVariables,
  renderSnippet,
  expandTrigger,
  __wbg_reset_state,
} from './porte_voix_planner.js';
import { recovering } from './crash.js';

/** The planner module as JavaScript uses it, with panic recovery. */
export class PorteVoixPlanner {
  /**
   * Loads the planner wasm from a URL (extension pages, the service worker), or from a promise of
   * it compiled (a `WebAssembly.Module`: the side panel starts compiling before this code loads).
   */
  static async load(wasm) {
    const started = performance.now();
    await initPlanner({ module_or_path: wasm });
    return new PorteVoixPlanner(performance.now() - started);
  }

  /** Loads the planner wasm from its bytes, synchronously (Node). */
  static fromBytes(bytes) {
    const started = performance.now();
    initSync({ module: bytes });
    return new PorteVoixPlanner(performance.now() - started);
  }

  constructor(startMs) {
    /** Milliseconds the wasm took to compile and start. */
    this.startMs = startMs;
    /** How many times a panic forced a fresh instance: every book made before a restart is gone. */
    this.restarts = 0;
  }

  /**
   * A new, empty plan book (the calendar in memory) for `device`; see extension/plan/store.js, which
   * drives it. Call its methods through `guard`; a changed `restarts` means the book is gone.
   */
  newPlanBook(device) {
    return this.guard(() => new PlanBook(device));
  }

  /** Runs `operation` with panic recovery (a panic restarts the planner and throws EngineCrashed). */
  guard(operation) {
    return recovering(operation, () => this.#restart());
  }

  /** Two copies of a plan merged (see crate/wasm/src/sync.rs). */
  mergePlans(a, b) {
    return this.guard(() => mergePlans(a, b));
  }

  /** Two copies of a synced document merged record by record. */
  mergeSyncDocuments(a, b) {
    return this.guard(() => mergeSyncDocuments(a, b));
  }

  /** A synced document with `changes` applied by `device` at `now` (RFC 3339). */
  editSyncDocument(doc, changes, device, now) {
    return this.guard(() => editSyncDocument(doc, changes, device, now));
  }

  /** The storage.sync items to write for a document, and whether they fit the quotas. */
  planSyncWrite(key, doc, currentItems, options) {
    return this.guard(() => planSyncWrite(key, doc, currentItems, options));
  }

  /** A document read back from storage.sync items: `{ value }`, `{ missing }` or `{ error }`. */
  planSyncRead(key, items) {
    return this.guard(() => planSyncRead(key, items));
  }

  /** An analytics CSV export read: `{ records, errors, warnings, rows, columns_used }` (see engine.importHistory). */
  importHistory(csv, options) {
    return this.guard(() => importHistory(csv, options));
  }

  /**
   * The report page's figures: `data` `{ pillars, posts, history?, followers?, replies? }`, `settings`
   * `{ period, zone, now, lang? }` (see crate/wasm/src/report.rs).
   */
  report(data, settings) {
    return this.guard(() => planReport(data, settings));
  }

  /** `{ entries, problems }`: a reply log read from CSV, local times in IANA `zone`. */
  importReplyLog(csv, zone) {
    return this.guard(() => importReplyLog(csv, zone));
  }

  /** `{ samples, problems }`: follower counts read from CSV; rows without a network are for `network`. */
  importFollowers(csv, zone, network) {
    return this.guard(() => importFollowers(csv, zone, network));
  }

  /**
   * A sync run of the stored plan with a CalDAV calendar (see crate/wasm/src/caldav.rs and
   * extension/background/caldav.js, which drives it): `items` are the `plan.*` storage items and
   * `caldav.state`, `options` `{ server, device, zone, now }`. Call its methods through `guard`; a
   * changed `restarts` means the run is gone (nothing was saved since its last checkpoint).
   */
  newCaldavSync(items, options) {
    return this.guard(() => new CaldavSync(items, options));
  }

  /** Every built-in network's `{ id, name }` (the engine's `networks()` has the full profiles). */
  networks() {
    return this.guard(() => planNetworks());
  }

  /** Reads a comment: class, confidence, urgency and the cues that fired. `lang`: "fr", "en" or undefined. */
  triage(comment, lang) {
    return this.guard(() => triageComment(comment, lang));
  }

  /** `{ triage, suggestions }` for the comment being answered, at most `limit` suggestions. */
  replyAdvice(comment, lang, limit) {
    return this.guard(() => replyAdvice(comment, lang, limit));
  }

  /** Snippets matching `query`, best first: `[{ score, matched, snippet }]`. */
  searchSnippets(query, lang, limit) {
    return this.guard(() => searchSnippets(query, lang, limit));
  }

  /** The variables snippets use, with defaults and prompts. */
  snippetVariables() {
    return this.guard(() => snippetVariables());
  }

  /** `{ id, text, missing }`: the snippet with `values` and defaults filled in, or null. */
  renderSnippet(id, values) {
    return this.guard(() => renderSnippet(id, values));
  }

  /** What replaces a trigger (`;merci`) ending `beforeCaret`, or null. */
  expandTrigger(beforeCaret, lang) {
    return this.guard(() => expandTrigger(beforeCaret, lang));
  }

  /**
   * The best slots to post (`TimingReport`): `options` `{ network, tz, now, ... }`, `history` the
   * history records (the same array as long as the history is the same: it is read once per array),
   * `rules` the active guide's posting rules (`engine.postingRules()`), which fill what `options` leaves.
   */
  bestTimes(options, history, rules) {
    return this.guard(() => {
      const timing = this.#timing;
      if (!timing || timing.history !== history || timing.restarts !== this.restarts) {
        // A model made before a restart went with the old instance: only a live one is freed.
        if (timing?.restarts === this.restarts) timing.model.free();
        this.#timing = null;
        this.#timing = { history, restarts: this.restarts, model: new BestTimes(history) };
      }
      return this.#timing.model.bestTimes(options, rules);
    });
  }

  /** The history `bestTimes` last read, ready for the next request. */
  #timing = null;

  /** Makes the planner panic on purpose: recovery tests only. */
  crashForTest() {
    return this.guard(() => crashForTest());
  }

  #restart() {
    __wbg_reset_state();
    this.restarts += 1;
  }
}
