//! Syncing for the extension: merging plans and synced documents, and planning `storage.sync`
//! writes and reads (chunking, quotas, half-written values). Thin: every rule is in
//! `porte_voix_core::sync` and `porte_voix_core::plan::merge`.
//!
//! Values cross the boundary as JSON text (`JSON.stringify` / `JSON.parse` on the JavaScript
//! side), so what is chunked and measured is exactly what the browser stores and counts.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use js_sys::{Object, Reflect, JSON};
use porte_voix_core::plan::{merge as plan_merge, Plan};
use porte_voix_core::sync::chunks::{self, RecentWrites, CHROME_SYNC_QUOTA};
use porte_voix_core::sync::document::{self, DocChanges, SyncedDoc};
use porte_voix_core::sync::merge as record_merge;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;

use crate::json::{from_js, stringify, to_js};

#[wasm_bindgen(typescript_custom_section)]
const SYNC_TS_TYPES: &'static str = r#"
/** Identity and change tracking of a record: `clock` counts each device's changes, `deleted` marks a tombstone. Times are RFC 3339. */
export interface SyncRecordMeta { id: string; created: string; updated: string; clock?: Record<string, number>; deleted?: boolean; }
/** A plan as stored (crate/core/src/plan/model.rs); records are typed loosely here. */
export interface SyncPlan { version: number; posts?: SyncPlanRecord[]; campaigns?: SyncPlanRecord[]; pillars?: SyncPlanRecord[]; quarantine?: { collection: string; raw: unknown; reason: string }[]; conflicts?: SyncPlanConflict[]; }
export interface SyncPlanRecord { meta: SyncRecordMeta; [field: string]: unknown; }
/** A version kept because another device changed the same record at the same time. */
export interface SyncPlanConflict { id: string; version: { post: SyncPlanRecord } | { campaign: SyncPlanRecord } | { pillar: SyncPlanRecord }; }
/** One synced record: a JSON value under an id. */
export interface SyncedRecord { meta: SyncRecordMeta; value: unknown; }
/** A synced document (settings, guide, snippets, disabled rules): one version shown per id, concurrent losers kept. */
export interface SyncDocument { records: SyncedRecord[]; conflicts?: SyncedRecord[]; }
/** Changes to a document: ids to set (resolves a conflict on that id) and ids to delete. */
export interface SyncDocChanges { set?: Record<string, unknown>; remove?: string[]; }
export interface SyncMessage { en: string; fr: string; }
/** Why a write does not fit: the quota (Chrome's name), the figures and what to tell the user. */
export interface SyncQuotaReason { code: "QUOTA_BYTES" | "QUOTA_BYTES_PER_ITEM" | "MAX_ITEMS" | "MAX_WRITE_OPERATIONS_PER_MINUTE" | "MAX_WRITE_OPERATIONS_PER_HOUR"; needed: number; limit: number; retryAfterMs?: number; message: SyncMessage; }
/** The items to `set` and `remove` (in that order), and whether the write fits every quota. */
export interface SyncWritePlan { set: Record<string, unknown>; remove: string[]; fitsQuota: boolean; reason?: SyncQuotaReason; operations: number; totalBytes: number; items: number; valueBytes: number; }
/** Times (ms since the epoch) of this device's recent storage.sync writes, and now: enables the write-rate check. */
export interface SyncWriteOptions { recentWrites?: number[]; now?: number; }
/** A value read back: `value` when complete, `missing` when never written, `error` when half-written or damaged (keep the previous copy). */
export type SyncReadResult = { value: unknown } | { missing: true } | { error: { code: "incomplete" | "unreadable" | "newer-format"; message: SyncMessage } };
"#;

/// The storage items given (an object of item key → value) as item key → JSON text of the value.
fn item_texts(items: &JsValue, what: &str) -> Result<BTreeMap<String, String>, JsError> {
    if items.is_undefined() || items.is_null() {
        return Ok(BTreeMap::new());
    }
    if !items.is_object() {
        return Err(JsError::new(&format!(
            "{what} must be an object of item key → value, as storage.sync.get(null) returns"
        )));
    }
    let mut texts = BTreeMap::new();
    for key in Object::keys(&Object::from(items.clone())).iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let value = Reflect::get(items, &key)
            .map_err(|_| JsError::new(&format!("{what}: item \"{name}\" cannot be read")))?;
        texts.insert(name.clone(), stringify(&value, &format!("{what}: item \"{name}\""))?);
    }
    Ok(texts)
}

pub(crate) fn rfc3339(now: &str) -> Result<DateTime<Utc>, JsError> {
    DateTime::parse_from_rfc3339(now).map(|t| t.with_timezone(&Utc)).map_err(|e| {
        JsError::new(&format!(
            "bad time \"{now}\": {e}; give an RFC 3339 time such as new Date().toISOString()"
        ))
    })
}

/// Merges two copies of a plan: newer records win, concurrent changes are both kept (the same
/// winner shown everywhere, the others in `conflicts`), deletions propagate, quarantined records
/// are unioned. Commutative, associative and idempotent.
#[wasm_bindgen(js_name = mergePlans, unchecked_return_type = "SyncPlan")]
pub fn merge_plans(
    #[wasm_bindgen(unchecked_param_type = "SyncPlan")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SyncPlan")] b: JsValue,
) -> Result<JsValue, JsError> {
    let a: Plan = from_js(&a, "first plan")?;
    let b: Plan = from_js(&b, "second plan")?;
    to_js(&plan_merge::merge(&a, &b))
}

/// Merges two copies of a synced document (same rules as plans).
#[wasm_bindgen(js_name = mergeSyncDocuments, unchecked_return_type = "SyncDocument")]
pub fn merge_sync_documents(
    #[wasm_bindgen(unchecked_param_type = "SyncDocument | undefined")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SyncDocument | undefined")] b: JsValue,
) -> Result<JsValue, JsError> {
    let a = document_from_js(&a, "first document")?;
    let b = document_from_js(&b, "second document")?;
    to_js(&record_merge::merge(&a, &b))
}

/// The document after `changes` made on `device` at `now` (RFC 3339). Setting an id that is in
/// conflict resolves the conflict with that value.
#[wasm_bindgen(js_name = editSyncDocument, unchecked_return_type = "SyncDocument")]
pub fn edit_sync_document(
    #[wasm_bindgen(unchecked_param_type = "SyncDocument | undefined")] doc: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SyncDocChanges")] changes: JsValue,
    device: &str,
    now: &str,
) -> Result<JsValue, JsError> {
    if device.is_empty() {
        return Err(JsError::new("editSyncDocument needs this device's id"));
    }
    let mut doc = document_from_js(&doc, "document")?;
    let changes: DocChanges = from_js(&changes, "changes")?;
    document::apply(&mut doc, &changes, device, rfc3339(now)?);
    to_js(&doc)
}

fn document_from_js(value: &JsValue, what: &str) -> Result<SyncedDoc, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(SyncedDoc::default());
    }
    from_js(value, what)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct WriteOptions {
    #[serde(default)]
    recent_writes: Option<Vec<f64>>,
    #[serde(default)]
    now: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WritePlanOut<'a> {
    set: Box<RawValue>,
    remove: &'a [String],
    fits_quota: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a chunks::QuotaExceeded>,
    operations: u64,
    total_bytes: u64,
    items: u64,
    value_bytes: u64,
}

/// Plans storing `value` under `key` in `storage.sync`, given the area's current items
/// (`storage.sync.get(null)`): the items to set and remove (only those that change) and whether
/// the write fits every quota; with `options.recentWrites` and `options.now`, the write rates too.
#[wasm_bindgen(js_name = planSyncWrite, unchecked_return_type = "SyncWritePlan")]
pub fn plan_sync_write(
    key: &str,
    value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] current_items: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SyncWriteOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let json = stringify(&value, &format!("the value for \"{key}\""))?;
    let current = item_texts(&current_items, "currentItems")?;
    let options: WriteOptions = if options.is_undefined() || options.is_null() {
        WriteOptions::default()
    } else {
        from_js(&options, "options")?
    };
    let recent: Vec<i64> = options
        .recent_writes
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.is_finite())
        .map(|t| t as i64)
        .collect();
    let rate = options.now.filter(|t| t.is_finite()).map(|now| RecentWrites { at: &recent, now: now as i64 });
    let plan =
        chunks::plan_write(key, &json, &current, &CHROME_SYNC_QUOTA, rate).map_err(|e| JsError::new(&e.0))?;
    to_js(&WritePlanOut {
        set: items_object(&plan.set)?,
        remove: &plan.remove,
        fits_quota: plan.exceeded.is_none(),
        reason: plan.exceeded.as_ref(),
        operations: plan.operations,
        total_bytes: plan.total_bytes,
        items: plan.items,
        value_bytes: plan.value_bytes,
    })
}

/// The items to set as one JSON object text, `{"key": value, …}`, values spliced in as they are.
fn items_object(items: &[(String, String)]) -> Result<Box<RawValue>, JsError> {
    let mut text = String::from("{");
    for (i, (key, value)) in items.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&serde_json::to_string(key).map_err(|e| JsError::new(&e.to_string()))?);
        text.push(':');
        text.push_str(value);
    }
    text.push('}');
    RawValue::from_string(text).map_err(|e| JsError::new(&format!("internal error: {e}")))
}

#[derive(Serialize)]
struct ReadFailure<'a> {
    error: &'a chunks::ReadError,
}

#[derive(Serialize)]
struct ReadMissing {
    missing: bool,
}

/// Reads the value stored under `key` back from the area's items: `{ value }` when every piece
/// is there and matches its manifest, `{ missing: true }` when nothing is stored, `{ error }` when
/// it is half-written (another device's write still arriving) or damaged: keep the previous copy.
#[wasm_bindgen(js_name = planSyncRead, unchecked_return_type = "SyncReadResult")]
pub fn plan_sync_read(
    key: &str,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] items: JsValue,
) -> Result<JsValue, JsError> {
    let items = item_texts(&items, "items")?;
    match chunks::read_value(key, &items) {
        Ok(None) => to_js(&ReadMissing { missing: true }),
        Ok(Some(text)) => match JSON::parse(&text) {
            Ok(value) => {
                let out = Object::new();
                Reflect::set(&out, &"value".into(), &value)
                    .map_err(|_| JsError::new("internal error: cannot build the result"))?;
                Ok(out.into())
            }
            Err(_) => {
                let error = chunks::ReadError {
                    code: "unreadable".into(),
                    message: chunks::Message {
                        en: format!("“{key}” in sync storage is damaged: its parts assemble into text that is not JSON."),
                        fr: format!("« {key} » est endommagé dans le stockage synchronisé : ses parties assemblées ne forment pas du JSON."),
                    },
                };
                to_js(&ReadFailure { error: &error })
            }
        },
        Err(error) => to_js(&ReadFailure { error: &error }),
    }
}
