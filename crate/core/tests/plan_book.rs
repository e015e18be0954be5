//! The plan book: creating, changing and finding posts, campaigns and pillars; the review flow;
//! the storage form and backups.

use chrono::{DateTime, TimeZone, Utc};
use porte_voix_core::guide;
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::book::{
    BookError, CampaignFields, PillarFields, PlanBook, PostFields, Query, EDITED_AFTER_APPROVAL,
};
use porte_voix_core::plan::file::{read_plan, read_stored, write_plan};
use porte_voix_core::plan::record::Collection;
use porte_voix_core::plan::review::{Actor, Refusal, Role, SensitiveTerms};
use porte_voix_core::plan::{ReviewAction, Schedule, Status};
use porte_voix_core::suggest::zone::TzDb;
use serde_json::json;

fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn at(day: u32, hour: u32) -> Option<Schedule> {
    Some(Schedule { at: t(day, hour), zone: "Europe/Paris".into() })
}

fn who(name: &str, role: Role) -> Actor {
    Actor { name: name.into(), role }
}

fn fields(text: &str, networks: &[&str]) -> PostFields {
    PostFields {
        text: Some(text.into()),
        networks: Some(networks.iter().map(|n| n.to_string()).collect()),
        ..PostFields::default()
    }
}

fn book() -> PlanBook {
    let mut b = PlanBook::new("laptop");
    b.set_guide(&guide::sample());
    b.set_actor(who("Léa", Role::Writer));
    b
}

#[test]
fn creating_a_post_counts_one_change_for_this_device() {
    let mut b = book();
    b.set_seed(42);
    let p = b.create_post(fields("Bonjour", &["x", "linkedin"]), None, None, t(1, 9)).unwrap().clone();
    assert_eq!(p.meta.id.len(), 12);
    assert!(p.meta.id.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(p.meta.clock.get("laptop"), Some(&1));
    assert_eq!((p.meta.created, p.meta.updated), (t(1, 9), t(1, 9)));
    assert_eq!(p.status, Status::Draft);
    // The same seed gives the same ids; another seed others.
    let mut again = book();
    again.set_seed(42);
    assert_eq!(again.create_post(fields("x", &[]), None, None, t(1, 9)).unwrap().meta.id, p.meta.id);
    let second = b.create_post(fields("Encore", &["x"]), None, None, t(1, 9)).unwrap().meta.id.clone();
    assert_ne!(second, p.meta.id);
    // The caller's id, checked.
    assert_eq!(b.create_post(fields("a", &[]), Some("launch-1"), None, t(1, 9)).unwrap().meta.id, "launch-1");
    assert_eq!(
        b.create_post(fields("a", &[]), Some("launch-1"), None, t(1, 9)).unwrap_err(),
        BookError::IdTaken { collection: Collection::Posts, id: "launch-1".into() }
    );
    assert!(matches!(
        b.create_post(fields("a", &[]), Some("a b"), None, t(1, 9)).unwrap_err(),
        BookError::BadId { .. }
    ));
}

#[test]
fn an_update_bumps_the_clock_and_a_refused_one_changes_nothing() {
    let mut b = book();
    b.create_post(fields("v1", &["x"]), Some("p"), None, t(1, 9)).unwrap();
    let p = b
        .update_post(
            "p",
            PostFields {
                text: Some("v2".into()),
                assignee: Some(Some("Samir".into())),
                ..PostFields::default()
            },
            None,
            t(2, 9),
        )
        .unwrap();
    assert_eq!(
        (p.text.as_str(), p.assignee.as_deref(), p.meta.clock["laptop"], p.meta.updated),
        ("v2", Some("Samir"), 2, t(2, 9))
    );
    // The same values again: no change counted.
    let p = b
        .update_post("p", PostFields { text: Some("v2".into()), ..PostFields::default() }, None, t(3, 9))
        .unwrap();
    assert_eq!((p.meta.clock["laptop"], p.meta.updated), (2, t(2, 9)));
    // One bad field refuses the whole update.
    let err = b
        .update_post(
            "p",
            PostFields {
                text: Some("v3".into()),
                networks: Some(vec!["x".into(), "myspace".into()]),
                ..PostFields::default()
            },
            None,
            t(3, 9),
        )
        .unwrap_err();
    assert!(matches!(&err, BookError::Invalid { field, .. } if field == "networks[1]"), "{err:?}");
    assert!(err.to_string().contains("myspace"));
    assert_eq!(b.post("p").unwrap().text, "v2");
    // `null` clears, an absent field stays.
    let cleared: PostFields = serde_json::from_value(json!({ "assignee": null })).unwrap();
    let p = b.update_post("p", cleared, None, t(3, 9)).unwrap();
    assert_eq!((p.assignee.as_deref(), p.text.as_str()), (None, "v2"));
    assert!(serde_json::from_value::<PostFields>(json!({ "txt": "typo" })).is_err());
}

#[test]
fn queries_use_the_time_index_and_the_filters() {
    let mut b = book();
    let mk = |b: &mut PlanBook, id: &str, when: Option<Schedule>, nets: &[&str], extra: PostFields| {
        let mut f = fields(&format!("Post {id}"), nets);
        f.schedule = Some(when);
        f.pillar = extra.pillar;
        f.campaign = extra.campaign;
        f.assignee = extra.assignee;
        f.notes = extra.notes;
        b.create_post(f, Some(id), None, t(1, 8)).unwrap();
    };
    mk(
        &mut b,
        "a",
        at(1, 0),
        &["x"],
        PostFields { pillar: Some(Some("atelier".into())), ..Default::default() },
    );
    mk(
        &mut b,
        "b",
        at(15, 12),
        &["linkedin"],
        PostFields {
            campaign: Some(Some("printemps".into())),
            assignee: Some(Some("Léa Martin".into())),
            ..Default::default()
        },
    );
    mk(
        &mut b,
        "c",
        at(31, 23),
        &["x", "instagram"],
        PostFields { notes: Some("Vérifier la légende".into()), ..Default::default() },
    );
    mk(
        &mut b,
        "april",
        Some(Schedule { at: Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap(), zone: "UTC".into() }),
        &["x"],
        PostFields::default(),
    );
    mk(&mut b, "idea", None, &["x"], PostFields::default());
    let march = Query {
        from: Some(t(1, 0)),
        to: Some(Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap()),
        ..Query::default()
    };
    let ids = |q: &Query, b: &PlanBook| {
        let f = b.query(q);
        (
            f.scheduled.iter().map(|p| p.meta.id.clone()).collect::<Vec<_>>(),
            f.unscheduled.iter().map(|p| p.meta.id.clone()).collect::<Vec<_>>(),
        )
    };
    // [from, to): the first instant in, the end instant out; by time.
    assert_eq!(ids(&march, &b), (vec!["a".into(), "b".into(), "c".into()], vec!["idea".into()]));
    assert_eq!(ids(&Query { networks: vec!["x".into()], ..march.clone() }, &b).0, ["a", "c"]);
    assert_eq!(ids(&Query { pillars: vec!["atelier".into()], ..march.clone() }, &b).0, ["a"]);
    assert_eq!(ids(&Query { campaigns: vec!["printemps".into()], ..march.clone() }, &b).0, ["b"]);
    assert_eq!(ids(&Query { assignees: vec!["lea martin".into()], ..march.clone() }, &b).0, ["b"]);
    assert_eq!(
        ids(&Query { text: Some("VERIFIER".into()), ..march.clone() }, &b),
        (vec!["c".into()], vec![])
    );
    assert_eq!(ids(&Query { statuses: vec![Status::Approved], ..march.clone() }, &b), (vec![], vec![]));
    // Rescheduling moves the post in the index; deleting takes it out.
    b.reschedule("a", at(20, 9), None, t(2, 8)).unwrap();
    assert_eq!(ids(&Query { to: Some(t(15, 12)), ..march.clone() }, &b).0, Vec::<String>::new());
    assert_eq!(ids(&march, &b).0, ["b", "a", "c"]);
    b.delete_post("b", t(2, 9)).unwrap();
    assert_eq!(ids(&march, &b).0, ["a", "c"]);
    assert!(matches!(b.post("b"), Err(BookError::NotFound { .. })));
    let tomb = b.to_plan().posts.into_iter().find(|p| p.meta.id == "b").unwrap();
    assert!(tomb.meta.deleted);
    assert_eq!(tomb.meta.clock["laptop"], 2);
    assert!(matches!(b.delete_post("b", t(2, 9)), Err(BookError::NotFound { .. })));
    // An empty or reversed range finds nothing scheduled.
    assert_eq!(
        ids(&Query { from: Some(t(20, 0)), to: Some(t(10, 0)), ..Query::default() }, &b).0,
        Vec::<String>::new()
    );
}

#[test]
fn interns_submit_and_approvers_approve() {
    let mut b = book();
    let intern = who("Noé", Role::Intern);
    b.create_post(fields("Nouveau guide d'entretien", &["x"]), Some("p"), Some(&intern), t(1, 9)).unwrap();
    let err = b.set_status("p", Status::Approved, "", Some(&intern), t(1, 10)).unwrap_err();
    match &err {
        BookError::Transition {
            from: Status::Draft,
            to: Status::Approved,
            why: Refusal::NeedsApprover(need),
            ..
        } => assert!(need.intern),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("cannot move from draft to approved: review is required because interns' posts are always reviewed"), "{err}");
    assert!(
        err.message(Lang::Fr).contains("impossible de passer de « brouillon » à « validé »"),
        "{}",
        err.message(Lang::Fr)
    );
    b.review("p", ReviewAction::Submitted, "", Some(&intern), t(1, 10)).unwrap();
    // In review, the writer cannot move it on.
    let err = b.set_status("p", Status::Approved, "", None, t(1, 11)).unwrap_err();
    assert!(matches!(err, BookError::Transition { why: Refusal::InReviewNeedsApprover, .. }), "{err:?}");
    let camille = who("Camille", Role::Approver);
    let err = b.review("p", ReviewAction::SentBack, "  ", Some(&camille), t(1, 11)).unwrap_err();
    assert!(matches!(err, BookError::Transition { why: Refusal::CommentRequired, .. }));
    let p = b
        .review("p", ReviewAction::SentBack, "Ajoutez le lien vers le guide", Some(&camille), t(1, 11))
        .unwrap();
    assert_eq!(p.status, Status::Draft);
    b.review("p", ReviewAction::Submitted, "Lien ajouté", Some(&intern), t(1, 12)).unwrap();
    let p = b.review("p", ReviewAction::Approved, "", Some(&camille), t(1, 13)).unwrap().clone();
    assert_eq!(p.status, Status::Approved);
    let trail: Vec<(ReviewAction, &str, &str)> =
        p.review.iter().map(|e| (e.action, e.by.as_str(), e.comment.as_str())).collect();
    assert_eq!(
        trail,
        [
            (ReviewAction::Submitted, "Noé", ""),
            (ReviewAction::SentBack, "Camille", "Ajoutez le lien vers le guide"),
            (ReviewAction::Submitted, "Noé", "Lien ajouté"),
            (ReviewAction::Approved, "Camille", ""),
        ]
    );
    assert_eq!(p.review[3].at, t(1, 13));
    let err = b.review("p", ReviewAction::Approved, "", Some(&camille), t(1, 14)).unwrap_err();
    assert!(matches!(
        err,
        BookError::NotApplicable { action: ReviewAction::Approved, status: Status::Approved, .. }
    ));
}

#[test]
fn sensitive_words_force_review_without_case_or_accents() {
    let mut b = book();
    // Not sensitive: a writer schedules directly, no review trail.
    let mut f = fields("Atelier ouvert samedi", &["x"]);
    f.schedule = Some(at(7, 9));
    f.status = Some(Status::Scheduled);
    let p = b.create_post(f, Some("ok"), None, t(1, 9)).unwrap();
    assert_eq!((p.status, p.review.len()), (Status::Scheduled, 0));
    // "grève" in the guide; "GREVE" in the text.
    b.create_post(fields("Info GREVE : l'atelier reste ouvert", &["x"]), Some("s"), None, t(1, 9)).unwrap();
    b.reschedule("s", at(8, 9), None, t(1, 9)).unwrap();
    let err = b.set_status("s", Status::Scheduled, "", None, t(1, 10)).unwrap_err();
    assert!(err.to_string().contains("sensitive word from the guide (\"grève\")"), "{err}");
    // A variant counts too, and whole words only ("accidentel" is not "accident").
    b.create_post(fields("Un tour accidentel", &["x"]), Some("v"), None, t(1, 9)).unwrap();
    assert!(!b.review_need("v", None).unwrap().required());
    let variant = PostFields {
        variants: Some([("linkedin".to_string(), "Suite à l'Accident de mardi…".to_string())].into()),
        ..PostFields::default()
    };
    b.update_post("v", variant, None, t(1, 9)).unwrap();
    assert_eq!(b.review_need("v", None).unwrap().sensitive, ["accident"]);
    // An approver may approve directly; that approval is recorded.
    let p = b.set_status("s", Status::Approved, "", Some(&who("Camille", Role::Approver)), t(1, 11)).unwrap();
    assert_eq!((p.status, p.review[0].action), (Status::Approved, ReviewAction::Approved));
    // Editing an approved post into needing review sends it back to review by itself.
    b.set_status("ok", Status::Approved, "", None, t(1, 12)).unwrap();
    let p = b.update_post("ok", fields("Rappel produit : freins", &["x"]), None, t(1, 13)).unwrap();
    assert_eq!(p.status, Status::InReview);
    assert_eq!(
        (p.review[0].action, p.review[0].comment.as_str()),
        (ReviewAction::Submitted, EDITED_AFTER_APPROVAL)
    );
    // Terms from a plain list work the same way.
    let terms = SensitiveTerms::new(&["Rappel produit".into()]);
    let post = b.post("ok").unwrap();
    assert_eq!(terms.found_in(post), ["Rappel produit"]);
}

#[test]
fn scheduled_needs_a_time_and_published_is_recorded_and_final() {
    let mut b = book();
    b.create_post(fields("Bonjour", &["x"]), Some("p"), None, t(1, 9)).unwrap();
    let err = b.set_status("p", Status::Scheduled, "", None, t(1, 9)).unwrap_err();
    assert!(matches!(err, BookError::Transition { why: Refusal::NoSchedule, .. }));
    // Time and status in one update.
    let p = b
        .update_post(
            "p",
            PostFields { schedule: Some(at(5, 9)), status: Some(Status::Scheduled), ..PostFields::default() },
            None,
            t(1, 9),
        )
        .unwrap();
    assert_eq!(p.status, Status::Scheduled);
    let err = b.reschedule("p", None, None, t(1, 9)).unwrap_err();
    assert!(matches!(&err, BookError::Invalid { field, .. } if field == "schedule"), "{err:?}");
    let p = b.set_status("p", Status::Published, "", None, t(5, 9)).unwrap();
    assert_eq!(p.metrics.as_ref().and_then(|m| m.published_at), Some(t(5, 9)));
    assert!(matches!(
        b.set_status("p", Status::Scheduled, "", None, t(5, 10)).unwrap_err(),
        BookError::Transition { why: Refusal::PublishedIsFinal, .. }
    ));
    assert!(matches!(b.reschedule("p", at(6, 9), None, t(5, 10)).unwrap_err(), BookError::Invalid { .. }));
    let p = b.set_status("p", Status::Scheduled, "", Some(&who("Root", Role::Admin)), t(5, 10)).unwrap();
    assert_eq!(p.status, Status::Scheduled);
}

#[test]
fn schedule_zones_are_checked_against_the_resolver() {
    let mut b = book();
    b.set_zone_resolver(Box::new(TzDb));
    b.create_post(fields("Bonjour", &["x"]), Some("p"), None, t(1, 9)).unwrap();
    let err = b
        .reschedule("p", Some(Schedule { at: t(2, 9), zone: "Europe/Pariss".into() }), None, t(1, 9))
        .unwrap_err();
    assert!(err.to_string().contains("unknown time zone \"Europe/Pariss\""), "{err}");
    assert!(b
        .reschedule("p", Some(Schedule { at: t(2, 9), zone: "America/Montreal".into() }), None, t(1, 9))
        .is_ok());
}

#[test]
fn campaigns_and_pillars_are_created_changed_and_deleted_alike() {
    let mut b = book();
    let c = b
        .create_campaign(
            CampaignFields {
                name: Some(" Printemps ".into()),
                hashtags: Some(vec!["#RoueLibre".into(), " ".into()]),
                ..Default::default()
            },
            Some("printemps"),
            t(1, 9),
        )
        .unwrap();
    assert_eq!(
        (c.name.as_str(), c.hashtags.clone(), c.meta.clock["laptop"]),
        ("Printemps", vec!["RoueLibre".to_string()], 1)
    );
    let starts = chrono::NaiveDate::from_ymd_opt(2026, 3, 1);
    let ends = chrono::NaiveDate::from_ymd_opt(2026, 2, 1);
    let err = b
        .update_campaign(
            "printemps",
            CampaignFields { starts: Some(starts), ends: Some(ends), ..Default::default() },
            t(1, 9),
        )
        .unwrap_err();
    assert!(err.to_string().contains("ends (2026-02-01) before it starts (2026-03-01)"), "{err}");
    assert!(b.campaign("printemps").unwrap().starts.is_none());
    assert!(b.create_campaign(CampaignFields::default(), None, t(1, 9)).is_err(), "a campaign needs a name");
    b.delete_campaign("printemps", t(2, 9)).unwrap();
    assert!(b.campaigns().is_empty());
    assert!(matches!(
        b.update_campaign("printemps", CampaignFields::default(), t(2, 9)),
        Err(BookError::NotFound { .. })
    ));

    let p = b
        .create_pillar(
            PillarFields {
                name: Some("Atelier".into()),
                target_percent: Some(Some(40.0)),
                color: Some(Some("#2a9d8f".into())),
            },
            Some("atelier"),
            t(1, 9),
        )
        .unwrap();
    assert_eq!(p.target_percent, Some(40.0));
    assert!(b
        .update_pillar(
            "atelier",
            PillarFields { target_percent: Some(Some(140.0)), ..Default::default() },
            t(1, 9)
        )
        .is_err());
    assert!(b
        .update_pillar(
            "atelier",
            PillarFields { color: Some(Some("teal".into())), ..Default::default() },
            t(1, 9)
        )
        .is_err());
    let p = b
        .update_pillar("atelier", PillarFields { target_percent: Some(None), ..Default::default() }, t(3, 9))
        .unwrap();
    assert_eq!((p.target_percent, p.meta.clock["laptop"], p.meta.updated), (None, 2, t(3, 9)));
    assert_eq!(b.pillars().len(), 1);
    b.delete_pillar("atelier", t(3, 9)).unwrap();
    assert!(b.pillars().is_empty());
    assert_eq!(b.to_plan().pillars.len(), 1, "the tombstone stays");
}

fn sample_book() -> PlanBook {
    let mut b = book();
    let mut f = fields("Atelier samedi", &["x", "instagram"]);
    f.schedule = Some(at(7, 9));
    b.create_post(f, Some("p1"), None, t(1, 9)).unwrap();
    b.create_post(fields("Idée", &[]), Some("p2"), None, t(1, 9)).unwrap();
    b.create_post(fields("Effacé", &[]), Some("p3"), None, t(1, 9)).unwrap();
    b.delete_post("p3", t(2, 9)).unwrap();
    b.create_campaign(
        CampaignFields { name: Some("Printemps".into()), ..Default::default() },
        Some("c1"),
        t(1, 9),
    )
    .unwrap();
    b.create_pillar(PillarFields { name: Some("Atelier".into()), ..Default::default() }, Some("l1"), t(1, 9))
        .unwrap();
    b
}

#[test]
fn the_storage_form_and_the_file_hold_the_same_plan() {
    let b = sample_book();
    let items = b.storage_items();
    let keys: Vec<&str> = items.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["plan.meta", "plan.post.p1", "plan.post.p2", "plan.post.p3", "plan.campaign.c1", "plan.pillar.l1"]
    );
    assert_eq!(items[0].1, json!({ "version": 1, "device": "laptop" }));
    let mut loaded = PlanBook::new("laptop");
    loaded.load_stored(read_stored(items).unwrap());
    assert_eq!(loaded.to_plan(), b.to_plan());
    let from_file =
        PlanBook::from_plan(read_plan(&write_plan(&b.to_plan()).unwrap()).unwrap().plan, "laptop");
    assert_eq!(from_file.to_plan(), b.to_plan());
}

#[test]
fn items_written_by_another_page_are_taken_in() {
    let mut b = sample_book();
    let mut other = sample_book();
    let moved = other.reschedule("p1", at(20, 9), None, t(3, 9)).unwrap().clone();
    assert!(b.put_stored("plan.post.p1", serde_json::to_value(&moved).unwrap()).held.is_none());
    assert_eq!(b.post("p1").unwrap(), &moved);
    let month = Query { from: Some(t(1, 0)), to: Some(t(31, 0)), ..Query::default() };
    assert_eq!(
        b.query(&Query { to: Some(t(10, 0)), ..month.clone() }).scheduled.len(),
        0,
        "the old time left the index"
    );
    assert_eq!(b.query(&month).scheduled.len(), 1);
    let held = b.put_stored("plan.post.p2", json!({ "broken": true })).held.unwrap();
    assert_eq!(held.key.as_deref(), Some("plan.post.p2"));
    assert!(b.post("p2").is_err());
    assert_eq!(b.quarantine().len(), 1);
    b.remove_stored("plan.post.p2");
    assert!(b.quarantine().is_empty());
    b.remove_stored("plan.post.p1");
    assert_eq!(b.query(&month).scheduled.len(), 0);
}

#[test]
fn a_restore_replaces_the_plan_and_keeps_every_quarantined_record() {
    let b = sample_book();
    // One corrupt item in storage, held under its key.
    let mut items = b.storage_items();
    items.push(("plan.post.bad".into(), json!("corrupt")));
    let mut b2 = PlanBook::new("laptop");
    b2.load_stored(read_stored(items).unwrap());
    assert_eq!(b2.quarantine().len(), 1);
    // A backup with its own quarantined record.
    let mut backup = sample_book().to_plan();
    backup.posts.retain(|p| p.meta.id == "p1");
    backup.quarantine.push(porte_voix_core::plan::model::Quarantined {
        collection: "posts".into(),
        raw: json!({ "x": 1 }),
        reason: "old".into(),
    });
    let text = write_plan(&backup).unwrap();
    let report = b2.restore(&text).unwrap();
    assert_eq!((report.posts, report.campaigns, report.pillars), (1, 1, 1));
    assert!(report.quarantine[0].key.as_deref().unwrap().starts_with("plan.quarantine."));
    let keys: Vec<Option<&str>> = b2.quarantine().iter().map(|h| h.key.as_deref()).collect();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], Some("plan.post.bad"));
    assert!(b2.post("p2").is_err());
    // The storage items now include the restored quarantine entry (not the one storage still holds).
    let stored = b2.storage_items();
    assert!(stored.iter().any(|(k, _)| k.starts_with("plan.quarantine.")));
    assert!(!stored.iter().any(|(k, _)| k == "plan.post.bad"));
    // Restoring the same backup twice keeps one copy of its quarantine, and a backup made here
    // (which carries what storage holds) adds no copy either.
    b2.restore(&text).unwrap();
    assert_eq!(b2.quarantine().len(), 2);
    let own = write_plan(&b2.to_plan()).unwrap();
    assert!(b2.restore(&own).unwrap().quarantine.is_empty());
    assert_eq!(b2.quarantine().len(), 2);
    // A backup without quarantine keeps what was set aside before.
    let clean = write_plan(&sample_book().to_plan()).unwrap();
    b2.restore(&clean).unwrap();
    assert_eq!(b2.quarantine().len(), 2);
    // A bad backup changes nothing.
    let before = b2.to_plan();
    assert!(b2.restore("{ not json").is_err());
    assert_eq!(b2.to_plan(), before);
    // The backup of the book carries both quarantined records.
    assert_eq!(read_plan(&write_plan(&b2.to_plan()).unwrap()).unwrap().plan.quarantine.len(), 2);
}

#[test]
fn conflicts_a_merge_kept_travel_with_the_plan() {
    use porte_voix_core::plan::merge::{Conflict, PlanRecord};
    let b = sample_book();
    let mut plan = b.to_plan();
    let mut rival = b.post("p1").unwrap().clone();
    rival.text = "Version de l'autre appareil".into();
    rival.meta.clock.insert("phone".into(), 1);
    plan.conflicts.push(Conflict { id: "p1".into(), version: PlanRecord::Post(rival) });
    let book = PlanBook::from_plan(plan.clone(), "laptop");
    assert_eq!(book.conflicts().len(), 1);
    let items = book.storage_items();
    let conflict_keys: Vec<&str> =
        items.iter().map(|(k, _)| k.as_str()).filter(|k| k.starts_with("plan.conflict.")).collect();
    assert_eq!(conflict_keys.len(), 1);
    let mut loaded = PlanBook::new("laptop");
    loaded.load_stored(read_stored(items.clone()).unwrap());
    assert_eq!(loaded.to_plan(), book.to_plan());
    assert_eq!(read_plan(&write_plan(&book.to_plan()).unwrap()).unwrap().plan.conflicts, plan.conflicts);
    // Removing the item (the user resolved it elsewhere) forgets it.
    loaded.remove_stored(conflict_keys[0]);
    assert!(loaded.conflicts().is_empty());
}
