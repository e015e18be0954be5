//! Our iCalendar export read by a real parser, Python's `icalendar` (pinned in tools/setup.sh,
//! installed in `.tools/py`), and a calendar written by that library read by our importer.
//!
//! Without python3 the tests are skipped with a loud message; with `CI` set they fail instead, as
//! they do when python3 is there but the `icalendar` package is not.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, SubsecRound, Utc};
use porte_voix_core::plan::ics::{self, ExportOptions, ImportOptions};
use porte_voix_core::plan::model::{
    Campaign, Metrics, Pillar, Plan, Post, RecordMeta, ReviewAction, ReviewEvent, Schedule, Status,
    PLAN_SCHEMA_VERSION,
};
use porte_voix_core::suggest::zone::TzDb;
use serde_json::Value;
use support::{run, temp_file};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Reads an .ics file with icalendar and prints, per VEVENT, what a calendar app would use plus
/// every X-PORTE-VOIX-* property with its parameters and its value unescaped as TEXT by the
/// library (icalendar 7 keeps unknown properties verbatim, as RFC 7265 asks).
const READ_EVENTS: &str = r#"
import json, sys
from datetime import datetime, timezone
import icalendar
from icalendar.parser import unescape_backslash, split_on_unescaped_comma

cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = []
for ev in cal.walk("VEVENT"):
    start = ev.decoded("DTSTART")
    assert isinstance(start, datetime) and start.tzinfo is not None, repr(start)
    x = {}
    for name, value in ev.property_items(recursive=False):
        if name.startswith("X-PORTE-VOIX-"):
            x.setdefault(name, []).append({"value": unescape_backslash(str(value)), "params": dict(value.params)})
    networks = ev.get("X-PORTE-VOIX-NETWORKS")
    events.append({
        "uid": str(ev["UID"]),
        "start": start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tzid": ev["DTSTART"].params.get("TZID"),
        "duration": int(ev.decoded("DURATION").total_seconds()),
        "summary": str(ev["SUMMARY"]),
        "description": str(ev["DESCRIPTION"]),
        "categories": [str(c) for c in ev["CATEGORIES"].cats] if "CATEGORIES" in ev else [],
        "status": str(ev["STATUS"]),
        "networks": split_on_unescaped_comma(str(networks)) if networks is not None else [],
        "x": x,
    })
print(json.dumps({"events": events, "timezones": [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]}))
"#;

fn meta(id: &str, created: &str) -> RecordMeta {
    RecordMeta {
        id: id.into(),
        created: utc(created),
        updated: utc("2026-02-01T12:00:00.5Z"),
        clock: [("laptop".into(), 2), ("phone".into(), 1)].into(),
        deleted: false,
    }
}

fn post(id: &str, text: &str, networks: &[&str], at: &str, zone: &str) -> Post {
    Post {
        meta: meta(id, "2026-01-15T10:00:00Z"),
        text: text.into(),
        variants: BTreeMap::new(),
        networks: networks.iter().map(|n| n.to_string()).collect(),
        pillar: None,
        campaign: None,
        status: Status::Scheduled,
        schedule: Some(Schedule { at: utc(at), zone: zone.into() }),
        assignee: None,
        notes: String::new(),
        ignored_findings: BTreeMap::new(),
        review: vec![],
        metrics: None,
    }
}

fn sample_plan() -> Plan {
    let long_line = "Un très long paragraphe sans retour à la ligne, ".repeat(12);
    let mut launch = post(
        "launch-1",
        "Lancement, ce soir; à 20 h !\nVenez \\ nombreux 🚲🎉 #vélo",
        &["x", "linkedin"],
        "2026-03-15T19:00:00Z",
        "Europe/Paris",
    );
    launch.variants.insert("x".into(), "Court; pour X, 👩🏽‍💻".into());
    launch.variants.insert("linkedin".into(), format!("{long_line}\r\nfin"));
    launch.pillar = Some("pil-conseils".into());
    launch.campaign = Some("camp-printemps".into());
    launch.assignee = Some("Léa <lea@example.org>".into());
    launch.notes = "Notes: e\u{301}\u{323} combining, \u{202e}bidi\u{202c}, tab\there".into();
    launch.ignored_findings.insert("spelling".into(), vec!["vélo".into(), "a,b;c".into()]);
    launch.review.push(ReviewEvent {
        action: ReviewAction::Approved,
        by: "Marc".into(),
        at: utc("2026-03-01T10:00:00Z"),
        comment: "OK, go\nfor it".into(),
    });
    launch.metrics = Some(Metrics {
        published_at: Some(utc("2026-03-15T19:01:00Z")),
        url: Some("https://x.com/a/status/1".into()),
        impressions: Some(1200),
        engagements: Some(37),
        clicks: Some(4),
    });
    let mut draft = post(
        "draft-2",
        "Idée : \"guillemets\" ^ caret: colon",
        &["bluesky"],
        "2026-11-01T05:30:00Z",
        "America/New_York",
    );
    draft.status = Status::Draft;
    vec![
        launch,
        draft,
        // 01:30 on 2026-11-01 happens twice in New York; this is the second one.
        post("repeated-3", "Second 01:30", &["mastodon"], "2026-11-01T06:30:00Z", "America/New_York"),
        post("kolkata-4", "Namaste 🙏", &["instagram"], "2025-12-31T20:15:00Z", "Asia/Kolkata"),
        post("utc-5", "Minuit UTC", &[], "2027-01-01T00:00:00Z", "UTC"),
        post("lord-howe-6", "Half-hour DST", &["threads"], "2026-10-04T15:45:00Z", "Australia/Lord_Howe"),
    ]
    .into_iter()
    .fold(
        Plan {
            campaigns: vec![Campaign {
                meta: meta("camp-printemps", "2026-01-01T00:00:00Z"),
                name: "Printemps, vélo".into(),
                starts: None,
                ends: None,
                hashtags: vec![],
            }],
            pillars: vec![Pillar {
                meta: meta("pil-conseils", "2026-01-01T00:00:00Z"),
                name: "Conseils".into(),
                target_percent: Some(40.0),
                color: None,
            }],
            ..Plan::default()
        },
        |mut plan, p| {
            plan.posts.push(p);
            plan
        },
    )
}

/// A TEXT-or-JSON property value as Python read it, decoded back to the original string.
fn text_of(entry: &Value) -> String {
    let value = entry["value"].as_str().unwrap();
    if entry["params"]["X-PORTE-VOIX-FORMAT"] == "json" {
        serde_json::from_str(value).unwrap()
    } else {
        value.to_string()
    }
}

fn x_text(event: &Value, name: &str) -> Option<String> {
    event["x"][name].as_array().map(|list| {
        assert_eq!(list.len(), 1, "{name}");
        text_of(&list[0])
    })
}

fn read_with_python(py: &Path, ics: &str, name: &str) -> Value {
    let path = temp_file(name, ics.as_bytes());
    let out = run(py, READ_EVENTS, &[path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn python_icalendar_reads_every_post_of_our_export() {
    let Some(py) = support::python(Some("icalendar")) else { return };
    let plan = sample_plan();
    let export = ics::export_calendar(&plan, &TzDb, &ExportOptions::default());
    assert!(export.left_out.is_empty());
    let read = read_with_python(&py, &export.ics, "export.ics");
    let events = read["events"].as_array().unwrap();
    assert_eq!(events.len(), plan.posts.len());
    let mut zones: Vec<&str> =
        read["timezones"].as_array().unwrap().iter().map(|z| z.as_str().unwrap()).collect();
    zones.sort();
    assert_eq!(zones, ["America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Paris"]);
    for (post, event) in plan.posts.iter().zip(events) {
        let schedule = post.schedule.as_ref().unwrap();
        assert_eq!(event["uid"], format!("{}@porte-voix", post.meta.id));
        assert_eq!(
            event["start"],
            schedule.at.trunc_subsecs(0).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "{}",
            post.meta.id
        );
        assert_eq!(event["duration"], 15 * 60);
        assert_eq!(event["x"]["X-PORTE-VOIX-SCHEMA"][0]["value"], PLAN_SCHEMA_VERSION.to_string());
        let meta: RecordMeta = serde_json::from_str(&x_text(event, "X-PORTE-VOIX-META").unwrap()).unwrap();
        assert_eq!(meta, post.meta);
        assert_eq!(x_text(event, "X-PORTE-VOIX-TEXT").unwrap(), post.text);
        assert_eq!(x_text(event, "X-PORTE-VOIX-STATUS").unwrap(), serde_json::to_value(post.status).unwrap());
        assert_eq!(x_text(event, "X-PORTE-VOIX-ZONE").unwrap(), schedule.zone);
        assert_eq!(event["networks"], serde_json::to_value(&post.networks).unwrap());
        assert_eq!(x_text(event, "X-PORTE-VOIX-PILLAR"), post.pillar);
        assert_eq!(x_text(event, "X-PORTE-VOIX-CAMPAIGN"), post.campaign);
        assert_eq!(x_text(event, "X-PORTE-VOIX-ASSIGNEE"), post.assignee);
        assert_eq!(x_text(event, "X-PORTE-VOIX-NOTES").unwrap_or_default(), post.notes);
        let variants: BTreeMap<String, String> = event["x"]["X-PORTE-VOIX-VARIANT"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|v| (v["params"]["NETWORK"].as_str().unwrap().to_string(), text_of(v)))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(variants, post.variants);
        let ignored: BTreeMap<String, Vec<String>> = x_text(event, "X-PORTE-VOIX-IGNORED")
            .map(|j| serde_json::from_str(&j).unwrap())
            .unwrap_or_default();
        assert_eq!(ignored, post.ignored_findings);
        let review: Vec<ReviewEvent> = x_text(event, "X-PORTE-VOIX-REVIEW")
            .map(|j| serde_json::from_str(&j).unwrap())
            .unwrap_or_default();
        assert_eq!(review, post.review);
        let metrics: Option<Metrics> =
            x_text(event, "X-PORTE-VOIX-METRICS").map(|j| serde_json::from_str(&j).unwrap());
        assert_eq!(metrics, post.metrics);
    }
    let launch = &events[0];
    assert_eq!(launch["tzid"], "Europe/Paris");
    assert_eq!(launch["summary"], "[X, LinkedIn] Lancement, ce soir; à 20 h !…");
    assert!(launch["description"].as_str().unwrap().starts_with(
        "Lancement, ce soir; à 20 h !\nVenez \\ nombreux 🚲🎉 #vélo\n\n── LinkedIn ──\nUn très long"
    ));
    assert!(launch["description"]
        .as_str()
        .unwrap()
        .ends_with("── Notes ──\nNotes: e\u{301}\u{323} combining, \u{202e}bidi\u{202c}, tab\there"));
    assert_eq!(launch["categories"], serde_json::json!(["Conseils", "Printemps, vélo"]));
    assert_eq!(launch["status"], "CONFIRMED");
    assert_eq!(events[1]["summary"], "[Bluesky] Idée : \"guillemets\" ^ caret: colon");
    assert_eq!(events[1]["status"], "TENTATIVE");
    assert_eq!(events[1]["tzid"], "America/New_York");
    // The second 01:30 cannot be told apart in local time: written in UTC.
    assert_eq!(events[2]["tzid"], Value::Null);
    assert_eq!(events[4]["tzid"], Value::Null);
    assert_eq!(events[4]["summary"], "Minuit UTC");
    // And a real parser's reading goes back through our importer unchanged.
    let back = ics::import_calendar(
        export.ics.as_bytes(),
        &TzDb,
        &ImportOptions { zone: "Europe/Paris".into(), now: utc("2026-05-01T00:00:00Z") },
    );
    assert_eq!(back.problems, []);
    assert_eq!(back.posts, plan.posts);
}

#[test]
fn python_icalendar_gets_the_same_instants_from_our_vtimezones_alone() {
    let Some(py) = support::python(Some("icalendar")) else { return };
    let plan = sample_plan();
    let ics = ics::export_calendar(&plan, &TzDb, &ExportOptions::default()).ics;
    // Zone names the library cannot look up: it must use the VTIMEZONE definitions we wrote.
    let mut renamed = ics.clone();
    for zone in ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"] {
        let alias = format!("Porte-voix test {}", zone.replace('/', " "));
        renamed = renamed
            .replace(&format!("TZID:{zone}\r\n"), &format!("TZID:{alias}\r\n"))
            .replace(&format!("TZID={zone}:"), &format!("TZID=\"{alias}\":"));
    }
    assert!(!renamed.contains("Europe/Paris:") && renamed.contains("TZID=\"Porte-voix test Europe Paris\":"));
    let read = read_with_python(&py, &renamed, "renamed.ics");
    let starts: Vec<&str> =
        read["events"].as_array().unwrap().iter().map(|e| e["start"].as_str().unwrap()).collect();
    let want: Vec<String> = plan
        .posts
        .iter()
        .map(|p| p.schedule.as_ref().unwrap().at.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .collect();
    assert_eq!(starts, want);
}

/// Writes a calendar the way an app built on icalendar would: zone-aware times through zoneinfo
/// with the library's own VTIMEZONEs, a UTC time, a whole day, long folded text.
const WRITE_CALENDAR: &str = r#"
import sys
from datetime import datetime, date, timezone
from zoneinfo import ZoneInfo
import icalendar

cal = icalendar.Calendar()
cal.add("prodid", "-//Python icalendar test//EN")
cal.add("version", "2.0")

ev = icalendar.Event()
ev.add("uid", "py-1@example.org")
ev.add("dtstamp", datetime(2026, 4, 1, 8, 0, tzinfo=timezone.utc))
ev.add("dtstart", datetime(2026, 7, 14, 21, 30, tzinfo=ZoneInfo("Europe/Paris")))
ev.add("summary", "Feu d'artifice, quai; \\ 🎆")
ev.add("description", "Ligne 1\nLigne 2 avec é\u0301 et \u202eRTL " + "très long " * 40)
cal.add_component(ev)

ev = icalendar.Event()
ev.add("uid", "py-2@example.org")
ev.add("dtstart", datetime(2026, 12, 31, 23, 0, tzinfo=timezone.utc))
ev.add("summary", "Bonne année")
cal.add_component(ev)

ev = icalendar.Event()
ev.add("uid", "py-3@example.org")
ev.add("dtstart", date(2026, 8, 15))
ev.add("summary", "Journée entière")
cal.add_component(ev)

ev = icalendar.Event()
ev.add("uid", "py-4@example.org")
ev.add("dtstart", datetime(2026, 3, 8, 1, 30, tzinfo=ZoneInfo("America/New_York")))
ev.add("summary", "Draft from a script")
ev.add("x-porte-voix-status", "draft")
cal.add_component(ev)

cal.add_missing_timezones()
sys.stdout.buffer.write(cal.to_ical())
"#;

#[test]
fn our_importer_reads_a_calendar_written_by_python_icalendar() {
    let Some(py) = support::python(Some("icalendar")) else { return };
    let ics = run(&py, WRITE_CALENDAR, &[]);
    assert!(ics.contains("BEGIN:VTIMEZONE"), "{ics}");
    let back = ics::import_calendar(
        ics.as_bytes(),
        &TzDb,
        &ImportOptions { zone: "Europe/Paris".into(), now: utc("2026-05-01T00:00:00Z") },
    );
    assert_eq!(back.problems, []);
    let got: Vec<(&str, Status, String, &str)> = back
        .posts
        .iter()
        .map(|p| {
            let s = p.schedule.as_ref().unwrap();
            (p.meta.id.as_str(), p.status, s.at.to_rfc3339(), s.zone.as_str())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("py-1@example.org", Status::Scheduled, "2026-07-14T19:30:00+00:00".to_string(), "Europe/Paris"),
            ("py-2@example.org", Status::Scheduled, "2026-12-31T23:00:00+00:00".to_string(), "Europe/Paris"),
            ("py-3@example.org", Status::Idea, "2026-08-14T22:00:00+00:00".to_string(), "Europe/Paris"),
            ("py-4@example.org", Status::Draft, "2026-03-08T06:30:00+00:00".to_string(), "America/New_York"),
        ]
    );
    assert_eq!(
        back.posts[0].text,
        format!(
            "Feu d'artifice, quai; \\ 🎆\n\nLigne 1\nLigne 2 avec é\u{301} et \u{202e}RTL {}",
            "très long ".repeat(40)
        )
    );
    assert_eq!(back.posts[0].meta.created, utc("2026-04-01T08:00:00Z"));
}
