// The Rust core, loaded and kept alive.
//
// Wraps the wasm-bindgen glue (porte_voix_wasm.js, generated at build time): the keystroke engine
// (counting, entities, checks, guides, hashtag and best-time suggestions). A Rust panic traps the wasm
// instance (the release build aborts on panic); the wrapper then starts a fresh instance, rebuilds the
// engine with the same settings, and reports the failed call as an `EngineCrashed` error. The next call
// works again. The editorial plan, storage.sync and the reply tools (triage, snippets) live in a second
// module, the planner (planner.js), loaded on first `planner()`. Used by the background, by extension
// pages and, from dist/node, by Node tests.
import init, { initSync, Engine, version, crashForTest, __wbg_reset_state } from './porte_voix_wasm.js';
import { EngineCrashed, lastPanic, recovering } from './crash.js';
import { PorteVoixPlanner } from './planner.js';

export { EngineCrashed, PorteVoixPlanner };

/** The planner's wasm file, next to the engine's. */
const PLANNER_WASM = 'porte_voix_planner_bg.wasm';

/** The history while none was given (one array, so the planner reads it once). */
const NO_HISTORY = Object.freeze([]);

/**
 * A count as the core's `Count` serialises it, from the figures `countFigures` gives, in the order of
 * `figures_of` in crate/wasm/src/lib.rs (-1: absent). One array crosses from the wasm instead of
 * an object built a property at a time, which made most of a count's time.
 */
function countFromFigures(network, figures) {
  const [length, limit, remaining, valid, byteLength, byteLimit, permillage, validEnd, displayEnd, overflow] = figures;
  const count = {
    network,
    length,
    limit,
    remaining,
    valid: valid === 1,
    byte_length: byteLength,
    permillage,
    valid_range_start: 0,
    valid_range_end: validEnd,
    display_range_start: 0,
    display_range_end: displayEnd,
  };
  if (byteLimit >= 0) count.byte_limit = byteLimit;
  if (overflow >= 0) count.overflow_start = overflow;
  return count;
}

/** The engine as JavaScript uses it: every operation of the core, with panic recovery. */
export class PorteVoixEngine {
  #engine;
  /** The guide last applied successfully, re-applied after a restart. */
  #guide = null;
  /** The history records last given, re-applied after a restart. */
  #history = null;
  /** The limits given to `expectLimits` while no guide was set, given again after a restart. */
  #expectedLimits = null;

  /** How to load the planner module, and its promise once asked for. */
  #loadPlanner;
  #planner = null;

  /**
   * Loads the engine wasm from a URL (extension pages, the service worker). The planner is fetched
   * from `plannerUrl` (default: porte_voix_planner_bg.wasm next to the engine) on first `planner()`,
   * unless `planner` gives one already loading (the promise of a PorteVoixPlanner: the side panel
   * loads the planner first).
   */
  static async load(wasmUrl, { plannerUrl = new URL(PLANNER_WASM, wasmUrl), planner = null } = {}) {
    const started = performance.now();
    await init({ module_or_path: wasmUrl });
    let early = planner;
    return new PorteVoixEngine(performance.now() - started, () => {
      const loading = early ?? PorteVoixPlanner.load(plannerUrl);
      early = null; // a failed load is tried afresh
      return loading;
    });
  }

  /**
   * Loads the engine wasm from its bytes, synchronously (Node). `plannerBytes()`, called on first
   * `planner()`, gives the planner's bytes.
   */
  static fromBytes(bytes, plannerBytes = () => {
    throw new Error('this engine was loaded without the planner module (give fromBytes a plannerBytes function)');
  }) {
    const started = performance.now();
    initSync({ module: bytes });
    return new PorteVoixEngine(performance.now() - started, async () => PorteVoixPlanner.fromBytes(plannerBytes()));
  }

  constructor(startMs, loadPlanner) {
    /** Milliseconds the wasm took to compile and start. */
    this.startMs = startMs;
    /** How many times a panic forced a fresh instance. */
    this.restarts = 0;
    this.#engine = new Engine();
    this.#loadPlanner = loadPlanner;
  }

  /**
   * The planner module (plan books, storage.sync), loaded on the first call; every call returns the
   * same one. A failed load is retried on the next call.
   */
  planner() {
    if (!this.#planner) {
      this.#planner = this.#loadPlanner();
      this.#planner.catch(() => {
        this.#planner = null;
      });
    }
    return this.#planner;
  }

  /** The core's version string. */
  get version() {
    return version();
  }

  /** The message of the last panic (of the engine or the planner), or null. */
  get lastPanic() {
    return lastPanic();
  }

  /** Every network profile. */
  networks() {
    return this.#call((e) => e.networks());
  }

  /**
   * Validates a style guide (`format`: "toml" or "json") and makes it active if valid. Returns
   * `{ ok, brand, errors }`; an invalid guide leaves the active one in force. Kept across restarts.
   */
  setGuide(source, format) {
    const report = this.#call((e) => e.setGuide(source, format));
    if (report.ok) {
      this.#guide = { source, format };
      this.#expectedLimits = null;
    }
    return report;
  }

  /**
   * The active guide's posting rules, `{ minGapMinutes, maxPerDay, allowedHours? }` (only what the
   * guide sets): the plan store's conflicts follow them (`PlanStore.setPostingRules`).
   */
  postingRules() {
    return this.#call((e) => e.postingRules());
  }

  /** Goes back to the built-in sample guide (the user's was removed); the history stays. */
  resetGuide() {
    this.#guide = null;
    this.#expectedLimits = null;
    this.#engine.free();
    this.#engine = new Engine();
    if (this.#history) this.#engine.setHistory(this.#history);
  }

  /**
   * The network limits (`{ network: limit }`) of the guide about to be set, as `networks()` gave them
   * when it was last applied: counts use them until a guide is compiled (the built-in sample is
   * compiled on first use otherwise), so the first count after a start does not wait for the guide.
   */
  expectLimits(limits) {
    this.#call((e) => e.expectLimits(limits));
    if (!this.#guide) this.#expectedLimits = limits;
  }

  /** The active guide's sensitive words (`terms.sensitive`), which force review in a plan book. */
  sensitiveTerms() {
    return this.#call((e) => e.sensitiveTerms());
  }

  /** Runs `operation` with the engine's panic recovery (a panic restarts and throws EngineCrashed). */
  guard(operation) {
    return this.#call(() => operation());
  }

  /** The active guide's brand name. */
  guideBrand() {
    return this.#call((e) => e.guideBrand());
  }

  /** Editorial-line findings of `text`; `context` as CheckContext (network, lang, ignored...). */
  check(text, context) {
    return this.#call((e) => e.check(text, context));
  }

  /** `{ count, findings }` for `text` in `context` (whose `network` picks the count). */
  analyze(text, context) {
    return this.#call((e) => e.analyze(text, context));
  }

  /**
   * Imports an analytics CSV (`options`: `{ preset, tz, ... }`): the planner module reads it, and the
   * records read become the engine's history. Resolves to the report (records, bad lines, warnings).
   */
  async importHistory(csv, options) {
    const report = (await this.planner()).importHistory(csv, options);
    this.setHistory(report.records);
    return report;
  }

  /** Replaces the history with stored records. */
  setHistory(records) {
    const n = this.#call((e) => e.setHistory(records));
    this.#history = records;
    return n;
  }

  /** The active guide's pillars with their target shares. */
  guidePillars() {
    return this.#call((e) => e.guidePillars());
  }

  /**
   * The report page's figures (computed by the planner module), with the active guide's pillars:
   * `data` `{ posts, history?, followers?, replies? }`, `settings` `{ period, zone, now, lang? }`.
   */
  async report(data, settings) {
    const pillars = this.guidePillars();
    return (await this.planner()).report({ ...data, pillars }, settings);
  }

  /** `{ entries, problems }`: a reply log read from CSV (by the planner), local times in IANA `zone`. */
  async importReplyLog(csv, zone) {
    return (await this.planner()).importReplyLog(csv, zone);
  }

  /** `{ samples, problems }`: follower counts read from CSV (by the planner); rows without a network are for `network`. */
  async importFollowers(csv, zone, network) {
    return (await this.planner()).importFollowers(csv, zone, network);
  }

  /** `{ suggestions, room, notes }`: hashtags for `text` on `network`. */
  suggestHashtags(text, network, options) {
    return this.#call((e) => e.suggestHashtags(text, network, options));
  }

  /** `{ offset, text }`: where and what to type to add `tag` to `text`. */
  hashtagInsertion(text, tag) {
    return this.#call((e) => e.hashtagInsertion(text, tag));
  }

  /**
   * The best slots to post (by the planner module, from the history given here): `options` is
   * `{ network, tz, now, ... }`; the active guide's posting rules fill the rest.
   */
  async bestTimes(options) {
    const rules = this.postingRules();
    return (await this.planner()).bestTimes(options, this.#history ?? NO_HISTORY, rules);
  }

  // The reply tools (comment triage and the snippet library) are in the planner module: they are used
  // when a reply box or the snippet picker opens, never for a keystroke's count and checks.

  /** Reads a comment: class, confidence, urgency and the cues that fired. `lang`: "fr", "en" or undefined. */
  async triage(comment, lang) {
    return (await this.planner()).triage(comment, lang);
  }

  /** `{ triage, suggestions }` for the comment being answered. */
  async replyAdvice(comment, lang, limit = 5) {
    return (await this.planner()).replyAdvice(comment, lang, limit);
  }

  /** Snippets matching `query`, best first: `[{ score, matched, snippet }]`. */
  async searchSnippets(query, lang, limit = 8) {
    return (await this.planner()).searchSnippets(query, lang, limit);
  }

  /** The variables snippets use, with defaults and prompts. */
  async snippetVariables() {
    return (await this.planner()).snippetVariables();
  }

  /** `{ id, text, missing }`: the snippet with `values` and defaults filled in, or undefined. */
  async renderSnippet(id, values) {
    return (await this.planner()).renderSnippet(id, values);
  }

  /** What replaces a trigger (`;merci`) ending `beforeCaret`, or undefined. */
  async expandTrigger(beforeCaret, lang) {
    return (await this.planner()).expandTrigger(beforeCaret, lang);
  }

  /** `text` with every safe fix applied. */
  fix(text, context) {
    return this.#call((e) => e.fix(text, context));
  }

  /** The length of `text` as `network` counts it. */
  count(text, network) {
    return countFromFigures(network, this.#call((e) => e.countFigures(text, network)));
  }

  /** Hashtags, mentions, URLs and cashtags, with UTF-16 offsets. */
  entities(text) {
    return this.#call((e) => e.entities(text));
  }

  /** `text` as a numbered thread valid for `network`. */
  split(text, network) {
    return this.#call((e) => e.split(text, network));
  }

  /** Makes the core panic on purpose: recovery tests only. */
  crashForTest() {
    return this.#call(() => crashForTest());
  }

  #call(operation) {
    return recovering(() => operation(this.#engine), () => this.#restart());
  }

  #restart() {
    __wbg_reset_state();
    this.restarts += 1;
    this.#engine = new Engine();
    if (this.#guide) this.#engine.setGuide(this.#guide.source, this.#guide.format);
    else if (this.#expectedLimits) this.#engine.expectLimits(this.#expectedLimits);
    if (this.#history) this.#engine.setHistory(this.#history);
  }
}
