//! The WebAssembly face of porte-voix-core. Thin on purpose: argument conversion and error mapping
//! only; every rule lives in the core.
//!
//! JavaScript sees one class, [`Engine`], whose methods return plain objects typed by the
//! TypeScript declarations below (serialized with serde-wasm-bindgen).

#[cfg(feature = "engine")]
use porte_voix_core::guide::{self, Format};
#[cfg(feature = "engine")]
use porte_voix_core::networks::{self, NetworkProfile};
#[cfg(feature = "engine")]
use porte_voix_core::suggest::hashtags::{self, HashtagOptions, HashtagStats};
#[cfg(feature = "engine")]
use porte_voix_core::suggest::history::HistoryRecord;
#[cfg(feature = "engine")]
use porte_voix_core::text;
#[cfg(feature = "engine")]
use porte_voix_core::{CheckContext, Checker, Finding, GuideError};
#[cfg(feature = "engine")]
use serde::Serialize;
#[cfg(feature = "engine")]
use std::borrow::Cow;
#[cfg(feature = "engine")]
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[cfg(feature = "planner")]
mod caldav;
#[cfg(feature = "planner")]
mod history;
#[cfg(feature = "planner")]
mod json;
#[cfg(feature = "planner")]
mod plan;
mod platform;
#[cfg(feature = "planner")]
mod replies;
#[cfg(feature = "planner")]
mod report;
#[cfg(feature = "planner")]
mod sync;
#[cfg(feature = "planner")]
mod timing;

#[cfg(feature = "engine")]
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Offsets in UTF-16 code units (JavaScript string indices) and in UTF-8 bytes. */
export interface Span { start: number; end: number; byte_start: number; byte_end: number; }
/** The length of a draft as one network counts it. */
export interface Count { network: string; length: number; limit: number; remaining: number; valid: boolean; byte_length: number; byte_limit?: number; permillage: number; valid_range_start: number; valid_range_end: number; display_range_start: number; display_range_end: number; overflow_start?: number; }
/** A hashtag, mention, URL or cashtag: `text` without its sigil, the span with it. */
export interface Entity extends Span { text: string; list?: string; }
export interface Entities { hashtags: Entity[]; mentions: Entity[]; urls: Entity[]; cashtags: Entity[]; }
/** One post of a thread. */
export interface Part { index: number; total: number; text: string; count: Count; }
/** What the checks need to know besides the text (every field optional). */
export interface CheckContext { network?: string; lang?: "fr" | "en"; post_lang?: "fr" | "en"; sponsored?: boolean; campaign?: string; ignored?: string[]; ignored_texts?: Record<string, string[]>; disabled?: string[]; }
/** One editorial-line finding. `id` is stable within a draft: pass it in `ignored` to hide it. */
export interface Finding { id: string; rule: string; level: "error" | "warning" | "suggestion"; message: string; span: Span; line: number; column: number; replacements: string[]; safe_fix: boolean; }
export interface Analysis { count: Count; findings: Finding[]; }
/** A guide error: where (line, column, field path) and what to write instead. */
export interface GuideError { line: number; column: number; path: string; message: string; start: number; end: number; }
export interface GuideReport { ok: boolean; brand?: string; errors: GuideError[]; }
export interface HashtagOptions { campaign?: string; lang?: "fr" | "en"; limit?: number; }
export interface HashtagSuggestion { tag: string; text: string; score: number; required: boolean; reasons: string[]; }
export interface HashtagSuggestions { suggestions: HashtagSuggestion[]; room: number; notes: string[]; }
export interface Insertion { offset: number; byte_offset: number; text: string; }
export interface NetworkProfile { id: string; name: string; limit: number; counting: string; byte_limit?: number; url_length?: number; hashtag_limit?: number; supports_threads: boolean; source: string; }
"#;

/// A posting-history record: the engine takes them (`setHistory`), the planner reads them from CSV.
#[wasm_bindgen(typescript_custom_section)]
const HISTORY_TS: &'static str = r#"
export interface HistoryRecord { network: string; posted_at: string; time_known: boolean; impressions?: number; engagements?: number; engagement_rate?: number; text?: string; }
/** The active guide's posting rules (`Engine.postingRules()`): only what it sets (`[schedule]`, `min_gap_minutes`, `max_per_day`); the planner's `PlanBook.conflicts` and `BestTimes.bestTimes` take them. */
export interface PostingRules { minGapMinutes: Record<string, number>; maxPerDay: Record<string, number>; allowedHours?: ({ start: number; end: number } | null)[]; }
"#;

#[wasm_bindgen]
extern "C" {
    /// Set by the JavaScript engine wrapper: receives the message of a Rust panic before the
    /// instance traps, so that the background can log it and start a fresh instance.
    #[wasm_bindgen(js_namespace = globalThis, js_name = __porteVoixPanic)]
    fn report_panic(message: &str);
}

/// Installs the panic hook and the browser-backed Unicode normalization once, when the module is
/// instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| report_panic(&info.to_string())));
    platform::install();
}

/// The engine version, to check that the extension loaded the build it expects.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics on purpose. Only the engine's recovery tests call it: they prove that a panic in the core
/// does not leave the extension without its engine.
#[wasm_bindgen(js_name = crashForTest)]
pub fn crash_for_test() {
    panic!("deliberate panic requested by a recovery test");
}

/// A Rust value as a plain JavaScript value (objects, not Maps). The engine's answers are small and
/// many (one per keystroke): built directly, they arrive sooner than through JSON text, which the
/// planner uses (`json.rs`).
#[cfg(feature = "engine")]
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

/// A count's figures, in the order `countFromFigures` in `extension/engine/engine.js` reads them back;
/// an absent byte limit or overflow is -1. (`network` is the id asked for; the two `start`s are 0.)
#[cfg(feature = "engine")]
fn figures_of(c: &text::Count) -> [i32; 10] {
    let figure = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let optional = |n: Option<usize>| n.map_or(-1, figure);
    let remaining = c.remaining.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
    [
        figure(c.length),
        figure(c.limit),
        remaining,
        i32::from(c.valid),
        figure(c.byte_length),
        optional(c.byte_limit),
        figure(c.permillage),
        figure(c.valid_range_end),
        figure(c.display_range_end),
        optional(c.overflow_start),
    ]
}

#[cfg(feature = "engine")]
/// The outcome of loading a style guide: the errors, each with line, column and what to write.
#[derive(Serialize)]
struct GuideReport<'a> {
    ok: bool,
    brand: Option<&'a str>,
    errors: Vec<GuideError>,
}

#[cfg(feature = "engine")]
/// What the overlay needs after a keystroke, in one call.
#[derive(Serialize)]
struct Analysis {
    count: text::Count,
    findings: Vec<Finding>,
}

#[cfg(feature = "engine")]
/// The engine: the active style guide (the built-in sample until one is loaded) and the operations
/// on drafts (reply snippets and comment triage are in the planner module: `replies.rs`). Network limits come from the guide's overrides over the built-in table.
#[wasm_bindgen]
pub struct Engine {
    /// The active guide's checker: set by `setGuide`, else the built-in sample, compiled on first use.
    checker: std::cell::OnceCell<Checker>,
    /// Network limits given by `expectLimits`, used by counts until the checker exists.
    expected_limits: HashMap<String, usize>,
    /// The per-hashtag statistics of the account's posting history (analytics imports). Best times,
    /// which read the history itself, are the planner module's (`BestTimes`).
    hashtag_stats: HashtagStats,
}

#[cfg(feature = "engine")]
impl Engine {
    /// The active guide's checker, compiling the built-in sample if no guide was set.
    fn checker(&self) -> &Checker {
        self.checker.get_or_init(|| Checker::new(guide::sample()))
    }

    fn profile(&self, id: &str) -> Result<Cow<'_, NetworkProfile>, JsError> {
        if self.checker.get().is_none() {
            if let (Some(&limit), Some(builtin)) = (self.expected_limits.get(id), networks::builtin(id)) {
                return Ok(Cow::Owned(builtin.with_limit(limit)));
            }
        }
        match self.checker().guide().network(id) {
            Some(resolved) => Ok(Cow::Borrowed(&resolved.profile)),
            None => networks::builtin(id)
                .map(Cow::Owned)
                .ok_or_else(|| JsError::new(&networks::unknown_network_message(id))),
        }
    }

    fn context(&self, context: JsValue) -> Result<CheckContext, JsError> {
        if context.is_undefined() || context.is_null() {
            return Ok(CheckContext::default());
        }
        serde_wasm_bindgen::from_value(context).map_err(|e| JsError::new(&format!("bad check context: {e}")))
    }
}

#[cfg(feature = "engine")]
impl Default for Engine {
    fn default() -> Self {
        Engine {
            checker: std::cell::OnceCell::new(),
            expected_limits: HashMap::new(),
            hashtag_stats: HashtagStats::default(),
        }
    }
}

#[cfg(feature = "engine")]
fn guide_format(format: &str) -> Result<Format, JsError> {
    match format {
        "toml" => Ok(Format::Toml),
        "json" => Ok(Format::Json),
        other => Err(JsError::new(&format!("unknown guide format '{other}': use \"toml\" or \"json\""))),
    }
}

#[cfg(feature = "engine")]
#[wasm_bindgen]
impl Engine {
    /// An engine with the built-in sample guide.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Every network profile, with the active guide's limits.
    #[wasm_bindgen(unchecked_return_type = "NetworkProfile[]")]
    pub fn networks(&self) -> Result<JsValue, JsError> {
        let profiles: Result<Vec<NetworkProfile>, JsError> =
            networks::ids().map(|id| self.profile(id).map(Cow::into_owned)).collect();
        to_js(&profiles?)
    }

    /// Validates a guide (`format`: "toml" or "json") and, if it is valid, makes it the active one.
    /// An invalid guide changes nothing: the report lists every error.
    #[wasm_bindgen(js_name = setGuide, unchecked_return_type = "GuideReport")]
    pub fn set_guide(&mut self, source: &str, format: &str) -> Result<JsValue, JsError> {
        match guide::compile(source, guide_format(format)?) {
            Ok(compiled) => {
                self.checker = std::cell::OnceCell::from(Checker::new(compiled));
                self.expected_limits.clear();
                to_js(&GuideReport {
                    ok: true,
                    brand: Some(&self.checker().guide().guide.brand.name),
                    errors: Vec::new(),
                })
            }
            Err(errors) => to_js(&GuideReport { ok: false, brand: None, errors }),
        }
    }

    /// The network limits (`{ network: limit }`, as `networks()` gave them) of the guide about to be
    /// set: until a guide is compiled, counts use them instead of compiling one. A woken worker can so
    /// count the first keystroke before it compiles the stored guide. `setGuide` forgets them.
    #[wasm_bindgen(js_name = expectLimits)]
    pub fn expect_limits(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, number>")] limits: JsValue,
    ) -> Result<(), JsError> {
        self.expected_limits = serde_wasm_bindgen::from_value(limits)
            .map_err(|e| JsError::new(&format!("bad network limits: {e}")))?;
        Ok(())
    }

    /// The active guide's sensitive words (`terms.sensitive`): give them to a `PlanBook`, where
    /// they force review.
    #[wasm_bindgen(js_name = sensitiveTerms)]
    pub fn sensitive_terms(&self) -> Vec<String> {
        self.checker().guide().guide.terms.sensitive.clone()
    }

    /// The active guide's pillars with their target shares (the report's pillar mix needs them).
    #[wasm_bindgen(js_name = guidePillars, unchecked_return_type = "{ id: string; name: string; share: number }[]")]
    pub fn guide_pillars(&self) -> Result<JsValue, JsError> {
        to_js(&self.checker().guide().guide.pillars)
    }

    /// The active guide's posting rules (its `[schedule]` and the networks' `min_gap_minutes` and
    /// `max_per_day`), in the shape `PlanBook.conflicts` takes them. Built by hand rather than
    /// through serde: a few hundred bytes of the engine's size budget instead of a few kilobytes.
    #[wasm_bindgen(js_name = postingRules, unchecked_return_type = "PostingRules")]
    pub fn posting_rules(&self) -> JsValue {
        use js_sys::{Array, Object, Reflect};
        let set = |target: &Object, key: &str, value: &JsValue| {
            // Setting a property on a plain new object cannot fail.
            let _ = Reflect::set(target, &JsValue::from_str(key), value);
        };
        let by_network = |entries: &[(String, u32)]| {
            let object = Object::new();
            for (network, value) in entries {
                set(&object, network, &JsValue::from(*value));
            }
            object
        };
        let rules = self.checker().guide().posting_rules();
        let out = Object::new();
        set(&out, "minGapMinutes", &by_network(&rules.min_gap_minutes));
        set(&out, "maxPerDay", &by_network(&rules.max_per_day));
        if let Some(hours) = rules.allowed_hours {
            let days = Array::new();
            for day in hours.0 {
                days.push(&match day {
                    Some(w) => {
                        let window = Object::new();
                        set(&window, "start", &JsValue::from(w.start));
                        set(&window, "end", &JsValue::from(w.end));
                        window.into()
                    }
                    None => JsValue::NULL,
                });
            }
            set(&out, "allowedHours", &days);
        }
        out.into()
    }

    /// The active guide's brand name.
    #[wasm_bindgen(js_name = guideBrand)]
    pub fn guide_brand(&self) -> String {
        self.checker().guide().guide.brand.name.clone()
    }

    /// The length of `text` as `network` counts it, as the figures of a `Count` in the order of
    /// [`figures_of`]; `engine.js` makes the object. The overlay counts on every keystroke, and one
    /// array crossing into JavaScript costs a fraction of an object built a property at a time.
    #[wasm_bindgen(js_name = countFigures)]
    pub fn count_figures(&self, text: &str, network: &str) -> Result<Vec<i32>, JsError> {
        let profile = self.profile(network)?;
        Ok(figures_of(&text::count(text, &profile)).to_vec())
    }

    /// Hashtags, mentions, URLs and cashtags of `text`, with UTF-16 offsets.
    #[wasm_bindgen(unchecked_return_type = "Entities")]
    pub fn entities(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&text::entities(text))
    }

    /// `text` split into a numbered thread whose every part is valid for `network`.
    #[wasm_bindgen(unchecked_return_type = "Part[]")]
    pub fn split(&self, text: &str, network: &str) -> Result<JsValue, JsError> {
        let options = text::SplitOptions::default();
        let profile = self.profile(network)?;
        let parts = text::split(text, &profile, &options).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&parts)
    }

    /// The editorial-line findings of `text` under the active guide, sorted by position.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn check(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "CheckContext | undefined")] context: JsValue,
    ) -> Result<JsValue, JsError> {
        to_js(&self.checker().check(text, &self.context(context)?))
    }

    /// Count and findings together: what the overlay shows after a keystroke.
    #[wasm_bindgen(unchecked_return_type = "Analysis")]
    pub fn analyze(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "CheckContext")] context: JsValue,
    ) -> Result<JsValue, JsError> {
        let context = self.context(context)?;
        let network = context.network.clone().unwrap_or_else(|| "x".to_string());
        let profile = self.profile(&network)?;
        let count = text::count(text, &profile);
        to_js(&Analysis { count, findings: self.checker().check(text, &context) })
    }

    /// Takes the hashtag statistics of stored history records (as `importHistory` returned them).
    #[wasm_bindgen(js_name = setHistory)]
    pub fn set_history(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HistoryRecord[]")] records: JsValue,
    ) -> Result<usize, JsError> {
        let records: Vec<HistoryRecord> = serde_wasm_bindgen::from_value(records)
            .map_err(|e| JsError::new(&format!("bad history records: {e}")))?;
        let n = records.len();
        self.hashtag_stats = HashtagStats::from_history(&records);
        Ok(n)
    }

    /// Hashtags for `text` on `network`: the guide's library, the campaign's required tags, the history.
    #[wasm_bindgen(js_name = suggestHashtags, unchecked_return_type = "HashtagSuggestions")]
    pub fn suggest_hashtags(
        &self,
        text: &str,
        network: &str,
        #[wasm_bindgen(unchecked_param_type = "HashtagOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let options: HashtagOptions = if options.is_undefined() || options.is_null() {
            HashtagOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&e.to_string()))?
        };
        let profile = self.profile(network)?;
        to_js(&hashtags::suggest_hashtags_with_stats(
            text,
            &profile,
            self.checker().guide(),
            &self.hashtag_stats,
            &options,
        ))
    }

    /// Where and how to insert `tag` in `text` (UTF-16 offset and the text to type).
    #[wasm_bindgen(js_name = hashtagInsertion, unchecked_return_type = "Insertion")]
    pub fn hashtag_insertion(&self, text: &str, tag: &str) -> Result<JsValue, JsError> {
        to_js(&hashtags::insertion(text, tag))
    }

    /// `text` with every safe fix applied (re-checked until stable).
    pub fn fix(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "CheckContext | undefined")] context: JsValue,
    ) -> Result<String, JsError> {
        Ok(self.checker().fix(text, &self.context(context)?))
    }
}
