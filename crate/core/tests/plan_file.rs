//! The plan file: version checks, the migration from version 0, per-record quarantine, the storage
//! form, and the exact round trip of any plan through write and read.

use chrono::{DateTime, TimeZone, Utc};
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::file::{
    read_plan, read_stored, read_stored_json, sort_plan, write_plan, PlanFileError,
};
use porte_voix_core::plan::merge::{Conflict, PlanRecord};
use porte_voix_core::plan::model::{Quarantined, PLAN_SCHEMA_VERSION};
use porte_voix_core::plan::{
    Campaign, Metrics, Pillar, Plan, Post, RecordMeta, ReviewAction, ReviewEvent, Schedule, Status,
};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/plan/{name}", env!("CARGO_MANIFEST_DIR")))
        .expect("fixture")
}

#[test]
fn version_0_migrates_record_by_record_to_the_current_shape() {
    let read = read_plan(&data("v0.json")).expect("a version 0 plan reads");
    assert_eq!(read.migrated_from, Some(0));
    assert_eq!(read.plan.version, PLAN_SCHEMA_VERSION);
    // The expected file was written by hand from the version 0 rules in plan/migrate.rs.
    assert_eq!(write_plan(&read.plan).unwrap(), data("v0-migrated.json"));
    // What the migration wrote is a current plan that reads back unchanged and needs no migration.
    let again = read_plan(&data("v0-migrated.json")).unwrap();
    assert_eq!(again.migrated_from, None);
    let mut sorted = read.plan.clone();
    sort_plan(&mut sorted);
    assert_eq!(again.plan, sorted);
}

#[test]
fn a_newer_version_is_refused_with_a_message_to_update() {
    let err = read_plan(r#"{"version": 7, "posts": []}"#).unwrap_err();
    assert_eq!(err, PlanFileError::Newer { found: 7 });
    assert!(err.to_string().contains("update Porte-voix"), "{err}");
    assert!(err.message(Lang::Fr).contains("mettez Porte-voix à jour"));
}

#[test]
fn malformed_json_names_line_and_column() {
    let text = "{\n  \"version\": 1,\n  \"posts\": [\n    {\"meta\": }\n  ]\n}\n";
    let err = read_plan(text).unwrap_err();
    assert_eq!(err.position(), Some((4, 14)));
    let msg = err.to_string();
    assert!(msg.starts_with("line 4, column 14: invalid JSON"), "{msg}");
    assert!(!msg.contains(" at line "), "the position is given once: {msg}");
}

#[test]
fn whole_file_problems_are_errors_not_quarantine() {
    assert_eq!(read_plan("[1, 2]").unwrap_err(), PlanFileError::NotAnObject { found: "a list" });
    assert_eq!(read_plan(r#"{"posts": []}"#).unwrap_err(), PlanFileError::NoVersion);
    assert!(matches!(read_plan(r#"{"version": "1"}"#).unwrap_err(), PlanFileError::BadVersion { .. }));
    let guide = r#"{"version": 1, "brand": {"name": "Roue Libre"}}"#;
    let err = read_plan(guide).unwrap_err();
    assert_eq!(err, PlanFileError::UnknownField { field: "brand".into() });
    assert!(err.to_string().contains("Is this a Porte-voix plan file?"));
    assert_eq!(
        read_plan(r#"{"version": 1, "posts": {}}"#).unwrap_err(),
        PlanFileError::NotAList { field: "posts".into(), found: "an object" }
    );
}

fn meta(id: &str) -> Value {
    json!({ "id": id, "created": "2026-01-05T10:00:00Z", "updated": "2026-01-06T10:00:00Z", "clock": { "laptop": 2 } })
}

#[test]
fn one_bad_record_is_quarantined_with_its_field_and_the_rest_loads() {
    let plan = json!({
        "version": 1,
        "posts": [
            { "meta": meta("a"), "text": "ok", "networks": ["x"], "status": "draft" },
            { "meta": meta("b"), "text": "bad status", "networks": ["x"], "status": "sent" },
            { "meta": { "id": "c", "created": "yesterday", "updated": "2026-01-06T10:00:00Z" }, "status": "idea" },
            { "meta": meta("d"), "status": "draft", "assigne": "Léa" },
            { "meta": meta("a"), "text": "second a", "status": "draft" },
            { "meta": meta(""), "status": "draft" },
            42
        ],
        "pillars": [{ "meta": meta("p"), "name": "Atelier", "targetPercent": "forty" }]
    });
    let read = read_plan(&plan.to_string()).unwrap();
    let ids: Vec<&str> = read.plan.posts.iter().map(|p| p.meta.id.as_str()).collect();
    assert_eq!(ids, ["a"]);
    assert_eq!(read.plan.posts[0].text, "ok");
    let reasons: Vec<(&str, &str)> =
        read.plan.quarantine.iter().map(|q| (q.collection.as_str(), q.reason.as_str())).collect();
    assert_eq!(reasons.len(), 7, "{reasons:#?}");
    assert!(reasons[0].1.starts_with("status: unknown variant `sent`"), "{}", reasons[0].1);
    assert!(reasons[1].1.starts_with("meta.created: "), "{}", reasons[1].1);
    assert!(
        reasons[2].1.starts_with("assigne: unknown field `assigne`, expected one of"),
        "{}",
        reasons[2].1
    );
    assert!(reasons[3].1.contains("duplicate id \"a\""), "{}", reasons[3].1);
    assert!(reasons[4].1.starts_with("meta.id: empty"), "{}", reasons[4].1);
    assert!(reasons[5].1.contains("expected struct Post"), "{}", reasons[5].1);
    assert_eq!(reasons[6].0, "pillars");
    assert!(reasons[6].1.starts_with("targetPercent: invalid type: string \"forty\""), "{}", reasons[6].1);
    // The raw record is kept exactly, so nothing is lost: writing and reading keeps it.
    assert_eq!(read.plan.quarantine[3].raw, plan["posts"][4]);
    let again = read_plan(&write_plan(&read.plan).unwrap()).unwrap();
    assert_eq!(again.plan.quarantine, read.plan.quarantine);
}

#[test]
fn a_broken_quarantine_entry_is_itself_kept() {
    let read = read_plan(
        r#"{"version": 1, "quarantine": [{"collection": "posts", "raw": 1, "reason": "x"}, "junk"]}"#,
    )
    .unwrap();
    assert_eq!(
        read.plan.quarantine[0],
        Quarantined { collection: "posts".into(), raw: json!(1), reason: "x".into() }
    );
    assert_eq!(read.plan.quarantine[1].collection, "quarantine");
    assert_eq!(read.plan.quarantine[1].raw, json!("junk"));
}

#[test]
fn storage_items_read_one_record_per_key() {
    let items = vec![
        ("plan.meta".to_string(), json!({ "version": 1, "device": "laptop-1" })),
        ("plan.post.a".to_string(), json!({ "meta": meta("a"), "status": "draft" })),
        ("plan.post.b".to_string(), json!({ "meta": meta("z"), "status": "draft" })),
        ("plan.post.c".to_string(), json!("corrupt")),
        ("plan.campaign.k".to_string(), json!({ "meta": meta("k"), "name": "Printemps" })),
        (
            "plan.quarantine.0011".to_string(),
            json!({ "collection": "posts", "raw": {"x": 1}, "reason": "from a backup" }),
        ),
        ("plan.widget.1".to_string(), json!({})),
        (
            "plan.conflict.01".to_string(),
            json!({ "id": "a", "version": { "post": { "meta": meta("a"), "status": "idea" } } }),
        ),
        ("plan.conflict.02".to_string(), json!({ "id": "a", "version": { "tweet": {} } })),
        ("guide".to_string(), json!({ "source": "not ours" })),
    ];
    // The JSON text of the items (what the extension hands over) reads the same.
    let text =
        serde_json::to_string(&items.iter().cloned().collect::<serde_json::Map<String, Value>>()).unwrap();
    let from_text = read_stored_json(&text).unwrap();
    let read = read_stored(items).unwrap();
    assert_eq!(from_text, read);
    assert_eq!(read_stored_json("[]").unwrap_err(), PlanFileError::NotAnObject { found: "a list" });
    assert_eq!(read.device.as_deref(), Some("laptop-1"));
    assert_eq!(read.migrated_from, None);
    assert_eq!(read.plan.posts.len(), 1);
    assert_eq!(read.plan.campaigns[0].name, "Printemps");
    let held: Vec<(&str, &str)> =
        read.held.iter().map(|h| (h.key.as_deref().unwrap(), h.entry.reason.as_str())).collect();
    assert_eq!(
        held.iter().map(|h| h.0).collect::<Vec<_>>(),
        ["plan.conflict.02", "plan.post.b", "plan.post.c", "plan.quarantine.0011", "plan.widget.1"]
    );
    assert_eq!(read.plan.conflicts.len(), 1, "a merge's kept version is read, not lost");
    assert!(held[0].1.starts_with("version: unknown variant `tweet`"), "{}", held[0].1);
    let held: Vec<(&str, &str)> = held[1..].to_vec();
    assert!(held[0].1.contains("does not match the storage key plan.post.b"), "{}", held[0].1);
    assert!(held[1].1.contains("expected struct Post"), "{}", held[1].1);
    assert_eq!(held[2].1, "from a backup");
    assert_eq!(read.held[2].entry.raw, json!("corrupt"));
    // A newer calendar in storage is refused as a file would be.
    let newer = read_stored(vec![("plan.meta".to_string(), json!({ "version": 2 }))]).unwrap_err();
    assert_eq!(newer, PlanFileError::Newer { found: 2 });
}

#[test]
fn version_0_storage_items_are_migrated_too() {
    let items = vec![
        ("plan.meta".to_string(), json!({ "version": 0 })),
        ("plan.post.p1".to_string(), json!({ "id": "p1", "text": "t", "network": "x", "status": "review" })),
    ];
    let read = read_stored(items).unwrap();
    assert_eq!(read.migrated_from, Some(0));
    assert_eq!(read.plan.posts[0].status, Status::InReview);
    assert_eq!(read.plan.posts[0].networks, ["x"]);
}

// ---- round trip of random plans ----

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_000_000_000, prop_oneof![Just(0u32), 0u32..1_000_000_000])
        .prop_map(|(s, n)| Utc.timestamp_opt(s, n).single().unwrap_or_default())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "\\PC{0,40}", "[a-zé \n\"\\\\]{0,20}"]
}

fn record_meta(id: String) -> impl Strategy<Value = RecordMeta> {
    (instant(), instant(), prop::collection::btree_map("[a-z0-9-]{1,8}", 0u64..u64::MAX, 0..3), any::<bool>())
        .prop_map(move |(created, updated, clock, deleted)| RecordMeta {
            id: id.clone(),
            created,
            updated,
            clock,
            deleted,
        })
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(vec![
        Status::Idea,
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Scheduled,
        Status::Published,
    ])
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of("\\PC{0,12}")
}

fn post(id: String) -> impl Strategy<Value = Post> {
    let content = (
        text(),
        prop::collection::btree_map("[a-z]{1,9}", text(), 0..3),
        prop::collection::vec("[a-z]{1,9}", 0..4),
        opt_text(),
        opt_text(),
        status(),
    );
    let planning = (
        prop::option::of((instant(), prop::sample::select(vec!["Europe/Paris", "UTC", "America/Montreal"]))),
        opt_text(),
        text(),
        prop::collection::btree_map("[a-z.]{1,12}", prop::collection::vec(text(), 0..3), 0..2),
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    ReviewAction::Submitted,
                    ReviewAction::Approved,
                    ReviewAction::SentBack,
                ]),
                "\\PC{1,8}",
                instant(),
                text(),
            ),
            0..3,
        ),
        prop::option::of((
            prop::option::of(instant()),
            opt_text(),
            prop::option::of(any::<u64>()),
            prop::option::of(any::<u64>()),
            prop::option::of(any::<u64>()),
        )),
    );
    (record_meta(id), content, planning).prop_map(
        |(
            meta,
            (text, variants, networks, pillar, campaign, status),
            (schedule, assignee, notes, ignored_findings, review, metrics),
        )| Post {
            meta,
            text,
            variants,
            networks,
            pillar,
            campaign,
            status,
            schedule: schedule.map(|(at, zone)| Schedule { at, zone: zone.into() }),
            assignee,
            notes,
            ignored_findings,
            review: review
                .into_iter()
                .map(|(action, by, at, comment)| ReviewEvent { action, by, at, comment })
                .collect(),
            metrics: metrics.map(|(published_at, url, impressions, engagements, clicks)| Metrics {
                published_at,
                url,
                impressions,
                engagements,
                clicks,
            }),
        },
    )
}

fn campaign(id: String) -> impl Strategy<Value = Campaign> {
    let day = (2000i32..2100, 1u32..13, 1u32..29)
        .prop_map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default());
    (
        record_meta(id),
        text(),
        prop::option::of(day.clone()),
        prop::option::of(day),
        prop::collection::vec("[A-Za-z]{1,10}", 0..3),
    )
        .prop_map(|(meta, name, starts, ends, hashtags)| Campaign { meta, name, starts, ends, hashtags })
}

fn pillar(id: String) -> impl Strategy<Value = Pillar> {
    (
        record_meta(id),
        text(),
        prop::option::of(prop_oneof![
            0.0f64..100.0,
            Just(40.0),
            any::<f64>().prop_filter("finite", |f| f.is_finite())
        ]),
        prop::option::of("#[0-9a-f]{6}"),
    )
        .prop_map(|(meta, name, target_percent, color)| Pillar { meta, name, target_percent, color })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "\\PC{0,10}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
        ]
    })
}

fn ids(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set("[a-zA-Z0-9_.-]{1,10}", 0..max).prop_map(|s| s.into_iter().collect())
}

/// Versions a merge kept: a few posts, campaigns or pillars competing with records of the plan.
fn conflicts() -> impl Strategy<Value = Vec<Conflict>> {
    let version = prop_oneof![
        post("p1".into()).prop_map(PlanRecord::Post),
        campaign("c1".into()).prop_map(PlanRecord::Campaign),
        pillar("l1".into()).prop_map(PlanRecord::Pillar),
    ];
    prop::collection::vec(version, 0..3).prop_map(|versions| {
        versions
            .into_iter()
            .map(|v| {
                let id = match &v {
                    PlanRecord::Post(p) => p.meta.id.clone(),
                    PlanRecord::Campaign(c) => c.meta.id.clone(),
                    PlanRecord::Pillar(p) => p.meta.id.clone(),
                };
                Conflict { id, version: v }
            })
            .collect()
    })
}

fn plan() -> impl Strategy<Value = Plan> {
    (ids(12), ids(4), ids(4)).prop_flat_map(|(p, c, l)| {
        (
            p.into_iter().map(post).collect::<Vec<_>>(),
            c.into_iter().map(campaign).collect::<Vec<_>>(),
            l.into_iter().map(pillar).collect::<Vec<_>>(),
            prop::collection::vec(
                (
                    prop::sample::select(vec!["posts", "campaigns", "pillars", "unknown"]),
                    json_value(),
                    "\\PC{0,30}",
                ),
                0..4,
            ),
            conflicts(),
        )
            .prop_map(|(posts, campaigns, pillars, quarantine, conflicts)| Plan {
                version: PLAN_SCHEMA_VERSION,
                posts,
                campaigns,
                pillars,
                quarantine: quarantine
                    .into_iter()
                    .map(|(c, raw, reason)| Quarantined { collection: c.into(), raw, reason })
                    .collect(),
                conflicts,
                caldav: None,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any plan, written and read back, is the same plan (in the file's order), quarantine and all;
    /// and writing it again gives the same bytes.
    #[test]
    fn write_then_read_is_exact(p in plan()) {
        let text = write_plan(&p).unwrap();
        let read = read_plan(&text).unwrap();
        let mut sorted = p.clone();
        sort_plan(&mut sorted);
        prop_assert_eq!(&read.plan, &sorted);
        prop_assert_eq!(read.migrated_from, None);
        prop_assert_eq!(write_plan(&read.plan).unwrap(), text);
    }

    /// The file order does not depend on the order records were in.
    #[test]
    fn the_written_order_is_stable(p in plan()) {
        let mut reversed = p.clone();
        reversed.posts.reverse();
        reversed.campaigns.reverse();
        reversed.pillars.reverse();
        prop_assert_eq!(write_plan(&reversed).unwrap(), write_plan(&p).unwrap());
    }
}

#[test]
fn unscheduled_posts_are_written_last_and_scheduled_ones_by_time() {
    let mk = |id: &str, at: Option<i64>| Post {
        meta: RecordMeta {
            id: id.into(),
            created: DateTime::UNIX_EPOCH,
            updated: DateTime::UNIX_EPOCH,
            clock: BTreeMap::new(),
            deleted: false,
        },
        text: String::new(),
        variants: BTreeMap::new(),
        networks: vec![],
        pillar: None,
        campaign: None,
        status: Status::Draft,
        schedule: at.map(|s| Schedule { at: Utc.timestamp_opt(s, 0).unwrap(), zone: "UTC".into() }),
        assignee: None,
        notes: String::new(),
        ignored_findings: BTreeMap::new(),
        review: vec![],
        metrics: None,
    };
    let mut plan = Plan {
        version: 1,
        posts: vec![
            mk("a", None),
            mk("b", Some(200)),
            mk("c", Some(100)),
            mk("0", None),
            mk("a2", Some(100)),
        ],
        ..Plan::default()
    };
    sort_plan(&mut plan);
    let order: Vec<&str> = plan.posts.iter().map(|p| p.meta.id.as_str()).collect();
    assert_eq!(order, ["a2", "c", "b", "0", "a"]);
}
