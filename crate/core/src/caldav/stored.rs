//! The extension's side of a sync: the plan as its `storage.local` items hold it (one item per
//! record, see `plan::book`), with the sync state in one more item, [`STATE_KEY`]; and, once a run
//! (or part of one) is done, the items to write back.
//!
//! Writing back never overwrites what storage holds now: the run's plan is merged with it first
//! (the plan's own merge), so an edit made in the side panel while the run was busy is kept, and
//! is sent on the next run (its post no longer matches what the state says the server has). The
//! state goes in the same write as the records it describes, so that a browser closed half-way
//! leaves storage with a plan and a state that agree.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::state::{pending, SyncState};
use crate::plan::book::PlanBook;
use crate::plan::file::{read_stored, PlanFileError, ReadStored};
use crate::plan::merge::merge;
use crate::plan::model::Plan;
use crate::plan::record::{parse_storage_key, StorageKey, META_KEY};

/// The `storage.local` item holding the [`SyncState`] of the plan's records.
pub const STATE_KEY: &str = "caldav.state";

/// Storage items to set and to remove.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StorageChanges {
    /// Items to set, key → value.
    pub set: Map<String, Value>,
    /// Keys to remove (conflicts the merge superseded).
    pub remove: Vec<String>,
    /// Scheduled posts the server has not seen once this is written (edits made during the run
    /// included): what the next run will send.
    pub queued: usize,
}

impl StorageChanges {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.remove.is_empty()
    }
}

/// The plan that `items` (every storage item, or at least the `plan.*` ones and [`STATE_KEY`])
/// hold, with its sync state. A state that does not read is dropped: the next run rebuilds it from
/// the server and loses nothing (objects are fetched again and merged).
pub fn stored_plan(items: &Map<String, Value>) -> Result<Plan, PlanFileError> {
    let mut plan = read_items(items)?.plan;
    plan.caldav = items.get(STATE_KEY).and_then(|v| serde_json::from_value::<SyncState>(v.clone()).ok());
    Ok(plan)
}

/// What to write so that storage holds `synced` (a run's plan, with its state) merged with what
/// it holds now (`current`, every `plan.*` item and [`STATE_KEY`]). Only records that differ from
/// the stored ones are listed; items that do not read (quarantined) are never written over;
/// `plan.meta` is left as it is.
pub fn storage_changes(current: &Map<String, Value>, synced: &Plan) -> Result<StorageChanges, PlanFileError> {
    let read = read_items(current)?;
    let held: HashSet<&str> = read.held.iter().filter_map(|h| h.key.as_deref()).collect();
    let records = Plan { quarantine: Vec::new(), caldav: None, ..synced.clone() };
    let merged = merge(&read.plan, &records);
    let mut changes = StorageChanges::default();
    if let Some(state) = &synced.caldav {
        let unscheduled = |id: &str| {
            merged.posts.iter().any(|p| p.meta.id == id && p.schedule.is_none() && !p.meta.deleted)
        };
        changes.queued = pending(&merged, state).iter().filter(|p| !unscheduled(p.id())).count();
    }
    let mut wanted = HashSet::new();
    for (key, value) in PlanBook::from_plan(merged, "caldav").storage_items() {
        if key == META_KEY || held.contains(key.as_str()) {
            continue;
        }
        if current.get(&key) != Some(&value) {
            changes.set.insert(key.clone(), value);
        }
        wanted.insert(key);
    }
    changes.remove = current
        .keys()
        .filter(|k| {
            parse_storage_key(k) == Some(StorageKey::Conflict)
                && !wanted.contains(*k)
                && !held.contains(k.as_str())
        })
        .cloned()
        .collect();
    if let Some(state) = &synced.caldav {
        let value = serde_json::to_value(state).unwrap_or(Value::Null);
        if current.get(STATE_KEY) != Some(&value) {
            changes.set.insert(STATE_KEY.to_string(), value);
        }
    }
    Ok(changes)
}

fn read_items(items: &Map<String, Value>) -> Result<ReadStored, PlanFileError> {
    read_stored(
        items.iter().filter(|(k, _)| parse_storage_key(k).is_some()).map(|(k, v)| (k.clone(), v.clone())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::book::{PostFields, Query};
    use crate::plan::model::Schedule;
    use chrono::{DateTime, TimeZone, Utc};

    fn t(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 8, minute, 0).single().unwrap_or_default()
    }

    fn fields(text: &str) -> PostFields {
        PostFields {
            text: Some(text.into()),
            networks: Some(vec!["x".into()]),
            schedule: Some(Some(Schedule { at: t(0), zone: "UTC".into() })),
            ..PostFields::default()
        }
    }

    fn items_of(book: &PlanBook) -> Map<String, Value> {
        book.storage_items().into_iter().collect()
    }

    fn apply(items: &mut Map<String, Value>, changes: &StorageChanges) {
        for (k, v) in &changes.set {
            items.insert(k.clone(), v.clone());
        }
        for k in &changes.remove {
            items.remove(k);
        }
    }

    fn text_of(items: &Map<String, Value>, id: &str) -> String {
        items[&format!("plan.post.{id}")]["text"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn an_edit_made_during_the_run_is_kept_and_the_state_saved_with_the_records() {
        let mut panel = PlanBook::new("dev.1");
        panel.create_post(fields("Bonjour"), Some("p1"), None, t(1)).unwrap_or_else(|e| panic!("{e}"));
        panel.create_post(fields("Deux"), Some("p2"), None, t(1)).unwrap_or_else(|e| panic!("{e}"));
        let mut items = items_of(&panel);
        // The run starts from storage; meanwhile the panel edits p1 and writes it.
        let mut synced = stored_plan(&items).unwrap_or_else(|e| panic!("{e}"));
        panel
            .update_post(
                "p1",
                PostFields {
                    text: Some("Bonjour, modifié pendant la synchro".into()),
                    ..PostFields::default()
                },
                None,
                t(2),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        items = items_of(&panel);
        // The run received p2 changed by a team member and saved its state.
        let p2 = synced.posts.iter_mut().find(|p| p.meta.id == "p2").unwrap_or_else(|| panic!("p2"));
        p2.text = "Deux, relu par l'équipe".into();
        p2.meta.clock.insert("laptop".into(), 1);
        synced.caldav = Some(SyncState::new("https://cloud.example.org/dav"));
        let changes = storage_changes(&items, &synced).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            changes.set.keys().cloned().collect::<Vec<_>>(),
            ["caldav.state", "plan.post.p2"],
            "only what changed, and the state with it"
        );
        assert_eq!(changes.queued, 2, "with an empty state, both posts wait to be sent (the edit included)");
        apply(&mut items, &changes);
        assert_eq!(text_of(&items, "p1"), "Bonjour, modifié pendant la synchro");
        assert_eq!(text_of(&items, "p2"), "Deux, relu par l'équipe");
        assert_eq!(stored_plan(&items).unwrap_or_else(|e| panic!("{e}")).caldav, synced.caldav);
        // Saving the same run again writes nothing.
        assert!(storage_changes(&items, &synced).unwrap_or_else(|e| panic!("{e}")).is_empty());
    }

    #[test]
    fn concurrent_edits_are_both_kept_and_a_resolution_made_meanwhile_is_not_undone() {
        let mut panel = PlanBook::new("dev.1");
        panel.create_post(fields("Bonjour"), Some("p1"), None, t(1)).unwrap_or_else(|e| panic!("{e}"));
        let base = items_of(&panel);
        let mut remote = stored_plan(&base).unwrap_or_else(|e| panic!("{e}"));
        remote.posts[0].text = "Bonjour de l'équipe".into();
        remote.posts[0].meta.clock.insert("laptop".into(), 1);
        panel
            .update_post(
                "p1",
                PostFields { text: Some("Bonjour d'ici".into()), ..PostFields::default() },
                None,
                t(2),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let mut items = items_of(&panel);
        let changes = storage_changes(&items, &remote).unwrap_or_else(|e| panic!("{e}"));
        apply(&mut items, &changes);
        let mut book = PlanBook::new("dev.2");
        book.load_stored(read_items(&items).unwrap_or_else(|e| panic!("{e}")));
        let conflicts = book.post_conflicts();
        assert_eq!(conflicts.len(), 1, "both versions kept: {items:?}");
        // The user keeps one version while the same run saves again: the conflict stays resolved.
        let chosen = conflicts[0].kept[0].clone();
        let resolved = book.resolve_post(&chosen, t(3)).unwrap_or_else(|e| panic!("{e}"));
        items.insert(resolved.key.clone(), resolved.value.clone());
        for k in &resolved.remove {
            items.remove(k);
        }
        let changes = storage_changes(&items, &remote).unwrap_or_else(|e| panic!("{e}"));
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn quarantined_items_are_never_written_over() {
        let mut items = Map::new();
        items.insert("plan.post.p1".into(), serde_json::json!({ "meta": "broken" }));
        let mut remote = PlanBook::new("laptop");
        remote.create_post(fields("Du serveur"), Some("p1"), None, t(1)).unwrap_or_else(|e| panic!("{e}"));
        remote.create_post(fields("Autre"), Some("p2"), None, t(1)).unwrap_or_else(|e| panic!("{e}"));
        let changes = storage_changes(&items, &remote.to_plan()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!changes.set.contains_key("plan.post.p1"));
        assert!(changes.set.contains_key("plan.post.p2"));
        let read = PlanBook::from_plan(stored_plan(&items).unwrap_or_else(|e| panic!("{e}")), "x");
        assert_eq!(read.query(&Query::default()).scheduled.len(), 0);
    }
}
