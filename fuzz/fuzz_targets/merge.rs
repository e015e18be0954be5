//! The storage merge on arbitrary records: two or three copies of a plan (posts, campaigns,
//! pillars, kept conflicts, quarantined records) and of a synced document, built from the input
//! with clocks, tombstones, contents and times chosen by its bytes — including what the
//! operation-based property tests never make (equal clocks with different contents, conflicts
//! without a shown record, zero counts in clocks, duplicates).
//!
//! Asserts the laws the devices rely on to converge: merging is commutative, idempotent,
//! associative and absorbs its inputs; records come out one per id, sorted; no version is lost
//! unless a version that has seen it is kept; and the merged plan reads back from its JSON as is.
#![no_main]
use std::collections::BTreeMap;
use std::fmt::Debug;

use chrono::{DateTime, Duration, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use porte_voix_core::plan::file::{read_plan, write_plan};
use porte_voix_core::plan::merge::{merge as merge_plans, Conflict, PlanCollection};
use porte_voix_core::plan::model::Quarantined;
use porte_voix_core::plan::{Campaign, Pillar, Plan, Post, RecordMeta, Status};
use porte_voix_core::sync::clock::{compare, Causality};
use porte_voix_core::sync::document::{SyncedDoc, SyncedRecord};
use porte_voix_core::sync::merge::{merge as merge_docs, Versioned};
use serde_json::value::RawValue;

const DEVICES: [&str; 3] = ["d1", "d2", "d3"];
const TEXTS: [&str; 4] = ["", "a", "b", "Été 🎉 #x"];
const STATUSES: [Status; 6] =
    [Status::Idea, Status::Draft, Status::InReview, Status::Approved, Status::Scheduled, Status::Published];

/// One record's description: four bytes of input.
#[derive(Clone, Copy)]
struct Spec {
    /// Bits 0–1: id; 2–3: which copy (a, b, c); 4–5: collection; 6: as a kept conflict; 7: as a
    /// quarantined record instead.
    place: u8,
    /// Two bits per device: its count in the clock.
    clock: u8,
    /// Bits 0–1: text; 2: deleted; 3–5: status; 6: zero counts written out; 7: a second device
    /// order in the clock map.
    content: u8,
    /// Minutes after the base time: `updated` (and `created`, minus the text index).
    minutes: u8,
}

impl Spec {
    fn copy(self) -> usize {
        usize::from(self.place >> 2 & 3) % 3
    }
    fn id(self) -> String {
        format!("r{}", self.place & 3)
    }
    fn meta(self) -> RecordMeta {
        let base: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        let mut clock = BTreeMap::new();
        for (i, device) in DEVICES.iter().enumerate() {
            let n = u64::from(self.clock >> (2 * i) & 3);
            if n > 0 || self.content & 0x40 != 0 {
                clock.insert((*device).to_string(), n);
            }
        }
        let updated = base + Duration::minutes(i64::from(self.minutes));
        RecordMeta {
            id: self.id(),
            created: updated - Duration::minutes(i64::from(self.content & 3)),
            updated,
            clock,
            deleted: self.content & 4 != 0,
        }
    }
    fn text(self) -> &'static str {
        TEXTS[usize::from(self.content & 3)]
    }
}

fn specs(data: &[u8]) -> Vec<Spec> {
    data.chunks_exact(4)
        .take(24)
        .map(|c| Spec { place: c[0], clock: c[1], content: c[2], minutes: c[3] })
        .collect()
}

fn plans(specs: &[Spec]) -> [Plan; 3] {
    let mut plans: [Plan; 3] = Default::default();
    for &s in specs {
        let plan = &mut plans[s.copy()];
        if s.place & 0x80 != 0 {
            let raw = serde_json::json!({ "meta": { "id": s.id() }, "text": s.text(), "n": s.clock });
            plan.quarantine.push(Quarantined {
                collection: ["posts", "campaigns", "pillars"][usize::from(s.place >> 4 & 3) % 3].into(),
                raw,
                reason: format!("meta.created: missing ({})", s.minutes),
            });
            continue;
        }
        let conflict = s.place & 0x40 != 0;
        match s.place >> 4 & 3 {
            0 | 3 => {
                let mut post = Post::new(s.meta(), STATUSES[usize::from(s.content >> 3 & 7) % 6]);
                post.text = s.text().into();
                place(plan, post, conflict);
            }
            1 => place(
                plan,
                Campaign {
                    meta: s.meta(),
                    name: s.text().into(),
                    starts: None,
                    ends: None,
                    hashtags: Vec::new(),
                },
                conflict,
            ),
            _ => place(
                plan,
                Pillar {
                    meta: s.meta(),
                    name: s.text().into(),
                    target_percent: Some(f64::from(s.clock)),
                    color: None,
                },
                conflict,
            ),
        }
    }
    plans
}

fn place<T: PlanCollection>(plan: &mut Plan, record: T, conflict: bool) {
    if conflict {
        plan.conflicts.push(Conflict { id: record.meta().id.clone(), version: record.wrap() });
    } else {
        T::records_mut(plan).push(record);
    }
}

fn docs(specs: &[Spec]) -> [SyncedDoc; 3] {
    let mut docs: [SyncedDoc; 3] = Default::default();
    for &s in specs.iter().filter(|s| s.place & 0x80 == 0) {
        let value = RawValue::from_string(serde_json::to_string(s.text()).expect("a string serialises"))
            .expect("valid JSON");
        let record = SyncedRecord { meta: s.meta(), value };
        let doc = &mut docs[s.copy()];
        if s.place & 0x40 != 0 {
            doc.conflicts.push(record)
        } else {
            doc.records.push(record)
        }
    }
    docs
}

/// Every version of `inputs` is in `merged`, or the same change is (equal clocks, deletion and
/// content), or a version that has seen it and more.
fn assert_nothing_lost<T: Versioned + PartialEq + Debug>(what: &str, inputs: &[&T], merged: &[&T]) {
    for v in inputs {
        let kept = merged.iter().any(|w| {
            w.meta().id == v.meta().id
                && match compare(&w.meta().clock, &v.meta().clock) {
                    Causality::After => true,
                    Causality::Equal => w.meta().deleted == v.meta().deleted && w.same_content(v),
                    _ => false,
                }
        });
        assert!(kept, "{what}: a version was lost by the merge: {v:?}\nmerged: {merged:?}");
    }
}

/// One version per id among the shown records, in id order; each kept conflict competes with a
/// shown record.
fn assert_settled<T: Versioned + Debug>(what: &str, records: &[&T], conflicts: &[&T]) {
    for w in records.windows(2) {
        assert!(w[0].meta().id < w[1].meta().id, "{what}: records not one per id in order: {:?}", records);
    }
    for c in conflicts {
        assert!(
            records.iter().any(|r| r.meta().id == c.meta().id),
            "{what}: a conflict without a shown record: {c:?}"
        );
    }
}

fn versions<T: PlanCollection>(plan: &Plan) -> (Vec<&T>, Vec<&T>) {
    (T::records(plan).iter().collect(), plan.conflicts.iter().filter_map(|c| T::unwrap(&c.version)).collect())
}

fn check_collection<T: PlanCollection + Debug>(what: &str, a: &Plan, b: &Plan, m: &Plan) {
    let (ra, ca) = versions::<T>(a);
    let (rb, cb) = versions::<T>(b);
    let inputs: Vec<&T> = ra.into_iter().chain(ca).chain(rb).chain(cb).collect();
    let (rm, cm) = versions::<T>(m);
    assert_settled(what, &rm, &cm);
    let all: Vec<&T> = rm.iter().chain(&cm).copied().collect();
    assert_nothing_lost(what, &inputs, &all);
}

fuzz_target!(|data: &[u8]| {
    let specs = specs(data);
    let [a, b, c] = plans(&specs);
    let m = merge_plans(&a, &b);
    assert_eq!(merge_plans(&b, &a), m, "plan merge is not commutative");
    assert_eq!(merge_plans(&m, &m), m, "plan merge is not idempotent");
    assert_eq!(merge_plans(&m, &a), m, "merging a copy into the merge changed it");
    assert_eq!(
        merge_plans(&merge_plans(&a, &b), &c),
        merge_plans(&a, &merge_plans(&b, &c)),
        "plan merge is not associative"
    );
    check_collection::<Post>("posts", &a, &b, &m);
    check_collection::<Campaign>("campaigns", &a, &b, &m);
    check_collection::<Pillar>("pillars", &a, &b, &m);
    for q in a.quarantine.iter().chain(&b.quarantine) {
        assert!(m.quarantine.contains(q), "a quarantined record was dropped: {q:?}");
    }
    let json = write_plan(&m).expect("a plan serialises");
    let back =
        read_plan(&json).unwrap_or_else(|e| panic!("the merged plan did not read back: {e:?}\n{json}"));
    assert_eq!(back.plan, m, "the merged plan changed through its JSON\n{json}");

    let [da, db, dc] = docs(&specs);
    let dm = merge_docs(&da, &db);
    assert_eq!(merge_docs(&db, &da), dm, "document merge is not commutative");
    assert_eq!(merge_docs(&dm, &dm), dm, "document merge is not idempotent");
    assert_eq!(
        merge_docs(&merge_docs(&da, &db), &dc),
        merge_docs(&da, &merge_docs(&db, &dc)),
        "document merge is not associative"
    );
    let inputs: Vec<&SyncedRecord> = da.versions().chain(db.versions()).collect();
    let merged: Vec<&SyncedRecord> = dm.versions().collect();
    assert_settled(
        "document",
        &dm.records.iter().collect::<Vec<_>>(),
        &dm.conflicts.iter().collect::<Vec<_>>(),
    );
    assert_nothing_lost("document", &inputs, &merged);
});
