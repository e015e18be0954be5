//! State-based merge of record sets kept on several devices.
//!
//! Every record carries a [`RecordMeta`] whose `clock` counts the changes each device made to
//! it. For one id, a device may hold several *versions*: the one it shows and, after a merge found
//! two devices had changed the record at the same time, the losing ones kept as conflicts.
//!
//! Merging two record sets takes every version of both and keeps, for each id, those that no
//! other version supersedes (a version is superseded when another one's clock has seen all of
//! its changes and more):
//! - one copy newer → it alone stays;
//! - equal → one stays (versions with equal clocks and equal content are the same change);
//! - concurrent → both stay: a deterministic *winner* is shown, the others are kept as
//!   conflicts for the user to resolve. A live version always beats a deletion, so a delete
//!   concurrent with an edit keeps the edit (and the deletion as the conflict);
//! - a deletion is a version like any other (`meta.deleted`, a tombstone), so it supersedes the
//!   versions it has seen, on every device it reaches.
//!
//! Because the result depends only on the *set* of versions given (records come out sorted by
//! id, conflicts by id then content), merging is commutative, associative and idempotent, and no
//! version is dropped unless another one has seen it: devices that have exchanged their states
//! hold the same thing, and every concurrent edit survives until a user resolves it.
//!
//! Editing (see [`edit`]) makes a new version whose clock has seen *every* version of that id the
//! device holds, so editing a record that is in conflict resolves the conflict: the caller shows
//! the conflicting versions before letting the user write over them.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::clock::{self, Causality};
use crate::plan::RecordMeta;

/// A record the merge can reconcile: it exposes its [`RecordMeta`] and compares its content.
pub trait Versioned: Clone {
    /// Identity and change tracking.
    fn meta(&self) -> &RecordMeta;
    /// Identity and change tracking, to stamp a new version.
    fn meta_mut(&mut self) -> &mut RecordMeta;
    /// True when both carry the same content, `meta` aside.
    fn same_content(&self, other: &Self) -> bool;
    /// A canonical text of the whole record (meta included). Only used to order versions that
    /// nothing else tells apart, so every device picks the same one.
    fn fingerprint(&self) -> String;
}

/// One device's copy of a record set: the version shown for each id, and the concurrent versions
/// that lost a merge, kept until a user resolves them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Replica<T> {
    /// One version per id, sorted by id: the one every device shows.
    #[serde(default = "Vec::new")]
    pub records: Vec<T>,
    /// Concurrent versions that lost to the one shown, sorted by id.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<T>,
}

impl<T> Default for Replica<T> {
    fn default() -> Self {
        Replica { records: Vec::new(), conflicts: Vec::new() }
    }
}

/// Where the versions of one collection live, so [`edit`] works on a [`Replica`] and on a plan's
/// collections alike.
pub trait VersionStore<T: Versioned> {
    /// Every version of `id` held: the one shown and the kept conflicts.
    fn versions_of(&self, id: &str) -> Vec<&T>;
    /// Replaces every version of `record`'s id with `record` alone.
    fn replace_all(&mut self, record: T);
}

impl<T: Versioned> Replica<T> {
    /// Every version held, shown ones first.
    pub fn versions(&self) -> impl Iterator<Item = &T> {
        self.records.iter().chain(self.conflicts.iter())
    }

    /// The version shown for `id`, deleted or not.
    pub fn get(&self, id: &str) -> Option<&T> {
        self.records.iter().find(|r| r.meta().id == id)
    }

    /// The kept conflicts of `id`.
    pub fn conflicts_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a T> + 'a {
        self.conflicts.iter().filter(move |r| r.meta().id == id)
    }
}

impl<T: Versioned> VersionStore<T> for Replica<T> {
    fn versions_of(&self, id: &str) -> Vec<&T> {
        self.versions().filter(|r| r.meta().id == id).collect()
    }

    fn replace_all(&mut self, record: T) {
        let id = record.meta().id.clone();
        self.conflicts.retain(|r| r.meta().id != id);
        insert_sorted(&mut self.records, record);
    }
}

/// Puts `record` in `records` (sorted by id) in place of any record with its id.
pub(crate) fn insert_sorted<T: Versioned>(records: &mut Vec<T>, record: T) {
    let id = record.meta().id.clone();
    records.retain(|r| r.meta().id != id);
    let at = records.partition_point(|r| r.meta().id < id);
    records.insert(at, record);
}

/// Merges two copies of a record set (see the module documentation for the rules).
pub fn merge<T: Versioned>(a: &Replica<T>, b: &Replica<T>) -> Replica<T> {
    settle(a.versions().chain(b.versions()))
}

/// The record set made of the versions given: for each id, the versions no other one supersedes,
/// the winner shown and the rest kept as conflicts. Duplicates are harmless.
pub fn settle<'a, T: Versioned + 'a>(versions: impl IntoIterator<Item = &'a T>) -> Replica<T> {
    let versions: Vec<&T> = versions.into_iter().collect();
    let ids: Vec<&str> = versions.iter().map(|v| v.meta().id.as_str()).collect();
    let order = sorted_indices(&ids);
    let mut settled = Replica::default();
    for group in order.chunk_by(|&x, &y| ids[x] == ids[y]) {
        let mut latest = latest_versions(group.iter().map(|&i| versions[i]));
        let winner = latest.iter().enumerate().max_by(|(_, x), (_, y)| shown_first(**x, **y)).map(|(i, _)| i);
        let Some(winner) = winner else { continue };
        settled.records.push(latest.swap_remove(winner).clone());
        let fingerprints: Vec<String> = latest.iter().map(|v| v.fingerprint()).collect();
        let keys: Vec<&str> = fingerprints.iter().map(String::as_str).collect();
        settled.conflicts.extend(sorted_indices(&keys).into_iter().map(|i| latest[i].clone()));
    }
    settled
}

/// The positions of `keys` in ascending key order (ties in their original order). Sorting
/// positions rather than records keeps one copy of the sort in the wasm build, whatever the
/// record type.
pub(crate) fn sorted_indices(keys: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&x, &y| keys[x].cmp(keys[y]));
    order
}

/// Stamps `record` as the next version of its id and puts it in `store` in place of every version
/// held (the shown one and any conflict): its clock has seen them all, plus one change by
/// `device`; `updated` is `now`; `created` is the earliest of the versions it replaces.
///
/// Returns false, changing nothing, when the record's content and deletion state are what is
/// already shown and nothing is in conflict (saving an unchanged record must not look like a
/// change to other devices). The clock `record` carries is ignored.
pub fn edit<T: Versioned, S: VersionStore<T>>(
    store: &mut S,
    mut record: T,
    device: &str,
    now: DateTime<Utc>,
) -> bool {
    let current = store.versions_of(&record.meta().id);
    if let [only] = current.as_slice() {
        if only.meta().deleted == record.meta().deleted && only.same_content(&record) {
            return false;
        }
    }
    let mut clock = clock::Clock::new();
    for version in &current {
        clock = clock::merge(&clock, &version.meta().clock);
    }
    clock::bump(&mut clock, device);
    let created = current.iter().map(|v| v.meta().created).min();
    let meta = record.meta_mut();
    meta.clock = clock;
    meta.updated = now;
    if let Some(created) = created {
        meta.created = created;
    }
    store.replace_all(record);
    true
}

/// Deletes `id`: a new version of the shown one marked deleted (a tombstone that propagates).
/// Returns false when there is no such record or it is already deleted with nothing in conflict.
pub fn delete<T: Versioned, S: VersionStore<T>>(
    store: &mut S,
    id: &str,
    device: &str,
    now: DateTime<Utc>,
) -> bool {
    let versions = store.versions_of(id);
    let Some(shown) = versions.iter().max_by(|x, y| shown_first(**x, **y)) else { return false };
    let mut tombstone = (*shown).clone();
    tombstone.meta_mut().deleted = true;
    edit(store, tombstone, device, now)
}

/// The same change: equal clocks, same deletion state, same content.
fn same_version<T: Versioned>(a: &T, b: &T) -> bool {
    clock::compare(&a.meta().clock, &b.meta().clock) == Causality::Equal
        && a.meta().deleted == b.meta().deleted
        && a.same_content(b)
}

/// The versions of one id that no other supersedes, one per distinct change.
fn latest_versions<'a, T: Versioned>(group: impl Iterator<Item = &'a T>) -> Vec<&'a T> {
    let mut kept: Vec<&T> = Vec::with_capacity(1);
    'next: for version in group {
        let mut i = 0;
        while i < kept.len() {
            match clock::compare(&version.meta().clock, &kept[i].meta().clock) {
                Causality::Before => continue 'next,
                Causality::After => {
                    kept.swap_remove(i);
                }
                Causality::Equal if same_version(version, kept[i]) => {
                    // The same change, possibly stamped differently (copied profiles): keep one,
                    // the same one whatever the order they arrive in.
                    if version.fingerprint() > kept[i].fingerprint() {
                        kept[i] = version;
                    }
                    continue 'next;
                }
                Causality::Equal | Causality::Concurrent => i += 1,
            }
        }
        kept.push(version);
    }
    kept
}

/// Orders concurrent versions by which one to show: a live version over a deletion, then the
/// latest `updated`, then the fingerprint (a total order, so every device agrees).
fn shown_first<T: Versioned>(a: &T, b: &T) -> Ordering {
    (!a.meta().deleted)
        .cmp(&!b.meta().deleted)
        .then_with(|| a.meta().updated.cmp(&b.meta().updated))
        .then_with(|| a.fingerprint().cmp(&b.fingerprint()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sync::clock::Clock;
    use proptest::prelude::*;

    /// A minimal record for the merge's own tests: a text.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub(crate) struct Note {
        pub meta: RecordMeta,
        pub text: String,
    }

    impl Versioned for Note {
        fn meta(&self) -> &RecordMeta {
            &self.meta
        }
        fn meta_mut(&mut self) -> &mut RecordMeta {
            &mut self.meta
        }
        fn same_content(&self, other: &Self) -> bool {
            self.text == other.text
        }
        fn fingerprint(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }

    pub(crate) fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_750_000_000 + seconds, 0).unwrap_or_default()
    }

    fn meta(id: &str, clock: &[(&str, u64)], seconds: i64) -> RecordMeta {
        RecordMeta {
            id: id.into(),
            created: at(0),
            updated: at(seconds),
            clock: clock.iter().map(|(d, n)| (d.to_string(), *n)).collect(),
            deleted: false,
        }
    }

    fn note(id: &str, text: &str, clock: &[(&str, u64)], seconds: i64) -> Note {
        Note { meta: meta(id, clock, seconds), text: text.into() }
    }

    fn replica(records: Vec<Note>) -> Replica<Note> {
        settle(records.iter())
    }

    #[test]
    fn the_newer_copy_wins_and_equal_copies_stay_one() {
        let old = replica(vec![note("n", "old", &[("a", 1)], 1)]);
        let new = replica(vec![note("n", "new", &[("a", 2)], 2)]);
        for merged in [merge(&old, &new), merge(&new, &old)] {
            assert_eq!(merged.records, new.records);
            assert!(merged.conflicts.is_empty());
        }
        assert_eq!(merge(&new, &new), new);
    }

    #[test]
    fn concurrent_edits_keep_both_with_the_same_winner_everywhere() {
        let laptop = replica(vec![note("n", "from laptop", &[("a", 2)], 5)]);
        let phone = replica(vec![note("n", "from phone", &[("a", 1), ("b", 1)], 9)]);
        let one = merge(&laptop, &phone);
        let other = merge(&phone, &laptop);
        assert_eq!(one, other);
        assert_eq!(one.records[0].text, "from phone", "the later edit is shown");
        assert_eq!(one.conflicts.len(), 1);
        assert_eq!(one.conflicts[0].text, "from laptop");
    }

    #[test]
    fn a_delete_concurrent_with_an_edit_keeps_the_edit_and_the_conflict() {
        let mut deleted = note("n", "text", &[("a", 2)], 50);
        deleted.meta.deleted = true;
        let edited = note("n", "edited", &[("a", 1), ("b", 1)], 10);
        let merged = merge(&replica(vec![deleted.clone()]), &replica(vec![edited.clone()]));
        assert_eq!(merged.records, vec![edited]);
        assert_eq!(merged.conflicts, vec![deleted]);
    }

    #[test]
    fn a_tombstone_supersedes_what_it_has_seen() {
        let mut set = replica(vec![note("n", "text", &[("a", 1)], 1)]);
        let copy = set.clone();
        assert!(delete(&mut set, "n", "b", at(2)));
        let merged = merge(&copy, &set);
        assert!(merged.records[0].meta.deleted);
        assert!(merged.conflicts.is_empty());
        assert!(!delete(&mut set, "n", "b", at(3)), "deleting twice changes nothing");
        assert!(!delete(&mut set, "missing", "b", at(3)));
    }

    #[test]
    fn resolving_a_conflict_is_an_edit_that_supersedes_both() {
        let a = replica(vec![note("n", "A", &[("a", 1)], 1)]);
        let b = replica(vec![note("n", "B", &[("b", 1)], 2)]);
        let mut merged = merge(&a, &b);
        assert_eq!(merged.conflicts.len(), 1);
        assert!(edit(&mut merged, note("n", "A and B", &[], 0), "a", at(3)));
        assert!(merged.conflicts.is_empty());
        let resolved = &merged.records[0];
        assert_eq!(
            resolved.meta.clock,
            [("a".to_string(), 2), ("b".to_string(), 1)].into_iter().collect::<Clock>()
        );
        assert_eq!(resolved.meta.updated, at(3));
        // The resolution wins over both old copies wherever it goes.
        assert_eq!(merge(&merge(&a, &merged), &b), merged);
    }

    #[test]
    fn saving_an_unchanged_record_is_not_a_change() {
        let mut set = Replica::default();
        assert!(edit(&mut set, note("n", "x", &[], 0), "a", at(1)));
        let shown = set.records[0].clone();
        assert!(!edit(&mut set, shown, "a", at(2)));
        assert_eq!(set.records[0].meta.updated, at(1));
    }

    #[test]
    fn same_clock_different_content_is_a_conflict_not_a_loss() {
        // Two browsers sharing a copied profile (same device id) both make "change 1".
        let merged = merge(
            &replica(vec![note("n", "one", &[("a", 1)], 1)]),
            &replica(vec![note("n", "two", &[("a", 1)], 1)]),
        );
        assert_eq!(merged.records.len() + merged.conflicts.len(), 2);
    }

    #[test]
    fn duplicate_ids_in_one_copy_are_kept_as_versions() {
        let set = replica(vec![note("n", "one", &[("a", 1)], 1), note("n", "two", &[("b", 1)], 2)]);
        assert_eq!(set.records.len(), 1);
        assert_eq!(set.conflicts.len(), 1);
    }

    // ---- Property tests: devices editing and merging in random orders ----

    /// What a simulated device can do.
    #[derive(Debug, Clone)]
    pub(crate) enum Op {
        /// Create or edit record `id` (one of a few) with a text.
        Edit { device: usize, id: u8, text: u8 },
        /// Delete record `id`.
        Delete { device: usize, id: u8 },
        /// Device `from` sends its state to device `to`, which merges it.
        Sync { from: usize, to: usize },
        /// Keep a copy of a device's state, for the algebraic laws.
        Snapshot { device: usize },
    }

    pub(crate) fn arb_ops(devices: usize) -> impl Strategy<Value = Vec<Op>> {
        let op = prop_oneof![
            4 => (0..devices, 0u8..4, 0u8..6).prop_map(|(device, id, text)| Op::Edit { device, id, text }),
            1 => (0..devices, 0u8..4).prop_map(|(device, id)| Op::Delete { device, id }),
            3 => (0..devices, 0..devices).prop_map(|(from, to)| Op::Sync { from, to }),
            1 => (0..devices).prop_map(|device| Op::Snapshot { device }),
        ];
        proptest::collection::vec(op, 1..60)
    }

    pub(crate) fn device_name(device: usize) -> String {
        format!("device-{device}")
    }

    /// Runs `ops` on `devices` replicas, then merges every pair until all agree. Returns the final
    /// states, every version ever written, and the snapshots taken.
    fn simulate(devices: usize, ops: &[Op]) -> (Vec<Replica<Note>>, Vec<Note>, Vec<Replica<Note>>) {
        let mut states = vec![Replica::<Note>::default(); devices];
        let mut written = Vec::new();
        let mut snapshots = Vec::new();
        for (step, op) in ops.iter().enumerate() {
            let now = at(step as i64);
            match *op {
                Op::Edit { device, id, text } => {
                    let record = note(&format!("n{id}"), &format!("text {text}"), &[], 0);
                    if edit(&mut states[device], record, &device_name(device), now) {
                        written.extend(states[device].get(&format!("n{id}")).cloned());
                    }
                }
                Op::Delete { device, id } => {
                    if delete(&mut states[device], &format!("n{id}"), &device_name(device), now) {
                        written.extend(states[device].get(&format!("n{id}")).cloned());
                    }
                }
                Op::Sync { from, to } => states[to] = merge(&states[to], &states[from]),
                Op::Snapshot { device } => snapshots.push(states[device].clone()),
            }
        }
        for from in 0..devices {
            for to in 0..devices {
                states[to] = merge(&states[to], &states[from]);
            }
        }
        for from in 0..devices {
            for to in 0..devices {
                states[to] = merge(&states[to], &states[from]);
            }
        }
        (states, written, snapshots)
    }

    /// The versions among `written` that no other written version has seen: exactly what must
    /// survive, no more, no less.
    fn maximal(written: &[Note]) -> Vec<&Note> {
        written
            .iter()
            .filter(|v| {
                !written.iter().any(|w| {
                    w.meta.id == v.meta.id
                        && clock::compare(&v.meta.clock, &w.meta.clock) == Causality::Before
                })
            })
            .collect()
    }

    fn arb_note() -> impl Strategy<Value = Note> {
        let clock = proptest::collection::btree_map("[abc]", 0u64..3, 0..3);
        (0u8..3, 0u8..3, clock, 0i64..3, any::<bool>()).prop_map(|(id, text, clock, seconds, deleted)| {
            let mut n = Note { meta: meta(&format!("n{id}"), &[], seconds), text: format!("t{text}") };
            n.meta.clock = clock;
            n.meta.deleted = deleted;
            n
        })
    }

    fn arb_replica() -> impl Strategy<Value = Replica<Note>> {
        proptest::collection::vec(arb_note(), 0..6).prop_map(|notes| settle(notes.iter()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn devices_converge_and_lose_no_edit(devices in 2usize..=3, ops in arb_ops(3)) {
            let ops: Vec<Op> = ops.into_iter().filter(|op| match *op {
                Op::Edit { device, .. } | Op::Delete { device, .. } | Op::Snapshot { device } => device < devices,
                Op::Sync { from, to } => from < devices && to < devices,
            }).collect();
            let (states, written, _) = simulate(devices, &ops);
            for state in &states[1..] {
                prop_assert_eq!(state, &states[0], "devices disagree after exchanging everything");
            }
            let kept: Vec<&Note> = states[0].versions().collect();
            // Every edit ever made is kept, or another kept version has seen it.
            for version in &written {
                prop_assert!(kept.iter().any(|k| k.meta.id == version.meta.id && clock::covers(&k.meta.clock, &version.meta.clock)),
                    "lost {:?}", version);
            }
            // What is kept is exactly the edits nothing else has seen (no loss, nothing invented).
            let mut expected: Vec<&Note> = maximal(&written);
            let mut got = kept.clone();
            expected.sort_by_key(|n| n.fingerprint());
            got.sort_by_key(|n| n.fingerprint());
            prop_assert_eq!(got, expected);
            // A live version is shown whenever one exists.
            for record in &states[0].records {
                let any_live = states[0].conflicts_of(&record.meta.id).any(|c| !c.meta.deleted);
                prop_assert!(!record.meta.deleted || !any_live);
            }
        }

        #[test]
        fn merge_laws_hold_on_states_devices_reach(ops in arb_ops(3), picks in proptest::collection::vec(0usize..64, 3)) {
            let (_, _, snapshots) = simulate(3, &ops);
            prop_assume!(!snapshots.is_empty());
            let pick = |i: usize| &snapshots[picks[i] % snapshots.len()];
            let (a, b, c) = (pick(0), pick(1), pick(2));
            prop_assert_eq!(merge(a, a), a.clone());
            prop_assert_eq!(merge(a, b), merge(b, a));
            prop_assert_eq!(merge(&merge(a, b), c), merge(a, &merge(b, c)));
        }

        #[test]
        fn merge_laws_hold_on_any_states(a in arb_replica(), b in arb_replica(), c in arb_replica()) {
            prop_assert_eq!(merge(&a, &a), a.clone());
            prop_assert_eq!(merge(&a, &b), merge(&b, &a));
            prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&a, &merge(&b, &c)));
        }
    }
}
