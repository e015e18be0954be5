//! Older plan versions, brought up to [`PLAN_SCHEMA_VERSION`] one record at a time.
//!
//! Each record is migrated on its own, so one record that cannot be migrated is quarantined and
//! the rest loads.
//!
//! ## Version 0 (before records had `meta`)
//! The first calendar kept flat records, with times as JavaScript wrote them (`toISOString()`):
//!
//! ```json
//! { "version": 0,
//!   "posts": [{ "id": "p1", "text": "…", "network": "x", "status": "review",
//!               "scheduled": "2026-03-02T08:00:00.000Z", "tz": "Europe/Paris",
//!               "pillar": "…", "campaign": "…", "assignee": "…", "notes": "…",
//!               "created": "…", "postedAt": "…" }],
//!   "campaigns": [{ "id": "c1", "name": "…", "starts": "2026-03-01", "ends": "…", "hashtags": ["…"] }],
//!   "pillars": [{ "id": "l1", "name": "…", "target": 40, "color": "#2a9d8f" }] }
//! ```
//!
//! - `network` (one id) or `networks` (a list); status names `idea`, `draft`, `review`, `ready`,
//!   `scheduled`, `posted` (missing: `scheduled` when there is a time, else `draft`);
//! - `scheduled`: an RFC 3339 time with an offset, `null` or `""` (unscheduled); `tz` the IANA zone
//!   it was planned in (missing: `UTC`); `postedAt` becomes `metrics.publishedAt`;
//! - `created` is optional: unknown creation times become 1970-01-01T00:00:00Z. The version
//!   vector starts empty (no device is known to have changed the record), so any later edit wins a
//!   merge against the migrated copy;
//! - fields version 0 did not have are left in place, so that version 1 refuses them by name
//!   instead of dropping them.
//!
//! [`PLAN_SCHEMA_VERSION`]: super::model::PLAN_SCHEMA_VERSION

use super::record::Collection;
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

/// `raw`, a record of `collection` written by plan version `from`, in the current version's shape;
/// `Err` with the field and the reason when it cannot be migrated.
pub fn migrate_record(collection: Collection, from: u32, raw: &Value) -> Result<Value, String> {
    match from {
        0 => v0_to_v1(collection, raw),
        _ => Ok(raw.clone()),
    }
}

fn v0_to_v1(collection: Collection, raw: &Value) -> Result<Value, String> {
    let Value::Object(old) = raw else {
        return Err(format!("a version 0 {} must be an object, found {}", collection.name(), kind(raw)));
    };
    let mut rec = old.clone();
    let id = match rec.remove("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => id,
        Some(other) => return Err(format!("id: must be a non-empty string, found {}", kind(&other))),
        None => return Err("id: missing (version 0 records are identified by their `id`)".to_string()),
    };
    let created = match rec.remove("created") {
        None | Some(Value::Null) => DateTime::<Utc>::UNIX_EPOCH,
        Some(v) => time(&v, "created")?.ok_or("created: empty time")?,
    };
    rec.insert("meta".into(), json!({ "id": id, "created": created, "updated": created, "clock": {} }));
    match collection {
        Collection::Posts => v0_post(&mut rec)?,
        Collection::Pillars => rename(&mut rec, "target", "targetPercent"),
        Collection::Campaigns => {}
    }
    Ok(Value::Object(rec))
}

fn v0_post(rec: &mut Map<String, Value>) -> Result<(), String> {
    if let Some(network) = rec.remove("network") {
        if rec.contains_key("networks") {
            return Err("network: give either `network` or `networks`, not both".into());
        }
        rec.insert("networks".into(), Value::Array(vec![network]));
    }
    let zone = match rec.remove("tz") {
        None | Some(Value::Null) => "UTC".to_string(),
        Some(Value::String(z)) if !z.trim().is_empty() => z.trim().to_string(),
        Some(other) => {
            return Err(format!(
                "tz: must be an IANA zone name such as \"Europe/Paris\", found {}",
                kind(&other)
            ))
        }
    };
    let at = match rec.remove("scheduled") {
        None | Some(Value::Null) => None,
        Some(v) => time(&v, "scheduled")?,
    };
    let status = match rec.remove("status") {
        None | Some(Value::Null) => if at.is_some() { "scheduled" } else { "draft" }.to_string(),
        Some(Value::String(s)) => match s.as_str() {
            "idea" | "draft" | "scheduled" => s,
            "review" => "in-review".into(),
            "ready" => "approved".into(),
            "posted" => "published".into(),
            other => return Err(format!("status: unknown version 0 status \"{other}\" (idea, draft, review, ready, scheduled or posted)")),
        },
        Some(other) => return Err(format!("status: must be a string, found {}", kind(&other))),
    };
    rec.insert("status".into(), Value::String(status));
    if let Some(at) = at {
        rec.insert("schedule".into(), json!({ "at": at, "zone": zone }));
    }
    match rec.remove("postedAt") {
        None | Some(Value::Null) => {}
        Some(v) => {
            if let Some(published) = time(&v, "postedAt")? {
                rec.insert("metrics".into(), json!({ "publishedAt": published }));
            }
        }
    }
    Ok(())
}

/// An RFC 3339 time field (`""` is no time), in UTC.
fn time(v: &Value, field: &str) -> Result<Option<DateTime<Utc>>, String> {
    match v {
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => {
            DateTime::parse_from_rfc3339(s.trim()).map(|t| Some(t.with_timezone(&Utc))).map_err(|_| {
                format!("{field}: \"{s}\" is not an RFC 3339 time such as 2026-03-02T09:00:00+01:00")
            })
        }
        other => Err(format!("{field}: must be an RFC 3339 time string, found {}", kind(other))),
    }
}

fn rename(rec: &mut Map<String, Value>, from: &str, to: &str) {
    if let Some(v) = rec.remove(from) {
        rec.insert(to.into(), v);
    }
}

/// The JSON kind of `v`, for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
