//! The editorial plan for the side panel and the background: a `PlanBook` class of its own.
//!
//! Why a separate class and not methods on `Engine`: the plan is state with its own life (a
//! device id, a role, thousands of records loaded from storage) that a page keeps open while it
//! also checks drafts; the engine's checker does not need it and the book does not need the
//! checker (only the guide's sensitive words, passed in with `setSensitiveTerms`). Keeping them
//! apart keeps both small, and the store (extension/plan/store.js) can rebuild its book from
//! storage on its own after an engine restart.
//!
//! Conversion only: every rule is in `porte_voix_core::plan`. Times are RFC 3339 strings; `now`
//! is the browser's clock. Every change returns the storage item to write (`{ key, value }`).
//! Errors are `Error`s with a `code` (`not-found`, `id-taken`, `bad-id`, `invalid`, `transition`,
//! `not-applicable`, `bad-input`), in the language set with `setLang`.

use crate::platform;
use chrono::{DateTime, Utc};
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::analysis::{self, AllowedHours, ConflictOptions, MixOptions, Period};
use porte_voix_core::plan::book::{
    BookError, CampaignFields, PillarFields, PlanBook as Core, PostFields, Query,
};
use porte_voix_core::plan::file::{read_stored_json, write_plan, Held, PlanFileError};
use porte_voix_core::plan::record::Record;
use porte_voix_core::plan::review::{parse_status, status_name, Actor, Role, SensitiveTerms};
use porte_voix_core::plan::{ReviewAction, Schedule};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const PLAN_TS: &'static str = r#"
export type PostStatus = "idea" | "draft" | "in-review" | "approved" | "scheduled" | "published";
export type Role = "writer" | "intern" | "approver" | "admin";
/** Identity and change tracking of every plan record; times are RFC 3339 strings. */
export interface RecordMeta { id: string; created: string; updated: string; clock: Record<string, number>; deleted?: boolean; }
export interface PlanSchedule { at: string; zone: string; }
export interface ReviewEvent { action: "submitted" | "approved" | "sent-back"; by: string; at: string; comment?: string; }
export interface PostMetrics { publishedAt?: string; url?: string; impressions?: number; engagements?: number; clicks?: number; }
export interface Post { meta: RecordMeta; text: string; variants?: Record<string, string>; networks: string[]; pillar?: string; campaign?: string; status: PostStatus; schedule?: PlanSchedule; assignee?: string; notes?: string; ignoredFindings?: Record<string, string[]>; review?: ReviewEvent[]; metrics?: PostMetrics; }
export interface Campaign { meta: RecordMeta; name: string; starts?: string; ends?: string; hashtags?: string[]; }
export interface Pillar { meta: RecordMeta; name: string; targetPercent?: number; color?: string; }
/** Fields to set on a post: absent = unchanged, null = cleared. `status` goes through the review flow. */
export interface PostFields { text?: string; variants?: Record<string, string>; networks?: string[]; pillar?: string | null; campaign?: string | null; assignee?: string | null; notes?: string; ignoredFindings?: Record<string, string[]>; metrics?: PostMetrics | null; schedule?: PlanSchedule | null; status?: PostStatus; comment?: string; }
export interface CampaignFields { name?: string; starts?: string | null; ends?: string | null; hashtags?: string[]; }
export interface PillarFields { name?: string; targetPercent?: number | null; color?: string | null; }
/** Who acts (default: the book's actor, see setActor). */
export interface PlanActor { name: string; role: Role; }
/** A record that could not be read, kept as found; `key` is its storage item. */
export interface Quarantined { key?: string; collection: string; raw: unknown; reason: string; }
/** A storage item to write: `storage.local.set({ [key]: value })`. */
export interface PlanChange<T> { key: string; value: T; }
/** What taking in another page's plan item did: the items to write and the conflict keys to remove so that storage holds the merge too (both empty when it already does). */
export interface PlanTakenIn { quarantined?: Quarantined; write: Record<string, unknown>; remove: string[]; }
export interface PlanLoadReport { posts: number; campaigns: number; pillars: number; quarantine: Quarantined[]; migratedFrom?: number; device?: string; }
/** `unscheduledLimit`: at most this many unscheduled posts in the answer (all are counted in `unscheduledTotal`). */
export interface PlanQuery { from?: string; to?: string; networks?: string[]; pillars?: string[]; campaigns?: string[]; assignees?: string[]; statuses?: PostStatus[]; text?: string; unscheduledLimit?: number; }
export interface PlanFound { scheduled: Post[]; unscheduled: Post[]; unscheduledTotal: number; }
/** Snapshot items (see the core's plan::snapshot): key → the JSON text to store, or null for an item that should not exist. */
export type PlanSnapshots = Record<string, string | null>;
export interface ReviewNeed { intern: boolean; sensitive: string[]; required: boolean; reason: string; }
export interface PlanFileError { message: string; line?: number; column?: number; }
/** Calendar conflict check settings (see the core's analysis::conflicts); times RFC 3339. */
export interface PlanConflictOptions { from?: string; to?: string; minGapMinutes?: Record<string, number>; maxPerDay?: Record<string, number>; allowedHours?: ({ start: number; end: number } | null)[]; }
export interface PlanConflict { kind: "overdue" | "over-limit" | "too-close" | "too-many-in-a-day" | "outside-hours" | "outside-campaign" | "unknown-zone"; posts: string[]; network?: string; at: string; message: string; }
export interface PillarShare { pillar?: string; name: string; posts: number; byKeyword: number; share: number; target?: number; gap?: number; verdict?: "under" | "on" | "over"; }
export interface PillarMix { period: { from: string; to: string }; posts: number; tolerance: number; rows: PillarShare[]; }
export interface PlanImportProblem { line: number; field?: string; code: string; en: string; fr: string; }
/** What an import put in the book: the storage items to write, the posts imported, ids already in the plan, the problems. */
export interface PlanImport { items: Record<string, unknown>; imported: string[]; skipped: string[]; problems: PlanImportProblem[]; layout?: string; }
export interface PlanCsvImportOptions { zone: string; layout?: "auto" | "porte-voix" | "hootsuite" | "buffer"; networks?: string[]; dateOrder?: "auto" | "day-first" | "month-first"; }
/** A post whose versions are in conflict (two devices or a sync changed it at once): the version shown everywhere and the versions kept beside it. */
export interface PostConflict { id: string; shown: Post; kept: Post[]; }
/** What keeping one version did: the post's item to write and the conflict items to remove. */
export interface PlanResolved { key: string; value: Post; remove: string[]; }
export interface PlanRestoreReport { ok: boolean; error?: PlanFileError; posts?: number; campaigns?: number; pillars?: number; quarantine?: Quarantined[]; migratedFrom?: number; }
"#;

/// A network as the calendar names it.
#[derive(Serialize)]
struct NetworkName {
    id: String,
    name: String,
}

/// Every built-in network's id and name, in table order: what the side panel's calendar shows
/// before the keystroke engine (with its guide-aware profiles) has loaded.
#[wasm_bindgen(js_name = planNetworks, unchecked_return_type = "{ id: string; name: string }[]")]
pub fn plan_networks() -> Result<JsValue, JsValue> {
    let names: Vec<NetworkName> = porte_voix_core::networks::all()
        .into_iter()
        .map(|n| NetworkName { id: n.id, name: n.name })
        .collect();
    js(&names)
}

/// The plan in memory (see the module doc).
#[wasm_bindgen(js_name = PlanBook)]
pub struct Book {
    book: Core,
    lang: Lang,
}

/// A storage item to write.
#[derive(Serialize)]
struct Change<'a, T> {
    key: String,
    value: &'a T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoadReport<'a> {
    posts: usize,
    campaigns: usize,
    pillars: usize,
    quarantine: &'a [Held],
    #[serde(skip_serializing_if = "Option::is_none")]
    migrated_from: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device: Option<String>,
}

/// A query's answer with the tray cut to a page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FoundPage<'a> {
    scheduled: &'a [&'a porte_voix_core::plan::Post],
    unscheduled: &'a [&'a porte_voix_core::plan::Post],
    unscheduled_total: usize,
}

#[derive(Serialize)]
struct NeedReport {
    intern: bool,
    sensitive: Vec<String>,
    required: bool,
    reason: String,
}

#[derive(Serialize)]
struct FileError {
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RestoreReport {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<FileError>,
    #[serde(flatten)]
    restored: Option<porte_voix_core::plan::book::Restored>,
}

/// The browser's clock.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// An `Error` with `message` and a `code` (and more properties) for the page to test.
fn coded(message: &str, code: &str, extra: &[(&str, JsValue)]) -> JsValue {
    let error = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    for (name, value) in extra {
        let _ = js_sys::Reflect::set(&error, &(*name).into(), value);
    }
    error.into()
}

fn bad_input(what: &str, e: impl std::fmt::Display) -> JsValue {
    coded(&format!("bad {what}: {e}"), "bad-input", &[])
}

/// `value` as JSON (`undefined` and `null` as `null`). Plan data crosses the boundary as JSON
/// text (the browser's `JSON.stringify`/`JSON.parse`, serde_json here): one serializer for every
/// plan type instead of a second one generated per type, and faster on thousands of records.
fn json_in(value: &JsValue, what: &str) -> Result<Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(value).map_err(|_| bad_input(what, "not JSON data"))?;
    serde_json::from_str(&String::from(text)).map_err(|e| bad_input(what, e))
}

/// `value` as `T`; `undefined`/`null` as `T::default()`. A misspelt field is refused by name.
fn input<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, JsValue> {
    match json_in(&value, what)? {
        Value::Null => Ok(T::default()),
        json => typed(&json, what),
    }
}

/// `json` as `T`; serde's message names a missing, unknown or misspelt field (no path tracking
/// here: these are the panel's own arguments, and it costs code size in the wasm).
fn typed<T: DeserializeOwned>(json: &Value, what: &str) -> Result<T, JsValue> {
    T::deserialize(json).map_err(|e| bad_input(what, e))
}

/// `Some` as the value, `None` as `undefined` (not `null`).
fn js_opt<T: Serialize>(value: Option<T>) -> Result<JsValue, JsValue> {
    match value {
        Some(v) => js(&v),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// `value` as a JavaScript value, through JSON text.
fn js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_value(value)
        .and_then(|v| serde_json::to_string(&v))
        .map_err(|e| coded(&e.to_string(), "bad-input", &[]))?;
    js_sys::JSON::parse(&text)
}

fn change<T: Record>(record: &T) -> Result<JsValue, JsValue> {
    js(&Change { key: T::COLLECTION.storage_key(&record.meta().id), value: record })
}

/// A book error as an `Error` with its `code`, in `lang`.
fn book_error(e: &BookError, lang: Lang) -> JsValue {
    let message = e.message(lang);
    match e {
        BookError::NotFound { .. } => coded(&message, "not-found", &[]),
        BookError::IdTaken { .. } => coded(&message, "id-taken", &[]),
        BookError::BadId { .. } => coded(&message, "bad-id", &[]),
        BookError::Invalid { field, .. } => coded(&message, "invalid", &[("field", field.into())]),
        BookError::Transition { from, to, .. } => coded(
            &message,
            "transition",
            &[("from", status_name(*from).into()), ("to", status_name(*to).into())],
        ),
        BookError::NotApplicable { .. } => coded(&message, "not-applicable", &[]),
    }
}

/// The storage item of the changed record, or the error.
fn done<T: Record>(lang: Lang, result: Result<&T, BookError>) -> Result<JsValue, JsValue> {
    match result {
        Ok(record) => change(record),
        Err(e) => Err(book_error(&e, lang)),
    }
}

impl Book {
    fn actor(&self, actor: JsValue) -> Result<Option<Actor>, JsValue> {
        match json_in(&actor, "actor ({ name, role })")? {
            Value::Null => Ok(None),
            json => typed(&json, "actor ({ name, role })").map(Some),
        }
    }

    /// Puts imported `posts` in the book (those whose id is already there are skipped) and
    /// reports the storage items to write.
    fn take_imported(
        &mut self,
        posts: Vec<porte_voix_core::plan::Post>,
        problems: &impl Serialize,
        layout: Option<&str>,
    ) -> Result<JsValue, JsValue> {
        let device = self.book.device().to_string();
        let (mut items, mut imported, mut skipped) = (serde_json::Map::new(), Vec::new(), Vec::new());
        for mut post in posts {
            if self.book.post(&post.meta.id).is_ok() {
                skipped.push(post.meta.id);
                continue;
            }
            if post.meta.clock.is_empty() {
                post.meta.clock.insert(device.clone(), 1);
            }
            let (key, value) = porte_voix_core::plan::book::storage_item(&post);
            if self.book.put_stored(&key, value.clone()).held.is_none() {
                items.insert(key, value);
                imported.push(post.meta.id);
            }
        }
        let report = serde_json::json!({ "items": items, "imported": imported, "skipped": skipped, "problems": problems, "layout": layout });
        js(&report)
    }
}

/// What the panel sets for a conflict check (the rest of `ConflictOptions` comes from the book).
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct ConflictInput {
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    min_gap_minutes: std::collections::BTreeMap<String, u32>,
    max_per_day: std::collections::BTreeMap<String, u32>,
    allowed_hours: Option<AllowedHours>,
}

/// How the panel reads a CSV file.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct CsvInput {
    zone: String,
    layout: Option<String>,
    networks: Vec<String>,
    date_order: Option<String>,
}

/// An instant from RFC 3339 text, or a located `bad-input` error naming `what`.
fn instant(text: &str, what: &str) -> Result<DateTime<Utc>, JsValue> {
    DateTime::parse_from_rfc3339(text.trim()).map(|t| t.with_timezone(&Utc)).map_err(|_| {
        bad_input(what, format!("\"{text}\" is not an RFC 3339 time such as 2026-12-01T08:00:00Z"))
    })
}

#[wasm_bindgen(js_class = PlanBook)]
impl Book {
    /// An empty book whose changes are counted for `device` (a stable id of this browser profile).
    #[wasm_bindgen(constructor)]
    pub fn new(device: &str) -> Result<Book, JsValue> {
        if device.trim().is_empty() {
            return Err(coded(
                "a plan book needs a device id (a stable id of this browser profile)",
                "bad-input",
                &[],
            ));
        }
        let mut book = Core::new(device);
        book.set_zone_resolver(Box::new(platform::zones()));
        Ok(Book { book, lang: Lang::En })
    }

    /// This book's device id.
    #[wasm_bindgen(getter)]
    pub fn device(&self) -> String {
        self.book.device().to_string()
    }

    /// The language of error messages: "fr" or "en".
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&mut self, lang: &str) -> Result<(), JsValue> {
        self.lang = Lang::parse_lenient(lang).ok_or_else(|| {
            coded(&format!("unknown language '{lang}': use \"fr\" or \"en\""), "bad-input", &[])
        })?;
        Ok(())
    }

    /// Who acts by default, and their role (writer, intern, approver, admin).
    #[wasm_bindgen(js_name = setActor)]
    pub fn set_actor(&mut self, name: &str, role: &str) -> Result<(), JsValue> {
        let role = Role::parse(role).ok_or_else(|| {
            coded(&format!("unknown role '{role}': use writer, intern, approver or admin"), "bad-input", &[])
        })?;
        self.book.set_actor(Actor { name: name.to_string(), role });
        Ok(())
    }

    /// The guide's sensitive words (`engine.sensitiveTerms()`), which force review.
    #[wasm_bindgen(js_name = setSensitiveTerms)]
    pub fn set_sensitive_terms(&mut self, terms: Vec<String>) {
        self.book.set_sensitive_terms(SensitiveTerms::new(&terms));
    }

    /// Seeds the id generator; pass a random number (e.g. from `crypto.getRandomValues`).
    #[wasm_bindgen(js_name = setSeed)]
    pub fn set_seed(&mut self, seed: f64) {
        self.book.set_seed(seed.to_bits());
    }

    /// Replaces the book with every `plan.*` storage item (an object key → value). Corrupt items
    /// are quarantined (listed in the report with their keys) and must stay in storage untouched.
    #[wasm_bindgen(js_name = loadStored, unchecked_return_type = "PlanLoadReport")]
    pub fn load_stored(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] items: JsValue,
    ) -> Result<JsValue, JsValue> {
        if items.is_undefined() || items.is_null() {
            return Err(bad_input("storage items", "expected an object of plan.* items"));
        }
        let text =
            js_sys::JSON::stringify(&items).map_err(|_| bad_input("storage items", "not JSON data"))?;
        let read = read_stored_json(&String::from(text)).map_err(|e| {
            let code = if matches!(e, PlanFileError::Newer { .. }) { "newer-version" } else { "bad-input" };
            coded(&e.message(self.lang), code, &[])
        })?;
        let (migrated_from, device) = (read.migrated_from, read.device.clone());
        self.book.load_stored(read);
        let plan = self.book.to_plan();
        js(&LoadReport {
            posts: plan.posts.len(),
            campaigns: plan.campaigns.len(),
            pillars: plan.pillars.len(),
            quarantine: self.book.quarantine(),
            migrated_from,
            device,
        })
    }

    /// Another page wrote storage item `key`: merge it with what the book holds. Returns the
    /// quarantine entry if it does not read, and what to write back so storage holds the merge.
    #[wasm_bindgen(js_name = putStored, unchecked_return_type = "PlanTakenIn")]
    pub fn put_stored(&mut self, key: &str, value: JsValue) -> Result<JsValue, JsValue> {
        let value = json_in(&value, "storage value")?;
        js(&self.book.put_stored(key, value))
    }

    /// Puts storage item `key` back to `value` without merging (undoing a refused write).
    /// Returns the quarantine entry if it does not read.
    #[wasm_bindgen(js_name = replaceStored, unchecked_return_type = "Quarantined | undefined")]
    pub fn replace_stored(&mut self, key: &str, value: JsValue) -> Result<JsValue, JsValue> {
        let value = json_in(&value, "storage value")?;
        js_opt(self.book.replace_stored(key, value))
    }

    /// Storage item `key` was removed.
    #[wasm_bindgen(js_name = removeStored)]
    pub fn remove_stored(&mut self, key: &str) {
        self.book.remove_stored(key);
    }

    /// Every storage item the plan needs (after a restore or a migration), key → value.
    #[wasm_bindgen(js_name = storageItems, unchecked_return_type = "Record<string, unknown>")]
    pub fn storage_items(&self) -> Result<JsValue, JsValue> {
        let items: serde_json::Map<String, Value> = self.book.storage_items().into_iter().collect();
        js(&items)
    }

    /// Creates a post; `id` optional (a new one from the seed otherwise).
    #[wasm_bindgen(js_name = createPost, unchecked_return_type = "PlanChange<Post>")]
    pub fn create_post(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PostFields")] fields: JsValue,
        id: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "PlanActor | undefined")] actor: JsValue,
    ) -> Result<JsValue, JsValue> {
        let fields: PostFields = input(fields, "post fields")?;
        let actor = self.actor(actor)?;
        done(self.lang, self.book.create_post(fields, id.as_deref(), actor.as_ref(), now()))
    }

    /// Changes the fields given (status through the review flow).
    #[wasm_bindgen(js_name = updatePost, unchecked_return_type = "PlanChange<Post>")]
    pub fn update_post(
        &mut self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "PostFields")] fields: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PlanActor | undefined")] actor: JsValue,
    ) -> Result<JsValue, JsValue> {
        let fields: PostFields = input(fields, "post fields")?;
        let actor = self.actor(actor)?;
        done(self.lang, self.book.update_post(id, fields, actor.as_ref(), now()))
    }

    /// Moves a post to `at` (RFC 3339) planned in IANA `zone`; `at` null: unscheduled.
    pub fn reschedule(
        &mut self,
        id: &str,
        at: Option<String>,
        zone: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "PlanActor | undefined")] actor: JsValue,
    ) -> Result<JsValue, JsValue> {
        let schedule = match at {
            None => None,
            Some(at) => {
                let instant = DateTime::parse_from_rfc3339(at.trim()).map_err(|_| {
                    bad_input(
                        "time",
                        format!("\"{at}\" is not an RFC 3339 time such as 2026-12-01T08:00:00Z"),
                    )
                })?;
                let zone = zone
                    .or_else(|| {
                        self.book.post(id).ok().and_then(|p| p.schedule.as_ref().map(|s| s.zone.clone()))
                    })
                    .unwrap_or_else(|| "UTC".into());
                Some(Schedule { at: instant.with_timezone(&Utc), zone })
            }
        };
        let actor = self.actor(actor)?;
        done(self.lang, self.book.reschedule(id, schedule, actor.as_ref(), now()))
    }

    /// Moves a post to `status` through the review flow (`comment` required to send back).
    #[wasm_bindgen(js_name = setStatus, unchecked_return_type = "PlanChange<Post>")]
    pub fn set_status(
        &mut self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "PostStatus")] status: &str,
        comment: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "PlanActor | undefined")] actor: JsValue,
    ) -> Result<JsValue, JsValue> {
        let status = parse_status(status).ok_or_else(|| {
            bad_input(
                "status",
                format!("'{status}': use idea, draft, in-review, approved, scheduled or published"),
            )
        })?;
        let actor = self.actor(actor)?;
        done(
            self.lang,
            self.book.set_status(id, status, comment.as_deref().unwrap_or(""), actor.as_ref(), now()),
        )
    }

    /// A review step: "submit", "approve" or "send-back" (with a comment).
    #[wasm_bindgen(unchecked_return_type = "PlanChange<Post>")]
    pub fn review(
        &mut self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "\"submit\" | \"approve\" | \"send-back\"")] action: &str,
        comment: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "PlanActor | undefined")] actor: JsValue,
    ) -> Result<JsValue, JsValue> {
        let action = match action {
            "submit" => ReviewAction::Submitted,
            "approve" => ReviewAction::Approved,
            "send-back" => ReviewAction::SentBack,
            other => {
                return Err(bad_input(
                    "review action",
                    format!("'{other}': use submit, approve or send-back"),
                ))
            }
        };
        let actor = self.actor(actor)?;
        done(self.lang, self.book.review(id, action, comment.as_deref().unwrap_or(""), actor.as_ref(), now()))
    }

    /// Deletes a post (the returned item is its tombstone, to write like any change).
    #[wasm_bindgen(js_name = deletePost, unchecked_return_type = "PlanChange<Post>")]
    pub fn delete_post(&mut self, id: &str) -> Result<JsValue, JsValue> {
        done(self.lang, self.book.delete_post(id, now()))
    }

    /// The live post `id`, or undefined.
    #[wasm_bindgen(js_name = getPost, unchecked_return_type = "Post | undefined")]
    pub fn get_post(&self, id: &str) -> Result<JsValue, JsValue> {
        js_opt(self.book.post(id).ok())
    }

    /// Posts in [from, to) by time, with the filters; unscheduled posts apart (the first
    /// `unscheduledLimit` of them when given, all counted in `unscheduledTotal`).
    #[wasm_bindgen(unchecked_return_type = "PlanFound")]
    pub fn query(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlanQuery | undefined")] query: JsValue,
    ) -> Result<JsValue, JsValue> {
        let mut json = json_in(&query, "query")?;
        let limit = match json.as_object_mut().and_then(|q| q.remove("unscheduledLimit")) {
            None | Some(Value::Null) => None,
            Some(n) => Some(
                n.as_u64()
                    .ok_or_else(|| bad_input("query", "unscheduledLimit must be a whole number such as 30"))?
                    as usize,
            ),
        };
        let query: Query = match json {
            Value::Null => Query::default(),
            json => typed(&json, "query")?,
        };
        let found = self.book.query(&query);
        let total = found.unscheduled.len();
        let unscheduled = &found.unscheduled[..limit.unwrap_or(total).min(total)];
        js(&FoundPage { scheduled: &found.scheduled, unscheduled, unscheduled_total: total })
    }

    /// Snapshot items derived from the book (the core's `plan::snapshot`): only `keys` when given
    /// (null for one that should not exist), else every one the plan calls for.
    #[wasm_bindgen(unchecked_return_type = "PlanSnapshots")]
    pub fn snapshots(&self, keys: Option<Vec<String>>) -> Result<JsValue, JsValue> {
        let items: serde_json::Map<String, Value> = self
            .book
            .snapshots(keys.as_deref())
            .into_iter()
            .map(|(key, value)| (key, value.map_or(Value::Null, Value::String)))
            .collect();
        js(&items)
    }

    /// Whether post `id` needs review when `actor` (default: the book's) changes it, and why.
    #[wasm_bindgen(js_name = reviewNeed, unchecked_return_type = "ReviewNeed")]
    pub fn review_need(
        &self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "PlanActor | undefined")] actor: JsValue,
    ) -> Result<JsValue, JsValue> {
        let actor = self.actor(actor)?;
        let need = self.book.review_need(id, actor.as_ref()).map_err(|e| book_error(&e, self.lang))?;
        js(&NeedReport {
            required: need.required(),
            reason: need.reasons(self.lang),
            intern: need.intern,
            sensitive: need.sensitive,
        })
    }

    /// Creates a campaign.
    #[wasm_bindgen(js_name = createCampaign, unchecked_return_type = "PlanChange<Campaign>")]
    pub fn create_campaign(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CampaignFields")] fields: JsValue,
        id: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let fields: CampaignFields = input(fields, "campaign fields")?;
        done(self.lang, self.book.create_campaign(fields, id.as_deref(), now()))
    }

    /// Changes a campaign.
    #[wasm_bindgen(js_name = updateCampaign, unchecked_return_type = "PlanChange<Campaign>")]
    pub fn update_campaign(
        &mut self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "CampaignFields")] fields: JsValue,
    ) -> Result<JsValue, JsValue> {
        let fields: CampaignFields = input(fields, "campaign fields")?;
        done(self.lang, self.book.update_campaign(id, fields, now()))
    }

    /// Deletes a campaign (tombstone).
    #[wasm_bindgen(js_name = deleteCampaign, unchecked_return_type = "PlanChange<Campaign>")]
    pub fn delete_campaign(&mut self, id: &str) -> Result<JsValue, JsValue> {
        done(self.lang, self.book.delete_campaign(id, now()))
    }

    /// Live campaigns by id.
    #[wasm_bindgen(unchecked_return_type = "Campaign[]")]
    pub fn campaigns(&self) -> Result<JsValue, JsValue> {
        js(&self.book.campaigns())
    }

    /// Creates a pillar.
    #[wasm_bindgen(js_name = createPillar, unchecked_return_type = "PlanChange<Pillar>")]
    pub fn create_pillar(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PillarFields")] fields: JsValue,
        id: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let fields: PillarFields = input(fields, "pillar fields")?;
        done(self.lang, self.book.create_pillar(fields, id.as_deref(), now()))
    }

    /// Changes a pillar.
    #[wasm_bindgen(js_name = updatePillar, unchecked_return_type = "PlanChange<Pillar>")]
    pub fn update_pillar(
        &mut self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "PillarFields")] fields: JsValue,
    ) -> Result<JsValue, JsValue> {
        let fields: PillarFields = input(fields, "pillar fields")?;
        done(self.lang, self.book.update_pillar(id, fields, now()))
    }

    /// Deletes a pillar (tombstone).
    #[wasm_bindgen(js_name = deletePillar, unchecked_return_type = "PlanChange<Pillar>")]
    pub fn delete_pillar(&mut self, id: &str) -> Result<JsValue, JsValue> {
        done(self.lang, self.book.delete_pillar(id, now()))
    }

    /// Live pillars by id.
    #[wasm_bindgen(unchecked_return_type = "Pillar[]")]
    pub fn pillars(&self) -> Result<JsValue, JsValue> {
        js(&self.book.pillars())
    }

    /// Records that could not be read, with their storage keys.
    #[wasm_bindgen(unchecked_return_type = "Quarantined[]")]
    pub fn quarantine(&self) -> Result<JsValue, JsValue> {
        js(&self.book.quarantine())
    }

    /// The full backup: the plan file's JSON text (tombstones and quarantine included).
    pub fn backup(&self) -> Result<String, JsValue> {
        write_plan(&self.book.to_plan()).map_err(|e| coded(&e.to_string(), "bad-input", &[]))
    }

    /// Replaces the plan with a backup's text. `ok: false` with a located error leaves the book
    /// as it was. Then write `storageItems()` and remove the record items no longer listed.
    #[wasm_bindgen(unchecked_return_type = "PlanRestoreReport")]
    pub fn restore(&mut self, text: &str) -> Result<JsValue, JsValue> {
        let report = match self.book.restore(text) {
            Ok(restored) => RestoreReport { ok: true, error: None, restored: Some(restored) },
            Err(e) => {
                let (line, column) = e.position().unzip();
                RestoreReport {
                    ok: false,
                    error: Some(FileError { message: e.message(self.lang), line, column }),
                    restored: None,
                }
            }
        };
        js(&report)
    }

    /// The calendar's conflicts (posts too close on a network, outside the allowed hours, too
    /// many a day, overdue...) involving a post in [from, to), by time, messages in the book's
    /// language (the core's `analysis::conflicts`).
    #[wasm_bindgen(unchecked_return_type = "PlanConflict[]")]
    pub fn conflicts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlanConflictOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input: ConflictInput = input(options, "conflict options")?;
        let mut opts = ConflictOptions::new(now(), self.lang);
        opts.min_gap_minutes = input.min_gap_minutes;
        opts.max_per_day = input.max_per_day;
        if let Some(hours) = input.allowed_hours {
            opts.allowed_hours = hours;
        }
        // Only the posts that can conflict with one in the period: the period widened by the
        // largest gap asked for and three days (a local day seen from any zone).
        let mut query = Query::default();
        if let (Some(from), Some(to)) = (input.from, input.to) {
            opts.period = Some(Period::new(from, to));
            let largest = opts.min_gap_minutes.values().copied().max().unwrap_or(0);
            let margin = chrono::Duration::minutes(i64::from(largest)) + chrono::Duration::days(3);
            query.from = from.checked_sub_signed(margin);
            query.to = to.checked_add_signed(margin);
        }
        let posts: Vec<_> = self.book.query(&query).scheduled.into_iter().cloned().collect();
        let campaigns: Vec<_> = self.book.campaigns().into_iter().cloned().collect();
        js(&analysis::conflicts(&posts, &campaigns, None, &platform::zones(), &opts))
    }

    /// The share of posts per pillar in [from, to) against the pillars' targets (the core's
    /// `analysis::mix`); `tolerance` in points (default 5).
    #[wasm_bindgen(js_name = pillarMix, unchecked_return_type = "PillarMix")]
    pub fn pillar_mix(&self, from: &str, to: &str, tolerance: Option<f64>) -> Result<JsValue, JsValue> {
        let period = Period::new(instant(from, "period start")?, instant(to, "period end")?);
        let pillars: Vec<porte_voix_core::guide::model::Pillar> = self
            .book
            .pillars()
            .into_iter()
            .map(|p| porte_voix_core::guide::model::Pillar {
                id: p.meta.id.clone(),
                name: p.name.clone(),
                share: p.target_percent.map_or(0, |t| t.clamp(0.0, 100.0).round() as u32),
                keywords: Vec::new(),
            })
            .collect();
        let posts: Vec<_> = self
            .book
            .query(&Query { from: Some(period.from), to: Some(period.to), ..Query::default() })
            .scheduled
            .into_iter()
            .cloned()
            .collect();
        let opts = MixOptions {
            tolerance: tolerance.filter(|t| t.is_finite() && *t >= 0.0).unwrap_or(5.0),
            lang: self.lang,
        };
        js(&analysis::pillar_mix(&posts, &pillars, &period, &opts))
    }

    /// The scheduled posts as an iCalendar file (RFC 5545): `{ ics, leftOut }`.
    #[wasm_bindgen(js_name = exportIcs, unchecked_return_type = "{ ics: string; leftOut: { postId: string; reason: { error: string } }[] }")]
    pub fn export_ics(&self) -> Result<JsValue, JsValue> {
        let options = porte_voix_core::plan::ics::ExportOptions::default();
        js(&porte_voix_core::plan::ics::export_calendar(&self.book.to_plan(), &platform::zones(), &options))
    }

    /// The posts as CSV in the Porte-voix layout (`;` cells and a BOM for French Excel when asked).
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self, semicolon: bool, bom: bool) -> String {
        let options = porte_voix_core::plan::csv::ExportOptions { semicolon, bom };
        porte_voix_core::plan::csv::export_csv(&self.book.to_plan(), &platform::zones(), options)
    }

    /// Reads an iCalendar file and adds its events as posts (times without a zone in IANA
    /// `zone`); bad events are reported with their line, the rest imported. Write `items`.
    #[wasm_bindgen(js_name = importIcs, unchecked_return_type = "PlanImport")]
    pub fn import_ics(&mut self, text: &str, zone: &str) -> Result<JsValue, JsValue> {
        let options = porte_voix_core::plan::ics::ImportOptions { zone: zone.to_string(), now: now() };
        let read = porte_voix_core::plan::ics::import_calendar(text.as_bytes(), &platform::zones(), &options);
        self.take_imported(read.posts, &read.problems, None)
    }

    /// Reads a CSV file (Porte-voix, Hootsuite or Buffer layout) and adds its rows as posts;
    /// bad rows are reported with their line, the rest imported. Write `items`.
    #[wasm_bindgen(js_name = importCsv, unchecked_return_type = "PlanImport")]
    pub fn import_csv(
        &mut self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "PlanCsvImportOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        use porte_voix_core::plan::csv::{DateOrder, Layout};
        let input: CsvInput = input(options, "CSV import options")?;
        let layout = match input.layout.as_deref().unwrap_or("auto") {
            "auto" => Layout::Auto,
            "porte-voix" => Layout::PorteVoix,
            "hootsuite" => Layout::Hootsuite,
            "buffer" => Layout::Buffer,
            other => {
                return Err(bad_input(
                    "CSV layout",
                    format!("'{other}': use auto, porte-voix, hootsuite or buffer"),
                ))
            }
        };
        let date_order = match input.date_order.as_deref().unwrap_or("auto") {
            "auto" => DateOrder::Auto,
            "day-first" => DateOrder::DayFirst,
            "month-first" => DateOrder::MonthFirst,
            other => {
                return Err(bad_input("date order", format!("'{other}': use auto, day-first or month-first")))
            }
        };
        let zone = if input.zone.trim().is_empty() { "UTC".to_string() } else { input.zone };
        let options = porte_voix_core::plan::csv::ImportOptions {
            layout,
            zone,
            networks: input.networks,
            date_order,
            now: now(),
        };
        let read = porte_voix_core::plan::csv::import_csv(text.as_bytes(), &platform::zones(), &options);
        let layout = serde_json::to_value(read.layout).ok().and_then(|v| v.as_str().map(str::to_string));
        self.take_imported(read.posts, &read.problems, layout.as_deref())
    }

    /// The posts with versions in conflict, by id (see `resolvePost`).
    #[wasm_bindgen(js_name = postConflicts, unchecked_return_type = "PostConflict[]")]
    pub fn post_conflicts(&self) -> Result<JsValue, JsValue> {
        js(&self.book.post_conflicts())
    }

    /// Resolves a post's conflict by keeping `version`, one of the versions `postConflicts` gave
    /// (a kept deletion deletes the post). Write `key`/`value` and remove the `remove` keys.
    /// Refused (`invalid`, field `version`) when the post changed meanwhile.
    #[wasm_bindgen(js_name = resolvePost, unchecked_return_type = "PlanResolved")]
    pub fn resolve_post(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Post")] version: JsValue,
    ) -> Result<JsValue, JsValue> {
        let version: porte_voix_core::plan::Post = typed(&json_in(&version, "version")?, "version")?;
        match self.book.resolve_post(&version, now()) {
            Ok(resolved) => js(&resolved),
            Err(e) => Err(book_error(&e, self.lang)),
        }
    }
}
