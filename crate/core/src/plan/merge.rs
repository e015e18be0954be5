//! Merging two copies of a plan (two devices, or a device and a backup) without losing an edit.
//!
//! Posts, campaigns and pillars are merged record by record with the rules of
//! [`crate::sync::merge`]: the newer copy wins, a deletion supersedes what it has seen, and two
//! concurrent changes are both kept: the same winner is shown on every device and the others go
//! to [`Plan::conflicts`] until the user resolves them (resolving is an ordinary [`edit`]).
//! Quarantined records are unioned: a record that one copy could not read is never dropped.
//!
//! The result depends only on what the two plans hold, not on their order or on how often they
//! were merged before: records come out sorted by id, conflicts by collection, id and content,
//! quarantined records by collection and content.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Campaign, Pillar, Plan, Post, Quarantined, RecordMeta};
use crate::sync::merge::{self as records, VersionStore, Versioned};

/// A version of a plan record kept because it lost a merge to a concurrent change:
/// `{"id": "p1", "version": {"post": {…}}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// Id of the record it competes with (the same as the version's own `meta.id`).
    pub id: String,
    /// The losing version, under the name of its record type.
    pub version: PlanRecord,
}

/// A record of one of the plan's collections, tagged with its type: `{"post": {…}}`,
/// `{"campaign": {…}}` or `{"pillar": {…}}`.
// A post is larger than a campaign or a pillar; conflicts are few, so boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PlanRecord {
    /// A post.
    Post(Post),
    /// A campaign.
    Campaign(Campaign),
    /// A pillar.
    Pillar(Pillar),
}

/// A record type of the plan: which collection holds it and how it appears among the conflicts.
pub trait PlanCollection: Versioned + Serialize + PartialEq + Sized {
    /// The plan's records of this type.
    fn records(plan: &Plan) -> &Vec<Self>;
    /// The plan's records of this type, to change them.
    fn records_mut(plan: &mut Plan) -> &mut Vec<Self>;
    /// This record as a conflict entry's version.
    fn wrap(self) -> PlanRecord;
    /// The record of a conflict entry, if it is of this type.
    fn unwrap(version: &PlanRecord) -> Option<&Self>;
}

macro_rules! plan_collection {
    ($record:ty, $variant:ident, $field:ident) => {
        impl Versioned for $record {
            fn meta(&self) -> &RecordMeta {
                &self.meta
            }
            fn meta_mut(&mut self) -> &mut RecordMeta {
                &mut self.meta
            }
            fn same_content(&self, other: &Self) -> bool {
                let mut other = other.clone();
                other.meta = self.meta.clone();
                *self == other
            }
            fn fingerprint(&self) -> String {
                serde_json::to_string(self).unwrap_or_default()
            }
        }

        impl PlanCollection for $record {
            fn records(plan: &Plan) -> &Vec<Self> {
                &plan.$field
            }
            fn records_mut(plan: &mut Plan) -> &mut Vec<Self> {
                &mut plan.$field
            }
            fn wrap(self) -> PlanRecord {
                PlanRecord::$variant(self)
            }
            fn unwrap(version: &PlanRecord) -> Option<&Self> {
                match version {
                    PlanRecord::$variant(record) => Some(record),
                    _ => None,
                }
            }
        }
    };
}

plan_collection!(Post, Post, posts);
plan_collection!(Campaign, Campaign, campaigns);
plan_collection!(Pillar, Pillar, pillars);

/// Merges two copies of a plan. Commutative, associative and idempotent.
pub fn merge(a: &Plan, b: &Plan) -> Plan {
    let mut conflicts = Vec::new();
    let posts = merge_collection::<Post>(a, b, &mut conflicts);
    let campaigns = merge_collection::<Campaign>(a, b, &mut conflicts);
    let pillars = merge_collection::<Pillar>(a, b, &mut conflicts);
    Plan {
        version: a.version.max(b.version),
        posts,
        campaigns,
        pillars,
        quarantine: union_quarantine(a, b),
        conflicts,
        caldav: sync_state(a, b),
    }
}

/// The sync state a merged plan keeps: the one copy's that has one; of two, the later sync's (ties
/// broken by content, so the merge stays commutative).
fn sync_state(a: &Plan, b: &Plan) -> Option<crate::caldav::SyncState> {
    match (&a.caldav, &b.caldav) {
        (Some(x), Some(y)) => {
            let key =
                |s: &crate::caldav::SyncState| (s.last_sync, serde_json::to_string(s).unwrap_or_default());
            Some(if key(x) >= key(y) { x.clone() } else { y.clone() })
        }
        (x, y) => x.clone().or_else(|| y.clone()),
    }
}

/// Saves `record` as made on `device` at `now`: a new version that supersedes every version of its
/// id the plan holds, so saving a record that is in conflict resolves the conflict. Returns false
/// when nothing changed (the record is exactly what is shown, with no conflict).
pub fn edit<T: PlanCollection>(plan: &mut Plan, record: T, device: &str, now: DateTime<Utc>) -> bool {
    records::edit(&mut InPlan::<T>::new(plan), record, device, now)
}

/// Deletes record `id` of type `T` (a tombstone that reaches other devices on merge). Returns
/// false when there is no such record or it is already deleted with nothing in conflict.
pub fn delete<T: PlanCollection>(plan: &mut Plan, id: &str, device: &str, now: DateTime<Utc>) -> bool {
    records::delete(&mut InPlan::<T>::new(plan), id, device, now)
}

/// The kept conflicting versions of record `id` of type `T`.
pub fn conflicts_of<'a, T: PlanCollection + 'a>(
    plan: &'a Plan,
    id: &'a str,
) -> impl Iterator<Item = &'a T> + 'a {
    plan.conflicts.iter().filter_map(|c| T::unwrap(&c.version)).filter(move |r| r.meta().id == id)
}

fn merge_collection<T: PlanCollection>(a: &Plan, b: &Plan, conflicts: &mut Vec<Conflict>) -> Vec<T> {
    let versions = [a, b].into_iter().flat_map(|plan| {
        T::records(plan).iter().chain(plan.conflicts.iter().filter_map(|c| T::unwrap(&c.version)))
    });
    let settled = records::settle(versions);
    conflicts.extend(
        settled
            .conflicts
            .into_iter()
            .map(|version| Conflict { id: version.meta().id.clone(), version: version.wrap() }),
    );
    settled.records
}

fn union_quarantine(a: &Plan, b: &Plan) -> Vec<Quarantined> {
    let all: Vec<&Quarantined> = a.quarantine.iter().chain(&b.quarantine).collect();
    let keys: Vec<String> =
        all.iter().map(|q| format!("{}\u{0}{}\u{0}{}", q.collection, q.raw, q.reason)).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut union: Vec<Quarantined> = Vec::with_capacity(all.len());
    for i in records::sorted_indices(&keys) {
        if union.last() != Some(all[i]) {
            union.push(all[i].clone());
        }
    }
    union
}

/// One collection of a plan seen as a [`VersionStore`], so the generic edit works on it.
struct InPlan<'a, T> {
    plan: &'a mut Plan,
    record_type: std::marker::PhantomData<T>,
}

impl<'a, T> InPlan<'a, T> {
    fn new(plan: &'a mut Plan) -> Self {
        InPlan { plan, record_type: std::marker::PhantomData }
    }
}

impl<T: PlanCollection> VersionStore<T> for InPlan<'_, T> {
    fn versions_of(&self, id: &str) -> Vec<&T> {
        let conflicts = self.plan.conflicts.iter().filter_map(|c| T::unwrap(&c.version));
        T::records(self.plan).iter().chain(conflicts).filter(|r| r.meta().id == id).collect()
    }

    fn replace_all(&mut self, record: T) {
        let id = record.meta().id.clone();
        self.plan.conflicts.retain(|c| T::unwrap(&c.version).is_none_or(|r| r.meta().id != id));
        records::insert_sorted(T::records_mut(self.plan), record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{Status, PLAN_SCHEMA_VERSION};
    use crate::sync::clock::{self, Causality};
    use crate::sync::merge::tests::{at, device_name};
    use proptest::prelude::*;

    fn empty() -> Plan {
        Plan {
            version: PLAN_SCHEMA_VERSION,
            posts: vec![],
            campaigns: vec![],
            pillars: vec![],
            quarantine: vec![],
            conflicts: vec![],
            caldav: None,
        }
    }

    fn new_meta(id: &str) -> RecordMeta {
        RecordMeta {
            id: id.into(),
            created: at(0),
            updated: at(0),
            clock: Default::default(),
            deleted: false,
        }
    }

    fn post(id: &str, text: &str) -> Post {
        Post { text: text.into(), networks: vec!["x".into()], ..Post::new(new_meta(id), Status::Draft) }
    }

    fn campaign(id: &str, name: &str) -> Campaign {
        Campaign { meta: new_meta(id), name: name.into(), starts: None, ends: None, hashtags: vec![] }
    }

    fn pillar(id: &str, name: &str) -> Pillar {
        Pillar { meta: new_meta(id), name: name.into(), target_percent: Some(25.0), color: None }
    }

    fn quarantined(n: u8) -> Quarantined {
        Quarantined {
            collection: "posts".into(),
            raw: serde_json::json!({ "broken": n }),
            reason: format!("field `status`: missing ({n})"),
        }
    }

    #[test]
    fn concurrent_post_edits_become_a_conflict_the_user_resolves() {
        let mut base = empty();
        edit(&mut base, post("p1", "Bonjour"), "laptop", at(1));
        let (mut laptop, mut phone) = (base.clone(), base.clone());
        edit(&mut laptop, post("p1", "Bonjour à tous"), "laptop", at(2));
        edit(&mut phone, post("p1", "Bonjour tout le monde"), "phone", at(3));
        let merged = merge(&laptop, &phone);
        assert_eq!(merged, merge(&phone, &laptop));
        assert_eq!(merged.posts.len(), 1);
        assert_eq!(merged.posts[0].text, "Bonjour tout le monde", "the later edit is shown");
        let kept: Vec<&Post> = conflicts_of::<Post>(&merged, "p1").collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].text, "Bonjour à tous");

        let mut resolved = merged.clone();
        assert!(edit(&mut resolved, post("p1", "Bonjour à tout le monde"), "laptop", at(4)));
        assert!(resolved.conflicts.is_empty());
        assert_eq!(
            resolved.posts[0].meta.created, base.posts[0].meta.created,
            "resolving keeps the creation time"
        );
        // The resolution reaches the phone and clears the conflict there too.
        assert_eq!(merge(&merged, &resolved), resolved);
        assert_eq!(merge(&phone, &resolved), resolved);
    }

    #[test]
    fn a_delete_concurrent_with_an_edit_keeps_the_edit() {
        let mut base = empty();
        edit(&mut base, campaign("c1", "Rentrée"), "laptop", at(1));
        let (mut laptop, mut phone) = (base.clone(), base.clone());
        assert!(delete::<Campaign>(&mut laptop, "c1", "laptop", at(5)));
        edit(&mut phone, campaign("c1", "Rentrée 2025"), "phone", at(2));
        let merged = merge(&laptop, &phone);
        assert!(!merged.campaigns[0].meta.deleted);
        assert_eq!(merged.campaigns[0].name, "Rentrée 2025");
        let kept: Vec<&Campaign> = conflicts_of::<Campaign>(&merged, "c1").collect();
        assert!(kept[0].meta.deleted, "the deletion is kept for the user to confirm");
    }

    #[test]
    fn a_delete_reaches_the_other_copy() {
        let mut base = empty();
        edit(&mut base, pillar("pl", "Coulisses"), "laptop", at(1));
        let mut laptop = base.clone();
        delete::<Pillar>(&mut laptop, "pl", "laptop", at(2));
        let merged = merge(&base, &laptop);
        assert!(merged.pillars[0].meta.deleted);
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn quarantined_records_are_unioned_never_dropped() {
        let mut a = empty();
        let mut b = empty();
        a.quarantine = vec![quarantined(2), quarantined(1)];
        b.quarantine = vec![quarantined(1), quarantined(3)];
        let merged = merge(&a, &b);
        assert_eq!(merged.quarantine, vec![quarantined(1), quarantined(2), quarantined(3)]);
        assert_eq!(merged, merge(&b, &a));
    }

    #[test]
    fn conflicts_read_and_write_as_documented_json() {
        let mut plan = empty();
        plan.conflicts
            .push(Conflict { id: "c1".into(), version: PlanRecord::Campaign(campaign("c1", "Rentrée")) });
        let json = serde_json::to_value(&plan).unwrap_or_default();
        assert_eq!(json["conflicts"][0]["id"], "c1");
        assert_eq!(json["conflicts"][0]["version"]["campaign"]["name"], "Rentrée");
        let back: Plan = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, plan);
        // A plan without conflicts writes no `conflicts` field and reads without one.
        let text = serde_json::to_string(&empty()).unwrap_or_default();
        assert!(!text.contains("conflicts"));
        let back: Plan = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, empty());
    }

    // ---- Property tests at the plan level ----

    #[derive(Debug, Clone)]
    enum PlanOp {
        Edit { device: usize, collection: u8, id: u8, content: u8 },
        Delete { device: usize, collection: u8, id: u8 },
        Quarantine { device: usize, n: u8 },
        Sync { from: usize, to: usize },
        Snapshot { device: usize },
    }

    fn arb_plan_ops() -> impl Strategy<Value = Vec<PlanOp>> {
        let op = prop_oneof![
            5 => (0usize..3, 0u8..3, 0u8..3, 0u8..6).prop_map(|(device, collection, id, content)| PlanOp::Edit { device, collection, id, content }),
            1 => (0usize..3, 0u8..3, 0u8..3).prop_map(|(device, collection, id)| PlanOp::Delete { device, collection, id }),
            1 => (0usize..3, 0u8..4).prop_map(|(device, n)| PlanOp::Quarantine { device, n }),
            3 => (0usize..3, 0usize..3).prop_map(|(from, to)| PlanOp::Sync { from, to }),
            1 => (0usize..3).prop_map(|device| PlanOp::Snapshot { device }),
        ];
        proptest::collection::vec(op, 1..60)
    }

    /// Every version ever written, whatever its collection.
    fn written_version(plan: &Plan, collection: u8, id: &str) -> Option<PlanRecord> {
        match collection {
            0 => plan.posts.iter().find(|r| r.meta.id == id).cloned().map(PlanRecord::Post),
            1 => plan.campaigns.iter().find(|r| r.meta.id == id).cloned().map(PlanRecord::Campaign),
            _ => plan.pillars.iter().find(|r| r.meta.id == id).cloned().map(PlanRecord::Pillar),
        }
    }

    fn meta_of(record: &PlanRecord) -> &RecordMeta {
        match record {
            PlanRecord::Post(r) => &r.meta,
            PlanRecord::Campaign(r) => &r.meta,
            PlanRecord::Pillar(r) => &r.meta,
        }
    }

    fn same_collection(a: &PlanRecord, b: &PlanRecord) -> bool {
        std::mem::discriminant(a) == std::mem::discriminant(b)
    }

    /// Every version a plan holds, shown and kept.
    fn held(plan: &Plan) -> Vec<PlanRecord> {
        let shown = plan
            .posts
            .iter()
            .cloned()
            .map(PlanRecord::Post)
            .chain(plan.campaigns.iter().cloned().map(PlanRecord::Campaign))
            .chain(plan.pillars.iter().cloned().map(PlanRecord::Pillar));
        shown.chain(plan.conflicts.iter().map(|c| c.version.clone())).collect()
    }

    fn run(devices: usize, ops: &[PlanOp]) -> (Vec<Plan>, Vec<PlanRecord>, Vec<Quarantined>, Vec<Plan>) {
        let mut plans = vec![empty(); devices];
        let (mut written, mut quarantined_all, mut snapshots) = (Vec::new(), Vec::new(), Vec::new());
        for (step, op) in ops.iter().enumerate() {
            let now = at(step as i64);
            match *op {
                PlanOp::Edit { device, collection, id, content } if device < devices => {
                    let plan = &mut plans[device];
                    let name = format!("version {content}");
                    let id = format!("r{id}");
                    let changed = match collection {
                        0 => {
                            let mut p = post(&id, &name);
                            p.status = if content % 2 == 0 { Status::Draft } else { Status::Scheduled };
                            edit(plan, p, &device_name(device), now)
                        }
                        1 => edit(plan, campaign(&id, &name), &device_name(device), now),
                        _ => edit(plan, pillar(&id, &name), &device_name(device), now),
                    };
                    if changed {
                        written.extend(written_version(plan, collection, &id));
                    }
                }
                PlanOp::Delete { device, collection, id } if device < devices => {
                    let plan = &mut plans[device];
                    let id = format!("r{id}");
                    let changed = match collection {
                        0 => delete::<Post>(plan, &id, &device_name(device), now),
                        1 => delete::<Campaign>(plan, &id, &device_name(device), now),
                        _ => delete::<Pillar>(plan, &id, &device_name(device), now),
                    };
                    if changed {
                        written.extend(written_version(plan, collection, &id));
                    }
                }
                PlanOp::Quarantine { device, n } if device < devices => {
                    // Loading a file with an unreadable record puts it in quarantine.
                    let mut loaded = empty();
                    loaded.quarantine.push(quarantined(n));
                    quarantined_all.push(quarantined(n));
                    plans[device] = merge(&plans[device], &loaded);
                }
                PlanOp::Sync { from, to } if from < devices && to < devices => {
                    plans[to] = merge(&plans[to], &plans[from])
                }
                PlanOp::Snapshot { device } if device < devices => snapshots.push(plans[device].clone()),
                _ => {}
            }
        }
        for from in 0..devices {
            for to in 0..devices {
                plans[to] = merge(&plans[to], &plans[from]);
            }
        }
        (plans, written, quarantined_all, snapshots)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn plans_converge_and_lose_no_edit(devices in 2usize..=3, ops in arb_plan_ops()) {
            let (plans, written, quarantined_all, _) = run(devices, &ops);
            for plan in &plans[1..] {
                prop_assert_eq!(plan, &plans[0]);
            }
            let kept = held(&plans[0]);
            for version in &written {
                let seen = kept.iter().any(|k| same_collection(k, version) && meta_of(k).id == meta_of(version).id
                    && clock::covers(&meta_of(k).clock, &meta_of(version).clock));
                prop_assert!(seen, "lost {:?}", version);
            }
            // Kept is exactly the versions no other written one has seen.
            let mut expected: Vec<&PlanRecord> = written.iter().filter(|v| !written.iter().any(|w| same_collection(v, w)
                && meta_of(v).id == meta_of(w).id && clock::compare(&meta_of(v).clock, &meta_of(w).clock) == Causality::Before)).collect();
            let mut got: Vec<&PlanRecord> = kept.iter().collect();
            let key = |r: &&PlanRecord| serde_json::to_string(r).unwrap_or_default();
            expected.sort_by_key(key);
            got.sort_by_key(key);
            prop_assert_eq!(got, expected);
            for q in &quarantined_all {
                prop_assert!(plans[0].quarantine.contains(q));
            }
            for conflict in &plans[0].conflicts {
                prop_assert_eq!(&conflict.id, &meta_of(&conflict.version).id);
            }
        }

        #[test]
        fn plan_merge_laws_hold(ops in arb_plan_ops(), picks in proptest::collection::vec(0usize..64, 3)) {
            let (_, _, _, snapshots) = run(3, &ops);
            prop_assume!(!snapshots.is_empty());
            let pick = |i: usize| &snapshots[picks[i] % snapshots.len()];
            let (a, b, c) = (pick(0), pick(1), pick(2));
            prop_assert_eq!(merge(a, a), a.clone());
            prop_assert_eq!(merge(a, b), merge(b, a));
            prop_assert_eq!(merge(&merge(a, b), c), merge(a, &merge(b, c)));
        }
    }
}
