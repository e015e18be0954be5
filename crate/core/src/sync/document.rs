//! The synced documents: settings, the guide source, snippets and disabled rules, each kept in
//! `storage.sync` as a set of small JSON records so two devices can change different parts of it
//! (two settings, two snippets) without a conflict, and the same part without losing either
//! change.
//!
//! A document is a [`Replica`] of [`SyncedRecord`]s: one record per setting name, per snippet id,
//! per disabled rule id, or a single record for the guide source.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::merge::{self, Replica, Versioned};
use crate::plan::RecordMeta;

/// One synced record: a JSON value under an id, with its change tracking.
///
/// The value is kept as the JSON text it came in (`JSON.stringify`'s), never reinterpreted, so it
/// comes back out exactly: numbers keep every digit, objects their key order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncedRecord {
    /// Identity, clock and tombstone.
    pub meta: RecordMeta,
    /// The value (a setting, a snippet, the guide source, `true` for a disabled rule).
    pub value: Box<RawValue>,
}

impl PartialEq for SyncedRecord {
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta && self.value.get() == other.value.get()
    }
}

impl Versioned for SyncedRecord {
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn same_content(&self, other: &Self) -> bool {
        self.value.get() == other.value.get()
    }
    fn fingerprint(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A synced document: the records shown and the conflicts kept.
pub type SyncedDoc = Replica<SyncedRecord>;

/// Changes a device makes to a document in one go.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocChanges {
    /// Ids to create or overwrite, with their new values. Setting an id that is in conflict
    /// resolves the conflict with this value.
    #[serde(default)]
    pub set: BTreeMap<String, Box<RawValue>>,
    /// Ids to delete (they stay as tombstones so the delete reaches other devices).
    #[serde(default)]
    pub remove: Vec<String>,
}

/// Applies `changes` made on `device` at `now`. Returns how many records actually changed
/// (setting a value to what it already is, or removing what is absent, changes nothing).
pub fn apply(doc: &mut SyncedDoc, changes: &DocChanges, device: &str, now: DateTime<Utc>) -> usize {
    let mut changed = 0;
    for (id, value) in &changes.set {
        let created = doc.get(id).map_or(now, |r| r.meta.created);
        let record = SyncedRecord {
            meta: RecordMeta {
                id: id.clone(),
                created,
                updated: now,
                clock: Default::default(),
                deleted: false,
            },
            value: value.clone(),
        };
        changed += usize::from(merge::edit(doc, record, device, now));
    }
    for id in &changes.remove {
        changed += usize::from(merge::delete(doc, id, device, now));
    }
    changed
}

/// The live values of a document, by id (deleted records left out), as JSON text.
pub fn values(doc: &SyncedDoc) -> BTreeMap<&str, &str> {
    doc.records.iter().filter(|r| !r.meta.deleted).map(|r| (r.meta.id.as_str(), r.value.get())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::merge::merge;
    use crate::sync::merge::tests::at;
    /// JSON text as a raw value (the tests write their values as JSON literals).
    fn json(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_string()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn set(pairs: &[(&str, &str)]) -> DocChanges {
        DocChanges { set: pairs.iter().map(|(k, v)| (k.to_string(), json(v))).collect(), remove: Vec::new() }
    }

    #[test]
    fn two_devices_changing_different_settings_both_keep_their_change() {
        let mut base = SyncedDoc::default();
        apply(&mut base, &set(&[("lang", r#""fr""#), ("theme", r#""light""#)]), "laptop", at(0));
        let (mut laptop, mut phone) = (base.clone(), base);
        apply(&mut laptop, &set(&[("lang", r#""en""#)]), "laptop", at(1));
        apply(&mut phone, &set(&[("theme", r#""dark""#)]), "phone", at(2));
        let merged = merge(&laptop, &phone);
        assert_eq!(merged, merge(&phone, &laptop));
        assert!(merged.conflicts.is_empty());
        let shown = values(&merged);
        assert_eq!(shown["lang"], r#""en""#);
        assert_eq!(shown["theme"], r#""dark""#);
    }

    #[test]
    fn the_same_setting_changed_twice_keeps_both_until_resolved() {
        let mut base = SyncedDoc::default();
        apply(&mut base, &set(&[("guide", r#""v1""#)]), "laptop", at(0));
        let (mut laptop, mut phone) = (base.clone(), base);
        apply(&mut laptop, &set(&[("guide", r#""laptop's""#)]), "laptop", at(1));
        apply(&mut phone, &set(&[("guide", r#""phone's""#)]), "phone", at(2));
        let mut merged = merge(&laptop, &phone);
        assert_eq!(values(&merged)["guide"], r#""phone's""#);
        assert_eq!(merged.conflicts[0].value.get(), r#""laptop's""#);
        assert_eq!(apply(&mut merged, &set(&[("guide", r#""both""#)]), "laptop", at(3)), 1);
        assert!(merged.conflicts.is_empty());
        assert_eq!(merge(&merged, &phone), merged, "the resolution supersedes both old versions");
    }

    #[test]
    fn removing_leaves_a_tombstone_and_unchanged_writes_are_no_ops() {
        let mut doc = SyncedDoc::default();
        assert_eq!(apply(&mut doc, &set(&[("rule.a", "true")]), "d", at(0)), 1);
        assert_eq!(apply(&mut doc, &set(&[("rule.a", "true")]), "d", at(1)), 0);
        let removal =
            DocChanges { set: BTreeMap::new(), remove: vec!["rule.a".into(), "rule.absent".into()] };
        assert_eq!(apply(&mut doc, &removal, "d", at(2)), 1);
        assert!(values(&doc).is_empty());
        assert!(doc.records[0].meta.deleted);
        assert_eq!(doc.records[0].meta.created, at(0));
    }

    #[test]
    fn reads_and_writes_the_documented_json() {
        let mut doc = SyncedDoc::default();
        apply(&mut doc, &set(&[("lang", r#""fr""#)]), "d1", at(0));
        let text = serde_json::to_string(&doc).unwrap_or_default();
        assert!(text.starts_with(r#"{"records":[{"meta":{"id":"lang","#), "{text}");
        assert!(!text.contains("conflicts"), "an empty conflict list is left out");
        let back: SyncedDoc = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, doc);
        // Values come back exactly as given, digits and key order included.
        let mut exact = SyncedDoc::default();
        apply(
            &mut exact,
            &set(&[("n", r#"{"z":0.30000000000000004,"a":1e400,"big":12345678901234567890}"#)]),
            "d1",
            at(0),
        );
        let text = serde_json::to_string(&exact).unwrap_or_default();
        assert!(
            text.contains(r#""value":{"z":0.30000000000000004,"a":1e400,"big":12345678901234567890}"#),
            "{text}"
        );
        let empty: SyncedDoc = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!(empty, SyncedDoc::default());
    }
}
